"""macOS screen-lock facts: sysadminctl, screen saver and display sleep, automatic login."""

from __future__ import annotations

import re

from checks.screen_lock.model import Finding, int_or_none
from readiness.check import CheckContext

_SL_OFF = re.compile(r"screenLock is off\b")
_SL_IMMEDIATE = re.compile(r"screenLock delay is immediate\b")
_SL_SECONDS = re.compile(r"screenLock delay is (-?\d+)(?:\.\d+)? seconds?\b")
_DOES_NOT_EXIST = "does not exist"


def parse_sysadminctl(text: str) -> tuple[bool, int] | None:
    """(password required?, delay in seconds) from ``sysadminctl -screenLock status``."""
    if _SL_OFF.search(text):
        return False, 0
    if _SL_IMMEDIATE.search(text):
        return True, 0
    m = _SL_SECONDS.search(text)
    if m:
        delay = int(m.group(1))
        return (False, 0) if delay < 0 else (True, delay)
    return None


def parse_pmset_displaysleep(text: str) -> list[int] | None:
    """displaysleep minutes for each power source listed by ``pmset -g custom``."""
    found: list[int] = []
    section = False
    for line in text.splitlines():
        if re.match(r"^\S.*:\s*$", line):
            section = True
            continue
        m = re.match(r"^\s*displaysleep\s+(\d+)\b", line)
        if m and section:
            found.append(int(m.group(1)))
    return found or None


def gather(ctx: CheckContext) -> Finding:
    f = Finding(method="sysadminctl -screenLock status, screen saver idleTime, pmset -g custom "
                       "displaysleep, loginwindow autoLoginUser")
    auto = ctx.run(["defaults", "read", "/Library/Preferences/com.apple.loginwindow",
                    "autoLoginUser"], timeout=5)
    if auto.ok and auto.stdout.strip():
        f.autologin = "automatic login is set for a user"
        f.observed["auto_login"] = True
    elif (auto.ran and auto.returncode == 1 and not auto.stdout.strip()
          and _DOES_NOT_EXIST in auto.stderr):
        f.observed["auto_login"] = False
    else:
        f.autologin_unknown = "whether the Mac logs in automatically could not be read"

    sl = ctx.run(["sysadminctl", "-screenLock", "status"], timeout=10)
    # sysadminctl writes its answer to stderr, behind a log-style timestamp prefix; text on
    # stdout is read instead (and must then be the answer). A failed run proves nothing.
    said = sl.stdout if sl.stdout.strip() else sl.stderr
    parsed = parse_sysadminctl(said) if sl.ok else None
    if parsed is None:
        f.undetermined.append("the password-after-sleep setting")
        f.observed["password_after_sleep"] = None
    else:
        required, delay = parsed
        f.observed["password_after_sleep"] = required
        f.observed["password_delay_s"] = delay if required else None
        if not required:
            f.no_password = ("'Require password after screen saver begins or display is turned "
                             "off' is set to Never")
        f.grace_s = delay

    candidates: list[int] = []
    idle = ctx.run(["defaults", "-currentHost", "read", "com.apple.screensaver", "idleTime"],
                   timeout=5)
    idle_s = int_or_none(idle.stdout.strip()) if idle.ok else None
    f.observed["screensaver_idle_s"] = idle_s
    if idle_s is not None and idle_s > 0:
        candidates.append(idle_s)
    pm = ctx.run(["pmset", "-g", "custom"], timeout=5)
    sleeps = parse_pmset_displaysleep(pm.stdout) if pm.ok else None
    f.observed["display_sleep_minutes"] = (
        None if sleeps is None else ", ".join(str(s) for s in sleeps)
    )
    if sleeps is None:
        f.undetermined.append("the display-sleep settings")
    elif all(s > 0 for s in sleeps):
        candidates.append(max(sleeps) * 60)
    idle_unset = idle.ran and idle.returncode == 1 and _DOES_NOT_EXIST in idle.stderr
    if idle_s is None and not idle_unset:
        f.undetermined.append("the screen saver start time")
    if f.no_password:
        f.lock_after_s = None
        f.undetermined = []
    elif parsed is None:
        # Without the password setting a lock time proves nothing.
        f.lock_after_s = None
    else:
        f.lock_after_s = min(candidates) if candidates else None
    return f

