"""Key hand-overs: how a supervisor follows a practitioner's key rotation.

A hand-over (``*.readiness-rotation.json``) is a DSSE envelope over an in-toto statement that
names an old key and a new key. It is accepted only when every rule holds, checked in this
order so that nothing in the file is believed before its signatures are: the envelope and
statement are well formed; the **old** key it names is already trusted here; that old key
signed it; the **new** key signed it too; the statement's subjects are the digests of exactly
those two keys; and the old key has not already handed over to a different key. The new key
then joins the old key's identity (one practitioner, a chain of keys). Anything else is refused
with the reason; a file that looks like a hand-over is never read as something else.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from readiness.signing import dsse, jcs
from readiness.signing.errors import VerifyError
from readiness.signing.pubkey import KeyVerifier, PublicKey, PublicKeyError
from readiness.signing.signers import Signer, SignersError
from readiness.signing.statement import ROTATION_PREDICATE_TYPE, STATEMENT_TYPE

MAX_SIGNATURES = 4  # a hand-over carries two; more is refused before any verification


@dataclass(frozen=True)
class Handover:
    old: Signer  # the trusted key that handed over
    new: PublicKey
    rotated_at: str
    name_inside: str  # the practitioner's name as the statement gives it (not trusted)


def _refuse(reason: str) -> SignersError:
    return SignersError(f"this key hand-over cannot be accepted: {reason}")


def _statement(env: dsse.Envelope) -> dict[str, Any]:
    if env.payload_type != dsse.INTOTO_PAYLOAD_TYPE:
        raise _refuse("its payload type is not an in-toto statement")
    try:
        statement = jcs.parse_strict(env.payload)
    except VerifyError as exc:
        raise _refuse(f"its statement cannot be read ({exc})") from None
    if not isinstance(statement, dict) or statement.get("_type") != STATEMENT_TYPE:
        raise _refuse("its statement is not an in-toto statement")
    if statement.get("predicateType") != ROTATION_PREDICATE_TYPE:
        raise _refuse("its statement is not a key hand-over")
    if not isinstance(statement.get("predicate"), dict):
        raise _refuse("its statement has no predicate")
    return statement


def _named_key(predicate: dict[str, Any], field: str, label: str) -> PublicKey:
    entry = predicate.get(field)
    if not isinstance(entry, dict) or not isinstance(entry.get("publicKey"), str):
        raise _refuse(f"it does not name the {label} key")
    try:
        key = PublicKey.parse(entry["publicKey"])
    except PublicKeyError as exc:
        raise _refuse(f"the {label} key it names is unusable ({exc})") from None
    if entry.get("fingerprint") != key.fingerprint:
        raise _refuse(f"the {label} key's fingerprint does not match the key")
    return key


def _check_subjects(statement: dict[str, Any], old: PublicKey, new: PublicKey) -> None:
    expected = {("old-key", hashlib.sha256(old.blob).hexdigest()),
                ("new-key", hashlib.sha256(new.blob).hexdigest())}
    subject = statement.get("subject")
    got: set[tuple[str, str]] = set()
    if isinstance(subject, list):
        for s in subject:
            digest = s.get("digest") if isinstance(s, dict) else None
            if isinstance(digest, dict) and isinstance(s.get("name"), str):
                got.add((s["name"], str(digest.get("sha256"))))
    if got != expected or not isinstance(subject, list) or len(subject) != 2:
        raise _refuse("its subjects are not the two keys it names")


def _signed_by(env: dsse.Envelope, key: PublicKey) -> bool:
    try:
        dsse.verify(env, [KeyVerifier(key)])
    except VerifyError:
        return False
    return True


def check_handover(data: bytes, trusted: list[Signer]) -> Handover:
    """The verified hand-over in ``data``; raises SignersError saying why it is refused."""
    try:
        env = dsse.Envelope.from_json(jcs.parse_strict(data))
    except VerifyError as exc:
        raise _refuse(f"it is not a signed envelope ({exc})") from None
    if len(env.signatures) > MAX_SIGNATURES:
        raise _refuse(f"it carries {len(env.signatures)} signatures (a hand-over has two)")
    statement = _statement(env)
    predicate = statement["predicate"]
    old = _named_key(predicate, "oldKey", "old")
    new = _named_key(predicate, "newKey", "new")
    if old.fingerprint == new.fingerprint:
        raise _refuse("the old and new keys are the same key")
    by_fp = {s.fingerprint: s for s in trusted}
    old_signer = by_fp.get(old.fingerprint)
    if old_signer is None:
        raise _refuse(f"the old key it names ({old.fingerprint}) is not one you trust; add "
                      "the practitioner's key card instead, after checking its fingerprint")
    if not _signed_by(env, old):
        raise _refuse("it is not signed by the old key it names")
    if not _signed_by(env, new):
        raise _refuse("it is not signed by the new key it names")
    _check_subjects(statement, old, new)
    successor = [s for s in trusted if s.predecessor == old.fingerprint
                 and s.fingerprint != new.fingerprint]
    if successor:
        raise _refuse(f"{old_signer.name}'s key already handed over to another key "
                      f"({successor[0].fingerprint}); a key hands over once")
    known = by_fp.get(new.fingerprint)
    if known is not None and known.predecessor != old.fingerprint:
        raise _refuse(f"the new key is already trusted as {known.name}'s own key")
    rotated_at = predicate.get("rotatedAt")
    practitioner = predicate.get("practitioner")
    name_inside = practitioner.get("name") if isinstance(practitioner, dict) else ""
    return Handover(old_signer, new, rotated_at if isinstance(rotated_at, str) else "",
                    name_inside if isinstance(name_inside, str) else "")
