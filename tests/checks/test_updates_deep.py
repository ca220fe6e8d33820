"""updates_installed's slow searches: never in the quick check, run (and cached) in a deep run,
and never a false pass when their output breaks. Plus the three update checks on this machine."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from checks import powershell
from checks.registry import by_id
from checks.updates import facts_linux, facts_macos, facts_windows, pending
from readiness import catalogue as catalogue_mod
from readiness import reference
from readiness.model import CheckResult, Status
from readiness.probe import snapshot as snapshot_mod
from readiness.probe.cache import FileCache
from readiness.probe.real import RealHost
from readiness.probe.recording import RecordingHost
from readiness.probe.types import CACHE_PREFIX, CachedValue, CommandResult, JSONValue
from readiness.runner import Runner
from tests.helpers import ConsultingReplayHost, cmd, make_snapshot
from tests.test_faults import _variants

TODAY = date(2026, 11, 21)
HISTORY = json.dumps({"count": 1, "entries": [{
    "date": "2026-11-12T03:14:09Z", "operation": 1, "result": 2,
    "title": "2026-11 Cumulative Update for Windows 11 Version 25H2 for x64-based Systems "
             "(KB5068861)", "categories": [facts_windows.SECURITY_UPDATES],
    "client": "UpdateOrchestrator"}]})
UBUNTU = {"/etc/os-release": 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID="24.04"\n'}
FEDORA = {"/etc/os-release": 'NAME="Fedora Linux"\nID=fedora\nVERSION_ID=43\n'}
# dnf 4's first line when it checks (C locale); dnf 5 prints "Repositories loaded." instead.
META = "Last metadata expiration check: 0:41:07 ago on Sat 21 Nov 2026 11:02:13 GMT.\n"
SU = ["plutil", "-convert", "xml1", "-o", "-", facts_macos.SU_PLIST]
SU_PLIST = """<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
<key>LastFullSuccessfulDate</key><date>2026-11-19T09:12:40Z</date>
<key>LastRecommendedUpdatesAvailable</key><integer>0</integer>
<key>RecommendedUpdates</key><array/>
</dict></plist>
"""


def search(payload: Any, **kw: Any) -> dict[str, Any]:
    out = payload if isinstance(payload, str) else json.dumps(payload)
    return cmd(powershell.command(facts_windows.SEARCH_PS), out, **kw)


def run(snap: Mapping[str, Any], *, deep: bool, host: Any = None) -> CheckResult:
    h = host or ConsultingReplayHost(snapshot_mod.parse(copy.deepcopy(dict(snap))))
    runner = Runner([by_id()["updates_installed"]], catalogue_mod.load(), h, today=TODAY,
                    deep=deep)
    (result,) = runner.run().results
    return result


HISTORY_CMD = cmd(powershell.command(facts_windows.HISTORY_PS), HISTORY)


def win(*extra: dict[str, Any]) -> dict[str, Any]:
    return make_snapshot("windows", commands=[HISTORY_CMD, *extra])


def test_quick_check_never_runs_the_slow_search() -> None:
    snap = win(search({"result": 2, "updates": []}))
    host = ConsultingReplayHost(snapshot_mod.parse(copy.deepcopy(snap)))
    result = run(snap, deep=False, host=host)
    assert result.status is Status.PASS
    assert result.observed["pending_searched"] is False
    assert not any(k == "command" and facts_windows.SEARCH_PS in key for k, key in host.consulted)


@pytest.mark.parametrize(("found", "expect"), [
    ({"result": 2, "updates": []}, Status.PASS),
    ({"result": 2, "updates": [{"title": "2026-11 .NET update", "severity": "",
                                "categories": ["cd5ffd1e-e932-4e3a-bf74-18bf0b1bbd83"]}]},
     Status.WARN),
    ({"result": 2, "updates": {"title": "2026-11 Cumulative Update (KB5070000)",
                               "severity": "Critical", "categories": []}}, Status.FAIL),
    ({"result": 4, "updates": []}, Status.UNKNOWN),  # the search itself failed
    ("<html>500</html>", Status.UNKNOWN),
])
def test_windows_deep_search(found: Any, expect: Status) -> None:
    assert run(win(search(found)), deep=True).status is expect


def test_windows_deep_search_timeout_is_unknown() -> None:
    snap = win(search("", timed_out=True, returncode=None))
    assert run(snap, deep=True).status is Status.UNKNOWN


class CachingReplayHost(ConsultingReplayHost):
    """Replays commands from a snapshot and keeps slow results as the real host does."""

    def __init__(self, snap: Mapping[str, Any], cache_dir: Path) -> None:
        super().__init__(snapshot_mod.parse(copy.deepcopy(dict(snap))))
        self.cache = FileCache(cache_dir)

    def cache_get(self, name: str, key: str, max_age_s: int) -> CachedValue:
        return self.cache.get(name, key, max_age_s)

    def cache_put(self, name: str, key: str, value: JSONValue) -> None:
        self.cache.put(name, key, value)


SECURITY_WAITING = {"result": 2, "updates": [
    {"title": "Security update", "severity": "Important", "categories": []}]}


def test_deep_result_is_cached_with_its_time_and_reused(tmp_path: Path) -> None:
    first = run(win(search(SECURITY_WAITING)), deep=True,
                host=CachingReplayHost(win(search(SECURITY_WAITING)), tmp_path))
    assert first.status is Status.FAIL
    cache = json.loads((tmp_path / f"{pending.CACHE_NAME}.json").read_text("utf-8"))
    assert cache["value"]["security"] == 1 and cache["stored_at"]
    # The search is not in this snapshot: only the cache can answer, and it does, as evidence.
    again = run(win(), deep=True, host=CachingReplayHost(win(), tmp_path))
    assert again.status is Status.FAIL
    assert again.observed["pending_searched_at"] == cache["stored_at"]
    hit = [e for e in again.evidence if e.source == f"cached {pending.CACHE_NAME}"]
    assert hit and hit[0].error is None and '"security": 1' in hit[0].excerpt


def test_a_cache_hit_lands_in_the_snapshot_and_replays_from_it(tmp_path: Path) -> None:
    run(win(search(SECURITY_WAITING)), deep=True,
        host=CachingReplayHost(win(search(SECURITY_WAITING)), tmp_path))
    recorder = RecordingHost(CachingReplayHost(win(), tmp_path))
    assert run(win(), deep=True, host=recorder).status is Status.FAIL
    recorded = recorder.snapshot().to_json()
    assert CACHE_PREFIX + pending.CACHE_NAME in recorded["native"]
    # The replay answers from the snapshot alone: no cache folder, no search command.
    replayed = run(recorded, deep=True)
    assert replayed.status is Status.FAIL
    assert replayed.observed["pending_searched_at"]


def test_a_replay_never_answers_from_a_recorded_cache_for_another_state() -> None:
    snap = win()
    snap["native"] = {CACHE_PREFIX + pending.CACHE_NAME: {
        "key": "anything", "stored_at": "2026-11-01T00:00:00Z", "value": {"total": 0}}}
    assert run(snap, deep=True).status is Status.UNKNOWN


def test_cache_is_not_reused_after_a_newer_install(tmp_path: Path) -> None:
    run(win(search(SECURITY_WAITING)), deep=True,
        host=CachingReplayHost(win(search(SECURITY_WAITING)), tmp_path))
    newer = json.loads(HISTORY)
    newer["entries"][0]["date"] = "2026-11-20T03:00:00Z"
    snap = make_snapshot("windows", commands=[
        cmd(powershell.command(facts_windows.HISTORY_PS), json.dumps(newer))])
    # the cache no longer applies
    assert run(snap, deep=True, host=CachingReplayHost(snap, tmp_path)).status is Status.UNKNOWN


@pytest.mark.parametrize(("stdout", "stderr", "expect"), [
    ("Software Update Tool\n\nFinding available software\n", "No new software available.\n",
     Status.PASS),
    ("Software Update Tool\n\nFinding available software\nSoftware Update found the following "
     "new or updated software:\n* Label: macOS Sequoia 15.7.2-24G325\n\tTitle: macOS Sequoia "
     "15.7.2, Version: 15.7.2, Size: 1812345KiB, Recommended: YES, Action: restart,\n", "",
     Status.WARN),
    ("Finding available software\n* Label: Background Security Improvement (a)-25B78\n", "",
     Status.FAIL),
    ("Logiciel introuvable\n", "", Status.UNKNOWN),
])
def test_macos_deep_softwareupdate(stdout: str, stderr: str, expect: Status) -> None:
    snap = make_snapshot("macos", commands=[
        cmd(SU, SU_PLIST), cmd(["softwareupdate", "--list"], stdout, stderr=stderr)])
    assert run(snap, deep=True).status is expect


@pytest.mark.parametrize(("sec_rc", "all_rc", "expect"), [
    (0, 0, Status.PASS), (0, 100, Status.WARN), (100, 100, Status.FAIL), (1, 0, Status.UNKNOWN),
])
def test_fedora_deep_dnf(sec_rc: int, all_rc: int, expect: Status) -> None:
    line = "kernel.x86_64    6.17.7-300.fc43    updates\n"
    snap = make_snapshot("linux", files=FEDORA, commands=[
        cmd(["dnf", "check-update", "--security"], META + (line if sec_rc == 100 else ""), sec_rc),
        cmd(["dnf", "check-update"], META + (line if all_rc == 100 else ""), all_rc),
    ])
    assert run(snap, deep=True).status is expect


DEEP_PASS_CASES = {
    "windows": win(search({"result": 2, "updates": []})),
    "macos": make_snapshot("macos", commands=[
        cmd(SU, SU_PLIST),
        cmd(["softwareupdate", "--list"], "Finding available software\n",
            stderr="No new software available.\n")]),
    "fedora": make_snapshot("linux", files=FEDORA, commands=[
        cmd(["dnf", "check-update", "--security"], META), cmd(["dnf", "check-update"], META)]),
}


@pytest.mark.parametrize("name", sorted(DEEP_PASS_CASES))
def test_deep_pass_cases_never_pass_under_faults(name: str, readiness_home: Any) -> None:
    snap = DEEP_PASS_CASES[name]
    host = ConsultingReplayHost(snapshot_mod.parse(copy.deepcopy(snap)))
    assert run(snap, deep=True, host=host).status is Status.PASS
    false_passes = []
    for kind, key in dict.fromkeys(host.consulted):
        for label, broken in _variants(snap, kind, key):
            if run(broken, deep=True).status is Status.PASS:
                false_passes.append(label)
    assert not false_passes


def test_ubuntu_stale_and_security_together_reports_both() -> None:
    snap = make_snapshot("linux", files=UBUNTU, commands=[
        cmd([facts_linux.APT_CHECK], "", 0, "5;2"),
        cmd(["stat", "-c", "%Y", facts_linux.LIST_STAMPS[1]], "1793000000\n")])
    result = run(snap, deep=False)
    assert result.status is Status.FAIL
    assert "security" in result.summary and "refreshed" in result.summary


# The searches that take minutes: a deep run's only.
SLOW_SEARCHES = {
    tuple(powershell.command(facts_windows.SEARCH_PS)),
    ("softwareupdate", "--list"),
    ("dnf", "check-update", "--security"),
    ("dnf", "check-update"),
    ("checkupdates",),
    ("flatpak", "remote-ls", "--updates", "--columns=application"),
}


class AskingRealHost(RealHost):
    """The machine this runs on, noting every command a check asks it to run."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[tuple[str, ...]] = []

    def run(self, argv: Sequence[str], *, timeout: float,
            encoding: str | None = None) -> CommandResult:
        self.asked.append(tuple(argv))
        return super().run(argv, timeout=timeout, encoding=encoding)


