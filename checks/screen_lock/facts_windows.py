"""Windows screen-lock facts: what really locks an idle session, and automatic sign-in.

Four mechanisms lock; the display merely turning off is not one of them on its own:

- the machine inactivity limit policy ``InactivityTimeoutSecs`` (REG_DWORD seconds, 0 = off;
  "Interactive logon: Machine inactivity limit", Microsoft Learn security policy reference);
- a password-protected screen saver: ``ScreenSaveActive`` "1", ``SCRNSAVE.EXE`` naming a .scr,
  ``ScreenSaverIsSecure`` "1", ``ScreenSaveTimeOut`` seconds (REG_SZ), the Group Policy copies
  under ``Software\\Policies`` first (ControlPanelDisplay.admx); Winlogon
  ``ScreenSaverGracePeriod`` seconds, 5 when unset (Windows registry reference);
- sleep: ``STANDBYIDLE`` seconds (0 = never; Microsoft Learn power settings "Sleep idle
  timeout") with ``CONSOLELOCK`` 1 ("Require a password on wakeup": 0 no, 1 yes);
- on Modern Standby only, the display turning off (``VIDEOIDLE`` seconds, 0 = never: "Display
  idle timeout"), since that starts standby; waking it asks for the password per CONSOLELOCK.

After sleep or standby, "If you've been away, when should Windows require you to sign in
again?" (Modern Standby PCs) is ``DelayLockInterval`` under ``Control Panel\\Desktop``: 0 every
time (the Settings default, also when unset), 60/180/300/900 seconds, 0xFFFFFFFF never. Microsoft
documents the delay (policy "Allow users to select when a password is required when resuming
from connected standby", credentialproviders.admx) but not the value; these are the values the
Settings page writes, as public tools read them. It is applied whenever it is set, Modern
Standby or not: without Modern Standby the value is normally absent, and reading it can only
make the answer stricter. Dynamic Lock locks when a paired phone leaves, not when idle: not
counted.

AC and battery both count: the lock time is the later of the two, and a mechanism that is off
on either power source does not count. A laptop spends time on both; on a desktop the battery
values go unused, so this can only be stricter than needed, never a false pass.
"""

from __future__ import annotations

from checks.screen_lock.model import Finding, int_or_none, minutes, soonest
from checks.screen_lock.power_windows import (
    CONSOLELOCK,
    CONSOLELOCK_GUID,
    STANDBYIDLE,
    VIDEOIDLE,
    VIDEOIDLE_GUID,
    AcDc,
    modern_standby,
    parse_powercfg,
    power_setting,
    reg_text,
)
from readiness.check import CheckContext

__all__ = ["CONSOLELOCK_GUID", "VIDEOIDLE_GUID", "gather", "parse_powercfg"]

DESKTOP = "HKCU\\Control Panel\\Desktop\\"
DESKTOP_POLICY = "HKCU\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop\\"
INACTIVITY_POLICY = (
    "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\InactivityTimeoutSecs"
)
WINLOGON = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\"
SIGNIN_DELAY = DESKTOP + "DelayLockInterval"
SIGNIN_NEVER = (0xFFFFFFFF, -1)  # REG_DWORD 0xFFFFFFFF, read signed by some tools


def _windows_screensaver(ctx: CheckContext, f: Finding) -> tuple[tuple[int, int] | None, bool]:
    """((lock time, grace), read-ok) for a password-protected screen saver."""
    values: dict[str, str | None] = {}
    for name in ("ScreenSaveActive", "ScreenSaveTimeOut", "ScreenSaverIsSecure", "SCRNSAVE.EXE"):
        pol, perr = reg_text(ctx, DESKTOP_POLICY + name)
        if perr:
            return None, False
        if pol is not None:
            values[name] = pol
            continue
        user, uerr = reg_text(ctx, DESKTOP + name)
        if uerr:
            return None, False
        values[name] = user
    f.observed["screensaver_active"] = values["ScreenSaveActive"]
    f.observed["screensaver_timeout_s"] = values["ScreenSaveTimeOut"]
    f.observed["screensaver_secure"] = values["ScreenSaverIsSecure"]
    # "(None)" leaves ScreenSaveActive at 1 and removes SCRNSAVE.EXE: only a .scr runs.
    selected = (values["SCRNSAVE.EXE"] or "").lower().endswith(".scr")
    f.observed["screensaver_selected"] = selected
    if values["ScreenSaveActive"] != "1" or not selected:
        return None, True
    timeout = int_or_none(values["ScreenSaveTimeOut"])
    if timeout is None:
        return None, False
    if timeout <= 0:
        return None, True
    if values["ScreenSaverIsSecure"] != "1":
        f.no_password = (f"the screen saver starts after {minutes(timeout)} but does not ask "
                         "for the password")
        return None, True
    grace, gerr = reg_text(ctx, WINLOGON + "ScreenSaverGracePeriod")
    g = 5 if grace is None and gerr is None else int_or_none(grace)  # Windows' default is 5 s
    if g is None:
        return None, False
    f.observed["screensaver_grace_s"] = g
    return (timeout, g), True


