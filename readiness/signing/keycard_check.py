"""Checking a key card's page: is it exactly what Readiness draws for the key attached to it?
(The verifier's half of the key card; ``keycard`` writes cards.)"""

from __future__ import annotations

from typing import Any

from readiness.signing import allowed_signers, jcs
from readiness.signing.errors import SigningError
from readiness.signing.names import CARD_FORMAT
from readiness.signing.pdf_pages import Unreadable, drawing_problems, read_pages
from readiness.signing.pdf_render import render_key_card
from readiness.signing.pubkey import PublicKey

_CARD_FIELDS = ("name", "registration", "created_at", "fingerprint", "cert_fingerprint",
                "public_key", "allowed_signers")


def card_problems(pdf: bytes, key: PublicKey, drawing: bytes | None) -> list[str]:
    """Why the card's page is not exactly what Readiness draws for ``key`` (empty if it is).

    The supervisor compares the fingerprint printed on the card aloud, so the page must show
    the attached key's own fingerprint and nothing else: the page is redrawn from the values
    attached to the card and compared instruction by instruction (text hidden, covered,
    drawn as an image or added on another page all differ)."""
    if drawing is None:
        return ["it carries no description of its page (made by an older Readiness, or not "
                "by Readiness): export a new key card"]
    try:
        values = jcs.parse_strict(drawing)
    except SigningError:
        return ["its description of its page is damaged"]
    if not isinstance(values, dict) or values.get("format") != CARD_FORMAT or not all(
        isinstance(values.get(k), str) for k in _CARD_FIELDS
    ):
        return ["its description of its page is not one Readiness writes"]
    try:
        shown = PublicKey.parse(values["public_key"])
        lines = allowed_signers.read_allowed_signers(values["allowed_signers"].encode(), "card")
    except SigningError:
        return ["the key printed on it is unusable"]
    if shown.blob != key.blob or values["fingerprint"] != key.fingerprint or \
            [e.key.blob for e in lines.entries] != [key.blob]:
        return [f"the key printed on it is not the key attached to it ({key.fingerprint})"]
    try:
        pages, problems = read_pages(pdf)
        _, expected = _card_pages(tuple(values[k] for k in _CARD_FIELDS))
    except Unreadable as exc:
        return [str(exc)]
    problems += [f"page {n} has a {kind} drawn over it"
                 for n, page in enumerate(pages, 1) for kind in page.overlays]
    return problems + drawing_problems(pages, expected)


def _card_pages(values: tuple[str, ...]) -> tuple[bytes, tuple[Any, ...]]:
    pdf = render_key_card(**dict(zip(_CARD_FIELDS, values, strict=True)))
    return pdf, tuple(read_pages(pdf)[0])
