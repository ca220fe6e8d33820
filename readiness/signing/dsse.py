"""DSSE (Dead Simple Signing Envelope) v1: PAE, the JSON envelope, signing and verification.

Follows secure-systems-lab/dsse ``protocol.md`` and ``envelope.md``: the signature covers
``PAE(type, body)`` so the payload type is authenticated; the verifier checks signatures over the
exact payload bytes *before* anything parses them; ``keyid`` is only a hint and is never used to
decide trust; both base64 alphabets are accepted.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from readiness.signing.errors import VerifyError

INTOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json"
MAX_SIGNATURES = 4  # a checklist carries one signature, a key hand-over two

_B64 = re.compile(rb"\A[A-Za-z0-9+/\-_]*={0,2}\Z")


def pae(payload_type: str, body: bytes) -> bytes:
    """Pre-Authentication Encoding: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body."""
    t = payload_type.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(t), t, len(body), body)


def b64decode(text: str) -> bytes:
    """Decode standard or URL-safe base64, with or without padding; anything else is refused."""
    raw = text.encode("ascii", "strict") if text.isascii() else None
    if raw is not None:
        # Padded standard base64 decodes in C, strictly (alphabet, padding, nothing after
        # it); anything it refuses takes the path below, which accepts exactly as before.
        with contextlib.suppress(binascii.Error, ValueError):
            return binascii.a2b_base64(raw, strict_mode=True)
    if raw is None or not _B64.match(raw):
        raise VerifyError("a base64 field contains characters that are not base64")
    raw = raw.replace(b"-", b"+").replace(b"_", b"/")
    raw += b"=" * (-len(raw) % 4)
    try:
        return base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise VerifyError("a base64 field is malformed") from None


def b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass(frozen=True)
class Signature:
    sig: bytes
    keyid: str = ""


@dataclass(frozen=True)
class Envelope:
    payload_type: str
    payload: bytes
    signatures: tuple[Signature, ...]

    def to_json(self) -> dict[str, Any]:
        sigs: list[dict[str, str]] = []
        for s in self.signatures:
            entry = {"sig": b64encode(s.sig)}
            if s.keyid:
                entry["keyid"] = s.keyid
            sigs.append(entry)
        return {
            "payload": b64encode(self.payload),
            "payloadType": self.payload_type,
            "signatures": sigs,
        }

    @classmethod
    def from_json(cls, data: Any) -> Envelope:
        if not isinstance(data, dict):
            raise VerifyError("the signature envelope is not a JSON object")
        payload = data.get("payload")
        ptype = data.get("payloadType")
        sigs = data.get("signatures")
        if not isinstance(payload, str) or not isinstance(ptype, str):
            raise VerifyError("the signature envelope lacks its payload or payload type")
        if not isinstance(sigs, list) or not sigs:
            raise VerifyError("the signature envelope carries no signatures")
        if len(sigs) > MAX_SIGNATURES:
            # Refused before any verification: each one costs a verify per trusted key.
            raise VerifyError(f"the signature envelope carries {len(sigs)} signatures; "
                              f"a Readiness file has at most {MAX_SIGNATURES}")
        out: list[Signature] = []
        for s in sigs:
            if not isinstance(s, dict) or not isinstance(s.get("sig"), str):
                raise VerifyError("a signature in the envelope is malformed")
            keyid = s.get("keyid", "")
            if not isinstance(keyid, str):
                raise VerifyError("a signature's key id is malformed")
            out.append(Signature(b64decode(s["sig"]), keyid))
        return cls(ptype, b64decode(payload), tuple(out))


class Verifier(Protocol):
    """A trusted key: ``name`` identifies it to the caller; ``verify`` checks one signature."""

    @property
    def name(self) -> str: ...

    def verify(self, message: bytes, signature: bytes) -> bool: ...


def sign(
    payload_type: str,
    payload: bytes,
    signers: Sequence[tuple[str, Callable[[bytes], bytes]]],
) -> Envelope:
    """Sign ``payload`` with each (keyid, sign-function) pair."""
    message = pae(payload_type, payload)
    return Envelope(
        payload_type, payload, tuple(Signature(fn(message), keyid) for keyid, fn in signers)
    )


def verify(
    envelope: Envelope,
    verifiers: Sequence[Verifier],
    *,
    accepted_types: Sequence[str] = (INTOTO_PAYLOAD_TYPE,),
    threshold: int = 1,
) -> list[str]:
    """Return the names of the distinct trusted keys that signed; raise unless at least
    ``threshold`` did and the payload type is one we accept. The payload is not parsed here."""
    return [name for name, _ in verify_signatures(
        envelope, verifiers, accepted_types=accepted_types, threshold=threshold)]


def verify_signatures(
    envelope: Envelope,
    verifiers: Sequence[Verifier],
    *,
    accepted_types: Sequence[str] = (INTOTO_PAYLOAD_TYPE,),
    threshold: int = 1,
) -> list[tuple[str, Signature]]:
    """Like :func:`verify`, with the signature each trusted key made."""
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    message = pae(envelope.payload_type, envelope.payload)
    found: list[tuple[str, Signature]] = []
    for s in envelope.signatures:
        # The key id is only a hint (it is not signed): it orders the tries, never decides.
        for v in sorted(verifiers, key=lambda v: v.name != s.keyid):
            if all(v.name != n for n, _ in found) and v.verify(message, s.sig):
                found.append((v.name, s))
                break
    recognised = [n for n, _ in found]
    if envelope.payload_type not in accepted_types:
        raise VerifyError(
            f"the envelope's payload type {envelope.payload_type!r} is not one this tool reads"
        )
    if len(recognised) < threshold:
        if not recognised:
            raise VerifyError("no signature in the file comes from a trusted key")
        raise VerifyError(
            f"only {len(recognised)} of the {threshold} required trusted keys signed"
        )
    return found
