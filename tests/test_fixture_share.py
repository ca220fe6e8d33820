"""Real recorded outputs are the backbone of every machine check's tests (see fixture_share)."""

from __future__ import annotations

from pathlib import Path

from readiness.model import Status
from tests.fixture_share import REAL_SHARE_TARGET, gaps, machine_checks, report, share, table
from tests.helpers import Case


def _case(check: str, name: str, expect: str, made_up: bool, **extra: str) -> Case:
    meta = {"check": check, "expect": expect, "made_up": made_up, "source": "x", **extra}
    return Case(Path(name), check, expect, meta)


def test_real_share_meets_target() -> None:
    cells = table()
    real, total = share(cells)
    print("\n" + report(cells))
    assert total and real / total >= REAL_SHARE_TARGET, report(cells)


def test_every_check_and_os_has_real_pass_and_non_pass() -> None:
    missing = gaps(table())
    assert not missing, "\n".join(missing)


def test_gaps_are_named_and_a_searched_note_excuses_only_its_kind() -> None:
    check = sorted(machine_checks())[0]
    cases = [
        _case(check, "linux_real_pass", Status.PASS.value, False),
        _case(check, "linux_fail_handmade", Status.FAIL.value, True,
              searched="looked in peers' test data; none"),
        _case(check, "macos_pass_handmade", Status.PASS.value, True),
        _case("backup_channel", "any_handmade_x", Status.WARN.value, True),
    ]
    found = gaps(table(cases))
    assert not any(g.startswith(f"{check} on linux") for g in found)
    assert f"{check} on macos: no real passing fixture (and no handmade one saying what was " \
           "searched)" in found
    assert any(g.startswith(f"{check} on windows: no real non-passing") for g in found)
    assert share(table(cases)) == (1, 3), "only machine checks' per-OS fixtures are counted"
