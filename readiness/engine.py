"""Putting a run together: the host (real or replayed), the catalogue and the checks.

The CLI and the GUI both start runs through here, so they can never disagree about what a
run means.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from checks.registry import ALL_CHECKS, NATIVE_PROBES
from readiness import catalogue as catalogue_mod
from readiness.catalogue import Catalogue
from readiness.check import Check
from readiness.probe import snapshot
from readiness.probe.real import RealHost
from readiness.probe.replay import ReplayHost
from readiness.probe.types import Host
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


def make_host(replay: str | Path | None = None) -> Host:
    """The real host, or a replay of a snapshot (raises SnapshotError if unreadable)."""
    if replay is not None:
        return ReplayHost(snapshot.load(replay))
    return RealHost(NATIVE_PROBES)


def make_runner(
    *,
    replay: str | Path | None = None,
    only: Iterable[str] | None = None,
    attestations: Mapping[str, Mapping[str, Any]] | None = None,
    host: Host | None = None,
    catalogue: Catalogue | None = None,
    deep: bool = False,
) -> Runner:
    cat = catalogue or catalogue_mod.load()
    checks = select_checks(cat, only)
    return Runner(
        checks, cat, host or make_host(replay), attestations=attestations, deep=deep
    )
