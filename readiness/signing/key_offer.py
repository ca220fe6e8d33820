"""Adding a practitioner's key in two steps, for a screen: read what a file offers (the key,
and the name and registration its card shows) without trusting anything, let the supervisor
compare the fingerprint with the practitioner, then trust exactly the key that was shown.

The second step never reads the file again: a file swapped between the two steps cannot
slip another key in under the fingerprint the supervisor compared. The rules for what a file
may be are ``intake``'s own (the command line's ``signers add``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from readiness.signing import jcs
from readiness.signing.errors import SigningError
from readiness.signing.handover import check_handover
from readiness.signing.intake import (
    _card_key,  # the card rules of `signers add`, not a copy of them
    _json_kind,
    kind_of,
    read_offered,
    single_key,
)
from readiness.signing.keycard_check import card_layout, is_older_layout
from readiness.signing.names import CARD_DRAWING
from readiness.signing.pubkey import PublicKey
from readiness.signing.signers import Signer, SignersError, list_signers, trust_key

CARD = "card"
KEY_FILE = "key"
HANDOVER = "handover"


@dataclass(frozen=True)
class Offer:
    kind: str  # CARD | KEY_FILE | HANDOVER
    key: PublicKey
    file_name: str
    name: str = ""  # as the card shows it (a hand-over: the name of the key it follows)
    registration: str = ""
    older_card: bool = False  # a card of the first layout, without the short fingerprint
    known_as: str = ""  # the name this key is already trusted under, if it is
    follows: Signer | None = None  # a hand-over: the trusted key it follows
    # The names of the people trusted here by other keys: a new key under one of them is
    # either that person's new key (which a hand-over proves) or an impostor.
    others: tuple[str, ...] = ()

    def named_like_another(self, name: str) -> str:
        """The trusted person (by another key) that ``name`` matches, or ""."""
        wanted = " ".join(name.split()).casefold()
        return next((o for o in self.others if " ".join(o.split()).casefold() == wanted), "")

    @property
    def fingerprint(self) -> str:
        return self.key.fingerprint

    @property
    def short_fingerprint(self) -> str:
        return self.key.short_fingerprint


def _card_values(data: bytes) -> tuple[str, str, bool]:
    """(name, registration, older layout) from a card that passed ``_card_key``'s checks:
    its description read exactly as those checks read it (first of its name, same cap)."""
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    from readiness.signing.pdf_attach import attachments

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    drawing = attachments(reader, {CARD_DRAWING}, limit=64 * 1024).get(CARD_DRAWING)
    values = jcs.parse_strict(drawing) if drawing is not None else {}
    if not isinstance(values, dict):
        return "", "", False
    name, reg = values.get("name", ""), values.get("registration", "")
    return (name if isinstance(name, str) else "", reg if isinstance(reg, str) else "",
            is_older_layout(card_layout(drawing)))


def read_offer(path: Path) -> Offer:
    """What ``path`` offers; raises SigningError (a sentence) for anything ``signers add``
    would refuse. Nothing is trusted here."""
    data = read_offered(path)
    where = path.name
    entries = list_signers()
    kind = kind_of(where, data)
    if kind == "json":
        _json_kind(data, where)
        h = check_handover(data, entries)
        return Offer(HANDOVER, h.new, where, h.old.name, follows=h.old,
                     known_as=_known(entries, h.new))
    if kind == "pdf":
        key = _card_key(data, where)
        name, registration, older = _card_values(data)
        return Offer(CARD, key, where, " ".join(name.split()), registration, older,
                     _known(entries, key), others=_others(_everyone(entries), key))
    key = single_key(data, where)
    return Offer(KEY_FILE, key, where, known_as=_known(entries, key),
                 others=_others(_everyone(entries), key))


def _everyone(entries: list[Signer]) -> list[Signer]:
    """The people a name may be confused with: the supervisor's own list and the cards the
    organisation trusts for them (as verification does), the organisation's label dropped."""
    from readiness.signing.policy_signers import ADDED_BY_ORGANISATION
    from readiness.signing.signers import load_trust

    label = f" ({ADDED_BY_ORGANISATION})"
    mine = {s.fingerprint for s in entries}
    extra = [replace(s, name=s.name.removesuffix(label))
             for s in load_trust() if s.fingerprint not in mine]
    return [*entries, *extra]


def _others(entries: list[Signer], key: PublicKey) -> tuple[str, ...]:
    from readiness.signing.signers import identities

    ident = identities(entries)
    mine = ident.get(key.fingerprint, key.fingerprint)
    return tuple(dict.fromkeys(s.name for s in entries if ident[s.fingerprint] != mine))


def _known(entries: list[Signer], key: PublicKey) -> str:
    return next((s.name for s in entries if s.fingerprint == key.fingerprint), "")


def trust_offer(offer: Offer, name: str, *, rename: bool = False) -> Signer:
    """Trust the key ``offer`` showed, under ``name`` (a hand-over keeps the name of the key
    it follows, which must still be trusted). A key already trusted under another name is
    renamed only when ``rename`` says so, as on the command line."""
    entries = list_signers()
    if offer.follows is not None:
        old = next((s for s in entries if s.fingerprint == offer.follows.fingerprint), None)
        if old is None:
            raise SignersError("the key this hand-over follows is no longer trusted here")
        return trust_key(offer.key, old.name, predecessor=old.fingerprint)
    wanted = " ".join(name.split())
    known = _known(entries, offer.key)
    if known and wanted and known != wanted and not rename:
        raise SignersError(f"this key is already trusted as {known}; choose to rename it "
                           f"to call it {wanted} instead")
    return trust_key(offer.key, wanted)


__all__ = ["CARD", "HANDOVER", "KEY_FILE", "Offer", "SigningError", "read_offer",
           "trust_offer"]
