"""Windows screen lock (issue 11, decision 1): what really locks an idle session.

Turning the display off locks nothing on a PC without Modern Standby; sleep with sign-in on
wake does, and on Modern Standby the display going off starts standby, subject to the
'require sign-in' delay.
"""

from __future__ import annotations

from typing import Any

import pytest

from readiness.model import Status
from tests.helpers import cmd, make_snapshot, run_check

POWER = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Power\\"
DESKTOP = "HKCU\\Control Panel\\Desktop\\"

_SETTINGS = {
    "VIDEOIDLE": ("SUB_VIDEO", "7516b95f-f776-4464-8c53-06167f40cc99",
                  "3c0bc021-c8a8-4e07-a973-6b14cbcb2b7e"),
    "STANDBYIDLE": ("SUB_SLEEP", "238c9fa8-0aad-41ed-83f4-97be242c8f20",
                    "29f6c1db-86da-48c5-9fdb-f2b67b1f44da"),
    "CONSOLELOCK": ("SUB_NONE", "fea3413e-7e05-4911-9a71-700331f1c294",
                    "0e796bdb-100d-47d6-a2d5-f7d2daa51f51"),
}


def powercfg(alias: str, ac: int, dc: int) -> dict[str, Any]:
    """A ``powercfg`` answer in the layout of real outputs (values made up per test)."""
    sub, sub_guid, guid = _SETTINGS[alias]
    text = (
        "Power Scheme GUID: 381b4222-f694-41f0-9685-ff5bb260df2e  (Balanced)\r\n"
        "  GUID Alias: SCHEME_BALANCED\r\n"
        f"  Subgroup GUID: {sub_guid}  (x)\r\n"
        f"    GUID Alias: {sub}\r\n"
        f"    Power Setting GUID: {guid}  (x)\r\n"
        f"      GUID Alias: {alias}\r\n"
        "      Minimum Possible Setting: 0x00000000\r\n"
        "      Maximum Possible Setting: 0xffffffff\r\n"
        f"    Current AC Power Setting Index: 0x{ac:08x}\r\n"
        f"    Current DC Power Setting Index: 0x{dc:08x}\r\n\r\n"
    )
    return cmd(["powercfg", "/qh", "SCHEME_CURRENT", sub, alias], text)


def dword(value: int) -> dict[str, Any]:
    return {"type": "REG_DWORD", "value": value}


def reg_sz(value: str) -> dict[str, Any]:
    return {"type": "REG_SZ", "value": value}


Registry = dict[str, dict[str, Any]]


def windows(*registries: Registry, video: tuple[int, int] = (300, 300),
            sleep: tuple[int, int] = (0, 0), lock: tuple[int, int] = (1, 1)) -> dict[str, Any]:
    """A Windows snapshot; registry paths written with "__" for backslashes."""
    registry = {k: v for r in registries for k, v in r.items()}
    commands = [powercfg("VIDEOIDLE", *video), powercfg("STANDBYIDLE", *sleep),
                powercfg("CONSOLELOCK", *lock)]
    return make_snapshot("windows", commands=commands,
                         registry={k.replace("__", "\\"): v for k, v in registry.items()})


def status(snap: dict[str, Any]) -> Status:
    return run_check("screen_lock", snap).status


def test_display_off_does_not_lock_a_pc_without_modern_standby() -> None:
    """Display off after 5 minutes with 'require a password on wakeup', but the PC never
    sleeps and has no Modern Standby: nothing locks it."""
    snap = windows({"HKLM__SYSTEM__CurrentControlSet__Control__Power__CsEnabled": dword(0)})
    assert status(snap) is Status.FAIL


CS = "HKLM__SYSTEM__CurrentControlSet__Control__Power__CsEnabled"
AOAC = "HKLM__SYSTEM__CurrentControlSet__Control__Power__PlatformAoAcOverride"
DELAY = "HKCU__Control Panel__Desktop__DelayLockInterval"
POLICY = "HKLM__SOFTWARE__Policies__Microsoft__Power__PowerSettings__"
INACTIVITY = ("HKLM__SOFTWARE__Microsoft__Windows__CurrentVersion__Policies__System__"
              "InactivityTimeoutSecs")
LOCK_GUID = "0e796bdb-100d-47d6-a2d5-f7d2daa51f51"
SLEEP_GUID = "29f6c1db-86da-48c5-9fdb-f2b67b1f44da"
MS = {CS: dword(1)}
NO_MS = {CS: dword(0)}


