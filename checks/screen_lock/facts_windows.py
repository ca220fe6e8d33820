"""Windows screen-lock facts: the inactivity policy, the screen saver and the display-off
lock, and automatic sign-in."""

from __future__ import annotations

import re

from checks.screen_lock.model import Finding, int_or_none, minutes
from readiness.check import CheckContext

DESKTOP = "HKCU\\Control Panel\\Desktop\\"
DESKTOP_POLICY = "HKCU\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop\\"
INACTIVITY_POLICY = (
    "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\InactivityTimeoutSecs"
)
WINLOGON = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\"

VIDEOIDLE_GUID = "3c0bc021-c8a8-4e07-a973-6b14cbcb2b7e"
CONSOLELOCK_GUID = "0e796bdb-100d-47d6-a2d5-f7d2daa51f51"
_HEX = re.compile(r"(?<![0-9A-Za-z])0[xX]([0-9A-Fa-f]{1,8})\b")


def parse_powercfg(text: str, setting_guid: str) -> tuple[int, int] | None:
    """(AC, DC) values of one setting from ``powercfg /query``, read by position.

    The labels are translated; the setting's GUID and the ``0x`` numbers are not. After the
    GUID line come the setting's range (``0x`` min, max, step) for numeric settings, then the
    current AC and DC indexes, always last and in that order.
    """
    low = text.lower()
    at = low.find(setting_guid)
    if at < 0:
        return None
    values = _HEX.findall(text[at:])
    if len(values) < 2:
        return None
    return int(values[-2], 16), int(values[-1], 16)


def _reg_text(ctx: CheckContext, path: str) -> tuple[str | None, str | None]:
    """(value as text, error) with "missing" not an error: (None, None)."""
    r = ctx.registry(path)
    if r.error == "missing":
        return None, None
    if r.error is not None:
        return None, r.error
    if isinstance(r.value, bool) or not isinstance(r.value, str | int):
        return None, "unexpected type"
    return str(r.value).strip(), None


def _windows_screensaver(ctx: CheckContext, f: Finding) -> tuple[int | None, bool]:
    """(lock time, read-ok) for a password-protected screen saver."""
    values: dict[str, str | None] = {}
    for name in ("ScreenSaveActive", "ScreenSaveTimeOut", "ScreenSaverIsSecure", "SCRNSAVE.EXE"):
        pol, perr = _reg_text(ctx, DESKTOP_POLICY + name)
        if perr:
            return None, False
        if pol is not None:
            values[name] = pol
            continue
        user, uerr = _reg_text(ctx, DESKTOP + name)
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
    grace, gerr = _reg_text(ctx, WINLOGON + "ScreenSaverGracePeriod")
    g = 5 if grace is None and gerr is None else int_or_none(grace)  # Windows' default is 5 s
    if g is None:
        return None, False
    f.observed["screensaver_grace_s"] = g
    f.grace_s = max(f.grace_s, g)
    return timeout, True


def _windows_display_lock(ctx: CheckContext, f: Finding) -> tuple[int | None, bool]:
    """(lock time, read-ok): display off after VIDEOIDLE with sign-in on wake, worst of AC/DC."""
    video = ctx.run(["powercfg", "/query", "SCHEME_CURRENT", "SUB_VIDEO", "VIDEOIDLE"],
                    timeout=10)
    lock = ctx.run(["powercfg", "/query", "SCHEME_CURRENT", "SUB_NONE", "CONSOLELOCK"],
                   timeout=10)
    v = parse_powercfg(video.stdout, VIDEOIDLE_GUID) if video.ok else None
    c = parse_powercfg(lock.stdout, CONSOLELOCK_GUID) if lock.ok else None
    if v is None or c is None or any(x not in (0, 1) for x in c):
        return None, False
    f.observed["display_off_ac_s"], f.observed["display_off_dc_s"] = v
    f.observed["signin_on_wake_ac"], f.observed["signin_on_wake_dc"] = c
    worst = 0
    for idle, require in zip(v, c, strict=True):
        if idle == 0 or require == 0:
            if idle and not require and not f.no_password:
                f.no_password = "waking the screen does not ask for the password"
            return None, True
        worst = max(worst, idle)
    return worst, True


def gather(ctx: CheckContext) -> Finding:
    f = Finding(method="InactivityTimeoutSecs policy, screen saver registry values, powercfg "
                       "VIDEOIDLE/CONSOLELOCK (AC and battery), Winlogon AutoAdminLogon")
    auto, aerr = _reg_text(ctx, WINLOGON + "AutoAdminLogon")
    f.observed["auto_admin_logon"] = auto
    if aerr:
        f.autologin_unknown = "whether Windows signs in automatically could not be read"
    elif auto == "1":
        f.autologin = "AutoAdminLogon is on"
    candidates: list[int] = []
    policy, perr = _reg_text(ctx, INACTIVITY_POLICY)
    secs = int_or_none(policy)
    f.observed["inactivity_policy_s"] = secs
    if perr or (policy is not None and secs is None):
        f.undetermined.append("the inactivity-limit policy")
    elif secs:
        candidates.append(secs)
    t, ok = _windows_screensaver(ctx, f)
    if not ok:
        f.undetermined.append("the screen saver settings")
    elif t is not None:
        candidates.append(t)
    t, ok = _windows_display_lock(ctx, f)
    if not ok:
        f.undetermined.append("the display-off and sign-in-on-wake power settings")
    elif t is not None:
        candidates.append(t)
    f.lock_after_s = min(candidates) if candidates else None
    return f

