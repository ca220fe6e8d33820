"""Updates verdicts from facts alone: no host, no probes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from checks.updates import decide_linux, decide_macos, decide_windows
from checks.updates.decide import combine
from checks.updates.model import (
    AptFacts,
    History,
    Hotfixes,
    LinuxFacts,
    MacFacts,
    Pause,
    Pending,
    WindowsFacts,
)
from readiness.model import Status

TODAY = date(2026, 11, 21)
RECENT = datetime(2026, 11, 12, 3, 14, tzinfo=UTC)
NOT_PAUSED = Pause("missing")
NOTHING = Pending({"total": 0, "security": 0, "titles": []})
SECURITY = Pending({"total": 3, "security": 1, "titles": ["2026-11 Cumulative Update"]})


PATCHED = History(4, RECENT, "KB5068861")


def win(history: History = PATCHED, hot: Hotfixes | None = None,
        pause: Pause = NOT_PAUSED, pending: Pending | None = None) -> WindowsFacts:
    return WindowsFacts(history, hot, pause, pending, TODAY)


@pytest.mark.parametrize(
    ("facts", "status", "words"),
    [
        (win(), Status.PASS, "9 days ago"),
        (win(History(4, datetime(2026, 10, 1, tzinfo=UTC))), Status.WARN, "may be missing"),
        (win(History(4, datetime(2026, 9, 1, tzinfo=UTC))), Status.FAIL, "two monthly"),
        # Only Defender or driver updates in the history: the hotfix list decides.
        (win(History(9), Hotfixes(2, date(2026, 8, 1))), Status.FAIL, "(2026-08-01)"),
        (win(History(9), Hotfixes(2)), Status.UNKNOWN, "neither the update history"),
        (win(History(None, problem="timed out"), Hotfixes(None, problem="access denied")),
         Status.UNKNOWN, "could not be read (access denied)"),
        (win(pause=Pause(None, "2026-12-01T00:00:00Z", datetime(2026, 12, 1, tzinfo=UTC))),
         Status.WARN, "paused until 2026-12-01"),
        (win(pause=Pause(None, "2026-11-01T00:00:00Z", datetime(2026, 11, 1, tzinfo=UTC))),
         Status.PASS, "9 days ago"),
        (win(pause=Pause(None, "soon")), Status.UNKNOWN, "unreadable date"),
        (win(pause=Pause("access denied")), Status.UNKNOWN, "paused (access denied)"),
        # a pause of quality (security) updates alone is a pause (PauseQualityUpdatesEndTime)
        (WindowsFacts(PATCHED, None, NOT_PAUSED, None, TODAY,
                      Pause(None, "2026-12-05T10:00:00Z", datetime(2026, 12, 5, 10, tzinfo=UTC))),
         Status.WARN, "quality (security) updates are paused until 2026-12-05"),
        (WindowsFacts(PATCHED, None, NOT_PAUSED, None, TODAY,
                      Pause(None, "2026-11-01T00:00:00Z", datetime(2026, 11, 1, tzinfo=UTC))),
         Status.PASS, "9 days ago"),
        (WindowsFacts(PATCHED, None, NOT_PAUSED, None, TODAY, Pause(None, "soon")),
         Status.UNKNOWN, "quality update pause setting has an unreadable date"),
        (WindowsFacts(PATCHED, None, NOT_PAUSED, None, TODAY, Pause("access denied")),
         Status.UNKNOWN, "quality (security) updates are paused (access denied)"),
        (win(pending=NOTHING), Status.PASS, "9 days ago"),
        (win(pending=SECURITY), Status.FAIL, "1 security update(s)"),
        (win(pending=Pending({"total": 2, "security": 0, "titles": []})), Status.WARN,
         "2 update(s) are waiting to be installed."),
        (win(pending=Pending(None)), Status.UNKNOWN, "did not give a usable answer"),
    ],
)
def test_windows(facts: WindowsFacts, status: Status, words: str) -> None:
    out = decide_windows.decide(facts)
    assert out.status is status, out.summary
    assert words in out.summary


def test_windows_quick_run_says_no_search_was_made() -> None:
    out = decide_windows.decide(win())
    assert out.observed["pending_searched"] is False
    assert "full search" not in out.method
    deep = decide_windows.decide(win(pending=Pending(NOTHING.found, "2026-11-21T08:00:00Z")))
    assert deep.observed["pending_searched_at"] == "2026-11-21T08:00:00Z"
    assert "full search" in deep.method


def record(last: Any = datetime(2026, 11, 19, 9, 12), waiting: Any = 0,
           names: list[str] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"LastFullSuccessfulDate": last,
                            "LastRecommendedUpdatesAvailable": waiting}
    if names is not None:
        data["RecommendedUpdates"] = [{"Display Name": n} for n in names]
    return data


@pytest.mark.parametrize(
    ("facts", "status", "words"),
    [
        (MacFacts(record(), None, TODAY), Status.PASS, "found nothing waiting"),
        (MacFacts(record(waiting=1, names=["macOS Sequoia 15.7.2"]), None, TODAY), Status.WARN,
         "(macOS Sequoia 15.7.2)"),
        (MacFacts(record(last=datetime(2026, 9, 1)), None, TODAY), Status.WARN, "81 days ago"),
        (MacFacts(record(last="yesterday"), None, TODAY), Status.UNKNOWN, "no record"),
        (MacFacts(record(waiting=None), None, TODAY), Status.UNKNOWN, "does not say"),
        (MacFacts(record(waiting=True), None, TODAY), Status.UNKNOWN, "does not say"),
        (MacFacts("plutil: not installed", None, TODAY), Status.UNKNOWN, "(plutil: not"),
        (MacFacts(record(), SECURITY, TODAY), Status.FAIL, "security update"),
    ],
)
def test_macos(facts: MacFacts, status: Status, words: str) -> None:
    out = decide_macos.decide(facts)
    assert out.status is status, out.summary
    assert words in out.summary


UBUNTU = {"ID": "ubuntu", "ID_LIKE": "debian", "VERSION_ID": "24.04"}
FEDORA = {"ID": "fedora", "VERSION_ID": "43"}
FRESH = date(2026, 11, 20)


def apt(counts: tuple[int, int, str] | str, refreshed: date | None = FRESH) -> LinuxFacts:
    return LinuxFacts(UBUNTU, "/etc/os-release", AptFacts(counts, refreshed), None, TODAY)


@pytest.mark.parametrize(
    ("facts", "status", "words"),
    [
        (apt((0, 0, "apt-check")), Status.PASS, "No updates are waiting."),
        (apt((5, 2, "apt-check")), Status.FAIL, "2 security update(s)"),
        (apt((5, 0, "apt list --upgradable")), Status.WARN, "none marked as security"),
        (apt((0, 0, "apt-check"), date(2026, 11, 1)), Status.WARN, "20 days ago"),
        (apt((0, 0, "apt-check"), None), Status.UNKNOWN, "last refreshed"),
        (apt("apt list's output was not recognised"), Status.UNKNOWN, "not recognised"),
        # A refresh stamp from the future counts as today, never as a negative age.
        (apt((0, 0, "apt-check"), date(2027, 1, 1)), Status.PASS, "No updates"),
        (LinuxFacts(FEDORA, "/etc/os-release", None, None, TODAY), Status.UNKNOWN,
         "only runs in the deep check"),
        (LinuxFacts(FEDORA, "/etc/os-release", None, NOTHING, TODAY), Status.PASS,
         "no updates waiting"),
        (LinuxFacts(FEDORA, "/etc/os-release", None, Pending(None), TODAY), Status.UNKNOWN,
         "waiting dnf updates"),
        (LinuxFacts({"ID": "arch", "PRETTY_NAME": "Arch Linux"}, "/etc/os-release", None, None,
                    TODAY), Status.UNKNOWN, "on Arch Linux"),
        (LinuxFacts(None, "/usr/lib/os-release", None, None, TODAY), Status.UNKNOWN,
         "/usr/lib/os-release"),
    ],
)
def test_linux(facts: LinuxFacts, status: Status, words: str) -> None:
    out = decide_linux.decide(facts)
    assert out.status is status, out.summary
    assert words in out.summary


def test_combine_shows_every_reason_worst_first() -> None:
    out = combine([(Status.WARN, "b."), (Status.PASS, "ok."), (Status.FAIL, "a.")], {}, "m")
    assert (out.status, out.summary) == (Status.FAIL, "a. b.")
    assert combine([], {}, "m").status is Status.UNKNOWN
