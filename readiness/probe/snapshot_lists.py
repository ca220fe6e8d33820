"""Lists a check only counts or searches, cut down to what it reads.

Some outputs list everything of a kind: the files Windows will rename or delete at the next
start (Word, OneDrive and installers queue a client's documents there), every running
program, every installed Flatpak app or package. A check asks only "is the list empty?" or
"is one of these in it?", so every other entry is replaced by a placeholder in place. Row
counts, empty entries and the shape of the output stay, so the check decides the same.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from readiness.probe.snapshot_redact import REDACTED

# --- files queued for the next start ---------------------------------------------------------

# REG_MULTI_SZ pairs of source and target (an empty target deletes the source). restart_pending
# counts the non-empty sources, so each non-empty entry becomes REDACTED and empty ones stay.
RENAMES = re.compile(r"(?i)PendingFileRenameOperations2?$")
# The value as PowerShell's ConvertTo-Json writes it: a list of strings, or one string.
_RENAMES_JSON = re.compile(r'(?i)(?P<key>"PendingFileRenameOperations2?"\s*:\s*)'
                           r'(?P<value>\[[^\]]*\]|"(?:[^"\\]|\\.)*")')
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
# `reg query`: "    PendingFileRenameOperations    REG_MULTI_SZ    a\0\0b", entries joined
# by a literal \0.
_RENAMES_REG = re.compile(r"(?im)^(?P<key>[ \t]*PendingFileRenameOperations2?[ \t]+"
                          r"REG_MULTI_SZ[ \t]+)(?P<value>[^\r\n]*)$")


def queued_files(value: Any) -> Any:
    """Each non-empty entry of the list (or the one string) replaced."""
    if isinstance(value, list):
        return [REDACTED if isinstance(v, str) and v else v for v in value]
    return REDACTED if isinstance(value, str) and value else value


def _renames_text(text: str) -> str:
    def json_value(m: re.Match[str]) -> str:
        # Every string matched, empty ones too, so an empty one is never read as the
        # quotes around the ", " between two others.
        inner = _JSON_STRING.sub(lambda s: s.group() if s.group() == '""' else f'"{REDACTED}"',
                                 m.group("value"))
        return m.group("key") + inner

    def reg_value(m: re.Match[str]) -> str:
        parts = m.group("value").rstrip().split("\\0")
        return m.group("key") + "\\0".join(REDACTED if p else p for p in parts)
    text = _RENAMES_JSON.sub(json_value, text)
    return _RENAMES_REG.sub(reg_value, text)


def in_registry(path: str, entry: dict[str, Any]) -> dict[str, Any]:
    name = re.split(r"[\\/]", path)[-1]
    if RENAMES.match(name):
        return {**entry, "value": queued_files(entry.get("value"))}
    return entry


def in_value(value: Any) -> Any:
    """Queued files in parsed data (native probes): by key."""
    if isinstance(value, dict):
        return {k: queued_files(v) if isinstance(k, str) and RENAMES.match(k)
                else in_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [in_value(v) for v in value]
    return value


def in_text(text: str, argv: Sequence[str] = ()) -> str:
    """Every list in one recorded text (a command's output when ``argv`` is given) cut
    down to the entries a check reads."""
    if not text:
        return text
    if "endingfilerename" in text.lower():
        text = _renames_text(text)
    return text
