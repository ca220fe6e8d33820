"""Review attacks on the last run shown at launch (readiness.last_run): can a hostile
last-run.json make the app sign stale or forged results, or stop it from starting?"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from readiness import last_run
from readiness.gui.app import build_main_window
from readiness.model import Status
from tests.gui.conftest import handmade_snapshot, write_snapshot


@pytest.fixture
def replay(tmp_path: Path) -> Path:
    return write_snapshot(tmp_path / "handmade-linux-snapshot", handmade_snapshot("linux"))


def _real_report(qtbot: QtBot, replay: Path) -> dict[str, Any]:
    from tests.gui.test_check_page import run_and_wait

    window, _ = build_main_window(str(replay))
    qtbot.addWidget(window)
    run_and_wait(qtbot, window.check_page)
    data: dict[str, Any] = json.loads(last_run.last_run_path().read_text(encoding="utf-8"))
    window.check_page.shutdown()
    return data


def _launch(qtbot: QtBot, replay: Path) -> Any:
    window, _ = build_main_window(str(replay))
    qtbot.addWidget(window)
    return window.check_page


def test_forged_all_pass_results_are_shown_labelled_and_never_signable(
        qtbot: QtBot, replay: Path) -> None:
    data = _real_report(qtbot, replay)
    for r in data["results"]:
        r["status"] = "pass"
        r["summary"] = "forged"
    data["verdict"] = "ready"
    last_run.last_run_path().write_text(json.dumps(data), encoding="utf-8")
    page = _launch(qtbot, replay)
    assert page.report is None and not page.sign_button.isEnabled()
    assert "Results from" in page.banner.reason.text()
    # Re-checking one item does not turn the shown copy into a signable report.
    ids = [r["check_id"] for r in data["results"]]
    assert page.recheck(ids[0])
    qtbot.waitUntil(lambda: not page.busy, timeout=30_000)
    assert page.report is None and not page.sign_button.isEnabled()


# Both once strict xfails; fixed: last_run.load checks the file against the results schema and
# refuses a time that is not the core's own form, so odd values never reach the screen.
_TYPES: tuple[pytest.MarkDecorator, ...] = ()
_BIDI: tuple[pytest.MarkDecorator, ...] = ()

MUTATIONS = [
    ("title", 123), ("title", None), ("title", ["x"]),
    pytest.param("summary", {"a": 1}, marks=_TYPES),
    ("check_id", "no_such_check"), ("check_id", 7), ("observed", [["a", 1]]),
    ("observed", "x"), ("evidence", [{"kind": 1, "source": None}]), ("evidence", "x"),
    ("remediation", "abc"), pytest.param("remediation", [1, None], marks=_TYPES),
    ("references", [{}]), ("duration_ms", "1e9"), ("duration_ms", 10**400),
    ("checked_at", {"x": 1}), pytest.param("settings", [1], marks=_TYPES),
    pytest.param("settings", "x", marks=_TYPES), ("kind", "attestation"),
]


@pytest.mark.parametrize(("field", "value"), MUTATIONS)
def test_odd_values_never_crash_the_launch(qtbot: QtBot, replay: Path, field: str,
                                           value: Any) -> None:
    data = _real_report(qtbot, replay)
    bad = copy.deepcopy(data)
    # The first failing item: its details show the remediation and settings.
    first = next(i for i, r in enumerate(data["results"]) if r["status"] == "fail")
    bad["results"][first][field] = value
    last_run.last_run_path().write_text(json.dumps(bad), encoding="utf-8")
    page = _launch(qtbot, replay)  # must not raise
    page.select(data["results"][first]["check_id"])  # the practitioner clicks it
    assert page.report is None and not page.sign_button.isEnabled()


@pytest.mark.parametrize(("field", "value"), [
    pytest.param("generated_at", 12345, marks=_TYPES),
    pytest.param("generated_at", "\u202eEVIL", marks=_BIDI),
    ("generated_at", "x" * 100_000),
    ("results", "x"), ("results", [1]), ("platform", []), ("replayed_from", 1),
    ("tool_version", None),
])
def test_odd_report_fields_never_crash_the_launch(qtbot: QtBot, replay: Path, field: str,
                                                  value: Any) -> None:
    data = _real_report(qtbot, replay)
    data[field] = value
    last_run.last_run_path().write_text(json.dumps(data), encoding="utf-8")
    page = _launch(qtbot, replay)
    assert page.report is None and not page.sign_button.isEnabled()
    assert "\u202e" not in page.banner.reason.text()


def test_deeply_nested_or_huge_file_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "last-run.json"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    assert last_run.load(None, path) is None
    path.write_text('{"results": ' + "[" * 5000 + "]" * 5000 + "}", encoding="utf-8")
    assert last_run.load(None, path) is None


def test_a_fifo_or_link_to_a_device_does_not_block(tmp_path: Path) -> None:
    import os
    import threading

    fifo = tmp_path / "last-run.json"
    os.mkfifo(fifo)
    box: list[object] = []
    t = threading.Thread(target=lambda: box.append(last_run.load(None, fifo)), daemon=True)
    t.start()
    t.join(10)
    assert box == [None]
    link = tmp_path / "l.json"
    link.symlink_to("/dev/zero")
    assert last_run.load(None, link) is None


def test_the_cli_sign_never_reads_the_last_run() -> None:
    import ast

    root = Path(__file__).resolve().parents[2] / "readiness"
    users = []
    for f in root.rglob("*.py"):
        tree = ast.parse(f.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "load" and isinstance(
                    node.value, ast.Name) and node.value.id == "last_run":
                users.append(f.relative_to(root).as_posix())
    assert users == ["gui/app.py"], users
    _ = Status
