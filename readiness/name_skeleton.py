"""A name's look-alike skeleton, for warning when a stranger claims a trusted person's name.

Two names that a supervisor would read as the same must compare equal here: compatibility
forms folded (full-width letters, ligatures), invisible format characters dropped (zero-width
joiners and spaces, bidi marks), case and spacing ignored, and the common Cyrillic and Greek
letters that look like Latin ones mapped to them (a small table in the spirit of Unicode
TS #39's confusables; it only ever makes the warning fire more often, never less).
"""

from __future__ import annotations

import unicodedata

_LOOK_ALIKE = str.maketrans({
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
    "һ": "h", "ԛ": "q", "ԝ": "w", "ӏ": "l",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "ω": "w", "μ": "u",
    # Latin letters that look like others
    "ı": "i", "ɡ": "g", "ʟ": "l", "ɪ": "i",
})


def skeleton(name: str) -> str:
    folded = unicodedata.normalize("NFKC", name)
    visible = "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")
    words = " ".join(visible.split()).casefold()
    return words.translate(_LOOK_ALIKE)
