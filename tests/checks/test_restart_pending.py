"""Restart pending: kernel comparison, the parsers and the verdicts as tables."""

from __future__ import annotations

from datetime import date

import pytest

from checks.restart_pending import decide as rules
from checks.restart_pending import facts_linux as lin
from checks.restart_pending import facts_macos as mac
from checks.restart_pending import facts_windows as win
from checks.restart_pending.kernels import compare, kernel_releases, newer_kernels
from checks.restart_pending.model import LinuxFacts, MacFacts, Uptime, WindowsFacts
from readiness.model import Status
from tests.helpers import cmd, make_snapshot, run_check


@pytest.mark.parametrize(("a", "b", "sign"), [
    ("6.1.0-30-amd64", "6.1.0-28-amd64", 1),
    ("6.1.0-28-amd64", "6.1.0-28-amd64", 0),
    ("6.8.0-9-generic", "6.8.0-45-generic", -1),
    ("6.12.1-200.fc41.x86_64", "6.11.4-301.fc41.x86_64", 1),
    ("6.11.5-arch1-1", "6.11.5-arch1-2", -1),
    ("5.3.7-301.fc31.x86_64", "5.3.7-301.fc31", 1),
])
def test_compare(a: str, b: str, sign: int) -> None:
    assert compare(a, b) == sign
    assert compare(b, a) == -sign


def test_newer_kernels_only_of_the_same_flavour() -> None:
    installed = ("6.1.0-28-amd64", "6.1.0-30-amd64", "6.1.0-31-rt-amd64", "6.1.0-27-amd64")
    assert newer_kernels("6.1.0-28-amd64", installed) == ["6.1.0-30-amd64"]
    assert newer_kernels("6.1.0-30-amd64", installed) == []
    assert kernel_releases(("6.1.0-28-amd64", "extramodules-6.1", "", ".x")) == ("6.1.0-28-amd64",)