def _signin_delay(ctx: CheckContext, f: Finding) -> tuple[int | None, bool]:
    """(seconds before the password is asked after waking, read-ok); None = never asked."""
    text, err = reg_text(ctx, SIGNIN_DELAY)
    delay = 0 if text is None and err is None else int_or_none(text)
    f.observed["signin_delay_s"] = delay
    if delay in SIGNIN_NEVER:
        return None, True
    if delay is None or delay < 0:
        return None, False
    return delay, True


def _power_lock(idle: AcDc | None, lock: AcDc | None, delay: tuple[int | None, bool],
                f: Finding, what: str) -> tuple[tuple[int, int] | None, bool]:
    """((lock time, grace), read-ok) for one power transition that asks for the password on
    wake: ``idle`` the AC/DC timeouts that trigger it."""
    if idle is not None and 0 in idle:
        return None, True  # never happens on one power source: does not lock
    if idle is None or lock is None or not delay[1]:
        return None, False
    if 0 in lock:
        if not f.no_password:
            f.no_password = f"waking from {what} does not ask for the password"
        return None, True
    if delay[0] is None:
        if not f.no_password:
            f.no_password = "Windows is set never to ask for the password again after waking"
        return None, True
    return (max(idle), delay[0]), True


def _power_locks(ctx: CheckContext, f: Finding) -> list[tuple[int, int]]:
    """Sleep, and the display turning off on Modern Standby, each with sign-in on wake."""
    sleep = power_setting(ctx, STANDBYIDLE)
    video = power_setting(ctx, VIDEOIDLE)
    lock = power_setting(ctx, CONSOLELOCK)
    if lock is not None and any(x not in (0, 1) for x in lock):
        lock = None
    standby = modern_standby(ctx)
    delay = _signin_delay(ctx, f)
    f.observed["sleep_ac_s"], f.observed["sleep_dc_s"] = sleep or (None, None)
    f.observed["display_off_ac_s"], f.observed["display_off_dc_s"] = video or (None, None)
    f.observed["signin_on_wake_ac"], f.observed["signin_on_wake_dc"] = lock or (None, None)
    f.observed["modern_standby"] = standby
    found: list[tuple[int, int]] = []
    t, ok = _power_lock(sleep, lock, delay, f, "sleep")
    if not ok:
        f.undetermined.append("the sleep and sign-in-on-wake power settings")
    elif t is not None:
        found.append(t)
    if standby is False or (video is not None and 0 in video):
        return found  # the display turning off locks nothing here
    t, ok = _power_lock(video, lock, delay, f, "standby")
    if not ok or standby is None:
        f.undetermined.append("whether turning the display off locks (Modern Standby)")
    elif t is not None:
        found.append(t)
    return found


def gather(ctx: CheckContext) -> Finding:
    f = Finding(method="InactivityTimeoutSecs policy, screen saver registry values, powercfg "
                       "STANDBYIDLE/VIDEOIDLE/CONSOLELOCK (AC and battery) with their Group "
                       "Policy values, Modern Standby (CsEnabled), DelayLockInterval, Winlogon "
                       "AutoAdminLogon")
    auto, aerr = reg_text(ctx, WINLOGON + "AutoAdminLogon")
    f.observed["auto_admin_logon"] = auto
    if aerr:
        f.autologin_unknown = "whether Windows signs in automatically could not be read"
    elif auto == "1":
        f.autologin = "AutoAdminLogon is on"
    locks: list[tuple[int, int]] = []
    policy, perr = reg_text(ctx, INACTIVITY_POLICY)
    secs = int_or_none(policy)
    f.observed["inactivity_policy_s"] = secs
    if perr or (policy is not None and secs is None):
        f.undetermined.append("the inactivity-limit policy")
    elif secs:
        locks.append((secs, 0))
    saver, ok = _windows_screensaver(ctx, f)
    if not ok:
        f.undetermined.append("the screen saver settings")
    elif saver is not None:
        locks.append(saver)
    locks += _power_locks(ctx, f)
    best = soonest(locks)
    if best is not None:
        f.lock_after_s, f.grace_s = best
    return f
