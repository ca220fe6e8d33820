"""Small wording helpers shared by every surface (app, command line, signed PDF).

Plain Python with no locale: the signed checklist is redrawn by the verifier, possibly on
another machine, and must come out the same, so nothing here may depend on the machine's
language settings. Changing an output changes signed drawings (see ``evidence_text``).
"""

from __future__ import annotations


def plural(count: int, one: str, many: str | None = None) -> str:
    """``1 update``, ``3 updates``, ``0 updates``: the count with its noun agreeing.

    ``many`` is for nouns that do not just take an "s" (``plural(2, "entry", "entries")``)."""
    noun = one if count in (1, -1) else (many if many is not None else one + "s")
    return f"{count:,} {noun}"


def are(count: int) -> str:
    """The verb that agrees with ``count``: "1 update is", "3 updates are"."""
    return "is" if count in (1, -1) else "are"
