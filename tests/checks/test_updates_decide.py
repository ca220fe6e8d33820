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
    package_tool,
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
        (win(pending=SECURITY), Status.FAIL, "1 security update"),
        (win(pending=Pending({"total": 2, "security": 0, "titles": []})), Status.WARN,
         "2 updates are waiting to be installed."),
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
        (MacFacts("plutil is not installed", None, TODAY), Status.UNKNOWN, "(plutil is not"),
        (MacFacts(record(), SECURITY, TODAY), Status.FAIL, "security update"),
    ],
)
def test_macos(facts: MacFacts, status: Status, words: str) -> None:
    out = decide_macos.decide(facts)
    assert out.status is status, out.summary
    assert words in out.summary


UBUNTU = {"ID": "ubuntu", "ID_LIKE": "debian", "VERSION_ID": "24.04"}
FEDORA = {"ID": "fedora", "VERSION_ID": "43"}
ROCKY = {"ID": "rocky", "ID_LIKE": "rhel centos fedora", "PRETTY_NAME": "Rocky Linux 8.10"}
LEAP = {"ID": "opensuse-leap", "ID_LIKE": "suse opensuse", "PRETTY_NAME": "openSUSE Leap 16.0"}
ARCH = {"ID": "arch", "PRETTY_NAME": "Arch Linux"}
FRESH = date(2026, 11, 20)
OS = "/etc/os-release"


def apt(counts: tuple[int, int, str] | str, refreshed: date | None = FRESH) -> LinuxFacts:
    return LinuxFacts(UBUNTU, OS, AptFacts(counts, refreshed), None, TODAY)


def cached(info: dict[str, str], counts: tuple[int, int, str] | str,
           refreshed: date | None = FRESH, **kw: Any) -> LinuxFacts:
    return LinuxFacts(info, OS, AptFacts(counts, refreshed, **kw), None, TODAY)


def deep(info: dict[str, str], found: Pending, flatpak: Pending | None = None) -> LinuxFacts:
    return LinuxFacts(info, OS, None, found, TODAY, flatpak)


FLAT_NONE = Pending({"total": 0, "security": 0, "titles": []})
FLAT_TWO = Pending({"total": 2, "security": 0, "titles": ["org.mozilla.firefox",
                                                          "org.gnome.Platform"]})


@pytest.mark.parametrize(
    ("facts", "status", "words"),
    [
        (apt((0, 0, "apt-check")), Status.PASS, "No updates are waiting."),
        (apt((5, 2, "apt-check")), Status.FAIL, "2 security updates"),
        (apt((5, 0, "apt list --upgradable")), Status.WARN, "none marked as security"),
        (apt((0, 0, "apt-check"), date(2026, 11, 1)), Status.WARN, "20 days ago"),
        (apt((0, 0, "apt-check"), None), Status.UNKNOWN, "last refreshed"),
        (apt("apt list's output was not recognised"), Status.UNKNOWN, "not recognised"),
        # A refresh stamp from the future counts as today, never as a negative age.
        (apt((0, 0, "apt-check"), date(2027, 1, 1)), Status.PASS, "No updates"),
        # dnf's cached lists (a quick run): the same rules as apt's.
        (cached(FEDORA, (0, 0, "dnf")), Status.PASS, "No updates are waiting."),
        (cached(ROCKY, (140, 0, "dnf"), security_known=False), Status.WARN,
         "could not tell which are security"),
        (cached(ROCKY, (140, 3, "dnf")), Status.FAIL, "3 security updates"),
        (cached(FEDORA, (0, 0, "dnf"), None), Status.UNKNOWN, "last refreshed"),  # dnf 5
        (cached(FEDORA, (0, 0, "dnf"), date(2026, 10, 1)), Status.WARN, "51 days ago"),
        (cached(FEDORA, "dnf could not answer from its cached lists (dnf stopped with an error "
                        "(code 1))"), Status.UNKNOWN, "(code 1)"),
        # zypper: asked for security patches only, so its pass says only that.
        (cached(LEAP, (0, 0, "zypper"), waiting="security patches"), Status.PASS,
         "No security patches are waiting."),
        (cached(LEAP, (2, 2, "zypper"), waiting="security patches"), Status.FAIL,
         "2 security updates"),
        (cached(LEAP, "zypper's answer held no patch list", waiting="security patches"),
         Status.UNKNOWN, "Could not count waiting security patches"),
        # Deep runs: the full search decides (dnf, pacman's checkupdates).
        (deep(FEDORA, NOTHING), Status.PASS, "no updates waiting"),
        (deep(FEDORA, Pending(None)), Status.UNKNOWN, "waiting dnf updates"),
        (deep(ARCH, NOTHING), Status.PASS, "no updates waiting"),
        (deep(ARCH, Pending({"total": 3, "security": 0, "titles": ["linux"]})), Status.WARN,
         "3 updates are waiting to be installed (linux)."),
        (deep(ARCH, Pending(None)), Status.UNKNOWN, "waiting pacman updates"),
        # Flatpak apps: waiting ones warn; none waiting adds nothing; a broken search is unknown.
        (deep(FEDORA, NOTHING, FLAT_NONE), Status.PASS, "no updates waiting"),
        (deep(FEDORA, NOTHING, FLAT_TWO), Status.WARN, "2 Flatpak app updates"),
        (deep(FEDORA, NOTHING, Pending(None)), Status.UNKNOWN, "Flatpak"),
        (LinuxFacts(UBUNTU, OS, AptFacts((0, 0, "apt-check"), FRESH), None, TODAY, FLAT_TWO),
         Status.WARN, "org.mozilla.firefox"),
        # Quick runs where only a deep search can tell (Arch).
        (LinuxFacts(ARCH, OS, None, None, TODAY), Status.UNKNOWN, "only runs in the deep"),
        (LinuxFacts({"ID": "gentoo", "PRETTY_NAME": "Gentoo"}, OS, None, None, TODAY),
         Status.UNKNOWN, "on Gentoo"),
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


@pytest.mark.parametrize(("info", "tool"), [
    ({"ID": "ubuntu", "ID_LIKE": "debian"}, "apt"),
    ({"ID": "linuxmint", "ID_LIKE": "ubuntu debian"}, "apt"),
    ({"ID": "fedora"}, "dnf"),
    ({"ID": "rocky", "ID_LIKE": "rhel centos fedora"}, "dnf"),
    ({"ID": "almalinux", "ID_LIKE": "rhel centos fedora"}, "dnf"),
    ({"ID": "ol", "ID_LIKE": "fedora"}, "dnf"),
    ({"ID": "amzn", "ID_LIKE": "centos rhel fedora"}, "dnf"),
    ({"ID": "openEuler"}, "dnf"),
    ({"ID": "opensuse-leap", "ID_LIKE": "suse opensuse"}, "zypper"),
    ({"ID": "opensuse-tumbleweed", "ID_LIKE": "opensuse suse"}, "zypper"),
    ({"ID": "sles", "ID_LIKE": "suse"}, "zypper"),
    ({"ID": "arch"}, "pacman"),
    ({"ID": "manjaro", "ID_LIKE": "arch"}, "pacman"),
    ({"ID": "endeavouros", "ID_LIKE": "arch"}, "pacman"),
    ({"ID": "gentoo"}, None),
    ({}, None),
])
def test_package_tool_from_id_and_id_like(info: dict[str, str], tool: str | None) -> None:
    assert package_tool(info) == tool
