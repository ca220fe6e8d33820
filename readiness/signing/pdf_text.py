"""Does a signed checklist PDF *show* what its signed statement says? (stub, being written)"""

from __future__ import annotations

from typing import Any


def page_text_problems(pdf: bytes, statement: dict[str, Any]) -> list[str]:
    """Problems (plain English) where the PDF's visible pages disagree with ``statement``;
    empty when they agree."""
    return []
