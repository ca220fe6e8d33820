"""Automatic sign-in on Linux, read the way each program that could do it reads its own files.

GDM: ``[daemon]`` AutomaticLogin / TimedLogin in its one custom.conf (the path differs by
distribution, so each is read). LightDM: every ``*.conf`` of its drop-in folders in name order
(vendor, /usr/local, /etc/xdg, /etc), then /etc/lightdm/lightdm.conf; the later file wins,
``[SeatDefaults]`` is the old name of ``[Seat:*]``. SDDM: every non-hidden file of
/usr/lib/sddm/sddm.conf.d, then of /etc/sddm.conf.d, then /etc/sddm.conf, later wins (its
ConfigBase::load). greetd: ``[initial_session]`` in config.toml. The text console: getty units
and drop-ins under /etc/systemd/system that start a login without a password (getty_linux).

A folder or file that could switch it on but cannot be read or understood makes the answer
unknown (never "off"); anything found switched on is the answer whatever else was unreadable.
"""

from __future__ import annotations

import re
import tomllib

from checks.screen_lock.getty_linux import GETTY_UNIT, UNITS, getty_rule
from readiness.check import CheckContext

Sections = dict[str, dict[str, str]]
Result = tuple[str | None, str | None]  # (how it signs in by itself, why we cannot tell)

GDM_FILES = ("/etc/gdm3/custom.conf", "/etc/gdm/custom.conf", "/etc/gdm3/daemon.conf")
LIGHTDM_DIRS = ("/usr/share/lightdm/lightdm.conf.d", "/usr/local/share/lightdm/lightdm.conf.d",
                "/etc/xdg/lightdm/lightdm.conf.d", "/etc/lightdm/lightdm.conf.d")
LIGHTDM_FILE = "/etc/lightdm/lightdm.conf"
SDDM_DIRS = ("/usr/lib/sddm/sddm.conf.d", "/etc/sddm.conf.d")
SDDM_FILE = "/etc/sddm.conf"
GREETD_FILE = "/etc/greetd/config.toml"

_GROUP = re.compile(r"\[([^\[\]]+)\]")


def keyfile(text: str) -> Sections | None:
    """A GLib key file (GDM, LightDM), or None where GLib would refuse the whole file."""
    out: Sections = {}
    group: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = _GROUP.fullmatch(line)
        if m:
            group = m.group(1)
            out.setdefault(group, {})
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip() or group is None:
            return None
        out[group][key.strip()] = value.strip()  # a repeated key: the last one counts
    return out


def sddm_ini(text: str) -> Sections:
    """SDDM's own reader: '#' starts a comment anywhere, lines it does not know are skipped."""
    out: Sections = {"": {}}
    group = ""
    for raw in text.splitlines():
        line = raw.strip().split("#", 1)[0].strip()
        if "=" in line:
            key, _, value = line.partition("=")
            out.setdefault(group, {})[key.strip()] = value.strip()
        elif line.startswith("[") and line.endswith("]"):
            group = line[1:-1]
    return out


def truth(value: str) -> bool | None:
    """A yes/no setting; None for a spelling no reader accepts. An empty value is unset."""
    low = value.strip().lower()
    if low in ("true", "1", "yes"):
        return True
    if low in ("false", "0", "no", ""):
        return False
    return None


def gdm_rule(path: str, cfg: Sections) -> Result:
    daemon = cfg.get("daemon", {})
    for switch, user, what in (("AutomaticLoginEnable", "AutomaticLogin", "automatic login"),
                               ("TimedLoginEnable", "TimedLogin", "timed login")):
        if not daemon.get(user, "").strip():
            continue
        enabled = truth(daemon.get(switch, ""))
        if enabled is None:
            return None, f"{path} sets {switch} to a value that could not be understood"
        if enabled:
            return f"GDM {what} is on in {path}", None
    return None, None


def lightdm_rule(files: list[tuple[str, Sections]]) -> Result:
    """``files`` in LightDM's reading order; each seat's keys, the later file winning."""
    seats: dict[str, dict[str, tuple[str, str]]] = {}
    for path, cfg in files:
        for group, keys in cfg.items():
            name = "Seat:*" if group == "SeatDefaults" else group
            if name.startswith("Seat:"):
                seats.setdefault(name, {}).update({k: (v, path) for k, v in keys.items()})
    for seat in seats.values():
        user, where = seat.get("autologin-user", ("", ""))
        if user.strip():
            return f"LightDM automatic login is on in {where}", None
        guest, where = seat.get("autologin-guest", ("", ""))
        enabled = truth(guest)
        if enabled is None:
            return None, f"{where} sets autologin-guest to a value that could not be understood"
        if enabled:
            return f"LightDM signs in a guest automatically ({where})", None
    return None, None


