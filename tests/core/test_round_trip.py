"""Record -> replay gives the same statuses, and replay never touches the real machine."""

from __future__ import annotations

import builtins
import json
import subprocess
from pathlib import Path
from typing import Any

import psutil
import pytest

from readiness.cli.main import main
from readiness.probe import real


def _statuses(doc: dict[str, Any]) -> dict[str, str]:
    return {r["check_id"]: r["status"] for r in doc["results"]}


@pytest.mark.realhost
def test_snapshot_then_replay_gives_same_statuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    snap_dir = tmp_path / "snap"
    assert main(["snapshot", str(snap_dir)]) == 0
    capsys.readouterr()
    main(["check", "--json"])
    live = json.loads(capsys.readouterr().out)

    # From here on the real machine is unreachable: any real probe raises.
    def forbidden(*a: Any, **k: Any) -> Any:
        raise AssertionError("replay touched the real machine")

    real_open = builtins.open
    allowed_prefixes = (str(tmp_path), str(Path(__file__).resolve().parents[2]))

    def guarded_open(file: Any, *a: Any, **k: Any) -> Any:
        path = str(file)
        if isinstance(file, int) or path.startswith(allowed_prefixes) or "/site-packages/" in path \
                or "/lib/python" in path:
            return real_open(file, *a, **k)
        raise AssertionError(f"replay opened {path}")

    monkeypatch.setattr(subprocess, "Popen", forbidden)
    monkeypatch.setattr(psutil, "process_iter", forbidden)
    monkeypatch.setattr(real.RealHost, "run", forbidden)
    monkeypatch.setattr(real.RealHost, "read_file", forbidden)
    monkeypatch.setattr(real.RealHost, "list_dir", forbidden)
    monkeypatch.setattr(real.RealHost, "read_registry", forbidden)
    monkeypatch.setattr(real.RealHost, "processes", forbidden)
    monkeypatch.setattr(real.RealHost, "native", forbidden)
    monkeypatch.setattr(builtins, "open", guarded_open)

    main(["check", "--json", "--replay", str(snap_dir)])
    replayed = json.loads(capsys.readouterr().out)
    assert _statuses(replayed) == _statuses(live)
    assert replayed["platform"] == live["platform"]


@pytest.mark.realhost
def test_redacted_snapshot_hides_identifiers(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    import getpass
    import platform

    assert main(["snapshot", str(tmp_path), "--redact"]) == 0
    text = (tmp_path / "snapshot.json").read_text()
    node = platform.node()
    if len(node) >= 3:
        assert node not in text
    user = getpass.getuser()
    if len(user) >= 3 and user != "root":
        assert user not in text
