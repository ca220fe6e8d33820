"""Linux screen-lock facts: the running desktop (GNOME or KDE), its lock settings, and
automatic login in the display manager's files."""

from __future__ import annotations

import re

from checks.screen_lock import autologin_linux
from checks.screen_lock.model import Finding, int_or_none
from readiness.check import CheckContext

DM_USERS = {"gdm", "debian-gdm", "gdm-greeter", "sddm", "lightdm"}
GNOME_PROCS = {"gnome-shell"}
KDE_PROCS = {"plasmashell", "ksmserver"}
OTHER_DESKTOPS = {
    "cinnamon": "Cinnamon", "xfce4-session": "Xfce", "mate-session": "MATE",
    "lxqt-session": "LXQt", "sway": "Sway", "Hyprland": "Hyprland", "budgie-wm": "Budgie",
    "budgie-panel": "Budgie", "enlightenment": "Enlightenment", "i3": "i3",
}

def autologin_from_files(ctx: CheckContext, f: Finding) -> None:
    """Set ``f.autologin`` (or ``f.autologin_unknown``) from the display managers' and the
    text console's configuration (see autologin_linux)."""
    f.autologin, f.autologin_unknown = autologin_linux.autologin(ctx)
    f.observed["automatic_login"] = (True if f.autologin else
                                     None if f.autologin_unknown else False)


def detect_desktop(ctx: CheckContext) -> tuple[str | None, str]:
    """('gnome' | 'kde' | None, description) from the processes of the logged-in desktop."""
    procs = ctx.processes()
    if not procs.ok:
        return None, f"the list of running programs could not be read ({procs.reason})"
    names = {p.name for p in procs.processes if p.username.lower() not in DM_USERS}
    gnome = bool(names & GNOME_PROCS)
    kde = bool(names & KDE_PROCS)
    if gnome and kde:
        return None, "both GNOME and KDE appear to be running"
    if gnome:
        return "gnome", "GNOME (gnome-shell is running)"
    if kde:
        return "kde", "KDE Plasma (plasmashell/ksmserver is running)"
    others = sorted({label for proc, label in OTHER_DESKTOPS.items() if proc in names})
    if others:
        return None, (f"the {', '.join(others)} desktop is not one Readiness can check yet; "
                      "check its screen-lock settings by hand")
    return None, ("no desktop session was found (Readiness must run inside your desktop "
                  "session)")


def _gsettings(ctx: CheckContext, schema: str, key: str) -> str | None:
    res = ctx.run(["gsettings", "get", schema, key], timeout=5)
    # Without the dconf back-end gsettings answers from a throw-away memory store, i.e. the
    # schema defaults, not this user's settings.
    if not res.ok or "memory" in res.stderr.lower():
        return None
    lines = [ln.strip() for ln in res.stdout.splitlines() if ln.strip()]
    return lines[0] if len(lines) == 1 else None


def _gvariant_uint(text: str | None) -> int | None:
    m = re.fullmatch(r"(?:uint32\s+)?(\d{1,10})", text or "")
    return int(m.group(1)) if m else None


def _gvariant_bool(text: str | None) -> bool | None:
    return {"true": True, "false": False}.get(text or "")


def gnome(ctx: CheckContext, f: Finding) -> None:
    idle = _gvariant_uint(_gsettings(ctx, "org.gnome.desktop.session", "idle-delay"))
    enabled = _gvariant_bool(_gsettings(ctx, "org.gnome.desktop.screensaver", "lock-enabled"))
    delay = _gvariant_uint(_gsettings(ctx, "org.gnome.desktop.screensaver", "lock-delay"))
    disabled = _gvariant_bool(
        _gsettings(ctx, "org.gnome.desktop.lockdown", "disable-lock-screen"))
    f.observed.update({"idle_delay_s": idle, "lock_enabled": enabled, "lock_delay_s": delay,
                       "lock_screen_disabled": disabled})
    if disabled is True:
        f.no_password = "screen locking is switched off (lockdown disable-lock-screen)"
        return
    if enabled is False:
        f.no_password = "the screen blanks but does not lock ('Automatic Screen Lock' is off)"
        return
    if idle is None or enabled is None or delay is None or disabled is None:
        f.undetermined.append("GNOME's screen-lock settings")
        return
    f.grace_s = delay
    # The screen blanks after idle-delay (0 = never) and locks lock-delay seconds later.
    f.lock_after_s = idle + delay if idle > 0 else None


_UNSET = "__readiness_unset__"
KDE_DEFAULTS = {"Autolock": "true", "Timeout": "5", "LockGrace": "5", "RequirePassword": "true"}


def _kreadconfig(ctx: CheckContext, key: str) -> str | None:
    for tool in ("kreadconfig6", "kreadconfig5"):
        res = ctx.run([tool, "--file", "kscreenlockerrc", "--group", "Daemon", "--key", key,
                       "--default", _UNSET], timeout=5)
        if res.error is not None and "not installed" in res.error:
            continue
        if not res.ok:
            return None
        lines = [ln.strip() for ln in res.stdout.splitlines() if ln.strip()]
        if len(lines) != 1:
            return None
        return KDE_DEFAULTS[key] if lines[0] == _UNSET else lines[0]
    return None


def _kde_bool(text: str | None) -> bool | None:
    """KConfig's own spellings of a boolean."""
    low = (text or "").strip().lower()
    if low in ("true", "on", "yes", "1"):
        return True
    if low in ("false", "off", "no", "0"):
        return False
    return None


def kde(ctx: CheckContext, f: Finding) -> None:
    autolock = _kde_bool(_kreadconfig(ctx, "Autolock"))
    timeout_raw = _kreadconfig(ctx, "Timeout")
    grace = int_or_none(_kreadconfig(ctx, "LockGrace"))
    password = _kde_bool(_kreadconfig(ctx, "RequirePassword"))
    timeout_min = None
    if timeout_raw is not None and re.fullmatch(r"\d{1,6}(?:\.\d+)?", timeout_raw):
        timeout_min = float(timeout_raw)
    f.observed.update({"autolock": autolock, "timeout_minutes": timeout_raw,
                       "lock_grace_s": grace, "require_password": password})
    if password is False:
        f.no_password = "the lock screen is set not to require a password"
        return
    if autolock is None or timeout_min is None or grace is None or password is None:
        f.undetermined.append("KDE's screen-locker settings")
        return
    f.grace_s = grace
    f.lock_after_s = round(timeout_min * 60) if autolock and timeout_min > 0 else None


def gather(ctx: CheckContext) -> Finding:
    f = Finding()
    desktop, described = detect_desktop(ctx)
    f.observed["desktop"] = described
    if desktop is None:
        f.unsupported = described
        f.method = "desktop detected from processes"
        return f
    autologin_from_files(ctx, f)
    if desktop == "gnome":
        f.method = "gsettings (session idle-delay, screensaver lock-enabled/lock-delay, lockdown)"
        gnome(ctx, f)
    else:
        f.method = "kreadconfig kscreenlockerrc [Daemon] Autolock, Timeout, LockGrace"
        kde(ctx, f)
    f.method += "; automatic login in GDM, LightDM, SDDM, greetd and getty configuration"
    return f

