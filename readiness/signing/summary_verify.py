"""Verifying a clinical lead's folder tree file by file, in worker processes when it is large.

Each file is verified exactly as ``readiness verify`` verifies it (verify_file, then the
trusted signer's window); chains are judged afterwards over all of them. Each process loads
the trusted signers and timestamp roots once, not once per file or per batch.

Speed without weakening a check: a worker sends back only what the summary reads (the items
failing in each checklist, not every result with its evidence, which made passing results
between processes cost as much as verifying); work goes out in small batches weighted by
cost (a PDF costs about as much as twenty bundles), so no process idles while another has a
long queue; and while spawned workers start, the calling process verifies the batches none of
them has started yet.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from cryptography import x509

from readiness.signing import tsa
from readiness.signing.signers import Signer, identities, load_trust
from readiness.signing.verify import _apply_trust_window, verify_file
from readiness.signing.verify_result import Verification

# Below this many files one process is quicker than starting others.
PARALLEL_FROM = 400
BATCH_COST = 200  # a batch: about 200 bundles' work (~0.1 s), or ten PDFs
PDF_COST = 20
MAX_WORKERS = 8


@dataclass(frozen=True)
class _Trust:
    trusted: list[Signer]
    roots: list[x509.Certificate]
    identities: dict[str, str]


_TRUST: _Trust | None = None  # this process's trusted signers, loaded once


def _load(signers_file: Path | None, revoked_file: Path | None) -> None:
    global _TRUST
    trusted = load_trust(signers_file, revoked_file)
    _TRUST = _Trust(trusted, tsa.load_roots(), identities(trusted))


def _load_once(signers_file: Path | None, revoked_file: Path | None) -> None:
    """A worker's start: a forked one already holds the trust loaded for this run (the same
    list, not read again); a spawned one loads its own."""
    if _TRUST is None:
        _load(signers_file, revoked_file)


def _one(path: Path, trust: _Trust) -> Verification:
    v = _apply_trust_window(verify_file(path, trust.trusted, trust.roots), trust.trusted)
    # The summary reads only the failing items (their titles); the rest stay in the file.
    failing = [r for r in v.results if r.get("status") == "fail"]
    return replace(v, identity=trust.identities.get(v.fingerprint, v.fingerprint),
                   results=failing)


def check_batch(files: Sequence[str]) -> list[Verification]:
    """Verify ``files`` with this process's trust (loaded by the pool's initializer)."""
    trust = _TRUST
    if trust is None:  # not reached: every process loads its trust first
        raise RuntimeError("the trusted signers were not loaded")
    return [_one(Path(f), trust) for f in files]


def batches(files: Sequence[Path]) -> list[list[str]]:
    """``files`` in order, cut into batches of about the same work."""
    out: list[list[str]] = []
    batch: list[str] = []
    cost = 0
    for f in files:
        batch.append(str(f))
        cost += PDF_COST if f.name.lower().endswith(".pdf") else 1
        if cost >= BATCH_COST:
            out.append(batch)
            batch, cost = [], 0
    if batch:
        out.append(batch)
    return out


def _workers() -> int:
    return min(os.cpu_count() or 1, MAX_WORKERS)


def verify_all(files: Sequence[Path], signers_file: Path | None,
               revoked_file: Path | None) -> list[Verification]:
    """Every file's Verification, in the order given."""
    _load(signers_file, revoked_file)
    work = batches(files)
    # A frozen app cannot start worker copies of itself safely; small trees are not worth it.
    if _workers() < 2 or len(files) < PARALLEL_FROM or getattr(sys, "frozen", False) \
            or len(work) < 2:
        return [v for b in work for v in check_batch(b)]
    context = multiprocessing.get_context(_start_method())
    with ProcessPoolExecutor(max_workers=_workers(), mp_context=context,
                             initializer=_load_once, initargs=(signers_file, revoked_file)) \
            as pool:
        futures = [pool.submit(check_batch, b) for b in work]
        # Spawned workers take a second or more to start: verify here meanwhile. Forked ones
        # start at once, and a third process on the cores would only share them.
        here = _take_unstarted(futures, work) if context.get_start_method() == "spawn" else {}
        return [v for i, f in enumerate(futures)
                for v in (here[i] if i in here else f.result())]


def _start_method() -> str:
    """"fork" where it is safe, else "spawn". A spawned worker starts a new interpreter and
    imports the verifier (a second or more on a busy machine, per worker); a forked one starts
    at once with it loaded. Fork only on Linux (macOS's system libraries are not fork-safe),
    only from a process with no other thread (a lock held by one would stay held in the child
    for ever; the pool starts its workers before its own thread) and never once Qt is loaded
    (the app's process: Qt holds threads Python does not see)."""
    if sys.platform.startswith("linux") and threading.active_count() == 1 and not any(
            name.startswith(("PySide6", "shiboken6")) for name in sys.modules):
        return "fork"
    return "spawn"


def _take_unstarted(futures: list[Future[list[Verification]]],
                    work: list[list[str]]) -> dict[int, list[Verification]]:
    """Verify here, from the last batch back, each batch no worker has started (cancelling
    it in the pool); stop at the first one a worker has (every earlier one is taken too)."""
    done: dict[int, list[Verification]] = {}
    for i in range(len(futures) - 1, -1, -1):
        if not futures[i].cancel():
            break
        done[i] = check_batch(work[i])
    return done
