"""The runner: runs checks concurrently, each under its own time budget, and streams results.

A check that raises or overruns becomes ``unknown`` with the reason; it never takes the run
down. Results come back in catalogue order whatever order they finished in. Each check runs on
a daemon thread so one that hangs (a native call, say) can be abandoned without blocking exit;
the commands it started have their own timeouts and are killed by the probe layer.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from readiness import __version__
from readiness.catalogue import Catalogue
from readiness.check import Cancelled, Check, CheckContext
from readiness.distro import family as distro_family
from readiness.model import CheckResult, Evidence, Outcome, RunReport, Status
from readiness.probe.types import Host
from readiness.reference import ReferenceData

log = logging.getLogger(__name__)

ResultCallback = Callable[[CheckResult], None]

DEEP_BUDGET_FACTOR = 20.0


def _now_rfc3339() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def build_result(
    check: Check,
    outcome: Outcome,
    evidence: Sequence[Evidence],
    catalogue: Catalogue,
    os_key: str,
    duration_ms: int,
    checked_at: str = "",
    distro: Sequence[str] = (),
) -> CheckResult:
    entry = catalogue.entry(check.id)
    status = outcome.status
    summary = outcome.summary
    if status is Status.PASS and not evidence:
        # "Evidence, not vibes": a pass with nothing behind it is not a pass.
        status = Status.UNKNOWN
        summary = f"No evidence was gathered, so this cannot be confirmed. ({summary})"
    needs_fix = status in (Status.FAIL, Status.WARN, Status.UNKNOWN)
    return CheckResult(
        check_id=check.id,
        kind=outcome.kind or check.kind,  # a machine pass of an attested item says so
        title=entry.title,
        status=status,
        summary=summary,
        evidence=tuple(evidence),
        observed=dict(outcome.observed),
        expected=outcome.expected,
        method=outcome.method,
        remediation=entry.steps_for(os_key, distro) if needs_fix else (),
        settings=entry.settings_for(os_key, distro) if needs_fix else (),
        references=catalogue.references(check.id),
        duration_ms=duration_ms,
        checked_at=checked_at or _now_rfc3339(),
    )


class Runner:
    def __init__(
        self,
        checks: Sequence[Check],
        catalogue: Catalogue,
        host: Host,
        *,
        attestations: Mapping[str, Mapping[str, Any]] | None = None,
        budget_scale: float = 1.0,
        today: date | None = None,
        reference: ReferenceData | None = None,
        deep: bool = False,
        options: Mapping[str, str] | None = None,
    ) -> None:
        self.checks = list(checks)
        self.options = dict(options or {})
        self.deep = deep
        self.catalogue = catalogue
        self.host = host
        self.attestations = attestations or {}
        self.budget_scale = budget_scale
        self.today = today  # None: the local date when the run starts
        self.reference = reference or ReferenceData()
        self.cancel_event = threading.Event()
        self._wake: queue.Queue[tuple[str, CheckResult] | None] | None = None

    def cancel(self) -> None:
        """Ask the run to stop; checks stop at their next probe call."""
        self.cancel_event.set()
        wake = self._wake
        if wake is not None:
            # Wake the run loop now rather than at the next check's deadline, so a window
            # closed during a run can join its thread at once.
            wake.put(None)

    def _budget(self, check: Check) -> float:
        # A deep run allows slow probes (minutes for a pending-update search).
        base = check.budget_s * (DEEP_BUDGET_FACTOR if self.deep else 1.0)
        return base * self.budget_scale

    def _order(self, results: dict[str, CheckResult]) -> tuple[CheckResult, ...]:
        order = {cid: i for i, cid in enumerate(self.catalogue.ids)}
        return tuple(sorted(results.values(), key=lambda r: order.get(r.check_id, len(order))))

    def run(self, on_result: ResultCallback | None = None) -> RunReport:
        os_key = self.host.platform.os_key
        distro = distro_family(self.host)  # fix steps for this Linux distribution
        today = self.today or date.today()
        done: queue.Queue[tuple[str, CheckResult] | None] = queue.Queue()
        self._wake = done
        contexts: dict[str, CheckContext] = {}
        started: dict[str, float] = {}
        by_id = {c.id: c for c in self.checks}

        def work(check: Check, ctx: CheckContext) -> None:
            t0 = time.monotonic()
            try:
                outcome = check.evaluate(ctx)
            except Cancelled:
                outcome = Outcome(Status.UNKNOWN, "The check was cancelled before it finished.")
            except Exception as exc:  # any bug in a check must become unknown, never a pass
                log.exception("check %s raised", check.id)
                outcome = Outcome(
                    Status.UNKNOWN,
                    f"The check could not finish because of an internal error "
                    f"({type(exc).__name__}: {exc}).",
                )
            ms = int((time.monotonic() - t0) * 1000)
            done.put((check.id, build_result(check, outcome, ctx.evidence, self.catalogue,
                                             os_key, ms, distro=distro)))

        for check in self.checks:
            ctx = CheckContext(
                self.host,
                cancel=self.cancel_event,
                attestations=self.attestations,
                today=today,
                reference=self.reference,
                deep=self.deep,
                options=self.options,
            )
            contexts[check.id] = ctx
            started[check.id] = time.monotonic()
            threading.Thread(
                target=work, args=(check, ctx), name=f"check-{check.id}", daemon=True
            ).start()

        results: dict[str, CheckResult] = {}

        def emit(result: CheckResult) -> None:
            results[result.check_id] = result
            if on_result is not None:
                try:
                    on_result(result)
                except Exception:  # a broken observer must not lose the run
                    log.exception("result callback failed")

        while len(results) < len(self.checks):
            pending = [cid for cid in by_id if cid not in results]
            deadlines = {cid: started[cid] + self._budget(by_id[cid]) for cid in pending}
            wait = max(0.0, min(deadlines.values()) - time.monotonic())
            if self.cancel_event.is_set():
                wait = min(wait, 0.05)
            try:
                item = done.get(timeout=wait)
                if item is None:  # woken by cancel(): loop round to mark what is pending
                    continue
                cid, result = item
                if cid not in results:
                    emit(result)
                continue
            except queue.Empty:
                pass
            now = time.monotonic()
            for cid in pending:
                over = now >= deadlines[cid]
                if over or self.cancel_event.is_set():
                    reason = (
                        f"The check did not finish within its time limit "
                        f"({self._budget(by_id[cid]):g} seconds)."
                        if over
                        else "The check was cancelled before it finished."
                    )
                    emit(
                        build_result(
                            by_id[cid],
                            Outcome(Status.UNKNOWN, reason),
                            list(contexts[cid].evidence),
                            self.catalogue,
                            os_key,
                            int((now - started[cid]) * 1000),
                            distro=distro,
                        )
                    )

        return RunReport(
            generated_at=_now_rfc3339(),
            tool_version=__version__,
            catalogue_version=self.catalogue.version,
            platform=self.host.platform.to_json(),
            results=self._order(results),
            # Where the answers came from travels with the host, never beside it.
            replayed_from=self.host.source.snapshot,
            today=today.isoformat(),
            reference_data=tuple(r.to_json() for r in self.reference),
            catalogue_digest=self.catalogue.digest,
        )
