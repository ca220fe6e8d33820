"""Reading macOS property lists through the context (binary or XML alike)."""

from __future__ import annotations

import plistlib
from typing import Any

from readiness.check import CheckContext


def read_plist(ctx: CheckContext, path: str) -> dict[str, Any] | str:
    """A (binary or XML) plist through ``plutil -convert xml1``; dates survive, unlike JSON.

    The dictionary, or a reason string when it could not be read.
    """
    res = ctx.run(["plutil", "-convert", "xml1", "-o", "-", path], timeout=5)
    if not res.ok:
        return res.problem() or "plutil failed"
    try:
        data = plistlib.loads(res.stdout.encode("utf-8"))
    except Exception:
        return "plutil's output is not a property list"
    if not isinstance(data, dict):
        return "the property list is not a dictionary"
    return data
