"""What is signed: an in-toto Statement v1 with Readiness's device-check predicate.

The subject is a salted hash of the device id (the OS machine id, handed over as a string by
the composition root): pseudonymous, stable across reports; the raw id never leaves the
machine. The predicate carries everything a reviewer needs to read the result without trusting
this program's display: a hash chain (sequence + SHA-256 of the
previous statement), times, tool and catalogue versions with the catalogue digest, the
practitioner and key fingerprint, the OS, the verdict, every check with its observed values and
method, and every attestation labelled attested. Integers and strings only (RFC 8785).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from typing import Any

from readiness import __version__
from readiness import catalogue as catalogue_mod
from readiness.model import CheckKind, RunReport, Status, Verdict
from readiness.paths import data_dir
from readiness.signing.files import atomic_write_bytes
from readiness.signing.pubkey import PublicKey

STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PREDICATE_TYPE = "https://readiness.invalid/attestation/device-check/v1"
ROTATION_PREDICATE_TYPE = "https://readiness.invalid/attestation/key-rotation/v1"

# in-toto test-result vocabulary for the overall result.
_RESULT = {Verdict.READY: "PASSED", Verdict.CAUTIONS: "WARNED", Verdict.NOT_READY: "FAILED"}

DECLARATION = (
    "I ran these checks on the device I will use for online client sessions. Items marked "
    "attested are my own statements; the computer did not check them."
)


def _salt() -> bytes:
    path = data_dir() / "device-salt"
    try:
        raw = path.read_bytes()
        if len(raw) == 32:
            return raw
    except OSError:
        pass
    raw = secrets.token_bytes(32)
    atomic_write_bytes(path, raw, private=True)
    return raw


def device_digest(device_id: str | None = None) -> str:
    """SHA-256 of (per-install salt || device id): the statement's subject digest. The id comes
    from the composition root (readiness.engine.Session.device_id); without one, the
    per-install id is used (then the subject is stable for this installation only)."""
    from readiness.device import install_id

    return hashlib.sha256(_salt() + (device_id or install_id()).encode("utf-8")).hexdigest()


def _os_description(platform: Mapping[str, str]) -> str:
    parts = [platform.get("system", ""), platform.get("release", ""), platform.get("version", "")]
    text = " ".join(p for p in parts if p)
    machine = platform.get("machine", "")
    return f"{text} ({machine})" if machine else text


def _reference(framework: str, clause: str, title: str) -> str:
    """'GPiA 047 §4: <title>' for fact-sheet sections; 'Cyber Essentials: <clause>' otherwise."""
    label = f"{framework} §{clause}" if clause[:1].isdigit() else f"{framework}: {clause}"
    return f"{label} ({title})" if title else label


def _check_entry(r: Any, catalogue: catalogue_mod.Catalogue | None) -> dict[str, Any]:
    refs = [_reference(ref.framework, ref.clause, ref.title) for ref in r.references]
    entry: dict[str, Any] = {
        "id": r.check_id,
        "title": r.title,
        "kind": r.kind.value,
        "status": r.status.value,
        "summary": r.summary,
        "expected": r.expected,
        "observed": dict(r.observed),
        "method": r.method,
        "references": refs,
        "evidence": [e.to_json() for e in r.evidence],
    }
    if r.kind is CheckKind.ATTESTATION:
        entry["attested"] = True
    return entry


def build_statement(
    report: RunReport,
    *,
    report_id: str,
    sequence: int,
    previous_sha256: str | None,
    signed_at: str,
    practitioner_name: str,
    registration: str,
    fingerprint: str,
    subject_digest: str,
    catalogue: catalogue_mod.Catalogue | None = None,
) -> dict[str, Any]:
    cat = catalogue if catalogue is not None else catalogue_mod.load()
    machine = [r for r in report.results if r.kind is not CheckKind.ATTESTATION]
    attested = [r for r in report.results if r.kind is CheckKind.ATTESTATION]
    counts = {s.value: 0 for s in Status}
    for r in report.results:
        counts[r.status.value] += 1
    predicate: dict[str, Any] = {
        "reportId": report_id,
        "sequence": sequence,
        "previous": {"sha256": previous_sha256} if previous_sha256 else None,
        "generatedAt": report.generated_at,
        "signedAt": signed_at,
        "clockSource": "local",
        "tool": {"name": "readiness", "version": __version__,
                 "reportToolVersion": report.tool_version},
        # The digest of the catalogue the run used (the report carries it), not of whatever
        # catalogue is installed when signing.
        "catalogue": {"version": cat.version,
                      "digest": {"sha256": report.catalogue_digest or cat.digest},
                      "reportCatalogueVersion": report.catalogue_version},
        "practitioner": {"name": practitioner_name, "registration": registration,
                         "keyFingerprint": fingerprint},
        "device": {"os": _os_description(report.platform), "platform": dict(report.platform)},
        "source": "replayed-snapshot" if report.replayed_from is not None else "this-computer",
        "verdict": report.verdict.value,
        "result": _RESULT[report.verdict],
        "counts": counts,
        "checks": [_check_entry(r, cat) for r in machine],
        "attestations": [_check_entry(r, cat) for r in attested],
        "declaration": DECLARATION,
    }
    if report.replayed_from is not None:
        predicate["replayedFrom"] = report.replayed_from
    return {
        "_type": STATEMENT_TYPE,
        "subject": [{"name": "device", "digest": {"sha256": subject_digest}}],
        "predicateType": PREDICATE_TYPE,
        "predicate": predicate,
    }


def rotation_statement(
    old_info: Any, old: PublicKey, new: PublicKey, rotated_at: str
) -> dict[str, Any]:
    """The hand-over from the old key to the new one; signed by both."""
    return {
        "_type": STATEMENT_TYPE,
        "subject": [
            {"name": "old-key", "digest": {"sha256": hashlib.sha256(old.blob).hexdigest()}},
            {"name": "new-key", "digest": {"sha256": hashlib.sha256(new.blob).hexdigest()}},
        ],
        "predicateType": ROTATION_PREDICATE_TYPE,
        "predicate": {
            "practitioner": {"name": old_info.name, "registration": old_info.registration},
            "rotatedAt": rotated_at,
            "oldKey": {"fingerprint": old.fingerprint, "publicKey": old.openssh},
            "newKey": {"fingerprint": new.fingerprint, "publicKey": new.openssh},
            "statement": "The old key hands over to the new key from the time above. Reports "
            "signed earlier by the old key remain valid.",
        },
    }
