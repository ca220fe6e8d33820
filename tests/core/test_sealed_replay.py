"""A replayed run touches nothing of the machine it runs on.

Every replay fixture is run (each case's check, quick and deep, and the whole catalogue over
each snapshot through the composition root) in a child process whose file opens outside the
program, its assets and the fixtures, process starts and network connections are refused at
the interpreter level by an audit hook (``sys.addaudithook``): ``Path.read_text``, ``os.open``
and C extensions' ``open`` all raise the same ``open`` event, which patching ``builtins.open``
would miss. Audit hooks cannot be removed, hence the child process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(r'''
    import json, os, socket, subprocess, sys
    from datetime import date
    from pathlib import Path

    from readiness import catalogue as catalogue_mod
    from readiness import reference as reference_mod
    from readiness.engine import Session, select_checks
    from readiness.probe import snapshot as snapshot_mod
    from readiness.probe.replay import ReplayHost
    from readiness.runner import Runner
    from tests.helpers import SNAPSHOTS, fixture_cases

    ROOT = Path.cwd().resolve()
    # Everything the program may read: itself, its libraries, its assets, the fixtures.
    ALLOWED = [Path(p).resolve() for p in {sys.prefix, sys.base_prefix, sys.exec_prefix}]
    ALLOWED += [ROOT / "readiness", ROOT / "checks", ROOT / "assets", SNAPSHOTS.resolve()]
    ALLOWED += [Path(p).resolve() for p in sys.path if p and Path(p).is_dir()
                and Path(p).resolve() != ROOT]
    BLOCKED_EVENTS = ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn",
                      "os.spawn", "os.fork", "os.forkpty", "socket.connect",
                      "socket.getaddrinfo", "socket.bind", "urllib.Request", "winreg.")
    violations = []
    sealed = False

    def allowed_path(raw):
        if isinstance(raw, int):
            return True  # an already-open descriptor (opened before sealing)
        try:
            path = Path(os.fsdecode(raw)).resolve()
        except (TypeError, ValueError, OSError):
            return False
        return any(path == a or a in path.parents for a in ALLOWED)

    def hook(event, args):
        if not sealed:
            return
        if event == "open" and args and not allowed_path(args[0]):
            violations.append(f"open {args[0]!r}")
            raise PermissionError(f"sealed replay: open {args[0]!r}")
        if event in ("os.listdir", "os.scandir") and args and not allowed_path(args[0] or "."):
            violations.append(f"{event} {args[0]!r}")
            raise PermissionError(f"sealed replay: {event}")
        if event.startswith(BLOCKED_EVENTS):
            violations.append(event)
            raise PermissionError(f"sealed replay: {event}")

    catalogue = catalogue_mod.load()
    reference = reference_mod.load()
    cases = list(fixture_cases())
    snapshots = {c.path: c.snapshot() for c in cases}
    sys.addaudithook(hook)
    sealed = True

    # The seal itself holds: each of these must be refused (and noted).
    probes = {
        "file": lambda: Path("/etc/hostname").read_text(),
        "os.open": lambda: os.open("/etc/passwd", os.O_RDONLY),
        "process": lambda: subprocess.run(["true"], check=False),
        "network": lambda: socket.create_connection(("127.0.0.1", 9), timeout=1),
    }
    refused = {}
    for name, probe in probes.items():
        try:
            probe()
            refused[name] = False
        except (PermissionError, OSError):
            refused[name] = True
    seal_notes = len(violations)
    del violations[:]

    mismatches = []
    runs = 0
    by_id = {c.id: c for c in select_checks(catalogue)}
    for case in cases:
        today = case.meta.get("today")
        day = date.fromisoformat(today) if today else None
        for deep in (False, True):
            host = ReplayHost(snapshot_mod.parse(snapshots[case.path]), origin=str(case.path))
            runner = Runner([by_id[case.check]], catalogue, host, today=day,
                            reference=reference, attestations=case.meta.get("attestations"),
                            deep=deep, options=case.meta.get("options"))
            (result,) = runner.run().results
            runs += 1
            if not deep and result.status.value != case.expect:
                mismatches.append(f"{case.name}: {result.status.value} ({result.summary})")
            if "sealed replay" in result.summary:
                mismatches.append(f"{case.name}: {result.summary}")
    for case_dir in sorted({c.path for c in cases}):
        session = Session.open(replay=case_dir, catalogue=catalogue, reference=reference)
        report = session.run(deep=True)
        runs += 1
        assert report.replayed_from == str(case_dir)
        for r in report.results:
            if "sealed replay" in r.summary:
                mismatches.append(f"{case_dir.name}/{r.check_id}: {r.summary}")
    print(json.dumps({"violations": violations, "refused": refused, "seal_notes": seal_notes,
                      "mismatches": mismatches, "runs": runs, "cases": len(cases)}))
''')


def test_every_fixture_replays_with_the_machine_sealed_off(tmp_path: Path) -> None:
    env = {**os.environ, "READINESS_HOME": str(tmp_path / "home"), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("READINESS_ASSETS", None)
    out = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, cwd=ROOT,
                         env=env, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["refused"] == {"file": True, "os.open": True, "process": True,
                                 "network": True}
    assert report["seal_notes"] >= 4
    assert report["cases"] > 50 and report["runs"] > 2 * report["cases"]
    assert report["violations"] == []
    assert report["mismatches"] == []
