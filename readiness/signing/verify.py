"""Verifying signed checklists (PDF or ``.readiness.json`` bundle) against trusted signers.

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
import io
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from readiness.signing import dsse, jcs, tsa
from readiness.signing.bundle import parse_bundle
from readiness.signing.errors import SigningError, VerifyError
from readiness.signing.pubkey import PublicKey
from readiness.signing.signers import Signer, SignersError, load_trust
from readiness.signing.statement import PREDICATE_TYPE, STATEMENT_TYPE

MAX_FILE_BYTES = 50 * 1024 * 1024


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
    replayed: bool = False

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
            "results": self.results, "problems": self.problems, "warnings": self.warnings,
        }


class _Verifier:
    """A trusted signer as a DSSE verifier."""

    def __init__(self, signer: Signer) -> None:
        self.signer = signer
        self.key = signer.key
        self.name = signer.fingerprint

    def verify(self, message: bytes, signature: bytes) -> bool:
        return self.key.verify(message, signature)


@dataclass(frozen=True)
class _Checked:
    """A bundle whose signature and statement checked out."""

    signer: Signer
    statement: dict[str, Any]
    payload: bytes
    signature: bytes
    token: tsa.Token | None
    warnings: tuple[str, ...]


def _parse_time(text: Any) -> dt.datetime | None:
    if not isinstance(text, str):
        return None
    try:
        t = dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return None
    return t.replace(tzinfo=dt.UTC)


def _iso(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _check_statement(statement: Any, signer: Signer) -> dict[str, Any]:
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
    for key, kind in (("reportId", str), ("sequence", int), ("generatedAt", str),
                      ("signedAt", str), ("verdict", str), ("checks", list),
                      ("attestations", list), ("practitioner", dict)):
        if not isinstance(pred.get(key), kind) or isinstance(pred.get(key), bool):
            raise VerifyError(f"the signed statement's {key} is missing or malformed")
    if pred["sequence"] < 1:
        raise VerifyError("the signed statement's sequence number is invalid")
    previous = pred.get("previous")
    if previous is not None and not (
        isinstance(previous, dict) and isinstance(previous.get("sha256"), str)
    ):
        raise VerifyError("the signed statement's link to the previous report is malformed")
    claimed = pred["practitioner"].get("keyFingerprint")
    if claimed != signer.fingerprint:
        raise VerifyError(
            "the statement names a different key from the one that signed it"
        )
    for item in [*pred["checks"], *pred["attestations"]]:
        if not isinstance(item, dict) or not isinstance(item.get("status"), str):
            raise VerifyError("a check result in the signed statement is malformed")
    return statement


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
    by_fp = {s.fingerprint: s for s in trusted}
    found = dsse.verify_signatures(env, [_Verifier(s) for s in trusted])
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
        signed_at = _parse_time(statement["predicate"]["signedAt"])
        if signed_at is not None:
            if token.gen_time < signed_at - tsa.MAX_SKEW:
                warnings.append(
                    "The signer's clock claimed a later time than the trusted timestamp; "
                    "the trusted time is the one to rely on."
                )
            elif token.gen_time > signed_at + tsa.MAX_SKEW:
                warnings.append(
                    f"The trusted timestamp was added later than signing ({_iso(token.gen_time)}); "
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


def _from_checked(path: Path, kind: str, checked: _Checked) -> Verification:
    pred = checked.statement["predicate"]
    previous = pred.get("previous")
    token = checked.token
    practitioner = pred["practitioner"]
    return Verification(
        path=path, ok=True, kind=kind,
        signer_name=checked.signer.name, fingerprint=checked.signer.fingerprint,
        signed_at=_iso(token.gen_time) if token else str(pred["signedAt"]),
        time_source="tsa" if token else "signer",
        unaltered=True, verdict=str(pred["verdict"]), results=_results(checked.statement),
        warnings=list(checked.warnings), report_id=str(pred["reportId"]),
        sequence=int(pred["sequence"]),
        previous_sha256=str(previous["sha256"]) if isinstance(previous, dict) else "",
        statement_sha256=hashlib.sha256(checked.payload).hexdigest(),
        practitioner=str(practitioner.get("name", "")),
        registration=str(practitioner.get("registration", "")),
        generated_at=str(pred["generatedAt"]),
        replayed=pred.get("source") == "replayed-snapshot",
    )


def _failed(path: Path, kind: str, problem: str) -> Verification:
    return Verification(path=path, ok=False, kind=kind, problems=[problem])


# ---------------------------------------------------------------------------------------------
# PDF


def _asn1(cert: x509.Certificate) -> Any:
    from asn1crypto import x509 as asn1_x509

    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def check_pdf(
    path: Path,
    data: bytes,
    trusted: Sequence[Signer],
    roots: Sequence[x509.Certificate] | None = None,
) -> Verification:
    try:
        return _check_pdf(path, data, trusted, roots)
    except VerifyError as exc:
        return _failed(path, "pdf", str(exc))
    except Exception as exc:
        return _failed(path, "pdf", f"the PDF cannot be read as a signed checklist "
                                    f"({exc.__class__.__name__})")


def _check_pdf(
    path: Path, data: bytes, trusted: Sequence[Signer], roots: Sequence[x509.Certificate] | None
) -> Verification:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import MDPPerm
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    from readiness.signing import checklist
    from readiness.signing.pdf_sign import attachments

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    sigs = reader.embedded_regular_signatures
    if not sigs:
        raise VerifyError("the PDF is not signed")
    if len(sigs) != 1:
        raise VerifyError("the PDF carries more than one signature; a checklist has one")
    sig = sigs[0]
    cert = x509.load_der_x509_certificate(sig.signer_cert.dump())
    spki = cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    match = [s for s in trusted if s.key.spki_der == spki]
    if not match:
        pk = cert.public_key()
        fp = (
            PublicKey(pk).fingerprint
            if isinstance(pk, ec.EllipticCurvePublicKey) and isinstance(pk.curve, ec.SECP256R1)
            else "not a P-256 key"
        )
        raise VerifyError(
            f"the PDF was signed with a key that is not in your trusted list ({fp})"
        )
    signer = match[0]
    tsa_roots = list(roots) if roots is not None else tsa.load_roots()
    # The certificate is trusted only because its key equals a key the verifier already trusts.
    vc = ValidationContext(trust_roots=[_asn1(cert)], allow_fetching=False)
    # Only the pinned TSA roots: an empty list must mean "trust none", never the system store.
    ts_vc = ValidationContext(trust_roots=[_asn1(r) for r in tsa_roots], allow_fetching=False)
    status = validate_pdf_signature(sig, signer_validation_context=vc,
                                    ts_validation_context=ts_vc)
    problems: list[str] = []
    if not status.intact or not status.valid:
        problems.append("the PDF has been altered since it was signed")
    if sig.docmdp_level is not MDPPerm.NO_CHANGES:
        problems.append("the PDF is not certified 'no changes allowed'")
    if status.coverage is SignatureCoverageLevel.ENTIRE_FILE:
        pass
    elif status.coverage is SignatureCoverageLevel.ENTIRE_REVISION:
        from pyhanko.sign.diff_analysis import ModificationLevel

        level = status.modification_level
        doc_ts = reader.embedded_timestamp_signatures
        if level is None or level > ModificationLevel.LTA_UPDATES or not doc_ts or \
                status.docmdp_ok is False:
            problems.append("the PDF was changed after it was signed")
    else:
        problems.append("the PDF signature does not cover the whole document")
    files = attachments(reader)
    bundle_bytes = files.get(checklist.BUNDLE_NAME)
    if bundle_bytes is None:
        problems.append("the PDF does not contain its signature bundle")
        return Verification(path=path, ok=False, kind="pdf", signer_name=signer.name,
                            fingerprint=signer.fingerprint, problems=problems)
    checked = check_bundle(bundle_bytes, [signer], roots)
    if files.get(checklist.STATEMENT_NAME) != checked.payload:
        problems.append("the statement attached to the PDF differs from the signed one")
    from readiness.signing.pdf_text import page_text_problems

    problems.extend(page_text_problems(data, checked.statement))
    result = _from_checked(path, "pdf", checked)
    warnings = list(result.warnings)
    signed_at, source = result.signed_at, result.time_source
    if source != "tsa":
        ts = status.timestamp_validity
        if ts is not None and ts.valid and ts.intact and ts.trusted:
            signed_at, source = _iso(ts.timestamp), "tsa"
    if source != "tsa":
        for doc_sig in reader.embedded_timestamp_signatures:
            try:
                ts_status = validate_pdf_timestamp(doc_sig, validation_context=ts_vc)
            except Exception as exc:  # an unverifiable timestamp just does not count
                warnings.append(f"A PDF timestamp could not be checked ({exc.__class__.__name__}).")
                continue
            if ts_status.valid and ts_status.intact and ts_status.trusted:
                signed_at, source = _iso(ts_status.timestamp), "tsa"
                warnings.append(
                    f"The trusted timestamp was added later than signing ({signed_at}); "
                    "it proves the checklist existed no later than that."
                )
                break
    return replace(result, ok=not problems, unaltered=not problems, problems=problems,
                   signed_at=signed_at, time_source=source, warnings=warnings)


# ---------------------------------------------------------------------------------------------
# Files, folders and the chain


def _is_key_card(data: bytes) -> bool:
    try:
        from readiness.signing.keycard import CARD_ATTACHMENT
        from readiness.signing.pdf_sign import read_attachments

        return CARD_ATTACHMENT in read_attachments(data)
    except Exception:
        return False


def verify_file(
    path: Path,
    trusted: Sequence[Signer],
    roots: Sequence[x509.Certificate] | None = None,
) -> Verification:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return _failed(path, "", "the file is too large to be a signed checklist")
        data = path.read_bytes()
    except OSError as exc:
        return _failed(path, "", f"cannot read the file ({exc.strerror or exc})")
    if data.startswith(b"%PDF"):
        return check_pdf(path, data, trusted, roots)
    try:
        return _from_checked(path, "bundle", check_bundle(data, trusted, roots))
    except VerifyError as exc:
        return _failed(path, "bundle", str(exc))


def expand(paths: Sequence[Path]) -> list[Path]:
    """Files to check: each file as given; a folder's PDFs and .readiness.json bundles."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            for child in sorted(p.iterdir()):
                if child.is_file() and (
                    child.suffix.lower() == ".pdf" or child.name.endswith(".readiness.json")
                ):
                    if child.suffix.lower() == ".pdf" and _is_key_card(child.read_bytes()):
                        continue
                    out.append(child)
        else:
            out.append(p)
    return out


