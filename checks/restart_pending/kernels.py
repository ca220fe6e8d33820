"""Comparing the running kernel with the installed ones (pure).

Installed kernels are the folders under ``/lib/modules``, one per kernel release, named as
``uname -r`` prints it: ``6.1.0-28-amd64`` (Debian), ``6.8.0-45-generic`` (Ubuntu),
``6.11.4-301.fc41.x86_64`` (Fedora), ``6.11.5-arch1-1`` (Arch). Only releases of the same
flavour (the name with its digits taken out: ``..--amd`` for both ``6.1.0-28-amd64`` and
``6.1.0-30-amd64``, but not ``6.1.0-30-rt-amd64``) are compared, in the way rpm compares
versions: digit runs as numbers, letter runs as text, a number above a letter.
"""

from __future__ import annotations

import functools
import re

_TOKEN = re.compile(r"\d+|[A-Za-z]+")


def flavour(release: str) -> str:
    return re.sub(r"\d+", "", release)


def _tokens(release: str) -> list[int | str]:
    return [int(t) if t.isdigit() else t for t in _TOKEN.findall(release)]


def compare(a: str, b: str) -> int:
    """-1, 0 or 1 as release ``a`` is older than, the same as or newer than ``b``."""
    ta, tb = _tokens(a), _tokens(b)
    for x, y in zip(ta, tb, strict=False):
        if x == y:
            continue
        if isinstance(x, int) and isinstance(y, int):
            return 1 if x > y else -1
        if isinstance(x, int) != isinstance(y, int):
            return 1 if isinstance(x, int) else -1
        return 1 if str(x) > str(y) else -1
    return (len(ta) > len(tb)) - (len(ta) < len(tb))


def newer_kernels(running: str, installed: tuple[str, ...]) -> list[str]:
    """Installed releases of the running kernel's flavour that are newer than it."""
    same = [k for k in installed if flavour(k) == flavour(running) and _tokens(k)]
    return sorted((k for k in same if compare(k, running) > 0),
                  key=functools.cmp_to_key(compare))


def kernel_releases(names: tuple[str, ...]) -> tuple[str, ...]:
    """The folder names that look like kernel releases (start with a digit)."""
    return tuple(n for n in names if n[:1].isdigit())