def linux(**over: object) -> LinuxFacts:
    base: dict[str, object] = {
        "uptime": Uptime(3), "flag": False, "running_kernel": "6.8.0-45-generic",
        "installed_kernels": ("6.8.0-40-generic", "6.8.0-45-generic")}
    base.update(over)
    return LinuxFacts(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(("facts", "status", "words"), [
    (linux(), Status.PASS, "3 days ago"),
    (linux(needs_restarting=False), Status.PASS, ""),
    (linux(uptime=Uptime(14)), Status.PASS, ""),
    (linux(uptime=Uptime(15)), Status.WARN, "15 days ago"),
    (linux(flag=True, flag_packages=("linux-image-6.8.0-47-generic", "libc6")), Status.WARN,
     "asked for by linux-image-6.8.0-47-generic, libc6"),
    (linux(flag=True), Status.WARN, "the system says a restart is required"),
    (linux(needs_restarting=True), Status.WARN, "needs-restarting"),
    (linux(installed_kernels=("6.8.0-45-generic", "6.8.0-47-generic")), Status.WARN,
     "a newer kernel (6.8.0-47-generic)"),
    # Arch removes the running kernel's modules when it installs a new one.
    (linux(running_kernel="6.11.5-arch1-1", installed_kernels=("6.11.6-arch1-1",)),
     Status.WARN, "newer kernel"),
    (linux(running_kernel="6.11.5-arch1-1", installed_kernels=("6.11.4-zen1-1",)),
     Status.WARN, "no longer installed"),
    (linux(installed_kernels=()), Status.UNKNOWN, "no installed kernel"),
    (linux(installed_kernels=None, kernel_problem="listing refused"), Status.UNKNOWN,
     "listing refused"),
    (linux(uptime=Uptime(None, "/proc/uptime unreadable")), Status.UNKNOWN, "unreadable"),
    (linux(flag=None, flag_problem="flag unreadable"), Status.UNKNOWN, "flag unreadable"),
    (linux(needs_restarting_problem="odd answer"), Status.UNKNOWN, "odd answer"),
    # A reason stands even when something else could not be read.
    (linux(flag=True, uptime=Uptime(None, "no uptime")), Status.WARN, "could not be checked"),
])
def test_linux_table(facts: LinuxFacts, status: Status, words: str) -> None:
    out = rules.decide_linux(facts)
    assert out.status is status, out.summary
    assert words in out.summary
    if status is Status.WARN:
        assert "Restart before your session, not during it." in out.summary


def windows(**over: object) -> WindowsFacts:
    base: dict[str, object] = {"reboot_required": False, "reboot_pending": False,
                               "uptime": Uptime(2), "renames": 0}
    base.update(over)
    return WindowsFacts(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(("facts", "status", "words"), [
    (windows(), Status.PASS, ""),
    (windows(reboot_required=True), Status.WARN, "Windows Update"),
    (windows(reboot_pending=True), Status.WARN, "finished installing components"),
    (windows(renames=3), Status.WARN, "3 files"),
    (windows(uptime=Uptime(30)), Status.WARN, "30 days ago"),
    (windows(reboot_required=None, reboot_pending=None, uptime=Uptime(None, "x"),
             script_problem="x"), Status.UNKNOWN, "restart flags could not be read"),
    (windows(renames=None, renames_problem="renames unreadable"), Status.UNKNOWN,
     "renames unreadable"),
])
def test_windows_table(facts: WindowsFacts, status: Status, words: str) -> None:
    out = rules.decide_windows(facts)
    assert out.status is status, out.summary
    assert words in out.summary


@pytest.mark.parametrize(("facts", "status", "words"), [
    (MacFacts(Uptime(1), 0), Status.PASS, ""),
    (MacFacts(Uptime(1), 2, ("macOS Sequoia 15.1", "Safari 18.1")), Status.WARN,
     "2 macOS updates are waiting (macOS Sequoia 15.1, Safari 18.1)"),
    (MacFacts(Uptime(40), 0), Status.WARN, "40 days ago"),
    (MacFacts(Uptime(1), None, waiting_problem="record unreadable"), Status.UNKNOWN,
     "record unreadable"),
    (MacFacts(Uptime(None, "no boot time"), 0), Status.UNKNOWN, "no boot time"),
])
def test_macos_table(facts: MacFacts, status: Status, words: str) -> None:
    out = rules.decide_macos(facts)
    assert out.status is status, out.summary
    assert words in out.summary


@pytest.mark.parametrize(("text", "days"), [
    ("350735.47 234388.90\n", 4),
    ("2425.93 1920.95\n", 0),
    ("", None), ("garbage", None), ("1 2 3", None), ("-5.0 1.0", None), ("nan x", None),
])
def test_parse_uptime(text: str, days: int | None) -> None:
    assert lin.parse_uptime(text) == days


@pytest.mark.parametrize(("stdout", "rc", "answer"), [
    ("Core libraries or services have been updated since boot-up:\n  * kernel\n\n"
     "Reboot is required to fully utilize these updates.\n"
     "More information: https://access.redhat.com/solutions/27943\n", 1, True),
    ("Core libraries or services have been updated:\n  kernel -> 3.10.0-1160.119.1.el7\n\n"
     "Reboot is required to ensure that your system benefits from these updates.\n\n"
     "More information:\nhttps://access.redhat.com/solutions/27943\n", 1, True),
    ("No core libraries or services have been updated since boot-up.\n"
     "Reboot should not be necessary.\n", 0, False),
    ("No core libraries or services have been updated.\nReboot is probably not necessary.\n",
     0, False),
    # Exit code and words must agree; anything else (an unknown subcommand, say) is no answer.
    ("Reboot should not be necessary.\n", 1, None),
    ("Reboot is required to fully utilize these updates.\n", 0, None),
    ("No such command: needs-restarting.\n", 1, None),
    ("", 0, None),
])
def test_parse_needs_restarting(stdout: str, rc: int, answer: bool | None) -> None:
    assert lin.parse_needs_restarting(stdout, rc) is answer


@pytest.mark.parametrize(("text", "booted"), [
    ("{ sec = 1477761334, usec = 664698 } Sat Oct 29 17:15:34 2016\n", date(2016, 10, 29)),
    ("{ sec = 1684396800, usec = 0 }", date(2023, 5, 18)),
    ("kern.boottime: { sec = 1477761334, usec = 664698 }", None),
    ("", None), ("{ sec = x, usec = 1 }", None), ("{ sec = 99999999999999999999, usec = 1 }", None),
])
def test_parse_boottime(text: str, booted: date | None) -> None:
    assert mac.parse_boottime(text) == booted


def test_a_boot_time_after_today_is_not_trusted() -> None:
    snap = make_snapshot("macos", commands=[
        cmd(mac.BOOTTIME, "{ sec = 1684396800, usec = 0 } Thu May 18 08:00:00 2023\n")])
    result = run_check("restart_pending", snap, today="2023-05-01")
    assert result.status is Status.UNKNOWN
    assert "after today's date" in result.summary


@pytest.mark.parametrize(("text", "parsed"), [
    ('{"reboot_required":true,"reboot_pending":false,"uptime_seconds":86400}',
     (True, False, 86400)),
    ('\ufeff{"reboot_required":false,"reboot_pending":true,"uptime_seconds":0}\r\n',
     (False, True, 0)),
    ('{"reboot_required":"True","reboot_pending":false,"uptime_seconds":1}', None),
    ('{"reboot_required":false,"reboot_pending":false,"uptime_seconds":-1}', None),
    ('{"reboot_required":false,"reboot_pending":false,"uptime_seconds":true}', None),
    ('{"reboot_required":false,"reboot_pending":false}', None),
    ('[{"reboot_required":false},{"reboot_pending":false}]', None),
    ("", None), ("garbage", None),
])
def test_parse_windows_script(text: str, parsed: tuple[bool, bool, int] | None) -> None:
    assert win.parse_script(text) == parsed


@pytest.mark.parametrize(("value", "count"), [
    (["\\??\\C:\\a.dll", "", "\\??\\C:\\b.tmp", "!\\??\\C:\\b.dll"], 2),
    ([], 0), ([""], 0), ("C:\\a.dll", None), (7, None), (["a", 1], None),
])
def test_count_renames(value: object, count: int | None) -> None:
    assert win.count_renames(value) == count


def test_ubuntu_flag_names_its_packages() -> None:
    snap = make_snapshot("linux", files={
        lin.UPTIME: "3600.00 3500.00\n", lin.OSRELEASE: "6.8.0-45-generic\n",
        lin.FLAG: "*** System restart required ***\n",
        lin.FLAG_PACKAGES: "linux-image-6.8.0-47-generic\nlinux-base\nlinux-base\n"},
        dirs={lin.MODULES: ["6.8.0-45-generic", "6.8.0-47-generic"]})
    result = run_check("restart_pending", snap)
    assert result.status is Status.WARN
    assert "asked for by linux-image-6.8.0-47-generic, linux-base" in result.summary
    assert "a newer kernel (6.8.0-47-generic)" in result.summary