def sddm_rule(files: list[tuple[str, Sections]]) -> str | None:
    user, where = "", ""
    for path, cfg in files:
        if "User" in cfg.get("Autologin", {}):
            user, where = cfg["Autologin"]["User"], path
    return f"SDDM automatic login is on in {where}" if user.strip() else None


def greetd_rule(path: str, text: str) -> Result:
    try:
        cfg = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None, f"{path} could not be understood"
    initial = cfg.get("initial_session")
    if isinstance(initial, dict) and initial:
        return f"greetd starts a session without a password ([initial_session] in {path})", None
    return None, None


class _Reader:
    """Reads through the context; the first reason something could not be read is kept."""

    def __init__(self, ctx: CheckContext) -> None:
        self.ctx = ctx
        self.unknown: str | None = None

    def fail(self, why: str | None) -> None:
        if why and self.unknown is None:
            self.unknown = why

    def text(self, path: str, *, listed: bool = False) -> str | None:
        """The file's text; None when it is missing (a listed file must not be) or unreadable."""
        got = self.ctx.read_file(path)
        if got.text is None and (listed or got.error != "missing"):
            self.fail(f"{path} could not be read ({got.reason})")
        if got.text is not None and "\x00" in got.text:
            # A NUL byte is no text configuration: a damaged file or a wrong answer, so it
            # proves nothing either way (SDDM's lenient reader would skip it silently).
            self.fail(f"{path} could not be understood")
            return None
        return got.text

    def names(self, folder: str) -> list[str]:
        """A folder's entry names; none when it does not exist or cannot be listed."""
        got = self.ctx.list_dir(folder)
        if got.names is None:
            if got.error != "missing":
                self.fail(f"the folder {folder} could not be listed ({got.reason})")
            return []
        if any(not n or "/" in n or "\x00" in n or n in (".", "..") for n in got.names):
            self.fail(f"the folder {folder} lists names no folder can hold")
            return []
        return list(got.names)

    def keyfiles(self, paths: list[str], *, listed: bool) -> list[tuple[str, Sections]]:
        out = []
        for path in paths:
            text = self.text(path, listed=listed)
            parsed = keyfile(text) if text is not None else None
            if text is not None and parsed is None:
                self.fail(f"{path} could not be understood")
            if parsed is not None:
                out.append((path, parsed))
        return out


def _gdm(r: _Reader) -> str | None:
    for path, cfg in r.keyfiles(list(GDM_FILES), listed=False):
        on, why = gdm_rule(path, cfg)
        r.fail(why)
        if on:
            return on
    return None


def _lightdm(r: _Reader) -> str | None:
    paths = [f"{d}/{n}" for d in LIGHTDM_DIRS for n in r.names(d) if n.endswith(".conf")]
    files = r.keyfiles(paths, listed=True) + r.keyfiles([LIGHTDM_FILE], listed=False)
    on, why = lightdm_rule(files)
    r.fail(why)
    return on


def _sddm(r: _Reader) -> str | None:
    files = []
    for path, listed in [*((f"{d}/{n}", True) for d in SDDM_DIRS for n in r.names(d)
                           if not n.startswith(".")), (SDDM_FILE, False)]:
        text = r.text(path, listed=listed)
        if text is not None:
            files.append((path, sddm_ini(text)))
    return sddm_rule(files)


def _greetd(r: _Reader) -> str | None:
    text = r.text(GREETD_FILE)
    if text is None:
        return None
    on, why = greetd_rule(GREETD_FILE, text)
    r.fail(why)
    return on


def _getty(r: _Reader) -> str | None:
    texts: dict[str, str] = {}
    for name in r.names(UNITS):
        m = GETTY_UNIT.fullmatch(name)
        if not m:
            continue
        path = f"{UNITS}/{name}"
        inside = ([f"{path}/{n}" for n in r.names(path)
                   if n.endswith(".conf") and not n.startswith(".")]
                  if m.group("d") else [path])
        for each in inside:
            text = r.text(each, listed=True)
            if text is not None:
                texts[each] = text
    return getty_rule(texts)


def autologin(ctx: CheckContext) -> Result:
    """How this computer signs someone in by itself, if it does, and why that could not be
    told when some file or folder could not be read."""
    r = _Reader(ctx)
    for source in (_gdm, _lightdm, _sddm, _greetd, _getty):
        on = source(r)
        if on:
            return on, r.unknown
    return None, r.unknown