@pytest.mark.realhost
@pytest.mark.parametrize("check_id", ["os_supported", "updates_installed", "auto_updates_on"])
def test_runs_for_real_on_this_machine(check_id: str) -> None:
    host = AskingRealHost()
    runner = Runner([by_id()[check_id]], catalogue_mod.load(), host,
                    reference=reference.load())
    (result,) = runner.run().results
    # A quick run stays quick because it never starts a slow search (asserted on what was
    # run, not on the clock); the runner's per-check budgets already bound a hang.
    assert not SLOW_SEARCHES & set(host.asked)
    assert result.status in set(Status)
    assert result.summary and result.evidence
    assert "internal error" not in result.summary


# Facts-level cases that once were handmade replay fixtures (their decisions are rows of the
# decide table in test_updates_decide.py).
PAUSE = facts_windows.PAUSE_KEY


@pytest.mark.parametrize(("value", "expect", "words"), [
    # a number where Windows writes an ISO date (peers misread it as a count): never "not paused"
    ({"type": "REG_DWORD", "value": 1}, Status.UNKNOWN, "unreadable date"),
    ({"type": "REG_SZ", "value": "2026-12-01T10:00:00Z"}, Status.WARN, "paused until 2026-12-01"),
    ({"type": "REG_SZ", "value": "2026-11-01T10:00:00Z"}, Status.PASS, "9 days ago"),
])
def test_windows_pause_value_types(value: dict[str, Any], expect: Status, words: str) -> None:
    snap = win()
    snap["registry"] = {PAUSE: value}
    result = run(snap, deep=False)
    assert result.status is expect, result.summary
    assert words in result.summary


