"""Every recorded fixture case replays to the status it states, asking exactly what it did."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

import pytest

from readiness.model import Status
from readiness.probe import snapshot as snapshot_mod
from readiness.probe.replay import ReplayHost
from readiness.probe.types import (
    NOT_INSTALLED,
    CommandResult,
    DirListing,
    FileRead,
    NativeResult,
    ProcessList,
    RegistryRead,
    command_key,
)
from tests.helpers import Case, fixture_cases, run_check

CASES = list(fixture_cases())

# Checks whose fixtures declare every request their snapshot deliberately does not answer
# (fixture.json "absent"). TODO(issue 10): the remaining checks join as their fixtures do.
STRICT_REQUESTS = frozenset({
    "auto_updates_on", "disk_encryption", "firewall_on", "malware_protection", "screen_lock",
    "wifi_security",
    "os_supported", "remote_access_absent", "updates_installed",
    "restart_pending", "sharing_off",
    "devices_ready", "headphones",
    "connection_quality",
    "session_apps_current",
})


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fixture_case(case: Case) -> None:
    result = run_check(case.check, case.snapshot(), today=case.meta.get("today"),
                       attestations=case.meta.get("attestations"),
              options=case.meta.get("options"))
    assert result.status is Status(case.expect), result.summary
    assert result.summary
    if result.kind.value == "machine":
        assert result.evidence, "a machine check result must carry its evidence"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fixture_metadata(case: Case) -> None:
    meta = case.meta
    assert meta.get("source"), "every fixture names where its data came from"
    assert isinstance(meta.get("made_up"), bool)
    if meta["made_up"]:
        assert "handmade" in case.path.name, "a made-up fixture says so in its name"
        assert meta.get("note"), "a made-up fixture says what it stands for"
    os_key = case.path.name.split("_", 1)[0]
    assert os_key in ("linux", "windows", "macos", "any"), case.path.name


Request = dict[str, Any]  # one key: command (argv as replay matches it), file, registry, ...


class AskingReplayHost(ReplayHost):
    """A replay host that notes every request its snapshot did not answer."""

    def __init__(self, snap: snapshot_mod.Snapshot) -> None:
        super().__init__(snap)
        self.unanswered: list[Request] = []
        self.runner_reading = False  # see tests/conftest.py runner_reads_not_noted

    def _note(self, request: Request) -> None:
        if not self.runner_reading and request not in self.unanswered:
            self.unanswered.append(request)

    def run(self, argv: Sequence[str], *, timeout: float,
            encoding: str | None = None) -> CommandResult:
        result = super().run(argv, timeout=timeout, encoding=encoding)
        if result.error == NOT_INSTALLED:
            self._note({"command": list(command_key(argv))})
        return result

    def read_file(self, path: str) -> FileRead:
        result = super().read_file(path)
        if result.error == "missing":
            self._note({"file": path})
        return result

    def list_dir(self, path: str) -> DirListing:
        result = super().list_dir(path)
        if result.error == "missing":
            self._note({"dir": path})
        return result

    def read_registry(self, path: str) -> RegistryRead:
        result = super().read_registry(path)
        if result.error == "missing":
            self._note({"registry": path})
        return result

    def native(self, name: str) -> NativeResult:
        if name not in self._snapshot.native:
            self._note({"native": name})
        return super().native(name)

    def processes(self) -> ProcessList:
        if self._snapshot.processes is None:
            self._note({"processes": True})
        return super().processes()


def asked_but_unanswered(case: Case) -> list[Request]:
    host = AskingReplayHost(snapshot_mod.parse(copy.deepcopy(case.snapshot())))
    run_check(case.check, case.snapshot(), today=case.meta.get("today"),
              attestations=case.meta.get("attestations"),
              options=case.meta.get("options"), host=host)
    return host.unanswered


STRICT = [c for c in CASES if c.check in STRICT_REQUESTS]


@pytest.mark.parametrize("case", STRICT, ids=[c.name for c in STRICT])
def test_fixture_requests(case: Case) -> None:
    """A check asks for exactly what its snapshot answers, plus what the fixture declares
    deliberately absent: a changed argv, path or registry key fails here instead of
    replaying quietly as "not installed" or "missing"."""
    declared = case.meta.get("absent", [])
    unanswered = asked_but_unanswered(case)
    key = repr
    assert sorted(unanswered, key=key) == sorted(declared, key=key), (
        "requests the snapshot does not answer differ from the fixture's 'absent' list"
    )
