"""Untrusted text made safe to show: on a terminal and in the app alike."""

from __future__ import annotations

import unicodedata

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
