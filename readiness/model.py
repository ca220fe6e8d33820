"""The result model: statuses, evidence, check results and the overall verdict.

Everything here serialises to JSON with integers and strings only (no floats), because the
signed checklist is canonicalised with RFC 8785 and floats are where canonical forms diverge.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# A value a check observed: kept small and JSON-native so it can be signed as-is.
Scalar = str | int | bool | None


class Status(enum.StrEnum):
    # Declaration order is the reading order of a summary ("Pass: 3, Warning: 1, ...").
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        """The one word for this status: CLI, screen (translated) and the signed PDF. The
        PDF's words are compared exactly when a checklist is verified, so never reword."""
        return _STATUS_LABEL[self]

    @property
    def rank(self) -> int:
        """Severity: higher needs attention sooner (fail, warning, unknown, pass, n/a)."""
        return _STATUS_RANK[self]


_STATUS_LABEL = {
    Status.PASS: "Pass",
    Status.WARN: "Warning",
    Status.FAIL: "Fail",
    Status.UNKNOWN: "Unknown",
    Status.NOT_APPLICABLE: "Not applicable",
}
_STATUS_RANK = {
    Status.NOT_APPLICABLE: 0,
    Status.PASS: 1,
    Status.UNKNOWN: 2,
    Status.WARN: 3,
    Status.FAIL: 4,
}


class Verdict(enum.StrEnum):
    READY = "ready"
    CAUTIONS = "ready_with_cautions"
    NOT_READY = "not_ready"

    @property
    def label(self) -> str:
        """As :attr:`Status.label`: the one wording, printed exactly on signed PDFs."""
        return {
            Verdict.READY: "Ready",
            Verdict.CAUTIONS: "Ready with cautions",
            Verdict.NOT_READY: "Not ready",
        }[self]

    @property
    def status(self) -> Status:
        """The status whose icon and colour show this verdict."""
        return {
            Verdict.READY: Status.PASS,
            Verdict.CAUTIONS: Status.WARN,
            Verdict.NOT_READY: Status.FAIL,
        }[self]


# The one wording for an unanswered practice question (see CheckResult.unanswered).
NOT_ANSWERED = "Not answered yet"
# Every word a result can be shown with, and the column they line up in on a terminal.
RESULT_LABELS = (*(s.label for s in Status), NOT_ANSWERED)
LABEL_WIDTH = max(len(label) for label in RESULT_LABELS) + 1


def result_label(status: str, kind: str, observed: Mapping[str, Any] | Any) -> str:
    """The word for one result, from its parts as a statement or bundle holds them."""
    answered = isinstance(observed, Mapping) and observed.get("attested") is True
    if kind == CheckKind.ATTESTATION.value and status == Status.UNKNOWN.value and not answered:
        return NOT_ANSWERED
    return status_label(status)


def status_label(value: str) -> str:
    """The label of a status read from a file (a statement, a bundle); an unknown value is
    shown as it is rather than hidden."""
    try:
        return Status(value).label
    except ValueError:
        return value


def verdict_label(value: str) -> str:
    try:
        return Verdict(value).label
    except ValueError:
        return value


# Operating systems by the key the catalogue and checks use (``PlatformInfo.os_key``).
OS_NAMES = {"windows": "Windows", "macos": "macOS", "linux": "Linux"}


def os_display_name(os_key: str) -> str:
    """``macOS`` for ``macos``; "" for ``other`` or any key that names no supported OS."""
    return OS_NAMES.get(os_key, "")


class CheckKind(enum.StrEnum):
    MACHINE = "machine"  # decided by probing this computer
    ATTESTATION = "attestation"  # stated by the practitioner; never "verified by the machine"


def overall_verdict(statuses: list[Status]) -> Verdict:
    """Ready only when everything passed or did not apply; unknown is never a pass."""
    if any(s is Status.FAIL for s in statuses):
        return Verdict.NOT_READY
    if any(s in (Status.WARN, Status.UNKNOWN) for s in statuses):
        return Verdict.CAUTIONS
    return Verdict.READY


