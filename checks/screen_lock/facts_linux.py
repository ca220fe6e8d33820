"""Linux screen-lock facts: the running desktop (GNOME or KDE), its lock settings, and
automatic login in the display manager's files."""

from __future__ import annotations

import configparser
import re
from collections.abc import Iterable

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

GDM_FILES = ("/etc/gdm3/custom.conf", "/etc/gdm/custom.conf", "/etc/gdm3/daemon.conf")
SDDM_FILES = ("/etc/sddm.conf", "/etc/sddm.conf.d/kde_settings.conf",
              "/etc/sddm.conf.d/autologin.conf")
LIGHTDM_FILES = ("/etc/lightdm/lightdm.conf",)


def _ini(text: str) -> configparser.ConfigParser | None:
    cp = configparser.ConfigParser(interpolation=None, strict=False)
    cp.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        cp.read_string(text)
    except configparser.Error:
        return None
    return cp


def _true(value: str | None) -> bool:
    return (value or "").strip().lower() in ("true", "1", "yes")


def autologin_from_files(ctx: CheckContext, f: Finding) -> None:
    """Set ``f.autologin`` (or ``f.autologin_unknown``) from display-manager config files."""
    def each(paths: Iterable[str]) -> Iterable[tuple[str, configparser.ConfigParser]]:
        for path in paths:
            r = ctx.read_file(path)
            if r.text is None:
                if r.error != "missing":
                    f.autologin_unknown = f"{path} could not be read ({r.error})"
                continue
            cp = _ini(r.text)
            if cp is None:
                f.autologin_unknown = f"{path} could not be understood"
                continue
            yield path, cp

    for path, cp in each(GDM_FILES):
        if cp.has_section("daemon"):
            d = cp["daemon"]
            if _true(d.get("AutomaticLoginEnable")) and d.get("AutomaticLogin", "").strip():
                f.autologin = f"GDM automatic login is on in {path}"
            elif _true(d.get("TimedLoginEnable")) and d.get("TimedLogin", "").strip():
                f.autologin = f"GDM timed login is on in {path}"
    for path, cp in each(SDDM_FILES):
        if cp.has_section("Autologin") and cp["Autologin"].get("User", "").strip():
            f.autologin = f"SDDM automatic login is on in {path}"
    for path, cp in each(LIGHTDM_FILES):
        for name in cp.sections():
            if cp[name].get("autologin-user", "").strip():
                f.autologin = f"LightDM automatic login is on in {path}"
    f.observed["automatic_login"] = f.autologin is not None if not f.autologin_unknown else None


def detect_desktop(ctx: CheckContext) -> tuple[str | None, str]:
    """('gnome' | 'kde' | None, description) from the processes of the logged-in desktop."""
    procs = ctx.processes()
    if not procs.ok:
        return None, f"the list of running programs could not be read ({procs.error})"
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
    f.method += "; GDM/SDDM/LightDM automatic login"
    return f

