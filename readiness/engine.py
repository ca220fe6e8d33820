"""The composition root: the host (real, recording or replayed), the catalogue, the reference
data and this computer's device id, built once and handed to runs and to the signer.

The CLI (check, snapshot, sign) and the GUI all start from a ``Session``, so they can never
disagree about what a run means. ``RealHost`` is constructed here (and, with no native probes,
by ``readiness.policy.current`` for the organisation's settings before the checks are loaded).

A session reads the organisation's managed settings through its own host (so a replayed
snapshot carries the recorded machine's policy): practice questions the organisation marks as
not applicable are answered so for every run, over the practitioner's own answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from checks.registry import ALL_CHECKS, NATIVE_PROBES
from readiness import catalogue as catalogue_mod
from readiness import policy as policy_mod
from readiness import reference as reference_mod
from readiness.catalogue import Catalogue
from readiness.check import Check
from readiness.model import RunReport
from readiness.probe import snapshot
from readiness.probe.real import RealHost
from readiness.probe.recording import RecordingHost
from readiness.probe.replay import ReplayHost
from readiness.probe.types import Host, RunSource
from readiness.reference import ReferenceData
from readiness.runner import Runner


class UsageError(Exception):
    """The request itself is wrong (an unknown check id, say)."""


def select_checks(catalogue: Catalogue, only: Iterable[str] | None = None) -> list[Check]:
    registered = {c.id: c for c in ALL_CHECKS}
    wanted = list(catalogue.ids)
    if only is not None:
        only = [o.strip() for o in only if o.strip()]
        unknown_ids = [o for o in only if o not in registered]
        if unknown_ids:
            raise UsageError(
                "unknown check id(s): " + ", ".join(unknown_ids)
                + " (see 'readiness catalogue')"
            )
        wanted = [cid for cid in wanted if cid in only]
    return [registered[cid] for cid in wanted if cid in registered]


def _real_host() -> RealHost:
    """The one place the real machine is opened; slow probes keep results in the data folder."""
    from readiness.paths import data_dir

    return RealHost(NATIVE_PROBES, cache_dir=data_dir() / "cache")


def make_host(replay: str | Path | None = None) -> Host:
    """The real host, or a replay of a snapshot (raises SnapshotError if unreadable)."""
    if replay is not None:
        return ReplayHost(snapshot.load(replay), origin=str(replay))
    return _real_host()


class Session:
    """One host, one catalogue and one set of reference data for as many runs as needed
    (a full run, then re-checks of single items), and the device id for signing them."""

    def __init__(self, host: Host, catalogue: Catalogue, reference: ReferenceData, *,
                 today: date | None = None) -> None:
        self.host = host
        self.catalogue = catalogue
        self.reference = reference
        self.today = today  # None: each run uses the date it starts on
        self._device_id: str | None = None
        self._policy: policy_mod.PolicyReport | None = None

    @property
    def policy(self) -> policy_mod.PolicyReport:
        """The organisation's managed settings on this session's host, read once."""
        if self._policy is None:
            self._policy = policy_mod.read(self.host)
        return self._policy

    @classmethod
    def open(cls, *, replay: str | Path | None = None, record: bool = False,
             catalogue: Catalogue | None = None, reference: ReferenceData | None = None,
             today: date | None = None) -> Session:
        """The session for this computer (``record``: keeping a snapshot of every answer) or
        for a replayed snapshot. Raises SnapshotError, CatalogueError."""
        host = make_host(replay)
        if record:
            host = RecordingHost(host)
        cat = catalogue or catalogue_mod.load()
        return cls(host, cat, reference or reference_mod.load(), today=today)

    @property
    def source(self) -> RunSource:
        return self.host.source

    def runner(self, *, only: Iterable[str] | None = None,
               attestations: Mapping[str, Mapping[str, Any]] | None = None,
               deep: bool = False) -> Runner:
        managed = policy_mod.attestations(self.policy.policy)
        if managed:
            attestations = {**(attestations or {}), **managed}
        return Runner(select_checks(self.catalogue, only), self.catalogue, self.host,
                      attestations=attestations, today=self.today, reference=self.reference,
                      deep=deep)

    def run(self, *, only: Iterable[str] | None = None,
            attestations: Mapping[str, Mapping[str, Any]] | None = None,
            deep: bool = False) -> RunReport:
        return self.runner(only=only, attestations=attestations, deep=deep).run()

    def snapshot(self, *, redacted: bool = False) -> snapshot.Snapshot:
        """Everything a recording session was asked and answered."""
        if not isinstance(self.host, RecordingHost):
            raise TypeError("this session does not record")
        return self.host.snapshot(redacted=redacted)

    def device_id(self) -> str:
        """This computer's id for a signed statement's subject, read once through the real
        host (never through a recorder, so it never lands in a snapshot). A replayed run is
        still signed on, and by, this computer."""
        if self._device_id is None:
            self._device_id = this_device_id()
        return self._device_id


def this_device_id() -> str:
    """This computer's id (see readiness.device), read through the real host."""
    from readiness import device

    return device.device_id(_real_host())


def make_runner(
    *,
    replay: str | Path | None = None,
    only: Iterable[str] | None = None,
    attestations: Mapping[str, Mapping[str, Any]] | None = None,
    host: Host | None = None,
    catalogue: Catalogue | None = None,
    deep: bool = False,
) -> Runner:
    """A runner over a fresh session (or over ``host``): kept for callers that make one run."""
    cat = catalogue or catalogue_mod.load()
    session = Session(host or make_host(replay), cat, reference_mod.load())
    return session.runner(only=only, attestations=attestations, deep=deep)