@pytest.mark.parametrize(
    ("snap", "expected"),
    [
        # Display off on Modern Standby: standby starts, the password is asked on wake.
        (windows(MS), Status.PASS),
        (windows(MS, {DELAY: dword(0)}), Status.PASS),  # 'Every Time'
        (windows(MS, {DELAY: dword(900)}), Status.WARN),  # 15 minutes without password
        (windows(MS, {DELAY: dword(0xFFFFFFFF)}), Status.FAIL),  # 'Never'
        (windows(MS, {DELAY: dword(-1)}), Status.FAIL),  # 'Never' read signed
        (windows(MS, {DELAY: reg_sz("soon")}), Status.UNKNOWN),
        (windows(MS, {DELAY: dword(-5)}), Status.UNKNOWN),
        (windows(MS, lock=(1, 0)), Status.FAIL),  # no password on battery
        (windows(MS, lock=(1, 2)), Status.UNKNOWN),  # not a CONSOLELOCK value
        (windows(MS, video=(300, 0)), Status.FAIL),  # display never off on battery
        (windows(MS, video=(1200, 300)), Status.WARN),  # worst of AC and battery
        # Modern Standby switched off, or not known: the display going off proves nothing.
        (windows(MS, {AOAC: dword(0)}), Status.FAIL),
        (windows(MS, {AOAC: dword(1)}), Status.PASS),
        (windows(), Status.UNKNOWN),
        (windows({CS: {"type": "REG_MULTI_SZ", "value": ["1"]}}), Status.UNKNOWN),
        # Sleep with the password on wake locks, Modern Standby or not.
        (windows(NO_MS, sleep=(600, 300)), Status.PASS),
        (windows(sleep=(600, 300)), Status.PASS),
        (windows(NO_MS, sleep=(1800, 300)), Status.WARN),
        (windows(NO_MS, sleep=(0, 300)), Status.FAIL),  # never sleeps on mains
        (windows(NO_MS, sleep=(600, 300), lock=(0, 0)), Status.FAIL),
        (windows(NO_MS, {DELAY: dword(300)}, sleep=(600, 300)), Status.WARN),
        (windows(NO_MS, {DELAY: dword(0xFFFFFFFF)}, sleep=(600, 300)), Status.FAIL),
        # The machine inactivity limit: seconds, 0 = not enforced.
        (windows(NO_MS, {INACTIVITY: dword(600)}), Status.PASS),
        (windows(NO_MS, {INACTIVITY: dword(601)}), Status.WARN),
        (windows(NO_MS, {INACTIVITY: dword(0)}), Status.FAIL),
        (windows(NO_MS, {INACTIVITY: reg_sz("ten minutes")}), Status.UNKNOWN),
        # Group Policy wins over the power plan.
        (windows(NO_MS, {POLICY + LOCK_GUID + "__DCSettingIndex": dword(0)},
                 sleep=(600, 300)), Status.FAIL),
        (windows(NO_MS, {POLICY + SLEEP_GUID + "__ACSettingIndex": dword(300),
                         POLICY + SLEEP_GUID + "__DCSettingIndex": dword(300)},
                 sleep=(0, 0)), Status.PASS),
        (windows(NO_MS, {POLICY + SLEEP_GUID + "__ACSettingIndex": dword(3600)},
                 sleep=(600, 300)), Status.FAIL),
        (windows(NO_MS, {POLICY + SLEEP_GUID + "__ACSettingIndex": reg_sz("x")},
                 sleep=(600, 300)), Status.UNKNOWN),
    ],
)
def test_what_locks(snap: dict[str, Any], expected: Status) -> None:
    result = run_check("screen_lock", snap)
    assert result.status is expected, result.summary


def test_powercfg_unreadable_is_unknown_never_fail() -> None:
    snap = make_snapshot("windows", registry={CS.replace("__", "\\"): dword(0)})
    assert status(snap) is Status.UNKNOWN


SAVER = "HKCU__Control Panel__Desktop__"
WINLOGON = "HKLM__SOFTWARE__Microsoft__Windows NT__CurrentVersion__Winlogon__"


def saver(secure: str = "1", timeout: str = "300") -> Registry:
    return {SAVER + "ScreenSaveActive": reg_sz("1"), SAVER + "ScreenSaveTimeOut": reg_sz(timeout),
            SAVER + "ScreenSaverIsSecure": reg_sz(secure),
            SAVER + "SCRNSAVE.EXE": reg_sz("C:\\Windows\\system32\\Mystify.scr")}


@pytest.mark.parametrize(
    ("snap", "expected"),
    [
        (windows(NO_MS, saver()), Status.PASS),  # Windows' default 5 s grace
        (windows(NO_MS, saver(), {WINLOGON + "ScreenSaverGracePeriod": reg_sz("60")}),
         Status.WARN),
        (windows(NO_MS, saver(), {WINLOGON + "ScreenSaverGracePeriod": reg_sz("x")}),
         Status.UNKNOWN),
        (windows(NO_MS, saver(secure="0")), Status.FAIL),  # no password, nothing else locks
        (windows(NO_MS, saver(timeout="1200")), Status.WARN),
        (windows(NO_MS, saver(), {WINLOGON + "AutoAdminLogon": reg_sz("1")}), Status.FAIL),
        (windows(NO_MS, saver(), {WINLOGON + "AutoAdminLogon": reg_sz("0")}), Status.PASS),
        # "(None)" selected: ScreenSaveActive stays 1 but no .scr runs.
        (windows(NO_MS, {**saver(), SAVER + "SCRNSAVE.EXE": reg_sz("")}), Status.FAIL),
    ],
)
def test_screen_saver_and_automatic_sign_in(snap: dict[str, Any], expected: Status) -> None:
    result = run_check("screen_lock", snap)
    assert result.status is expected, result.summary


def test_a_secure_screen_saver_wins_over_a_delayed_sign_in() -> None:
    """Screen saver with the password after 5 minutes; standby with a 15-minute sign-in
    delay: the screen saver locks in time, so the delay does not matter."""
    snap = windows(MS, {DELAY: dword(900),
                            "HKCU__Control Panel__Desktop__ScreenSaveActive": reg_sz("1"),
                            "HKCU__Control Panel__Desktop__ScreenSaveTimeOut": reg_sz("300"),
                            "HKCU__Control Panel__Desktop__ScreenSaverIsSecure": reg_sz("1"),
                            "HKCU__Control Panel__Desktop__SCRNSAVE.EXE":
                                reg_sz("C:\\Windows\\system32\\Mystify.scr")})
    assert status(snap) is Status.PASS


def test_dynamic_lock_is_not_an_idle_lock() -> None:
    """Dynamic Lock (a paired phone walking away) is not read: it does not lock when idle."""
    snap = windows(NO_MS, {
        "HKCU__Software__Microsoft__Windows NT__CurrentVersion__Winlogon__EnableGoodbye":
            dword(1)})
    assert status(snap) is Status.FAIL
