"""Shared test helpers: build snapshots, replay single checks, load fixture cases."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from checks.registry import by_id
from readiness import catalogue as catalogue_mod
from readiness import reference
from readiness.model import CheckResult
from readiness.probe import snapshot as snapshot_mod
from readiness.probe.replay import ReplayHost
from readiness.probe.types import (
    CommandResult,
    DirListing,
    FileRead,
    NativeResult,
    ProcessList,
    RegistryRead,
    command_key,
)
from readiness.runner import Runner

FIXTURES = Path(__file__).parent / "fixtures"
SNAPSHOTS = FIXTURES / "snapshots"
REAL_OUTPUTS = FIXTURES / "real-outputs"

PLATFORMS = {
    "linux": {"system": "Linux", "release": "6.8.0", "version": "#1 SMP", "machine": "x86_64"},
    "windows": {"system": "Windows", "release": "11", "version": "10.0.26100",
                "machine": "AMD64"},
    "macos": {"system": "Darwin", "release": "24.6.0", "version": "Darwin Kernel Version 24.6.0",
              "machine": "arm64"},
}


def make_snapshot(
    os_key: str = "linux",
    *,
    commands: Sequence[Mapping[str, Any]] = (),
    files: Mapping[str, str] | None = None,
    registry: Mapping[str, Mapping[str, Any]] | None = None,
    native: Mapping[str, Any] | None = None,
    processes: Sequence[Mapping[str, str]] | None = None,
    platform: Mapping[str, str] | None = None,
    dirs: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": snapshot_mod.FORMAT,
        "recorded_at": "2026-11-21T12:00:00Z",
        "platform": dict(platform or PLATFORMS[os_key]),
        "commands": [
            {"returncode": 0, "stdout": "", "stderr": "", "timed_out": False, **c}
            for c in commands
        ],
        "files": dict(files or {}),
        "registry": {k: dict(v) for k, v in (registry or {}).items()},
        "native": dict(native or {}),
    }
    if processes is not None:
        data["processes"] = [dict(p) for p in processes]
    if dirs:
        data["dirs"] = {k: copy.deepcopy(v) for k, v in dirs.items()}
    return data


def cmd(argv: Sequence[str], stdout: str = "", returncode: int = 0, stderr: str = "",
        timed_out: bool = False) -> dict[str, Any]:
    return {"argv": list(argv), "returncode": returncode, "stdout": stdout, "stderr": stderr,
            "timed_out": timed_out}


def real_output(relpath: str) -> str:
    """The text of a recorded real output under tests/fixtures/real-outputs/."""
    return (REAL_OUTPUTS / relpath).read_text(encoding="utf-8")


def run_check(
    check_id: str,
    snap: Mapping[str, Any],
    *,
    attestations: Mapping[str, Mapping[str, Any]] | None = None,
    today: str | date | None = None,
    host: Any = None,
    options: Mapping[str, str] | None = None,
) -> CheckResult:
    cat = catalogue_mod.load()
    check = by_id()[check_id]
    h = host or ReplayHost(snapshot_mod.parse(copy.deepcopy(dict(snap))))
    # fixture.json states its date as ISO text; the run is handed a date.
    day = date.fromisoformat(today) if isinstance(today, str) else today
    # Reference data as the composition root would hand it (loaded afresh: a test may have
    # just refreshed the end-of-life table).
    runner = Runner([check], cat, h, attestations=attestations, today=day, options=options,
                    reference=reference.load())
    (result,) = runner.run().results
    return result


class ConsultingReplayHost(ReplayHost):
    """A replay host that notes which snapshot entries a check consulted (not what the
    runner reads for itself, such as the distribution for fix steps: see
    tests/conftest.py runner_reads_not_noted)."""

    def __init__(self, snap: snapshot_mod.Snapshot) -> None:
        super().__init__(snap)
        self.consulted: list[tuple[str, Any]] = []
        self.runner_reading = False

    def _consult(self, kind: str, key: Any) -> None:
        if not self.runner_reading:
            self.consulted.append((kind, key))

    def run(self, argv: Sequence[str], *, timeout: float,
            encoding: str | None = None) -> CommandResult:
        self._consult("command", command_key(argv))
        return super().run(argv, timeout=timeout, encoding=encoding)

    def read_file(self, path: str) -> FileRead:
        self._consult("file", path)
        return super().read_file(path)

    def list_dir(self, path: str) -> DirListing:
        self._consult("dir", path)
        return super().list_dir(path)

    def read_registry(self, path: str) -> RegistryRead:
        self._consult("registry", path)
        return super().read_registry(path)

    def native(self, name: str) -> NativeResult:
        self._consult("native", name)
        return super().native(name)

    def processes(self) -> ProcessList:
        self._consult("processes", None)
        return super().processes()


@dataclass(frozen=True)
class Case:
    path: Path
    check: str
    expect: str
    meta: dict[str, Any]

    @property
    def name(self) -> str:
        return f"{self.check}/{self.path.name}"

    def snapshot(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.path / "snapshot.json").read_text("utf-8"))
        return data


def fixture_cases() -> Iterator[Case]:
    for meta_path in sorted(SNAPSHOTS.glob("*/*/fixture.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        yield Case(meta_path.parent, meta["check"], meta["expect"], meta)