@dataclass(frozen=True)
class Evidence:
    """One thing a check looked at: what was run or read, and what came back.

    ``kind`` is one of command, file, registry, native, processes, platform, attestation,
    setting (a choice the practitioner made for the run, such as turning a check on).
    ``source`` names it (the argv joined, a path, a registry path, a probe name).
    """

    kind: str
    source: str
    returncode: int | None = None
    value: Scalar = None
    excerpt: str = ""
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "source": self.source}
        if self.returncode is not None:
            out["returncode"] = self.returncode
        if self.value is not None:
            out["value"] = self.value
        if self.excerpt:
            out["excerpt"] = self.excerpt
        if self.error is not None:
            out["error"] = self.error
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Evidence:
        return cls(
            kind=data["kind"],
            source=data["source"],
            returncode=data.get("returncode"),
            value=data.get("value"),
            excerpt=data.get("excerpt", ""),
            error=data.get("error"),
        )


@dataclass(frozen=True)
class Reference:
    """A clause of a framework (GPiA 047 section, Cyber Essentials control) a check serves."""

    framework: str
    clause: str
    title: str
    assessment: str  # automated | partial | attested

    def to_json(self) -> dict[str, Any]:
        return {
            "framework": self.framework,
            "clause": self.clause,
            "title": self.title,
            "assessment": self.assessment,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reference:
        return cls(data["framework"], data["clause"], data["title"], data["assessment"])


@dataclass(frozen=True)
class Outcome:
    """What a check's logic decides; the runner adds evidence, remediation and timing."""

    status: Status
    summary: str
    observed: dict[str, Scalar] = field(default_factory=dict)
    expected: str = ""
    method: str = ""
    # Where the result came from, when it is not the check's own kind: an attested item that
    # this computer saw for itself (headphones in use now) is a machine result, never
    # labelled "your statement". None: the check's kind.
    kind: CheckKind | None = None


@dataclass(frozen=True)
class CheckResult:
    check_id: str
    kind: CheckKind
    title: str
    status: Status
    summary: str
    evidence: tuple[Evidence, ...] = ()
    observed: dict[str, Scalar] = field(default_factory=dict)
    expected: str = ""
    method: str = ""
    remediation: tuple[str, ...] = ()
    settings: tuple[dict[str, Any], ...] = ()
    references: tuple[Reference, ...] = ()
    duration_ms: int = 0
    checked_at: str = ""  # RFC 3339 UTC: when this result was decided (a re-check is newer)

    @property
    def attested(self) -> bool:
        return self.kind is CheckKind.ATTESTATION

    @property
    def unanswered(self) -> bool:
        """A question the practitioner has not answered yet: its own state on screen and on
        paper, not "could not check" (the status stays unknown, so it is never a pass)."""
        return result_label(self.status.value, self.kind.value, self.observed) == NOT_ANSWERED

    @property
    def label(self) -> str:
        """The word shown for this result everywhere (GUI, CLI, PDF)."""
        return result_label(self.status.value, self.kind.value, self.observed)

    def to_json(self) -> dict[str, Any]:
        return {
            "check_id": self.check_id,
            "kind": self.kind.value,
            "title": self.title,
            "status": self.status.value,
            "summary": self.summary,
            "evidence": [e.to_json() for e in self.evidence],
            "observed": dict(self.observed),
            "expected": self.expected,
            "method": self.method,
            "remediation": list(self.remediation),
            "settings": [dict(s) for s in self.settings],
            "references": [r.to_json() for r in self.references],
            "duration_ms": self.duration_ms,
            **({"checked_at": self.checked_at} if self.checked_at else {}),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CheckResult:
        return cls(
            check_id=data["check_id"],
            kind=CheckKind(data["kind"]),
            title=data["title"],
            status=Status(data["status"]),
            summary=data["summary"],
            evidence=tuple(Evidence.from_json(e) for e in data["evidence"]),
            observed=dict(data["observed"]),
            expected=data.get("expected", ""),
            method=data.get("method", ""),
            remediation=tuple(data["remediation"]),
            settings=tuple(data.get("settings", [])),
            references=tuple(Reference.from_json(r) for r in data["references"]),
            duration_ms=int(data["duration_ms"]),
            checked_at=str(data.get("checked_at", "")),
        )


RESULTS_FORMAT = "readiness-results/1"


@dataclass(frozen=True)
class RunReport:
    """A whole run: what the CLI prints with --json and what the signer signs."""

    generated_at: str  # RFC 3339 UTC
    tool_version: str
    catalogue_version: str
    platform: dict[str, str]
    results: tuple[CheckResult, ...]
    replayed_from: str | None = None  # set when the run came from a snapshot, never hidden
    today: str | None = None  # the date the checks decided with (ISO), injected into the run
    # The reference tables the run decided with: name, origin, the date they speak for.
    reference_data: tuple[dict[str, str], ...] = ()
    catalogue_digest: str | None = None  # SHA-256 of the catalogue the run used

    @property
    def verdict(self) -> Verdict:
        return overall_verdict([r.status for r in self.results])

    @property
    def failed(self) -> bool:
        return any(r.status is Status.FAIL for r in self.results)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format": RESULTS_FORMAT,
            "generated_at": self.generated_at,
            "tool_version": self.tool_version,
            "catalogue_version": self.catalogue_version,
            "platform": dict(self.platform),
            "verdict": self.verdict.value,
            "results": [r.to_json() for r in self.results],
        }
        if self.replayed_from is not None:
            out["replayed_from"] = self.replayed_from
        if self.today is not None:
            out["today"] = self.today
        if self.reference_data:
            out["reference_data"] = [dict(r) for r in self.reference_data]
        if self.catalogue_digest is not None:
            out["catalogue_digest"] = self.catalogue_digest
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunReport:
        if data.get("format") != RESULTS_FORMAT:
            raise ValueError(f"not a {RESULTS_FORMAT} document")
        return cls(
            generated_at=data["generated_at"],
            tool_version=data["tool_version"],
            catalogue_version=data["catalogue_version"],
            platform=dict(data["platform"]),
            results=tuple(CheckResult.from_json(r) for r in data["results"]),
            replayed_from=data.get("replayed_from"),
            today=data.get("today"),
            reference_data=tuple(dict(r) for r in data.get("reference_data", [])),
            catalogue_digest=data.get("catalogue_digest"),
        )


def merge_recheck(report: RunReport, fresh: RunReport) -> RunReport:
    """``report`` with the items ``fresh`` re-checked replaced by their new results (each
    keeps its own ``checked_at``), in the report's order; the merged report is dated when the
    re-check finished. A re-check from another source, system or catalogue is refused: it
    would make a checklist of two different runs."""
    if (fresh.replayed_from, fresh.platform, fresh.catalogue_digest) != (
            report.replayed_from, report.platform, report.catalogue_digest):
        raise ValueError("the re-check did not run on the same source and catalogue")
    new = {r.check_id: r for r in fresh.results}
    unknown_ids = set(new) - {r.check_id for r in report.results}
    if unknown_ids:
        raise ValueError("re-checked items not in the report: " + ", ".join(sorted(unknown_ids)))
    return RunReport(
        generated_at=max(report.generated_at, fresh.generated_at),
        tool_version=fresh.tool_version,
        catalogue_version=fresh.catalogue_version,
        platform=dict(report.platform),
        results=tuple(new.get(r.check_id, r) for r in report.results),
        replayed_from=report.replayed_from,
        today=fresh.today,
        reference_data=fresh.reference_data or report.reference_data,
        catalogue_digest=report.catalogue_digest,
    )
