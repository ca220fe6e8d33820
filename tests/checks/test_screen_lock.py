"""Parsers and decisions of the screen-lock check."""

from __future__ import annotations

from checks.screen_lock import facts_macos
from checks.screen_lock import facts_windows as win
from checks.screen_lock.decide import decide
from checks.screen_lock.model import Finding
from readiness.model import Status
from tests.helpers import cmd, make_snapshot, run_check

GERMAN_VIDEOIDLE = (
    "Energieschema-GUID: 381b4222-f694-41f0-9685-ff5bb260df2e  (Ausbalanciert)\r\n"
    "    Energieeinstellungs-GUID: 3c0bc021-c8a8-4e07-a973-6b14cbcb2b7e  (Bildschirm aus)\r\n"
    "      Minimale m\u00f6gliche Einstellung: 0x00000000\r\n"
    "      Maximale m\u00f6gliche Einstellung: 0xffffffff\r\n"
    "    Aktueller Wechselstrom-Energieeinstellungsindex: 0x00000258\r\n"
    "    Aktueller Gleichstrom-Energieeinstellungsindex: 0x0000012c\r\n"
)


def test_powercfg_read_by_guid_and_position() -> None:
    assert win.parse_powercfg(GERMAN_VIDEOIDLE, win.VIDEOIDLE_GUID) == (600, 300)
    assert win.parse_powercfg(GERMAN_VIDEOIDLE.upper(), win.VIDEOIDLE_GUID) == (600, 300)
    assert win.parse_powercfg(GERMAN_VIDEOIDLE, win.CONSOLELOCK_GUID) is None
    assert win.parse_powercfg("error 0x1", win.VIDEOIDLE_GUID) is None


def test_sysadminctl_phrases() -> None:
    prefix = "2026-11-21 12:00:00.123 sysadminctl[1:2] "
    assert facts_macos.parse_sysadminctl(prefix + "screenLock delay is immediate") == (True, 0)
    assert facts_macos.parse_sysadminctl(prefix + "screenLock delay is 60 seconds") == (True, 60)
    assert facts_macos.parse_sysadminctl(prefix + "screenLock is off") == (False, 0)
    assert facts_macos.parse_sysadminctl("screenLock delay is -1.000000 seconds") == (False, 0)
    assert facts_macos.parse_sysadminctl("something else") is None


def test_pmset_custom_lists_each_power_source() -> None:
    text = "Battery Power:\n displaysleep         2\nAC Power:\n displaysleep         10\n"
    assert facts_macos.parse_pmset_displaysleep(text) == [2, 10]
    assert facts_macos.parse_pmset_displaysleep(" displaysleep 10\n") is None


def test_macos_screen_saver_alone_can_prove_the_lock() -> None:
    """Display sleep unreadable, but the screen saver starts at 5 minutes with an immediate
    password: that is positive evidence of a lock within 10 minutes."""
    snap = make_snapshot("macos", commands=[
        cmd(["defaults", "read", "/Library/Preferences/com.apple.loginwindow", "autoLoginUser"],
            returncode=1, stderr="The domain/default pair of (x, autoLoginUser) does not exist"),
        cmd(["sysadminctl", "-screenLock", "status"],
            stderr="2026-11-21 sysadminctl[1:2] screenLock delay is immediate"),
        cmd(["defaults", "-currentHost", "read", "com.apple.screensaver", "idleTime"], "300\n"),
    ])
    assert run_check("screen_lock", snap).status is Status.PASS


def test_gnome_schemas_without_gnome_running_is_unknown() -> None:
    """Installed GNOME schemas answer with defaults on any desktop; the running desktop
    decides, so a KDE-less, GNOME-less session is unknown, never a pass on defaults."""
    snap = make_snapshot("linux", commands=[
        cmd(["gsettings", "get", "org.gnome.desktop.session", "idle-delay"], "uint32 300\n"),
        cmd(["gsettings", "get", "org.gnome.desktop.screensaver", "lock-enabled"], "true\n"),
        cmd(["gsettings", "get", "org.gnome.desktop.screensaver", "lock-delay"], "uint32 0\n"),
        cmd(["gsettings", "get", "org.gnome.desktop.lockdown", "disable-lock-screen"],
            "false\n"),
    ], processes=[{"name": "cinnamon", "exe": "/usr/bin/cinnamon", "username": "u"}])
    result = run_check("screen_lock", snap)
    assert result.status is Status.UNKNOWN
    assert "Cinnamon" in result.summary


def test_decide_thresholds() -> None:
    assert decide(Finding(lock_after_s=600)).status is Status.PASS
    assert decide(Finding(lock_after_s=601)).status is Status.WARN
    assert decide(Finding(lock_after_s=1800)).status is Status.WARN
    assert decide(Finding(lock_after_s=1801)).status is Status.FAIL
    assert decide(Finding(lock_after_s=300, grace_s=6)).status is Status.WARN
    assert decide(Finding(lock_after_s=None)).status is Status.FAIL
    assert decide(Finding(lock_after_s=None, undetermined=["x"])).status is Status.UNKNOWN
    assert decide(Finding(lock_after_s=60, autologin="on")).status is Status.FAIL
    assert decide(Finding(lock_after_s=60, autologin_unknown="?")).status is Status.UNKNOWN
