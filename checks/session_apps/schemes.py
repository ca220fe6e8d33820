"""Each vendor's version scheme, read into a release line and a comparable key (pure).

- Chrome and Edge: four numbers (major.minor.build.patch); the line is the major.
- Firefox: "145.0.2" (release) or "140.5.0esr"; the line is the major, so an ESR build is
  judged against its ESR line in the table. "146.0b3"/"147.0a1" are pre-releases.
- Zoom: "6.2.11 (43613)" or "6.2.11.43613" (version, then build; builds differ per system,
  so only the first three numbers are compared). An installer's "6.2.49583" (major.minor.build,
  no patch level) cannot be placed exactly within its minor release.
- Teams: new Teams ("25290.205.4069.4894") and classic Teams ("1.6.00.4472") are different
  products; their lines are "new" and "classic".
- Skype: retired as a whole; every version is the one line "skype".
- Safari: "26.1" or "18.6"; the line is the major.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_NUMS = re.compile(r"^[0-9]{1,6}(\.[0-9]{1,8}){0,3}$")
_FIREFOX = re.compile(r"^([0-9]{1,4})\.([0-9]{1,3})(?:\.([0-9]{1,3}))?(esr)?$")
_FIREFOX_PRE = re.compile(r"^[0-9]{1,4}\.[0-9]{1,3}(?:\.[0-9]{1,3})?(a|b)[0-9]{1,3}$")
_ZOOM = re.compile(r"^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,6})(?:[. ]\(?([0-9]{1,7})\)?)?$")


@dataclass(frozen=True)
class Parsed:
    """``line``: the table cycle; ``key``: numbers to compare; ``exact``: False when the key
    stops short of the patch level (an equal prefix then cannot say "current")."""

    line: str
    key: tuple[int, ...]
    exact: bool = True
    prerelease: bool = False


def _nums(text: str, parts: int | None = None) -> tuple[int, ...] | None:
    if not _NUMS.match(text):
        return None
    numbers = tuple(int(p) for p in text.split("."))
    if parts is not None and len(numbers) != parts:
        return None
    return numbers


def _four(text: str) -> Parsed | None:
    key = _nums(text, 4)
    return None if key is None else Parsed(str(key[0]), key)


def _firefox(text: str) -> Parsed | None:
    if _FIREFOX_PRE.match(text):
        return Parsed(text.split(".")[0], (), prerelease=True)
    m = _FIREFOX.match(text)
    if m is None:
        return None
    key = (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))
    return Parsed(m.group(1), key)


def _zoom(text: str) -> Parsed | None:
    m = _ZOOM.match(text.strip())
    if m is None:
        return None
    major, minor, third = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if m.group(4) is None and third >= 1000:  # "6.2.49583": the third number is a build
        return Parsed(str(major), (major, minor), exact=False)
    return Parsed(str(major), (major, minor, third))


def _teams(line: str) -> Callable[[str], Parsed | None]:
    def parse(text: str) -> Parsed | None:
        key = _nums(text)
        if key is None or len(key) < 3:
            return None
        if (key[0] == 1) != (line == "classic"):
            return None
        return Parsed(line, key)
    return parse


def _skype(text: str) -> Parsed | None:
    key = _nums(text)
    return None if key is None else Parsed("skype", key)


def _safari(text: str) -> Parsed | None:
    key = _nums(text)
    return None if key is None or len(key) > 3 else Parsed(str(key[0]), key)


_SCHEMES: dict[str, Callable[[str], Parsed | None]] = {
    "chrome": _four, "edge": _four, "firefox": _firefox, "zoom": _zoom,
    "teams": _teams("new"), "teams_classic": _teams("classic"), "skype": _skype,
    "safari": _safari,
}


def parse(product: str, version: str) -> Parsed | None:
    """The version read by ``product``'s scheme, or None when it is not one of its versions."""
    scheme = _SCHEMES.get(product)
    if scheme is None or not isinstance(version, str):
        return None
    return scheme(version.strip())


def compare(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    """-1, 0 or 1, as ``a`` is older than, equal to or newer than ``b`` (missing parts 0)."""
    width = max(len(a), len(b))
    pa, pb = a + (0,) * (width - len(a)), b + (0,) * (width - len(b))
    return (pa > pb) - (pa < pb)


def table_key(product: str, version: str) -> tuple[int, ...] | None:
    """A version written in the table, read by the same scheme (None: unreadable)."""
    parsed = parse(product, version)
    return parsed.key if parsed is not None and not parsed.prerelease else None
