"""Exit codes and small helpers shared by the subcommands."""

from __future__ import annotations

import sys
import unicodedata

EXIT_OK = 0
EXIT_FAILED = 1  # something failed (a check, a verification)
EXIT_USAGE = 2  # bad arguments or unreadable input


def error(message: str) -> None:
    print(f"readiness: error: {message}", file=sys.stderr)


_VISIBLE_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: object) -> str:
    """``text`` with every control, format and separator character shown as an escape.

    File names and statement fields come from files a supervisor did not write: an escape
    sequence could repaint the terminal ("VERIFIED" over a failure) and a bidi override could
    reorder what is read, so none reaches the terminal as itself."""
    out: list[str] = []
    for ch in str(text):
        if ch in _VISIBLE_ESCAPES:
            out.append(_VISIBLE_ESCAPES[ch])
        elif unicodedata.category(ch) in _HIDDEN_CATEGORIES:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


# Control, format (bidi overrides, zero-width), surrogate, private use, unassigned, line and
# paragraph separators.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
