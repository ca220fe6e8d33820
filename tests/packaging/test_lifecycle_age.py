"""The ``make package`` guard against a stale end-of-life table: its date logic, with "today"
injected (never the calendar, so this test cannot start failing with time)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.packaging.support import load

guard = load("check_lifecycle_age.py")

TABLE: dict[str, Any] = {
    "fetched_at": "2026-12-01",
    "as_of": {"macos": "2026-10-01"},
    "products": {"macos": [], "fedora": []},
}


def test_fresh_table_passes_up_to_the_limit() -> None:
    # macOS data from 2026-10-01 is exactly 120 days old on 2027-01-29.
    assert guard.problems(TABLE, date(2027, 1, 29)) == []


def test_one_stale_product_is_named() -> None:
    found = guard.problems(TABLE, date(2027, 1, 30))
    assert found == ["macos: data as of 2026-10-01, 121 days old"]


def test_products_without_as_of_use_fetched_at() -> None:
    found = guard.problems(TABLE, date(2027, 4, 1))
    assert [line.split(":")[0] for line in found] == ["fedora", "macos"]
    assert "fedora: data as of 2026-12-01, 121 days old" in found


def test_the_bundled_table_is_read(tmp_path: Path) -> None:
    # Judged on the day of its own oldest data, the bundled table is never stale.
    bundled = json.loads(guard.DEFAULT_TABLE.read_text("utf-8"))
    oldest = min(guard.product_dates(bundled).values())
    assert guard.problems(bundled, oldest) == []


@pytest.mark.parametrize(("today", "code"), [("2027-01-29", 0), ("2027-01-30", 1)])
def test_main_exit_code_and_message(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    today: str, code: int) -> None:
    path = tmp_path / "lifecycle.json"
    path.write_text(json.dumps(TABLE), "utf-8")
    assert guard.main([str(path), "--today", today]) == code
    err = capsys.readouterr().err
    assert ("older than 120 days" in err and "macos" in err) is (code == 1)


def test_main_refuses_an_unreadable_table(tmp_path: Path) -> None:
    path = tmp_path / "lifecycle.json"
    path.write_text('{"fetched_at": "not a date", "products": {}}', "utf-8")
    assert guard.main([str(path), "--today", "2027-01-01"]) == 2
    assert guard.main([str(tmp_path / "missing.json"), "--today", "2027-01-01"]) == 2


def test_a_test_build_may_allow_a_stale_table_with_a_warning(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert guard.main(["--today", "2099-01-01", "--allow-stale"]) == 0
    assert "warning: the bundled end-of-life table" in capsys.readouterr().err
    assert guard.main(["--today", "2099-01-01"]) == 1
