"""Reading ``ConvertTo-Json`` output from Windows PowerShell.

PowerShell prints a single object where a list of one was meant, and Windows PowerShell 5.1
may start its output with a byte-order mark; every Windows check reads it the same way.
"""

from __future__ import annotations

import json
from typing import Any


def parse(text: str) -> Any:
    """The JSON value, or None when the output is empty or not JSON at all."""
    text = text.strip().lstrip("\ufeff")
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def records(text: str) -> list[dict[str, Any]] | None:
    """A list of JSON objects (one object counts as a list of one), or None when the output
    is anything else, including a list holding a non-object."""
    data = parse(text)
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        return None
    return data
