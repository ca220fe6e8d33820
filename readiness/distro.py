"""Which Linux distribution a run is on, for picking the fix steps that fit it.

os-release(5) names the distribution (ID) and the ones it is built on (ID_LIKE, closest
first): Linux Mint is "linuxmint" like "ubuntu debian", Rocky Linux "rocky" like "rhel centos
fedora". The catalogue's steps are chosen by the first of these it has steps for. The file is
read through the host, so a replayed run gets the steps of the machine it was recorded on.
"""

from __future__ import annotations

import re
from typing import Protocol

from readiness.probe.types import FileRead, PlatformInfo

PATHS = ("/etc/os-release", "/usr/lib/os-release")
_TOKEN = re.compile(r"[a-z0-9._-]{1,40}")


def family_from_text(text: str) -> tuple[str, ...]:
    """ID then ID_LIKE's names, in order, lower-case; () when the file names none."""
    values: dict[str, str] = {}
    for raw in text.splitlines():
        key, sep, value = raw.strip().partition("=")
        if sep and key in ("ID", "ID_LIKE"):
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            values[key] = value.lower()
    names = [values.get("ID", ""), *values.get("ID_LIKE", "").split()]
    out: list[str] = []
    for name in names:
        if _TOKEN.fullmatch(name) and name not in out:
            out.append(name)
    return tuple(out)


class _Readable(Protocol):  # the part of a Host this needs
    @property
    def platform(self) -> PlatformInfo: ...

    def read_file(self, path: str) -> FileRead: ...


def family(host: _Readable) -> tuple[str, ...]:
    """The distribution family of ``host`` (Linux only); () when it cannot be told."""
    if host.platform.os_key != "linux":
        return ()
    for path in PATHS:
        res = host.read_file(path)
        if res.text is not None:
            return family_from_text(res.text)
        if res.error != "missing":
            return ()
    return ()
