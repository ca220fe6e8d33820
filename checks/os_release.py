"""os-release(5): which Linux distribution this is, read through the context."""

from __future__ import annotations

import re

from readiness.check import CheckContext

PATHS = ("/etc/os-release", "/usr/lib/os-release")


def parse_os_release(text: str) -> dict[str, str] | None:
    """Parse os-release's shell-style KEY=value lines; None when nothing parses."""
    out: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        if not re.fullmatch(r"[A-Z][A-Z0-9_]*", key):
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        out[key] = value.replace('\\"', '"').replace("\\$", "$").replace("\\\\", "\\")
    return out if "ID" in out else None


def read_os_release(ctx: CheckContext) -> tuple[dict[str, str] | None, str]:
    """/etc/os-release, or /usr/lib/os-release when the first is absent (as os-release(5) says)."""
    for path in PATHS:
        res = ctx.read_file(path)
        if res.text is not None:
            return parse_os_release(res.text), path
        if res.error != "missing":
            return None, path
    return None, PATHS[0]


def family(info: dict[str, str] | None) -> set[str]:
    """ID and ID_LIKE as one lower-case set; empty when the release could not be read."""
    if not info:
        return set()
    return {info.get("ID", "").lower(), *info.get("ID_LIKE", "").lower().split()}
