"""The ``.readiness.json`` bundle: the DSSE envelope plus any RFC 3161 timestamp tokens.

Shaped like a Sigstore bundle v0.3 with a public-key hint (``verificationMaterial`` +
``dsseEnvelope``), so the semantics are familiar: timestamp tokens are counter-signatures over
the DSSE signature bytes and sit outside the signed payload, which is why a queued token can be
added later without re-signing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from readiness.signing import jcs
from readiness.signing.dsse import Envelope, b64decode, b64encode
from readiness.signing.errors import VerifyError

MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json"
MAX_BUNDLE_BYTES = 8 * 1024 * 1024
MAX_TOKENS = 8


@dataclass(frozen=True)
class Bundle:
    envelope: Envelope
    key_hint: str
    timestamps: tuple[bytes, ...] = ()  # DER TimeStampResp (or bare token) bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "mediaType": MEDIA_TYPE,
            "verificationMaterial": {
                "publicKey": {"hint": self.key_hint},
                "timestampVerificationData": {
                    "rfc3161Timestamps": [
                        {"signedTimestamp": b64encode(t)} for t in self.timestamps
                    ]
                },
            },
            "dsseEnvelope": self.envelope.to_json(),
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2) + "\n"

    def with_timestamp(self, token: bytes) -> Bundle:
        return Bundle(self.envelope, self.key_hint, (*self.timestamps, token))


def parse_bundle(data: bytes) -> Bundle:
    """Read a bundle strictly (duplicate keys refused); does not check any signature."""
    if len(data) > MAX_BUNDLE_BYTES:
        raise VerifyError("the file is too large to be a Readiness bundle")
    doc = jcs.parse_strict(data)
    if not isinstance(doc, dict) or doc.get("mediaType") != MEDIA_TYPE:
        raise VerifyError("the file is not a Readiness signature bundle")
    material = doc.get("verificationMaterial", {})
    if not isinstance(material, dict):
        raise VerifyError("the bundle's verification material is malformed")
    hint = material.get("publicKey", {})
    key_hint = hint.get("hint", "") if isinstance(hint, dict) else ""
    tsd = material.get("timestampVerificationData", {})
    tokens: list[bytes] = []
    if tsd:
        if not isinstance(tsd, dict) or not isinstance(tsd.get("rfc3161Timestamps", []), list):
            raise VerifyError("the bundle's timestamp data is malformed")
        entries = tsd.get("rfc3161Timestamps", [])
        if len(entries) > MAX_TOKENS:
            raise VerifyError("the bundle carries too many timestamps")
        for entry in entries:
            if not isinstance(entry, dict) or not isinstance(entry.get("signedTimestamp"), str):
                raise VerifyError("a timestamp in the bundle is malformed")
            tokens.append(b64decode(entry["signedTimestamp"]))
    envelope = Envelope.from_json(doc.get("dsseEnvelope"))
    return Bundle(envelope, key_hint if isinstance(key_hint, str) else "", tuple(tokens))
