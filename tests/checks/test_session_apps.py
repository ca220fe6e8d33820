"""session_apps_current: the verdict for each app against a table written here (so the rules
are tested apart from the bundled data), the overall verdict, and each system's gatherer."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from checks import powershell
from checks.session_apps import decide, facts_linux, facts_windows
from checks.session_apps.model import AppFacts, Found
from readiness.lifecycle import Table
from readiness.model import Status
from tests.helpers import cmd, make_snapshot, run_check

TODAY = date(2026, 10, 25)
TABLE = Table({
    "format": "readiness-versions/1", "fetched_at": "2026-10-20", "source": "test",
    "as_of": {"chrome": "2026-10-20", "firefox": "2026-10-20", "zoom": "2026-10-20",
              "teams": "2026-10-20", "teams_classic": "2025-07-01", "skype": "2025-05-05",
              "edge": "2026-06-01", "safari": "2026-10-20"},
    "products": {
        "chrome": [{"cycle": "156", "eol": False, "latest": "156.0.8078.47",
                    "latestByOs": {"linux": "156.0.8078.45"}},
                   {"cycle": "155", "eol": True}],
        "firefox": [{"cycle": "156", "channel": "release", "eol": False, "latest": "156.0.1"},
                    {"cycle": "155", "channel": "release", "eol": True},
                    {"cycle": "153", "channel": "esr", "eol": False, "latest": "153.3.0"},
                    {"cycle": "140", "channel": "esr", "eol": False, "latest": "140.16.0"},
                    {"cycle": "115", "channel": "esr", "eol": "2026-09-30",
                     "latest": "115.41.0"}],
        "zoom": [{"cycle": "6", "eol": False, "latest": "6.6.10"}],
        "teams": [{"cycle": "new", "eol": False, "latest": "25290.205.4069.4894"}],
        "teams_classic": [{"cycle": "classic", "eol": "2025-07-01"}],
        "skype": [{"cycle": "skype", "eol": "2025-05-05"}],
        "edge": [{"cycle": "152", "eol": False, "latest": "152.0.4191.52"}],
        "safari": [{"cycle": "27", "eol": "2027-12-31"}],
    },
}, Path("test"), "test")

# product, version, os, expected status
JUDGED = [
    ("chrome", "156.0.8078.47", "windows", Status.PASS),
    ("chrome", "156.0.8078.30", "windows", Status.WARN),
    ("chrome", "156.0.8078.45", "linux", Status.PASS),  # Linux's own newest build
    ("chrome", "156.0.8078.60", "macos", Status.PASS),  # newer than the table within its line
    ("chrome", "155.0.8059.84", "windows", Status.FAIL),  # the line no longer gets fixes
    ("chrome", "150.0.7800.10", "windows", Status.WARN),  # an older line the table omits
    ("chrome", "157.0.8100.2", "windows", Status.PASS),  # newer than every line listed
    ("firefox", "156.0.1", "linux", Status.PASS),
    ("firefox", "155.0.4", "linux", Status.FAIL),
    ("firefox", "140.16.0esr", "linux", Status.PASS),  # ESR judged against its ESR line
    ("firefox", "140.12.0esr", "linux", Status.WARN),
    ("firefox", "153.0", "windows", Status.WARN),  # release 153 sits on the 153 ESR line
    ("firefox", "115.41.0esr", "windows", Status.FAIL),  # ended 2026-09-30
    ("firefox", "157.0b5", "linux", Status.UNKNOWN),  # a pre-release
    ("zoom", "6.6.10 (67890)", "macos", Status.PASS),
    ("zoom", "6.6.9 (67000)", "macos", Status.WARN),
    ("zoom", "6.6.48213", "windows", Status.UNKNOWN),  # no patch level: cannot say current
    ("zoom", "6.5.48213", "windows", Status.WARN),  # but an older minor release is older
    ("teams", "25290.205.4069.4894", "windows", Status.PASS),
    ("teams", "25100.1.2.3", "windows", Status.WARN),
    ("teams_classic", "1.6.00.4472", "windows", Status.FAIL),
    ("skype", "8.150.0.125", "macos", Status.FAIL),
    ("edge", "152.0.4191.52", "windows", Status.UNKNOWN),  # the edge data is 146 days old
    ("edge", "150.0.4078.65", "windows", Status.WARN),  # older is older, however old the table
    ("safari", "27.2", "macos", Status.UNKNOWN),  # the line has no current version
    ("safari", "garbage", "macos", Status.UNKNOWN),
]


@pytest.mark.parametrize(("product", "version", "os_key", "expected"), JUDGED,
                         ids=[f"{p}-{v}-{o}" for p, v, o, _ in JUDGED])
def test_judge(product: str, version: str, os_key: str, expected: Status) -> None:
    status, sentence = decide.judge(Found(product, version, "test"), os_key, TABLE, TODAY)
    assert status is expected, sentence
    assert sentence


def test_an_app_the_table_has_no_data_for_is_unknown_never_pass() -> None:
    table = Table({**TABLE.data, "products": {"chrome": TABLE.cycles("chrome")}},
                  Path("t"), "test")
    status, sentence = decide.judge(Found("zoom", "6.6.10", "t"), "macos", table, TODAY)
    assert status is Status.UNKNOWN and "no data for Zoom" in sentence


def facts(*found: Found, problems: tuple[str, ...] = (), table: Table | None = TABLE) -> AppFacts:
    return AppFacts("windows", found, problems, table, None if table else "missing", TODAY)


CHROME_OK = Found("chrome", "156.0.8078.47", "t")
FIREFOX_OLD = Found("firefox", "140.12.0", "t")


@pytest.mark.parametrize(("given", "expected"), [
    (facts(), Status.NOT_APPLICABLE),
    (facts(problems=("dpkg-query (timed out)",)), Status.UNKNOWN),
    (facts(CHROME_OK), Status.PASS),
    (facts(CHROME_OK, problems=("snap (failed)",)), Status.UNKNOWN),
    (facts(CHROME_OK, FIREFOX_OLD, problems=("snap (failed)",)), Status.WARN),
    (facts(CHROME_OK, Found("skype", "8.1.0.1", "t"), FIREFOX_OLD), Status.FAIL),
    (facts(CHROME_OK, table=None), Status.UNKNOWN),
])
def test_overall_verdict(given: AppFacts, expected: Status) -> None:
    outcome = decide.decide(given)
    assert outcome.status is expected, outcome.summary


def test_summary_leads_with_the_worst_and_records_each_app() -> None:
    outcome = decide.decide(facts(CHROME_OK, FIREFOX_OLD))
    assert outcome.summary.startswith("Firefox 140.12.0 is out of date")
    assert outcome.observed["chrome_status"] == "pass"
    assert outcome.observed["firefox_version"] == "140.12.0"


# --- Windows --------------------------------------------------------------------------------

def test_windows_names_select_the_apps_and_nothing_else() -> None:
    data = {"uninstall": [
        {"DisplayName": "Microsoft Edge", "DisplayVersion": "152.0.4191.52"},
        {"DisplayName": "Microsoft Edge WebView2 Runtime", "DisplayVersion": "152.0.4191.52"},
        {"DisplayName": "Microsoft Edge Update", "DisplayVersion": "1.3.195.31"},
        {"DisplayName": "Teams Machine-Wide Installer", "DisplayVersion": "1.5.0.30767"},
        {"DisplayName": "Microsoft Teams", "DisplayVersion": "1.6.00.4472"},
        {"DisplayName": "Mozilla Firefox (x64 en-GB)", "DisplayVersion": "156.0.1"},
        {"DisplayName": "Mozilla Firefox ESR 140.16.0esr (x64 en-US)",
         "DisplayVersion": "140.16.0"},
        {"DisplayName": "Mozilla Maintenance Service", "DisplayVersion": "156.0.1"},
        {"DisplayName": "Zoom Workplace (64-bit)", "DisplayVersion": "6.6.10 (67890)"},
        {"DisplayName": "Zoom(64bit)", "DisplayVersion": "6.6.67890"},
        {"DisplayName": "Zoom Outlook Plugin", "DisplayVersion": "6.1.0"},
        {"DisplayName": "Skype version 8.150", "DisplayVersion": "8.150.0.125"},
        {"DisplayName": "Skype for Business", "DisplayVersion": "16.0.1"},
        {"DisplayName": "Google Chrome", "DisplayVersion": None}],
        "appx": {"Name": "MSTeams", "Version": "25290.205.4069.4894"}}
    found = facts_windows._entries(data)
    assert found is not None
    assert [(f.product, f.version) for f in found] == [
        ("edge", "152.0.4191.52"), ("teams_classic", "1.6.00.4472"),
        ("firefox", "156.0.1"), ("firefox", "140.16.0"), ("zoom", "6.6.67890"),
        ("skype", "8.150.0.125"), ("teams", "25290.205.4069.4894")]


@pytest.mark.parametrize("data", [None, [], {"uninstall": "x"}, {"uninstall": [1]}])
def test_windows_unrecognised_answers(data: Any) -> None:
    assert facts_windows._entries(data) is None


def test_windows_script_reads_every_uninstall_view_and_prints_json() -> None:
    for key in ("HKLM:\\SOFTWARE\\Microsoft", "HKLM:\\SOFTWARE\\WOW6432Node\\Microsoft",
                "HKCU:\\SOFTWARE\\Microsoft"):
        assert f"'{key}\\Windows\\CurrentVersion\\Uninstall\\*'" in facts_windows.SCRIPT
    assert "ConvertTo-Json" in facts_windows.SCRIPT and "Get-AppxPackage" in facts_windows.SCRIPT


def test_windows_failing_script_is_unknown() -> None:
    snap = make_snapshot("windows", commands=[cmd(powershell.command(facts_windows.SCRIPT), "",
                                                  1, "Access is denied")])
    assert run_check("session_apps_current", snap, today=TODAY).status is Status.UNKNOWN


# --- Linux ----------------------------------------------------------------------------------

def _linux(*commands: dict[str, Any]) -> Status:
    return run_check("session_apps_current", make_snapshot("linux", commands=commands),
                     today="2026-10-25").status


MISSING = "".join(f"dpkg-query: no packages found matching {p}\n"
                  for p in facts_linux.PACKAGES if p != "firefox")


def test_linux_ubuntu_placeholder_deb_is_skipped_and_the_snap_read() -> None:
    snap_list = ("Name     Version   Rev   Tracking       Publisher  Notes\n"
                 "firefox  152.0-1   6900  latest/stable  mozilla**  -\n")
    status = _linux(cmd(facts_linux.DPKG, "firefox\t1:1snap1-0ubuntu5\n", 1, MISSING),
                    cmd(facts_linux.SNAP, snap_list))
    assert status is Status.WARN  # 152 from the snap, older than the table's line


def test_linux_no_snaps_is_not_a_failure() -> None:
    assert _linux(cmd(facts_linux.SNAP, "No snaps are installed yet. Try 'snap install "
                                        "hello-world'.\n")) is Status.NOT_APPLICABLE
    assert _linux(cmd(facts_linux.SNAP, "", 1, "error: no matching snaps installed\n")) \
        is Status.NOT_APPLICABLE
    assert facts_linux.SNAP[2:] == list(facts_linux.SNAPS), "only the apps' snaps are listed"


@pytest.mark.parametrize("command", [
    cmd(facts_linux.DPKG, "", 2, "dpkg-query: error: failed to open package info file\n"),
    cmd(facts_linux.DPKG, "firefox-esr\t140.16.0esr-1\n", 1, ""),  # exit 1 names nothing
    cmd(facts_linux.DPKG, "<html>\n", 0, ""),
    cmd(facts_linux.SNAP, "error: cannot communicate with server\n"),
    cmd(facts_linux.FLATPAK, "garbage without a tab\n"),
    cmd(facts_linux.RPM, "", 0, ""),
])
def test_linux_sources_that_cannot_be_read_make_it_unknown(command: dict[str, Any]) -> None:
    assert _linux(command) is Status.UNKNOWN


def test_linux_rpm_names_and_versions() -> None:
    out = ("package google-chrome-stable is not installed\npackage microsoft-edge-stable is not "
           "installed\nfirefox\t140.12.0\npackage zoom is not installed\npackage teams is not "
           "installed\npackage skypeforlinux is not installed\n")
    assert _linux(cmd(facts_linux.RPM, out, 5)) is Status.WARN


# --- macOS ----------------------------------------------------------------------------------

def _plist(ident: str, version: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict>'
            f"<key>CFBundleIdentifier</key><string>{ident}</string>"
            f"<key>CFBundleShortVersionString</key><string>{version}</string></dict></plist>")


def test_macos_new_and_classic_teams_by_bundle_identifier() -> None:
    snap = make_snapshot("macos", files={
        "/Applications/Microsoft Teams.app/Contents/Info.plist":
            _plist("com.microsoft.teams2", "25290.205.4069.4894"),
        "/Applications/Microsoft Teams classic.app/Contents/Info.plist":
            _plist("com.microsoft.teams", "1.6.00.4472")})
    result = run_check("session_apps_current", snap, today="2026-10-25")
    assert result.observed.get("teams_classic_version") == "1.6.00.4472"
    assert result.observed.get("teams_version") == "25290.205.4069.4894"


def test_macos_a_bundle_that_is_not_the_app_is_not_read_as_it() -> None:
    snap = make_snapshot("macos", files={
        "/Applications/Safari.app/Contents/Info.plist": _plist("com.example.fake", "99.0")})
    assert run_check("session_apps_current", snap).status is Status.UNKNOWN


def test_macos_binary_plist_is_read_through_plutil() -> None:
    path = "/Applications/Safari.app/Contents/Info.plist"
    snap = make_snapshot("macos", files={path: "bplist00\ufffd\ufffd"}, commands=[
        cmd(["plutil", "-convert", "xml1", "-o", "-", path], _plist("com.apple.Safari", "26.6"))])
    result = run_check("session_apps_current", snap, today="2026-11-05")
    assert result.status is Status.WARN and result.observed["safari_version"] == "26.6"


def test_fixture_tables_stay_json() -> None:
    json.dumps(TABLE.data)  # the table written here is a valid table shape


def test_a_line_with_no_current_version_for_this_system_is_unknown_in_plain_words() -> None:
    # The bundled new-Teams line lists Windows and macOS only: there is no new Teams for Linux.
    teams = [{"cycle": "new", "eol": False,
              "latestByOs": {"windows": "25290.205.4069.4894", "macos": "25290.302.4044.3989"}}]
    table = Table({**TABLE.data, "products": {**TABLE.data["products"], "teams": teams}},
                  Path("t"), "test")
    status, sentence = decide.judge(Found("teams", "25290.1.2.3", "t"), "linux", table, TODAY)
    assert status is Status.UNKNOWN
    assert "no current version of Microsoft Teams for this system" in sentence
    assert "Teams new" not in sentence
