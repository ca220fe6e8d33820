"""Who this computer and its user are, for redaction: the account's full name and the name
macOS shows for the computer. Device names carry both ("Jane Doe’s iPhone Camera", "Jane
Doe’s MacBook Pro"), and neither is the host or login name. Every lookup fails quietly: a
missing name only means one thing fewer to redact, and the host, login and home folder
are redacted regardless."""

from __future__ import annotations

import ctypes
import getpass
import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from readiness.probe.snapshot_redact import DEVICE_WORDS

# GetUserNameExW's EXTENDED_NAME_FORMAT: NameDisplay, the name Windows shows for the account.
_NAME_DISPLAY = 3
_GENERIC = frozenset(w.lower() for w in DEVICE_WORDS) | {"pro", "air", "mini", "max", "plus",
                                                          "studio", "ultra", "s", "x"}


def _gecos_name() -> str | None:
    """The first GECOS field, with BSD's '&' standing for the capitalised login name."""
    if sys.platform.startswith("win"):
        return None
    import pwd  # POSIX only

    try:
        entry = pwd.getpwuid(os.getuid())
    except (KeyError, OSError):
        return None
    first = entry.pw_gecos.split(",")[0].strip()
    return first.replace("&", entry.pw_name.capitalize()) or None


def _run_text(argv: list[str]) -> str | None:
    """One line a system tool prints, or None (through the probe layer: a system folder,
    an argument list and a timeout)."""
    from readiness.probe.real import RealHost

    res = RealHost().run(argv, timeout=3)
    if res.returncode != 0 or res.timed_out or not res.stdout.strip():
        return None
    return res.stdout.strip().splitlines()[0].strip()


def _windows_names() -> set[str]:
    """The account's display name: GetUserNameExW(NameDisplay) (domain and Microsoft
    accounts), else NetUserGetInfo level 10's full name (local accounts)."""
    found: set[str] = set()
    try:
        windll: Any = getattr(ctypes, "WinDLL")  # noqa: B009 (absent from non-Windows stubs)
        size = ctypes.c_ulong(256)
        buf = ctypes.create_unicode_buffer(size.value)
        if windll("secur32").GetUserNameExW(_NAME_DISPLAY, buf, ctypes.byref(size)):
            found.add(buf.value)
        netapi = windll("netapi32")
        info = ctypes.c_void_p()
        if netapi.NetUserGetInfo(None, getpass.getuser(), 10, ctypes.byref(info)) == 0:
            try:
                # USER_INFO_10: name, comment, usr_comment, full_name (four LPWSTRs)
                fields = ctypes.cast(info, ctypes.POINTER(ctypes.c_wchar_p * 4)).contents
                found.add(fields[3] or "")
            finally:
                netapi.NetApiBufferFree(info)
    except (OSError, AttributeError, ValueError, KeyError):
        pass
    return found


def _system() -> str:
    return sys.platform  # read at run time, not narrowed by the type checker


@lru_cache(maxsize=1)
def full_names() -> frozenset[str]:
    """The account's full name(s), read once."""
    found: set[str] = set()
    if _system().startswith("win"):
        found |= _windows_names()
    else:
        found.add(_gecos_name() or "")
    if _system() == "darwin" and not any(found):
        found.add(_run_text(["/usr/bin/id", "-F"]) or "")
    return frozenset(n.strip() for n in found if n and n.strip())


def generic(name: str) -> bool:
    """A computer name made only of product words and numbers ("MacBook Pro (2)"): redacting
    it would wipe out the hardware's own name, which checks read."""
    words = [w.strip("()-_.’'") for w in name.replace("-", " ").split()]
    return all(not w or w.isdigit() or w.lower() in _GENERIC for w in words)


@lru_cache(maxsize=1)
def computer_names() -> frozenset[str]:
    """macOS's ComputerName ("Jane Doe’s MacBook Pro") and LocalHostName, read once."""
    if _system() != "darwin":
        return frozenset()
    found = {_run_text(["/usr/sbin/scutil", "--get", key]) or ""
             for key in ("ComputerName", "LocalHostName")}
    return frozenset(n for n in found if n and not generic(n))


@dataclass(frozen=True)
class Person:
    login: str
    home: str = ""
    full_name: str = ""


def _posix_person(login: str | None = None, uid: int | None = None) -> Person | None:
    """The account named ``login`` (or numbered ``uid``), with its home folder and full name
    from the password database when it has an entry there."""
    if sys.platform.startswith("win"):
        return Person(login) if login else None
    import pwd  # POSIX only

    try:
        entry = pwd.getpwnam(login) if login else pwd.getpwuid(uid) if uid is not None \
            else None
    except (KeyError, OSError, ValueError):
        entry = None
    if entry is None:
        return Person(login) if login else None
    full = entry.pw_gecos.split(",")[0].strip().replace("&", entry.pw_name.capitalize())
    return Person(entry.pw_name, entry.pw_dir, full)


def invoking_users() -> list[Person]:
    """The person behind a process running as someone else: under sudo, doas or pkexec the
    process is root (never redacted), but the practitioner's own name is what the outputs
    name (their processes, home folder, automatic login). Read from the variables those
    tools set, whenever set (``sudo -u other`` too); a missing entry still gives the name."""
    found: list[Person] = []
    for var in ("SUDO_USER", "DOAS_USER"):
        login = os.environ.get(var, "").strip()
        if login and login != "root":
            person = _posix_person(login=login)
            found += [person] if person else []
    uid = os.environ.get("PKEXEC_UID", "").strip()
    uids = [int(uid)] if uid.isdigit() else []
    if _system() == "darwin" and getattr(os, "geteuid", lambda: -1)() == 0:
        try:  # root on a Mac: the account signed in at the screen owns the console
            uids.append(os.stat("/dev/console").st_uid)
        except OSError:
            pass
    for number in uids:
        person = _posix_person(uid=number) if number != 0 else None
        found += [person] if person and person not in found else []
    return found
