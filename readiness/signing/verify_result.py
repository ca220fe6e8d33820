"""One verified file's account, and the bundle check every checklist goes through.

Order matters: the DSSE signature is checked over the exact payload bytes before the payload
is parsed; only keys from the verifier's own trusted-signer list count (a key or certificate
found in the file is only ever compared with them, never trusted); the payload must be
canonical JSON without duplicate keys. Each file gets a plain-English account: who signed, when
(trusted timestamp or the signer's own claim), unaltered or not, its place in the hash chain,
and the results.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509

from readiness.signing import dsse, jcs, tsa
from readiness.signing.bundle import parse_bundle
from readiness.signing.errors import SigningError, VerifyError
from readiness.signing.pubkey import KeyVerifier
from readiness.signing.signers import Signer
from readiness.signing.statement import PREDICATE_TYPE, STATEMENT_TYPE

KEY_CARD = "keycard"  # Verification.kind of a key card found where checklists are checked
HANDOVER = "handover"  # ... and of a key hand-over


@dataclass(frozen=True)
class Verification:
    path: Path
    ok: bool
    signer_name: str = ""
    fingerprint: str = ""
    signed_at: str = ""
    time_source: str = "signer"  # "tsa" | "signer"
    unaltered: bool = False
    chain_position: str = ""
    verdict: str = ""
    results: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kind: str = ""  # "pdf" | "bundle"
    report_id: str = ""
    sequence: int = 0
    previous_sha256: str = ""
    statement_sha256: str = ""
    practitioner: str = ""
    registration: str = ""
    generated_at: str = ""
    claimed_at: str = ""  # the signing time the statement claims (the signer's own clock)
    replayed: bool = False
    identity: str = ""  # the signer's identity (first key of its hand-over chain)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path), "ok": self.ok, "kind": self.kind,
            "signer_name": self.signer_name, "fingerprint": self.fingerprint,
            "signed_at": self.signed_at, "time_source": self.time_source,
            "unaltered": self.unaltered, "chain_position": self.chain_position,
            "verdict": self.verdict, "report_id": self.report_id, "sequence": self.sequence,
            "previous_sha256": self.previous_sha256, "statement_sha256": self.statement_sha256,
            "practitioner": self.practitioner, "registration": self.registration,
            "generated_at": self.generated_at, "replayed": self.replayed,
            "identity": self.identity,
            "results": self.results, "problems": self.problems, "warnings": self.warnings,
        }


@dataclass(frozen=True)
class _Checked:
    """A bundle whose signature and statement checked out."""

    signer: Signer
    statement: dict[str, Any]
    payload: bytes
    signature: bytes
    token: tsa.Token | None
    warnings: tuple[str, ...]


_TIME = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z")


def parse_time(text: Any) -> dt.datetime | None:
    """``YYYY-MM-DDTHH:MM:SSZ`` exactly (strptime, ten times slower, also took one-digit
    fields), as UTC; None for anything else."""
    m = _TIME.fullmatch(text) if isinstance(text, str) else None
    if m is None:
        return None
    year, month, day, hour, minute, second = map(int, m.groups())
    try:
        return dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)
    except ValueError:  # 2026-02-30, hour 24, ...
        return None


def iso(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


STATUSES = ("pass", "warn", "fail", "unknown", "not_applicable")
VERDICTS = ("ready", "ready_with_cautions", "not_ready")
MAX_ITEMS = 400  # checks plus attestations: a real checklist has a few dozen
MAX_SEQUENCE = 10**9  # a report a day for two million years; bounds what chains compute
_FIELDS = (("reportId", str), ("sequence", int), ("generatedAt", str), ("signedAt", str),
           ("verdict", str), ("checks", list), ("attestations", list), ("practitioner", dict))


def _verdict_of(statuses: list[str]) -> str:
    # The app's own rule (readiness.model.overall_verdict): unknown is never a pass.
    if "fail" in statuses:
        return "not_ready"
    if "warn" in statuses or "unknown" in statuses:
        return "ready_with_cautions"
    return "ready"


def _check_envelope_fields(statement: Any) -> dict[str, Any]:
    if not isinstance(statement, dict) or statement.get("_type") != STATEMENT_TYPE:
        raise VerifyError("the signed document is not an in-toto statement")
    if statement.get("predicateType") != PREDICATE_TYPE:
        raise VerifyError("the signed document is not a Readiness device checklist")
    subject = statement.get("subject")
    if not isinstance(subject, list) or not subject or not all(
        isinstance(s, dict) and isinstance(s.get("digest"), dict) for s in subject
    ):
        raise VerifyError("the signed statement has no valid subject")
    pred = statement.get("predicate")
    if not isinstance(pred, dict):
        raise VerifyError("the signed statement has no predicate")
    for key, kind in _FIELDS:
        if not isinstance(pred.get(key), kind) or isinstance(pred.get(key), bool):
            raise VerifyError(f"the signed statement's {key} is missing or malformed")
    return pred


def _check_predicate(pred: dict[str, Any], signer: Signer) -> None:
    if not 1 <= pred["sequence"] <= MAX_SEQUENCE:
        raise VerifyError("the signed statement's sequence number is invalid")
    for key in ("generatedAt", "signedAt"):
        # One strict form, so every time shown can be compared (back-dating) and none can
        # carry extra words such as a fake "TSA" label.
        if parse_time(pred[key]) is None:
            raise VerifyError(f"the signed statement's {key} is not a time in the form "
                              "YYYY-MM-DDTHH:MM:SSZ")
    previous = pred.get("previous")
    if previous is not None and not (
        isinstance(previous, dict) and isinstance(previous.get("sha256"), str)
    ):
        raise VerifyError("the signed statement's link to the previous report is malformed")
    if pred["practitioner"].get("keyFingerprint") != signer.fingerprint:
        raise VerifyError("the statement names a different key from the one that signed it")
    items = [*pred["checks"], *pred["attestations"]]
    if len(items) > MAX_ITEMS:
        raise VerifyError(f"the signed statement lists {len(items)} results; a checklist has "
                          f"at most {MAX_ITEMS}")
    if not all(isinstance(i, dict) and i.get("status") in STATUSES for i in items):
        raise VerifyError("a check result in the signed statement is malformed")
    if pred["verdict"] not in VERDICTS:
        raise VerifyError("the signed statement's verdict is not one Readiness gives")
    if pred["verdict"] != _verdict_of([i["status"] for i in items]):
        raise VerifyError("the signed statement's verdict does not follow from its results")


def _check_statement(statement: Any, signer: Signer) -> dict[str, Any]:
    _check_predicate(_check_envelope_fields(statement), signer)
    return statement  # type: ignore[no-any-return]


def check_bundle(
    data: bytes,
    trusted: Sequence[Signer],
    roots: Sequence[x509.Certificate] | None = None,
) -> _Checked:
    """Verify bundle bytes; raise VerifyError (and only VerifyError) on any problem."""
    try:
        return _check_bundle(data, trusted, roots)
    except VerifyError:
        raise
    except (SigningError, ValueError, TypeError, KeyError, RecursionError) as exc:
        raise VerifyError(f"the bundle cannot be read ({exc.__class__.__name__})") from None


def _check_bundle(
    data: bytes, trusted: Sequence[Signer], roots: Sequence[x509.Certificate] | None
) -> _Checked:
    bundle = parse_bundle(data)
    env = bundle.envelope
    if len(env.signatures) != 1:
        # One practitioner signs a checklist; a second signature could only confuse which
        # key the statement is judged against (a colleague's could be put first).
        raise VerifyError(f"the checklist carries {len(env.signatures)} signatures; a "
                          "checklist has exactly one")
    by_fp = {s.fingerprint: s for s in trusted}
    found = dsse.verify_signatures(env, [KeyVerifier(s.key) for s in trusted])
    signer = by_fp[found[0][0]]
    signature = found[0][1].sig
    # Only now, with the signature good over these exact bytes, is the payload parsed.
    statement = _check_statement(jcs.parse_canonical(env.payload), signer)
    warnings: list[str] = []
    token: tsa.Token | None = None
    if bundle.timestamps:
        trusted_roots = list(roots) if roots is not None else tsa.load_roots()
        for der in bundle.timestamps:
            try:
                token = tsa.verify_token(der, signature, trusted_roots)
                break
            except VerifyError as exc:
                warnings.append(f"A timestamp in the file was ignored: {exc}.")
    if token is not None:
        signed_at = parse_time(statement["predicate"]["signedAt"])
        if signed_at is not None:
            if token.gen_time < signed_at - tsa.MAX_SKEW:
                warnings.append(
                    "The signer's clock claimed a later time than the trusted timestamp; "
                    "the trusted time is the one to rely on."
                )
            elif token.gen_time > signed_at + tsa.MAX_SKEW:
                warnings.append(
                    f"The trusted timestamp was added later than signing ({iso(token.gen_time)}); "
                    "it proves the checklist existed no later than that."
                )
    return _Checked(signer, statement, env.payload, signature, token, tuple(warnings))


def _results(statement: dict[str, Any]) -> list[dict[str, Any]]:
    pred = statement["predicate"]
    out: list[dict[str, Any]] = []
    for item in pred["checks"]:
        out.append({**item, "attested": bool(item.get("attested", False))})
    for item in pred["attestations"]:
        out.append({**item, "attested": True})
    return out


def from_checked(path: Path, kind: str, checked: _Checked) -> Verification:
    pred = checked.statement["predicate"]
    previous = pred.get("previous")
    token = checked.token
    practitioner = pred["practitioner"]
    return Verification(
        path=path, ok=True, kind=kind,
        signer_name=checked.signer.name, fingerprint=checked.signer.fingerprint,
        signed_at=iso(token.gen_time) if token else str(pred["signedAt"]),
        time_source="tsa" if token else "signer",
        unaltered=True, verdict=str(pred["verdict"]), results=_results(checked.statement),
        warnings=list(checked.warnings), report_id=str(pred["reportId"]),
        sequence=int(pred["sequence"]),
        previous_sha256=str(previous["sha256"]) if isinstance(previous, dict) else "",
        statement_sha256=hashlib.sha256(checked.payload).hexdigest(),
        practitioner=str(practitioner.get("name", "")),
        registration=str(practitioner.get("registration", "")),
        generated_at=str(pred["generatedAt"]),
        claimed_at=str(pred["signedAt"]),
        replayed=pred.get("source") == "replayed-snapshot",
    )


def failed(path: Path, kind: str, problem: str) -> Verification:
    return Verification(path=path, ok=False, kind=kind, problems=[problem])