def test_windows_hotfix_list_decides_when_the_history_fails() -> None:
    """The history's COM object fails; the hotfix list (the three hotfixes of Microsoft's
    Get-HotFix documentation example, in the probe's JSON form) is stale."""
    hotfixes = [{"id": "KB4495590", "description": "Update", "installed": "2019-05-16"},
                {"id": "KB4470788", "description": "Security Update", "installed": "2019-01-22"},
                {"id": "KB4480056", "description": "Update", "installed": "2019-01-24"}]
    snap = make_snapshot("windows", commands=[
        cmd(powershell.command(facts_windows.HISTORY_PS), "", 1, "New-Object : Retrieving the "
            "COM class factory for component with CLSID {...} failed"),
        cmd(powershell.command(facts_windows.HOTFIX_PS), json.dumps(hotfixes))])
    result = run(snap, deep=False)
    assert result.status is Status.FAIL, result.summary
    assert "(2019-05-16)" in result.summary


def test_windows_quality_pause_alone_warns() -> None:
    snap = win()
    snap["registry"] = {facts_windows.QUALITY_PAUSE_KEY: {"type": "REG_SZ",
                                                          "value": "2026-12-05T10:22:31Z"}}
    result = run(snap, deep=False)
    assert result.status is Status.WARN, result.summary
    assert "quality (security) updates are paused until 2026-12-05" in result.summary


def test_windows_unreadable_history_and_timed_out_hotfixes_is_unknown() -> None:
    snap = make_snapshot("windows", commands=[
        cmd(powershell.command(facts_windows.HISTORY_PS), "<html>oops"),
        {**cmd(powershell.command(facts_windows.HOTFIX_PS), "", timed_out=True),
         "returncode": None}])
    result = run(snap, deep=False)
    assert result.status is Status.UNKNOWN
    assert "could not be read" in result.summary


@pytest.mark.parametrize(("stderr", "expect"), [
    ("12;3", Status.FAIL),
    ("0;0", Status.PASS),
    # translated prose instead of the numbers, and no apt list to fall back on
    ("Es sind 3 Aktualisierungen verfügbar", Status.UNKNOWN),
])
def test_apt_check_reads_only_its_numbers(stderr: str, expect: Status) -> None:
    snap = make_snapshot("linux", files=UBUNTU, commands=[
        cmd([facts_linux.APT_CHECK], "", 0, stderr),
        cmd(["stat", "-c", "%Y", facts_linux.LIST_STAMPS[0]], "1795176000\n")])
    assert run(snap, deep=False).status is expect
