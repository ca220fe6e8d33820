"""updates_installed on the rpm, SUSE and Arch families and Flatpak: dnf's cached lists in a
quick run, zypper's cached patches, checkupdates and flatpak in a deep run. Exit codes decide
as each tool documents them; anything unrecognised is unknown, never a pass."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from checks.registry import by_id
from checks.updates import linux_tools as lt
from readiness import catalogue as catalogue_mod
from readiness.model import CheckResult, Status
from readiness.probe import snapshot as snapshot_mod
from readiness.runner import Runner
from tests.helpers import ConsultingReplayHost, cmd, make_snapshot
from tests.test_faults import _variants

TODAY = date(2026, 11, 21)
FEDORA = {"/etc/os-release": 'NAME="Fedora Linux"\nID=fedora\nVERSION_ID=43\n'}
LEAP = {"/etc/os-release": 'NAME="openSUSE Leap"\nID="opensuse-leap"\nID_LIKE="suse opensuse"\n'}
ARCH = {"/etc/os-release": 'NAME="Arch Linux"\nID=arch\n'}
META = "Last metadata expiration check: 0:41:07 ago on Sat 21 Nov 2026 11:02:13 GMT.\n"
OLD_META = "Last metadata expiration check: 12 days, 3:00:01 ago on Mon 09 Nov 2026 08:02:12.\n"
PKG = "kernel.x86_64    6.17.7-300.fc43    updates\n"
FRESH_RAW = cmd(["stat", "-c", "%Y", lt.ZYPPER_RAW], "1795176000\n")  # 2026-11-20
XML_NONE = ("<?xml version='1.0'?>\n<stream>\n<update-status version=\"0.6\">\n<update-list>\n"
            "</update-list>\n</update-status>\n</stream>\n")
XML_TWO = ("<?xml version='1.0'?>\n<stream>\n<update-status version=\"0.6\">\n<update-list>\n"
           '<update kind="patch" name="openSUSE-Leap-16.0-112" edition="1" arch="noarch" '
           'status="needed" category="security" severity="important"><summary>Security update '
           "for qemu</summary></update>\n"
           '<update kind="patch" name="openSUSE-Leap-16.0-113" edition="1" arch="noarch" '
           'status="needed" category="security" severity="important"></update>\n'
           "</update-list>\n</update-status>\n</stream>\n")


def run(snap: dict[str, Any], *, deep: bool = False,
        host: ConsultingReplayHost | None = None) -> CheckResult:
    h = host or ConsultingReplayHost(snapshot_mod.parse(copy.deepcopy(snap)))
    runner = Runner([by_id()["updates_installed"]], catalogue_mod.load(), h, today=TODAY,
                    deep=deep)
    (result,) = runner.run().results
    return result


@pytest.mark.parametrize(("commands", "expect", "words"), [
    ([cmd(lt.DNF_CACHED, META)], Status.PASS, "No updates are waiting."),
    ([cmd(lt.DNF_CACHED, OLD_META)], Status.WARN, "12 days ago"),
    ([cmd(lt.DNF_CACHED, META + "\n" + PKG * 2, 100),
      cmd(lt.DNF_CACHED_SECURITY, META + "\n" + PKG, 100)], Status.FAIL, "1 security update"),
    ([cmd(lt.DNF_CACHED, META + "\n" + PKG * 2, 100), cmd(lt.DNF_CACHED_SECURITY, META)],
     Status.WARN, "2 updates are waiting to be installed (none marked as security)"),
    # the advisories could not be read: still waiting updates, security unknown
    ([cmd(lt.DNF_CACHED, META + "\n" + PKG, 100), cmd(lt.DNF_CACHED_SECURITY, "", 1)],
     Status.WARN, "could not tell which are security"),
    # dnf 5 says nothing of its lists' age: a "none" cannot pass
    ([cmd(lt.DNF_CACHED, "Repositories loaded.\n")], Status.UNKNOWN, "last refreshed"),
    ([cmd(lt.DNF_CACHED, "", 1, "Error: Cache-only enabled but no cache for 'fedora'\n")],
     Status.UNKNOWN, "dnf stopped with an error (code 1)"),
    ([cmd(lt.DNF_CACHED, "", 0)], Status.UNKNOWN, "not recognised"),
    # a repository dnf could not use leaves "nothing waiting" untold
    ([cmd(lt.DNF_CACHED, META, 0, "Cache-only enabled but no cache for 'updates', disabling.\n")],
     Status.UNKNOWN, "skipped a repository"),
    ([cmd(lt.DNF_CACHED, META, 0, "Ignoring repositories: updates\n")], Status.UNKNOWN,
     "skipped a repository"),
    ([], Status.UNKNOWN, "(dnf is not installed)"),
])
def test_quick_dnf_reads_the_cached_lists(commands: list[dict[str, Any]], expect: Status,
                                          words: str) -> None:
    result = run(make_snapshot("linux", files=FEDORA, commands=commands))
    assert result.status is expect, result.summary
    assert words in result.summary


def test_quick_dnf_pass_never_passes_under_faults() -> None:
    snap = make_snapshot("linux", files=FEDORA, commands=[cmd(lt.DNF_CACHED, META)])
    host = ConsultingReplayHost(snapshot_mod.parse(copy.deepcopy(snap)))
    assert run(snap, host=host).status is Status.PASS
    broken = [label for kind, key in dict.fromkeys(host.consulted)
              for label, variant in _variants(snap, kind, key)
              if run(variant).status is Status.PASS]
    assert not broken


def test_dnf_count_skips_the_obsoleting_section() -> None:
    text = META + "\n" + PKG * 3 + "Obsoleting Packages\n" + PKG + "    grub2.x86_64  1  @System\n"
    assert lt.dnf_count(text) == 3


@pytest.mark.parametrize(("text", "day"), [
    (META, date(2026, 11, 21)),
    (OLD_META, date(2026, 11, 9)),
    ("Last metadata expiration check: 1 day, 0:00:09 ago on x.\n", date(2026, 11, 20)),
    ("Repositories loaded.\n", None),
    ("Dernière vérification : il y a 0:41:07\n", None),
])
def test_dnf_lists_age(text: str, day: date | None) -> None:
    assert lt.dnf_lists_age(text, TODAY) == day


@pytest.mark.parametrize(("text", "counted"), [
    (XML_NONE, 0),
    (XML_TWO, 2),
    (XML_TWO.replace('status="needed"', 'status="applied"', 1), 1),
    ("<stream><message type=\"error\">System management is locked</message></stream>",
     "zypper's answer held no patch list"),
    # a pending zypper patch holds every other needed patch back: those still count
    (XML_NONE.replace("</update-list>", "</update-list>\n<blocked-update-list>\n"
                      + XML_TWO.split("<update-list>\n")[1].split("</update-list>")[0]
                      + "</blocked-update-list>"), 2),
    # a repository skipped for missing metadata: its patches are not in the list
    (XML_NONE.replace("<update-status", '<message type="warning">Repository \'repo-update\' '
                      "is out-of-date.</message>\n<update-status"),
     "zypper warned: Repository 'repo-update' is out-of-date."),
    (XML_TWO.replace("<update-status", '<message type="warning">Skipping</message><update-status'),
     2),
    ("Loading repository data...\n", "zypper's answer was not the XML it prints"),
    ("", "zypper's answer was not the XML it prints"),
    ('<!DOCTYPE s [<!ENTITY a "b">]><stream/>', "zypper's answer held markup it does not print"),
    (XML_NONE.replace("</update-list>", '<update kind="package" name="bash"/></update-list>'),
     "zypper listed something other than a patch"),
])
def test_parse_zypper_patches(text: str, counted: int | str) -> None:
    assert lt.parse_zypper_patches(text) == counted


@pytest.mark.parametrize(("commands", "expect", "words"), [
    ([cmd(lt.ZYPPER_PATCHES, XML_NONE), FRESH_RAW], Status.PASS,
     "No security patches are waiting."),
    ([cmd(lt.ZYPPER_PATCHES, XML_TWO), FRESH_RAW], Status.FAIL, "2 security updates"),
    ([cmd(lt.ZYPPER_PATCHES, XML_NONE)], Status.UNKNOWN, "last refreshed"),
    ([cmd(lt.ZYPPER_PATCHES, XML_NONE), cmd(["stat", "-c", "%Y", lt.ZYPPER_RAW], "1793534400\n")],
     Status.WARN, "20 days ago"),
    ([cmd(lt.ZYPPER_PATCHES, "", 7, "System management is locked"), FRESH_RAW],
     Status.UNKNOWN, "zypper stopped with an error (code 7)"),
])
def test_quick_zypper(commands: list[dict[str, Any]], expect: Status, words: str) -> None:
    result = run(make_snapshot("linux", files=LEAP, commands=commands))
    assert result.status is expect, result.summary
    assert words in result.summary


def test_quick_zypper_pass_never_passes_under_faults() -> None:
    snap = make_snapshot("linux", files=LEAP, commands=[cmd(lt.ZYPPER_PATCHES, XML_NONE),
                                                        FRESH_RAW])
    host = ConsultingReplayHost(snapshot_mod.parse(copy.deepcopy(snap)))
    assert run(snap, host=host).status is Status.PASS
    broken = [label for kind, key in dict.fromkeys(host.consulted)
              for label, variant in _variants(snap, kind, key)
              if run(variant).status is Status.PASS]
    assert not broken


@pytest.mark.parametrize(("rc", "out", "expect"), [
    (2, "", Status.PASS),
    (0, "linux 6.6.8.arch1-1 -> 6.6.9.arch1-1\nvim 9.0.2120-1 -> 9.0.2121-1\n", Status.WARN),
    (1, "", Status.UNKNOWN),  # checkupdates: "Cannot fetch updates"
    (0, "", Status.UNKNOWN),  # "updates" with none listed: not its answer
    (2, "==> ERROR: Cannot fetch updates\n", Status.UNKNOWN),
    (0, "linux 6.6.8.arch1-1 -> 6.6.9.arch1-1\n:: Synchronizing package databases...\n",
     Status.UNKNOWN),
])
def test_deep_arch_checkupdates(rc: int, out: str, expect: Status) -> None:
    snap = make_snapshot("linux", files=ARCH, commands=[cmd(lt.CHECKUPDATES, out, rc)])
    assert run(snap, deep=True).status is expect


def test_quick_arch_never_runs_checkupdates() -> None:
    snap = make_snapshot("linux", files=ARCH, commands=[cmd(lt.CHECKUPDATES, "", 2)])
    host = ConsultingReplayHost(snapshot_mod.parse(copy.deepcopy(snap)))
    result = run(snap, host=host)
    assert result.status is Status.UNKNOWN and "deep check" in result.summary
    assert not [k for kind, k in host.consulted if kind == "command"]


@pytest.mark.parametrize(("flatpak", "expect", "words"), [
    (None, Status.PASS, "no updates waiting"),  # Flatpak not installed: nothing to add
    (cmd(lt.FLATPAK_UPDATES, ""), Status.PASS, "no updates waiting"),
    (cmd(lt.FLATPAK_UPDATES, "org.mozilla.firefox\norg.gnome.Platform\n"), Status.WARN,
     "2 Flatpak app updates are waiting (org.mozilla.firefox; org.gnome.Platform)."),
    (cmd(lt.FLATPAK_UPDATES, "", 1, "error: Unable to load summary from remote flathub"),
     Status.UNKNOWN, "Flatpak"),
    (cmd(lt.FLATPAK_UPDATES, "Firefox\torg.mozilla.firefox\t131.0\tstable\n"), Status.UNKNOWN,
     "Flatpak"),
])
def test_deep_flatpak_apps(flatpak: dict[str, Any] | None, expect: Status, words: str) -> None:
    commands = [cmd(lt.CHECKUPDATES, "", 2)] + ([flatpak] if flatpak else [])
    result = run(make_snapshot("linux", files=ARCH, commands=commands), deep=True)
    assert result.status is expect, result.summary
    assert words in result.summary
