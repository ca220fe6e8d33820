"""The screen locks with a password when idle (GPiA 047 §4 physical intrusion and password
protection; §7 security of records).

pass: locks within 10 minutes and asks for the password at once (a grace of 5 s at most);
warn: locks after 10-30 minutes, or with a longer grace; fail: never locks, no password is
needed, locks only after more than 30 minutes, or the computer signs in automatically.
A lock mechanism we cannot read is never taken as "off": if nothing we *could* read locks in
time, the answer is unknown.

Windows: three mechanisms lock an idle session, and the fastest wins: the machine policy
``InactivityTimeoutSecs``; a password-protected screen saver (user or policy keys under
``Control Panel\\Desktop``; ``SCRNSAVE.EXE`` must name one, since ``ScreenSaveActive`` stays
1 with "(None)" selected); and the display turning off (``VIDEOIDLE``) with sign-in required
on wake (``CONSOLELOCK``). ``powercfg`` is localised, so its values are read by position: the
setting's GUID identifies the block and the last two ``0x`` numbers are the AC and battery
values. Both power sources count (a laptop spends time on battery). ``AutoAdminLogon`` = 1 is
automatic sign-in.

macOS: ``sysadminctl -screenLock status`` (printed on stderr) gives the password delay; the
idle time is the sooner of the screen saver (``idleTime``) and display sleep (``pmset -g
custom``, worst of battery and mains); ``autoLoginUser`` set is automatic sign-in.

Linux: the running desktop is found from its processes (``gnome-shell``; ``plasmashell`` or
``ksmserver``), because installed GNOME schemas do not mean GNOME is the desktop, and a
desktop we do not know is unknown, not fail. GNOME via ``gsettings``; KDE via ``kreadconfig6``
(or 5) with a sentinel default, so an unset key is told apart from a failed read and KDE's
own defaults (from kscreenlocker's kscreenlockersettings.kcfg) apply. Reading through
kreadconfig also follows KDE's config cascade and XDG_CONFIG_HOME, and avoids naming the
user's home folder in snapshots. Automatic login from GDM, SDDM and LightDM config files
(fixed paths: the probe layer cannot list drop-in folders).
"""

from __future__ import annotations

import configparser
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from readiness.check import CheckContext, PlatformCheck
from readiness.model import Outcome, Scalar, Status

PASS_LIMIT_S = 600
WARN_LIMIT_S = 1800
GRACE_LIMIT_S = 5
EXPECTED = "locks within 10 minutes of inactivity and asks for the password at once"


@dataclass
class Finding:
    """What one platform's probes established, before the shared decision."""

    lock_after_s: int | None = None  # soonest known lock, None = no known mechanism locks
    grace_s: int = 0
    undetermined: list[str] = field(default_factory=list)  # mechanisms we could not read
    no_password: str | None = None  # why no password is needed, when that is the case
    autologin: str | None = None  # who/what signs in automatically
    autologin_unknown: str | None = None
    observed: dict[str, Scalar] = field(default_factory=dict)
    method: str = ""


def _minutes(seconds: int) -> str:
    if seconds % 60 == 0:
        m = seconds // 60
        return f"{m} minute{'s' if m != 1 else ''}"
    return f"{seconds} seconds"


