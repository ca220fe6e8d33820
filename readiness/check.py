"""What a check is, and the context through which it sees the machine.

Every probe call made through ``CheckContext`` is written down as ``Evidence`` before the check
sees the answer, so a result cannot carry a conclusion without the facts it was drawn from.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from readiness.model import CheckKind, Evidence, Outcome, Scalar, Status
from readiness.probe.types import (
    CachedValue,
    CommandResult,
    DirListing,
    FileRead,
    Host,
    JSONValue,
    NativeResult,
    PlatformInfo,
    ProcessList,
    RegistryRead,
)
from readiness.reference import Reference, ReferenceData

EXCERPT_CHARS = 1500


class Cancelled(Exception):
    """The run was cancelled; raised at the next probe call."""


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    text = text.strip("\r\n")
    if len(text) <= limit:
        return text
    return text[:limit] + f"\n… ({len(text) - limit} more characters)"


class CheckContext:
    """A check's view of one host for one run; records evidence for every call."""

    def __init__(
        self,
        host: Host,
        *,
        cancel: threading.Event | None = None,
        attestations: Mapping[str, Mapping[str, Any]] | None = None,
        today: date | None = None,
        reference: ReferenceData | None = None,
        deep: bool = False,
        options: Mapping[str, str] | None = None,
    ) -> None:
        self._host = host
        # Choices the practitioner made for this run (e.g. the opt-in connection check's
        # platform): not statements, never signed as answers.
        self._options = dict(options or {})
        # Deep checks may run slow probes (a full pending-update search); the quick check never.
        self.deep = deep
        self._cancel = cancel or threading.Event()
        self._attestations = attestations or {}
        # The run's date, injected (and recorded in the report) so date rules are testable.
        self.date: date = today or date.today()
        self._reference = reference or ReferenceData()
        self.evidence: list[Evidence] = []

    def option(self, name: str) -> str:
        """A run option ("" when not set), noted in the evidence: a result that depends on a
        choice says so."""
        value = self._options.get(name, "")
        self.evidence.append(Evidence(kind="setting", source=name,
                                      excerpt=value or "(not set)"))
        return value

    def reference(self, name: str) -> Reference:
        """A reference table handed to the run (see readiness.reference)."""
        return self._reference.get(name)

    @property
    def platform(self) -> PlatformInfo:
        return self._host.platform

    def _check_cancel(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def run(
        self, argv: Sequence[str], *, timeout: float = 10.0, encoding: str | None = None
    ) -> CommandResult:
        self._check_cancel()
        result = self._host.run(argv, timeout=timeout, encoding=encoding)
        body = result.stdout
        if result.stderr.strip() and (result.returncode != 0 or not body.strip()):
            body = (body + "\n[stderr]\n" + result.stderr).strip("\n")
        self.evidence.append(
            Evidence(
                kind="command",
                source=" ".join(argv),
                returncode=result.returncode,
                excerpt=excerpt(body),
                error=result.error or ("timed out" if result.timed_out else None),
            )
        )
        return result

    def read_file(self, path: str) -> FileRead:
        self._check_cancel()
        result = self._host.read_file(path)
        self.evidence.append(
            Evidence(
                kind="file",
                source=path,
                excerpt=excerpt(result.text or ""),
                error=result.error,
            )
        )
        return result

    def list_dir(self, path: str) -> DirListing:
        """A folder's entry names, sorted. Recorded as a ``file`` evidence whose source ends
        in a slash, so the results format needs no new kind."""
        self._check_cancel()
        result = self._host.list_dir(path)
        self.evidence.append(
            Evidence(
                kind="file",
                source=path.rstrip("/\\") + "/",
                excerpt=excerpt("\n".join(result.names or ())),
                error=result.error,
            )
        )
        return result

    def registry(self, path: str) -> RegistryRead:
        self._check_cancel()
        result = self._host.read_registry(path)
        value = result.value if isinstance(result.value, str | int | bool) else None
        self.evidence.append(
            Evidence(
                kind="registry",
                source=path,
                value=value,
                excerpt="" if value is not None or result.value is None else str(result.value),
                error=result.error,
            )
        )
        return result

    def processes(self) -> ProcessList:
        self._check_cancel()
        result = self._host.processes()
        self.evidence.append(
            Evidence(
                kind="processes",
                source="process list",
                value=len(result.processes) if result.ok else None,
                error=result.error,
            )
        )
        return result

    def cached(self, name: str, key: str, max_age_s: int) -> CachedValue:
        """A slow probe's stored result for ``key`` (see Host.cache_get); a hit is evidence."""
        self._check_cancel()
        result = self._host.cache_get(name, key, max_age_s)
        self.evidence.append(
            Evidence(
                kind="native",
                source=f"cached {name}",
                excerpt=excerpt(json.dumps({"stored_at": result.stored_at,
                                            "value": result.value}, sort_keys=True))
                if result.hit
                else "",
                error=result.error,
            )
        )
        return result

    def store(self, name: str, key: str, value: JSONValue) -> None:
        """Keep a slow probe's result for later runs (the real host only)."""
        self._host.cache_put(name, key, value)

    def native(self, name: str) -> NativeResult:
        self._check_cancel()
        result = self._host.native(name)
        self.evidence.append(
            Evidence(
                kind="native",
                source=name,
                excerpt=excerpt(json.dumps(result.value, sort_keys=True, default=str))
                if result.ok
                else "",
                error=result.error,
            )
        )
        return result

    def attestation(self, check_id: str) -> Mapping[str, Any] | None:
        """The practitioner's recorded answer for an attestation, or None."""
        answer = self._attestations.get(check_id)
        self.evidence.append(
            Evidence(
                kind="attestation",
                source=f"practitioner's statement: {check_id}",
                excerpt="" if answer is None else excerpt(_describe(answer)),
                error=None if answer is not None else "not answered",
            )
        )
        return answer

    def sensitive(self, value: str) -> None:
        """Mark an identifying value (e.g. a network name) for redaction in snapshots."""
        if value:
            self._host.mark_sensitive(value)


def _describe(answer: Mapping[str, Any]) -> str:
    return "; ".join(f"{k}: {v}" for k, v in sorted(answer.items()))


class Check(Protocol):
    """A check: an id matching its catalogue entry, a kind, a time budget and its logic."""

    @property
    def id(self) -> str: ...

    @property
    def kind(self) -> CheckKind: ...

    @property
    def budget_s(self) -> float: ...

    def evaluate(self, ctx: CheckContext) -> Outcome: ...


Strategy = Callable[[CheckContext], Outcome]


def unknown(summary: str, **observed: Scalar) -> Outcome:
    return Outcome(Status.UNKNOWN, summary, observed=dict(observed))


@dataclass(frozen=True)
class PlatformCheck:
    """A machine check with one strategy per OS. A system without a strategy is unknown."""

    id: str
    windows: Strategy | None = None
    macos: Strategy | None = None
    linux: Strategy | None = None
    budget_s: float = 15.0
    kind: CheckKind = field(default=CheckKind.MACHINE)

    def evaluate(self, ctx: CheckContext) -> Outcome:
        strategy = {
            "windows": self.windows,
            "macos": self.macos,
            "linux": self.linux,
        }.get(ctx.platform.os_key)
        if strategy is None:
            return unknown(
                f"Readiness cannot check this on {ctx.platform.system or 'this system'}.",
                system=ctx.platform.system,
            )
        return strategy(ctx)


@dataclass(frozen=True)
class AttestationCheck:
    """An item the practitioner states; decided from their recorded answer, never probed."""

    id: str
    decide: Callable[[CheckContext, Mapping[str, Any] | None], Outcome]
    budget_s: float = 2.0
    kind: CheckKind = field(default=CheckKind.ATTESTATION)

    def evaluate(self, ctx: CheckContext) -> Outcome:
        return self.decide(ctx, ctx.attestation(self.id))
