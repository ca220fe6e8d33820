"""Text made safe for a spreadsheet cell: nothing in it runs as a formula when the file is
opened (names of Wi-Fi networks, titles and summaries can carry any text)."""

from __future__ import annotations

import unicodedata

# Characters a spreadsheet reads as the start of a formula (after any leading spaces), in
# their ordinary and full-width forms (NFKC folds the latter).
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """``text`` with line breaks made spaces and a leading apostrophe when it would start a
    formula."""
    text = text.replace("\r", " ").replace("\n", " ")
    probe = unicodedata.normalize("NFKC", text).lstrip()
    return "'" + text if probe[:1] in _FORMULA else text
