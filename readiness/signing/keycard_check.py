"""Checking a key card's page: is it exactly what Readiness draws for the key attached to it?
(The verifier's half of the key card; ``keycard`` writes cards.)"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from readiness.signing import jcs
from readiness.signing.errors import SigningError
from readiness.signing.keycard_render import CARD_FORMAT_V1, RENDERERS
from readiness.signing.pdf_pages import Unreadable, drawing_problems, read_pages
from readiness.signing.pubkey import PublicKey
from readiness.signing.signers import principal

_CARD_FIELDS = ("name", "registration", "created_at", "fingerprint", "cert_fingerprint",
                "public_key", "allowed_signers")
MAX_NAME = 200  # a name or registration longer than this is no card Readiness would write
_CREATED = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
_CERT_FP = re.compile(r"[0-9A-F]{2}(:[0-9A-F]{2}){31}")


def card_allowed_line(key: PublicKey, name: str, created_at: str) -> str:
    """The allowed_signers line a key card carries (written by ``keycard``, checked here).

    ssh-keygen reads a date without "Z" in the verifier's own time zone: a day's margin keeps
    a checklist signed just after the key was made valid west of UTC too ("Z" itself is not
    understood by the OpenSSH 8.x still on many supervisors' machines)."""
    created = dt.date.fromisoformat(created_at[:10])
    valid_after = (created - dt.timedelta(days=1)).strftime("%Y%m%d")
    return key.allowed_signers_line(principal(name, key), valid_after=valid_after)


def _value_problems(values: dict[str, Any], key: PublicKey) -> list[str]:
    """Every value a card shows must be the one Readiness writes for ``key``: free text
    elsewhere could print another fingerprint or a second key."""
    if len(values["name"]) > MAX_NAME or len(values["registration"]) > MAX_NAME or \
            not values["name"].strip():
        return ["its name or registration is not one Readiness writes"]
    if not _CREATED.fullmatch(values["created_at"]):
        return ["its creation time is not one Readiness writes"]
    if values["cert_fingerprint"] and not _CERT_FP.fullmatch(values["cert_fingerprint"]):
        return ["its certificate fingerprint is not one Readiness writes"]
    if values["public_key"] != key.openssh or values["fingerprint"] != key.fingerprint:
        return [f"the key printed on it is not the key attached to it ({key.fingerprint})"]
    if values["allowed_signers"] != card_allowed_line(key, values["name"], values["created_at"]):
        return ["its allowed_signers line is not the one Readiness writes for its key and name"]
    return []


def card_problems(pdf: bytes, key: PublicKey, drawing: bytes | None) -> list[str]:
    """Why the card's page is not exactly what Readiness draws for ``key`` (empty if it is).

    The supervisor compares the fingerprint printed on the card aloud, so the page must show
    the attached key's own fingerprint and nothing else: the page is redrawn from the values
    attached to the card and compared instruction by instruction (text hidden, covered,
    drawn as an image or added on another page all differ), in the layout the card names
    (``keycard_render``: older cards lack only the short fingerprint)."""
    if drawing is None:
        return ["it carries no description of its page (made by an older Readiness, or not "
                "by Readiness): export a new key card"]
    try:
        values = jcs.parse_strict(drawing)
    except SigningError:
        return ["its description of its page is damaged"]
    if not isinstance(values, dict) or values.get("format") not in RENDERERS or not all(
        isinstance(values.get(k), str) for k in _CARD_FIELDS
    ):
        return ["its description of its page is not one Readiness writes"]
    wrong = _value_problems(values, key)
    if wrong:
        return wrong
    try:
        pages, problems = read_pages(pdf)
        _, expected = _card_pages(values["format"], tuple(values[k] for k in _CARD_FIELDS))
    except Unreadable as exc:
        return [str(exc)]
    except Exception:  # the renderer refuses what it cannot lay out: not a card we drew
        return ["its page cannot be drawn from what it says it shows"]
    problems += [f"page {n} has a {kind} drawn over it"
                 for n, page in enumerate(pages, 1) for kind in page.overlays]
    return problems + drawing_problems(pages, expected)


def _card_pages(layout: str, values: tuple[str, ...]) -> tuple[bytes, tuple[Any, ...]]:
    # Drawn with the layout the card names: each layout Readiness wrote stays accepted.
    pdf = RENDERERS[layout](**dict(zip(_CARD_FIELDS, values, strict=True)))
    return pdf, tuple(read_pages(pdf)[0])


def card_layout(drawing: bytes | None) -> str:
    """The layout a card's description names ("" if unreadable): to tell a supervisor that an
    older card does not show the short fingerprint. Says nothing about whether it is genuine."""
    try:
        values = jcs.parse_strict(drawing) if drawing is not None else None
    except SigningError:
        return ""
    layout = values.get("format") if isinstance(values, dict) else None
    return layout if isinstance(layout, str) and layout in RENDERERS else ""


def is_older_layout(layout: str) -> bool:
    return layout == CARD_FORMAT_V1