def decide(f: Finding) -> Outcome:
    def out(status: Status, summary: str) -> Outcome:
        return Outcome(status, summary, f.observed, expected=EXPECTED, method=f.method)

    if f.autologin:
        return out(Status.FAIL, f"The computer signs in automatically ({f.autologin}), so anyone "
                                "who switches it on gets in without a password.")
    if f.no_password and f.lock_after_s is None and not f.undetermined:
        return out(Status.FAIL, f"No password is needed to get back in: {f.no_password}.")
    t = f.lock_after_s
    if t is not None and t <= PASS_LIMIT_S and f.grace_s <= GRACE_LIMIT_S:
        if f.autologin_unknown:
            return out(Status.UNKNOWN, f"The screen locks after {_minutes(t)}, but "
                                       f"{f.autologin_unknown}.")
        return out(Status.PASS, f"The screen locks after {_minutes(t)} of inactivity and asks "
                                "for the password straight away.")
    if t is not None and t <= PASS_LIMIT_S and not f.autologin_unknown:
        return out(Status.WARN, f"The screen locks after {_minutes(t)}, but for "
                                f"{_minutes(f.grace_s)} after that it opens again without the "
                                "password.")
    if f.undetermined:
        lead = (f"The known settings lock only after {_minutes(t)}, but"
                if t is not None else "Could not tell when the screen locks:")
        return out(Status.UNKNOWN, f"{lead} " + "; ".join(f.undetermined) + " could not be read.")
    if t is None:
        return out(Status.FAIL, "The screen never locks by itself when the computer is left idle.")
    if t > WARN_LIMIT_S:
        return out(Status.FAIL, f"The screen locks only after {_minutes(t)} of inactivity; "
                                "anyone nearby has a long time to use it.")
    if f.autologin_unknown:
        return out(Status.UNKNOWN, f"The screen locks after {_minutes(t)}, but "
                                   f"{f.autologin_unknown}.")
    parts = []
    if t > PASS_LIMIT_S:
        parts.append(f"locks only after {_minutes(t)} (10 minutes or less is safer)")
    if f.grace_s > GRACE_LIMIT_S:
        parts.append(f"for {_minutes(f.grace_s)} after it locks, it opens again without the "
                     "password")
    return out(Status.WARN, "The screen " + " and ".join(parts) + ".")


# --------------------------------------------------------------------------------------------
# Windows
# --------------------------------------------------------------------------------------------

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


def _int_or_none(text: str | None) -> int | None:
    if text is None or not re.fullmatch(r"-?\d{1,10}", text):
        return None
    return int(text)


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
    timeout = _int_or_none(values["ScreenSaveTimeOut"])
    if timeout is None:
        return None, False
    if timeout <= 0:
        return None, True
    if values["ScreenSaverIsSecure"] != "1":
        f.no_password = (f"the screen saver starts after {_minutes(timeout)} but does not ask "
                         "for the password")
        return None, True
    grace, gerr = _reg_text(ctx, WINLOGON + "ScreenSaverGracePeriod")
    g = 5 if grace is None and gerr is None else _int_or_none(grace)  # Windows' default is 5 s
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


def windows(ctx: CheckContext) -> Outcome:
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
    secs = _int_or_none(policy)
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
    return decide(f)


# --------------------------------------------------------------------------------------------
# macOS
# --------------------------------------------------------------------------------------------

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


def macos(ctx: CheckContext) -> Outcome:
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
    # sysadminctl writes its answer to stderr, behind a log-style timestamp prefix; anything
    # else on stdout means this is not the answer we know.
    said = sl.stdout if sl.stdout.strip() else sl.stderr
    parsed = parse_sysadminctl(said) if sl.ran else None
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
    idle_s = _int_or_none(idle.stdout.strip()) if idle.ok else None
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
    return decide(f)


# --------------------------------------------------------------------------------------------
# Linux
# --------------------------------------------------------------------------------------------

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
    grace = _int_or_none(_kreadconfig(ctx, "LockGrace"))
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


def linux(ctx: CheckContext) -> Outcome:
    f = Finding()
    desktop, described = detect_desktop(ctx)
    f.observed["desktop"] = described
    if desktop is None:
        return Outcome(Status.UNKNOWN, f"Could not check the screen lock: {described}.",
                       f.observed, expected=EXPECTED, method="desktop detected from processes")
    autologin_from_files(ctx, f)
    if desktop == "gnome":
        f.method = "gsettings (session idle-delay, screensaver lock-enabled/lock-delay, lockdown)"
        gnome(ctx, f)
    else:
        f.method = "kreadconfig kscreenlockerrc [Daemon] Autolock, Timeout, LockGrace"
        kde(ctx, f)
    f.method += "; GDM/SDDM/LightDM automatic login"
    return decide(f)


SCREEN_LOCK = PlatformCheck("screen_lock", windows=windows, macos=macos, linux=linux,
                            budget_s=30.0)
