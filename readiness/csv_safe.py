"""Text made safe for a spreadsheet cell or a one-line report: nothing in it runs as a formula
when the file is opened, starts a new row, or reorders what is shown (names of Wi-Fi networks,
titles and summaries can carry any text; anyone nearby can name a network)."""

from __future__ import annotations

import unicodedata

# Characters a spreadsheet reads as the start of a formula (after any leading spaces), in
# their ordinary and full-width forms (NFKC folds the latter). OWASP's CSV injection list.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
# Unicode categories made a space: control characters (\r, \n, NUL, the C1 set including
# NEL) and the line and paragraph separators some readers treat as new lines.
_BREAKING = frozenset({"Cc", "Zl", "Zp"})
# Bidirectional embeddings, overrides and isolates: they can make a cell display text in an
# order other than the one it holds ("Trojan Source"). Dropped, not replaced.
_BIDI = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def plain_line(text: str) -> str:
    """``text`` on one line: control characters and line separators made spaces, bidi
    controls dropped."""
    return "".join(" " if unicodedata.category(c) in _BREAKING else c
                   for c in text if c not in _BIDI)


def safe_cell(text: str) -> str:
    """``text`` as one plain line (see ``plain_line``), with a leading apostrophe when it would
    start a formula, even after spaces or invisible format characters."""
    text = plain_line(text)
    probe = "".join(c for c in unicodedata.normalize("NFKC", text)
                    if unicodedata.category(c) != "Cf").lstrip()
    return "'" + text if probe[:1] in _FORMULA else text
