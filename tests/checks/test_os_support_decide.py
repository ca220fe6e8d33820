"""OS-support verdicts from facts alone: no host, no probes, a small end-of-life table."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from checks.os_support import decide_posix, decide_windows
from checks.os_support.model import Eol, LinuxFacts, MacFacts, WindowsFacts
from readiness import lifecycle
from readiness.model import Status

TODAY = date(2026, 11, 21)

PRODUCTS: dict[str, list[dict[str, Any]]] = {
    "windows": [
        {"cycle": "11-25h2-w", "releaseLabel": "11 25H2 (W)", "latest": "10.0.26200",
         "eol": "2027-10-12"},
        {"cycle": "11-24h2-w", "releaseLabel": "11 24H2 (W)", "latest": "10.0.26100",
         "eol": "2026-10-13"},
        {"cycle": "11-24h2-e", "releaseLabel": "11 24H2 (E)", "latest": "10.0.26100",
         "eol": "2027-10-12"},
        {"cycle": "11-23h2-e", "releaseLabel": "11 23H2 (E)", "latest": "10.0.22631",
         "eol": "2026-12-08"},
        {"cycle": "10-22h2", "releaseLabel": "10 22H2", "latest": "10.0.19045",
         "eol": "2025-10-14", "extendedSupport": "2026-10-13"},
        {"cycle": "10-21h1", "releaseLabel": "10 21H1", "latest": "10.0.19043",
         "eol": "2022-12-13", "extendedSupport": "2027-01-01"},
    ],
    "macos": [
        {"cycle": "15", "codename": "Sequoia", "releaseDate": "2024-09-16", "eol": False},
        {"cycle": "14", "codename": "Sonoma", "releaseDate": "2023-09-26", "eol": False},
        {"cycle": "12", "codename": "Monterey", "releaseDate": "2021-10-25", "eol": True},
        {"cycle": "10.15", "codename": "Catalina", "releaseDate": "2019-10-07",
         "eol": "2022-09-12"},
    ],
    "debian": [
        {"cycle": "12", "eol": "2026-06-10", "extendedSupport": "2028-06-30"},
        {"cycle": "11", "eol": "2024-08-14", "extendedSupport": "2026-08-31"},
    ],
    "ubuntu": [
        {"cycle": "24.04", "eol": "2029-05-31", "extendedSupport": "2036-04-25"},
        {"cycle": "20.04", "eol": "2025-05-29", "extendedSupport": "2030-04-02"},
    ],
    "fedora": [{"cycle": "43", "eol": "2027-05-05"}, {"cycle": "42", "eol": "bad date"}],
    "rhel": [{"cycle": "9", "eol": "2032-05-31", "latest": "9.5"},
             {"cycle": "7", "eol": "2024-06-30", "extendedSupport": "2028-06-30",
              "latest": "7.9"}],
    "rocky-linux": [{"cycle": "8", "eol": "2029-05-31", "latest": "8.10"}],
    "opensuse": [{"cycle": "16.0", "eol": "2027-10-31"}, {"cycle": "15.1", "eol": "2021-02-02"}],
}
TABLE = lifecycle.Table({"fetched_at": "2026-11-01", "source": "test", "products": PRODUCTS,
                         "as_of": {"macos": "2025-01-01"}}, Path("eol.json"), "bundled")
EOL = Eol(TABLE, None, TODAY)
NO_TABLE = Eol(None, "the table is corrupt", TODAY)


@pytest.mark.parametrize(
    ("facts", "status", "words"),
    [
        (WindowsFacts("26200", "Professional", "25H2", EOL), Status.PASS, "supported until"),
        (WindowsFacts("26100", "Core", "24H2", EOL), Status.FAIL, "stopped"),
        (WindowsFacts("26100", "Enterprise", "24H2", EOL), Status.PASS, "2027-10-12"),
        (WindowsFacts("22631", "Education", "23H2", EOL), Status.WARN, "17 days"),
        (WindowsFacts("19045", "Professional", "22H2", EOL), Status.FAIL, "Windows 10"),
        (WindowsFacts("19043", "Professional", "21H1", EOL), Status.FAIL, "Extended Security"),
        (WindowsFacts("26100", "Professional", "23H2", EOL), Status.UNKNOWN, "does not match"),
        (WindowsFacts("26100", "Professional", None, EOL), Status.UNKNOWN,
         "version name is not recorded"),
        (WindowsFacts("26100", "ServerStandard", "24H2", EOL), Status.UNKNOWN, "edition"),
        (WindowsFacts("26100", "EnterpriseS", "24H2", EOL), Status.UNKNOWN, "servicing track"),
        # Newer than every build the table knows, with a newer version name, in a track whose
        # newest known release (25H2, until 2027-10-12) is supported: the table predates it.
        (WindowsFacts("29999", "Professional", "27H2", EOL), Status.PASS, "predates"),
        # A newer build still calling itself an old version (Insider builds do): unknown.
        (WindowsFacts("29999", "Professional", "24H2", EOL), Status.UNKNOWN, "not in the"),
        (WindowsFacts("29999", "Professional", None, EOL), Status.UNKNOWN, "not in the"),
        # No LTSC cycle in the table: nothing newer than it to speak for.
        (WindowsFacts("29999", "EnterpriseS", "27H2", EOL), Status.UNKNOWN, "not in the"),
        # Between known builds is not newer than every release.
        (WindowsFacts("26000", "Professional", "27H2", EOL), Status.UNKNOWN, "not in the"),
        (WindowsFacts(None, "Professional", "24H2", EOL), Status.UNKNOWN, "build number"),
        (WindowsFacts("26x00", "Professional", "24H2", EOL), Status.UNKNOWN, "build number"),
        (WindowsFacts("26100", None, "24H2", EOL), Status.UNKNOWN, "edition"),
        (WindowsFacts("26100", "Core", "24H2", NO_TABLE), Status.UNKNOWN, "corrupt"),
    ],
)
def test_windows(facts: WindowsFacts, status: Status, words: str) -> None:
    out = decide_windows.decide(facts)
    assert out.status is status, out.summary
    assert words in out.summary


@pytest.mark.parametrize(
    ("facts", "status", "words"),
    [
        (MacFacts("15.1", "24B83", "sw_vers", EOL), Status.PASS, "Sequoia"),
        # No end date, but released over three years before a run past the table's date.
        (MacFacts("14.7", "23H124", "sw_vers", EOL), Status.WARN, "about three years"),
        (MacFacts("14.7", "23H124", "sw_vers", Eol(TABLE, None, date(2025, 1, 1))),
         Status.PASS, "no end of support announced"),
        (MacFacts("12.7.6", None, "SystemVersion.plist", EOL), Status.FAIL, "no longer"),
        (MacFacts("10.15.7", None, "sw_vers", EOL), Status.FAIL, "Catalina"),
        (MacFacts("10.16", None, "sw_vers", EOL), Status.UNKNOWN, "compatibility"),
        # Newer than every release the table knows, and Apple's newest known one (15) is
        # supported: passes, saying the table predates it.
        (MacFacts("27.0", "27A5218g", "sw_vers", EOL), Status.PASS, "predates"),
        (MacFacts("16.0", None, "sw_vers", EOL), Status.PASS, "predates"),
        # An unknown release older than the newest known one is not guessed.
        (MacFacts("13.6", None, "sw_vers", EOL), Status.UNKNOWN, "not in the end-of-life"),
        # The newest known release is past Apple's usual lifetime in an old table: unknown.
        (MacFacts("27.0", None, "sw_vers", Eol(TABLE, None, date(2028, 6, 1))),
         Status.UNKNOWN, "not in the end-of-life"),
        (MacFacts(None, None, "sw_vers gave no output", EOL), Status.UNKNOWN, "no output"),
        (MacFacts("15.1", None, "sw_vers", NO_TABLE), Status.UNKNOWN, "corrupt"),
    ],
)
def test_macos(facts: MacFacts, status: Status, words: str) -> None:
    out = decide_posix.decide_macos(facts)
    assert out.status is status, out.summary
    assert words in out.summary


def linux(eol: Eol = EOL, path: str = "/etc/os-release", **info: str) -> LinuxFacts:
    return LinuxFacts(info, path, eol)


@pytest.mark.parametrize(
    ("facts", "status", "words"),
    [
        (linux(ID="ubuntu", VERSION_ID="24.04", PRETTY_NAME="Ubuntu 24.04.3 LTS"),
         Status.PASS, "2029-05-31"),
        (linux(ID="ubuntu", VERSION_ID="20.04"), Status.FAIL, "Ubuntu Pro"),
        (linux(ID="ubuntu", VERSION_ID="24.04.1"), Status.PASS, "supported"),
        (linux(ID="debian", VERSION_ID="12"), Status.WARN, "Debian LTS"),
        (linux(ID="debian", VERSION_ID="11"), Status.FAIL, "stopped"),
        (linux(ID="fedora", VERSION_ID="43"), Status.PASS, "2027-05-05"),
        (linux(ID="fedora", VERSION_ID="42"), Status.UNKNOWN, "unreadable date"),
        (linux(ID="fedora", VERSION_ID="40"), Status.UNKNOWN, "not in the end-of-life"),
        (linux(ID="fedora", VERSION_ID="44"), Status.PASS, "predates"),
        (linux(ID="ubuntu", VERSION_ID="26.10"), Status.PASS, "predates"),
        (linux(ID="ubuntu", VERSION_ID="22.04"), Status.UNKNOWN, "not in the end-of-life"),
        # Debian's newest known release (12) has left regular support: nothing to vouch.
        (linux(ID="debian", VERSION_ID="13"), Status.UNKNOWN, "not in the end-of-life"),
        (linux(ID="fedora", VERSION_ID="44.beta"), Status.UNKNOWN, "not in the end-of-life"),
        (linux(ID="debian", PRETTY_NAME="Debian trixie/sid"), Status.UNKNOWN, "version number"),
        (linux(ID="arch", PRETTY_NAME="Arch Linux"), Status.UNKNOWN, "Arch Linux"),
        # RHEL and its rebuilds: VERSION_ID "9.5" is the major cycle 9.
        (linux(ID="rhel", VERSION_ID="9.5"), Status.PASS, "2032-05-31"),
        (linux(ID="rhel", VERSION_ID="9.6"), Status.PASS, "2032-05-31"),
        (linux(ID="rhel", VERSION_ID="7.9"), Status.FAIL, "2024-06-30"),
        (linux(ID="rhel", VERSION_ID="10.0"), Status.PASS, "predates"),
        (linux(ID="rocky", VERSION_ID="8.10"), Status.PASS, "2029-05-31"),
        # An older point release of a supported major gets no fixes until it is updated.
        (linux(ID="rocky", VERSION_ID="8.3"), Status.WARN, "older point release"),
        (linux(ID="rhel", VERSION_ID="9.4"), Status.WARN, "9.5 or later"),
        (linux(ID="rocky", VERSION_ID="8"), Status.WARN, "which point release"),
        # Half a year after the table's data, it cannot show 9.5 is still the newest.
        (linux(Eol(TABLE, None, date(2027, 6, 1)), ID="rhel", VERSION_ID="9.5"), Status.WARN,
         "too old to show"),
        (linux(ID="rocky", VERSION_ID="7.9"), Status.UNKNOWN, "not in the end-of-life"),
        # No AlmaLinux data in this table: unknown, never assumed.
        (linux(ID="almalinux", VERSION_ID="9.6"), Status.UNKNOWN, "not in the end-of-life"),
        (linux(ID="opensuse-leap", VERSION_ID="15.1"), Status.FAIL, "2021-02-02"),
        (linux(ID="opensuse-leap", VERSION_ID="16.0"), Status.PASS, "2027-10-31"),
        # Recognised by ID only: neither an old Tumbleweed's "opensuse" with a date for a
        # version, nor a derivative by its ID_LIKE, borrows another product's dates.
        (linux(ID="opensuse", VERSION_ID="20160917"), Status.UNKNOWN, "not in the"),
        (linux(ID="ol", ID_LIKE="fedora", VERSION_ID="9.4"), Status.UNKNOWN, "not in the"),
        (linux(ID="centos", ID_LIKE="rhel fedora", VERSION_ID="7"), Status.UNKNOWN,
         "not in the"),
        (linux(NO_TABLE, ID="fedora", VERSION_ID="43"), Status.UNKNOWN, "corrupt"),
        (LinuxFacts(None, "/usr/lib/os-release", EOL), Status.UNKNOWN, "/usr/lib/os-release"),
    ],
)
def test_linux(facts: LinuxFacts, status: Status, words: str) -> None:
    out = decide_posix.decide_linux(facts)
    assert out.status is status, out.summary
    assert words in out.summary


def test_the_table_is_recorded_with_the_verdict() -> None:
    out = decide_posix.decide_linux(linux(ID="fedora", VERSION_ID="43"))
    assert out.observed["table_origin"] == "bundled"
    assert out.observed["table_fetched_at"] == "2026-11-01"
    assert out.observed["days_left"] == (date(2027, 5, 5) - TODAY).days


def test_newer_than_the_table_is_recorded() -> None:
    out = decide_posix.decide_macos(MacFacts("27.1", "27B74", "sw_vers", EOL))
    assert out.status is Status.PASS
    assert out.observed["newer_than_table"] is True
    assert out.observed["newest_known_cycle"] == "15"
    assert "macOS 27.1" in out.summary and "Sequoia" in out.summary
    win = decide_windows.decide(WindowsFacts("29999", "Professional", "27H2", EOL))
    assert win.observed["newest_known_cycle"] == "11-25h2-w"


@pytest.mark.parametrize(
    "out",
    [
        decide_posix.decide_linux(linux(ID="fedora", VERSION_ID="43")),
        decide_posix.decide_linux(linux(ID="fedora", VERSION_ID="44")),
        decide_posix.decide_linux(linux(ID="fedora", VERSION_ID="40")),
        decide_windows.decide(WindowsFacts("26200", "Professional", "25H2", EOL)),
    ],
)
def test_the_table_age_is_shown(out: Any) -> None:
    # Fedora's data is as of the fetch (2026-11-01), 20 days before the run.
    assert out.observed["table_as_of"] == "2026-11-01"
    assert out.observed["table_age_days"] == 20
    assert "as of 2026-11-01, 20 days old" in out.summary


def test_a_release_names_its_table_cycle() -> None:
    assert decide_posix.release_of("rhel", "9.4") == "9"
    assert decide_posix.release_of("rocky-linux", "10") == "10"
    assert decide_posix.release_of("ubuntu", "24.04.1") == "24.04"
    assert decide_posix.release_of("ubuntu", "24.04") == "24.04"
    assert decide_posix.release_of("opensuse", "15.6") == "15.6"
    assert decide_posix.release_of("fedora", "43") == "43"


def test_macos_age_uses_its_own_date() -> None:
    out = decide_posix.decide_macos(MacFacts("15.1", "24B83", "sw_vers", EOL))
    assert out.observed["table_as_of"] == "2025-01-01"
    assert out.observed["table_age_days"] == (TODAY - date(2025, 1, 1)).days
    assert f"{(TODAY - date(2025, 1, 1)).days} days old" in out.summary
