"""The slow search for waiting updates (deep runs only), kept by the host for a few hours.

A cached result is only valid for this machine's platform facts plus the state the quick
probes saw (``basis``): a newer install or scan invalidates it. The cache is the host's: a hit
is evidence, and a replay answers from its snapshot.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from checks.updates.model import Pending
from readiness.check import CheckContext

CACHE_HOURS = 6
CACHE_NAME = "pending-updates"


def _fingerprint(ctx: CheckContext, basis: str) -> str:
    text = json.dumps([ctx.platform.to_json(), basis], sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cached_search(
    ctx: CheckContext, basis: str, search: Callable[[], dict[str, Any] | None],
    name: str = CACHE_NAME,
) -> tuple[dict[str, Any] | None, str | None]:
    """Run ``search`` or reuse a fresh cached result; (result, cached_at)."""
    key = _fingerprint(ctx, basis)
    hit = ctx.cached(name, key, CACHE_HOURS * 3600)
    if hit.hit and isinstance(hit.value, dict):
        return dict(hit.value), hit.stored_at
    result = search()
    if result is not None:
        ctx.store(name, key, result)
    return result, None


def pending(ctx: CheckContext, basis: str,
            search: Callable[[], dict[str, Any] | None],
            name: str = CACHE_NAME) -> Pending | None:
    """A deep run's search result (or a fresh cached one); None in a quick run. The host
    keeps one result per ``name``: a second search of the same run needs its own."""
    if not ctx.deep:
        return None
    found, cached_at = cached_search(ctx, basis, search, name)
    return Pending(found, cached_at)