def _chain(results: list[Verification]) -> list[Verification]:
    """Describe each verified report's place in its signer's hash chain."""
    good = [r for r in results if r.ok]
    by_hash = {r.statement_sha256: r for r in good}
    by_seq: dict[tuple[str, int], set[str]] = {}
    for r in good:
        by_seq.setdefault((r.practitioner, r.sequence), set()).add(r.statement_sha256)
    out: list[Verification] = []
    for r in results:
        if not r.ok:
            out.append(r)
            continue
        problems = list(r.problems)
        if len(by_seq[(r.practitioner, r.sequence)]) > 1:
            problems.append(f"another, different report also claims to be number {r.sequence}")
            pos = f"report {r.sequence}: conflicts with another report of the same number"
        elif r.sequence == 1 and not r.previous_sha256:
            pos = "report 1: the first in the series"
        elif not r.previous_sha256:
            problems.append(f"report {r.sequence} does not name the report before it")
            pos = f"report {r.sequence}: link to the previous report missing"
        elif r.previous_sha256 in by_hash:
            prev = by_hash[r.previous_sha256]
            if prev.sequence != r.sequence - 1:
                problems.append("the report it follows has the wrong number")
                pos = f"report {r.sequence}: follows report {prev.sequence} (numbers skip)"
            else:
                pos = f"report {r.sequence}: follows report {prev.sequence} (linked)"
        elif by_seq.get((r.practitioner, r.sequence - 1)):
            problems.append(
                f"report {r.sequence - 1} here is not the one report {r.sequence} follows: "
                "a report may have been replaced"
            )
            pos = f"report {r.sequence}: chain broken before it"
        else:
            pos = f"report {r.sequence}: the report before it is not among the files checked"
        out.append(replace(r, chain_position=pos, problems=problems, ok=not problems))
    return out


def verify_paths(
    paths: Sequence[Path],
    signers_file: Path | None = None,
    *,
    tsa_roots: Sequence[x509.Certificate] | None = None,
) -> list[Verification]:
    """Verify each file (folders expanded). Raises SignersError if the signer list is
    unusable; every per-file problem is reported in that file's Verification instead."""
    trusted = load_trust(signers_file)
    roots = list(tsa_roots) if tsa_roots is not None else tsa.load_roots()
    files = expand([Path(p) for p in paths])
    results: list[Verification] = []
    for f in files:
        r = verify_file(f, trusted, roots)
        if not trusted and not r.ok:
            r = replace(r, problems=[*r.problems, "no trusted signers are set up yet "
                                                  "(readiness signers add)"])
        results.append(r)
    return _chain(results)


__all__ = ["SignersError", "Verification", "check_bundle", "verify_file", "verify_paths"]
