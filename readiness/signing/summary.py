"""A clinical lead's summary of a folder tree of many practitioners' signed checklists: one
row per trusted signer (hand-overs followed), from the checklists that verify.

Bundles (``*.readiness.json``) are the evidence read here; a PDF is read only when no bundle
of the same name sits beside it (the two carry the same signed statement, and a bundle is
checked a hundred times faster). The summary says how many PDF copies it did not re-check.
Files that do not verify never feed a row: they are counted and listed, with the reason.
"""

from __future__ import annotations

import datetime as dt
import io
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from pyhanko.pdf_utils.reader import PdfFileReader

from readiness.model import verdict_label
from readiness.signing import pdf_attach, tsa
from readiness.signing.files import read_capped
from readiness.signing.names import BUNDLE_NAME
from readiness.signing.signers import identities, load_trust
from readiness.signing.verify import MAX_FILE_BYTES, _apply_trust_window, verify_file
from readiness.signing.verify_chain import describe_chains
from readiness.signing.verify_result import Verification, parse_time

BUNDLE_SUFFIX = ".readiness.json"
MAX_PDF_BYTES = MAX_FILE_BYTES  # as verify reads them
# Below this many files one process is quicker than starting others.
PARALLEL_FROM = 400
MAX_FILES = 200_000  # a folder tree larger than this is refused, not walked for minutes


class SummaryError(Exception):
    """The folder cannot be summarised; the message says why."""


@dataclass(frozen=True)
class Row:
    identity: str
    name: str
    registration: str
    checklists: int
    latest_at: str  # generated_at of the newest verified checklist (UTC, RFC 3339)
    verdict: str  # its verdict (a Verdict value)
    days_since: int | None
    chain_complete: bool
    failing: tuple[str, ...]  # titles of items failing in the latest checklist
    overdue: bool
    starts_at: int = 1  # the lowest checklist number found (above 1: earlier ones are missing)
    failed_nearby: int = 0  # files that did not verify in this practitioner's folders
    dated_ahead: bool = False  # the latest checklist is dated after today (a wrong clock)

    @property
    def verdict_label(self) -> str:
        return verdict_label(self.verdict)


@dataclass(frozen=True)
class Summary:
    rows: list[Row]
    interval_days: int
    not_verified: list[Verification] = field(default_factory=list)
    pdf_copies_skipped: int = 0
    not_looked_at: int = 0


def collect(root: Path) -> tuple[list[Path], int, int]:
    """(files to verify, PDF copies left to their bundles, other files) under ``root``,
    walked without following links."""
    if not root.is_dir():
        raise SummaryError(f"{root} is not a folder")
    files: list[Path] = []
    skipped = other = 0
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs.sort()
        here = set(names)
        for name in sorted(names):
            low = name.lower()
            if low.endswith(BUNDLE_SUFFIX):
                files.append(Path(folder, name))
            elif low.endswith(".pdf"):
                if name[:-4] + BUNDLE_SUFFIX in here:
                    skipped += 1
                else:
                    files.append(Path(folder, name))
            else:
                other += 1
            if len(files) > MAX_FILES:
                raise SummaryError(f"more than {MAX_FILES} checklists under {root}; "
                                   "summarise a smaller folder")
    return files, skipped, other


def _days(stamp: str, today: dt.date) -> int | None:
    t = parse_time(stamp)
    return None if t is None else (today - t.date()).days


def _row(identity: str, reports: list[Verification], broken: int, interval: int,
         today: dt.date) -> Row:
    # The latest is the highest number in the series, not the newest date: the date is the
    # signer's own clock, and a checklist dated years ahead must not hide newer ones.
    latest = max(reports, key=lambda r: (r.sequence, r.generated_at))
    days = _days(latest.generated_at, today)
    failing = tuple(str(r.get("title") or r.get("id")) for r in latest.results
                    if r.get("status") == "fail")
    starts_at = min(r.sequence for r in reports)
    future = days is not None and days < 0
    # "Complete" only with nothing against it: no file that failed near this practitioner's
    # own, the series starting at number 1 (a changed first checklist leaves no gap), and no
    # checklist dated after today.
    return Row(identity=identity, name=latest.signer_name or latest.practitioner,
               registration=latest.registration, checklists=len(reports),
               latest_at=latest.generated_at, verdict=latest.verdict, days_since=days,
               chain_complete=not broken and starts_at == 1 and not future, failing=failing,
               overdue=days is None or future or days > interval, starts_at=starts_at,
               failed_nearby=broken, dated_ahead=future)


def _failed_near(identity: str, reports: list[Verification],
                 failed: list[Verification]) -> int:
    """Files that did not verify and belong with this practitioner's: signed by their key
    (a gap, a change), or lying in a folder that holds their verified checklists (a changed
    file names no signer we can believe, so its folder is the honest link)."""
    folders = {r.path.parent for r in reports}
    return sum(1 for f in failed
               if (f.identity or f.fingerprint) == identity or f.path.parent in folders)


def _pdf_beside(bundle: Path) -> Path | None:
    stem = bundle.name[:-len(BUNDLE_SUFFIX)]
    for suffix in (".pdf", ".PDF", ".Pdf"):
        candidate = bundle.with_name(stem + suffix)
        if candidate.is_file():
            return candidate
    return None


def _copy_matches(pdf: Path, bundle: Path) -> bool:
    """Whether the PDF carries exactly the bundle lying beside it. Only then may the bundle
    speak for it: a stale bundle renamed beside a newer PDF, or a PDF changed after signing,
    must not hide behind its neighbour."""
    try:
        pdf_bytes = read_capped(pdf, MAX_PDF_BYTES)
        bundle_bytes = read_capped(bundle, MAX_PDF_BYTES)
        inside = pdf_attach.attachments(
            PdfFileReader(io.BytesIO(pdf_bytes), strict=False), {BUNDLE_NAME})
    except Exception:  # any trouble reading means "check it fully"
        return False
    return inside.get(BUNDLE_NAME) == bundle_bytes


def _verify_chunk(files: list[Path], signers_file: Path | None,
                  revoked_file: Path | None) -> list[Verification]:
    """Each file checked on its own (in a worker process for a large tree): the signature,
    the content, the trusted signer and its window. Chains are judged afterwards, over all.
    A PDF beside a bundle is checked in full unless it carries exactly that bundle."""
    trusted = load_trust(signers_file, revoked_file)
    roots = tsa.load_roots()
    out = []
    for f in files:
        out.append(_apply_trust_window(verify_file(f, trusted, roots), trusted))
        pdf = _pdf_beside(f) if f.name.lower().endswith(BUNDLE_SUFFIX) else None
        if pdf is not None and not _copy_matches(pdf, f):
            out.append(_apply_trust_window(verify_file(pdf, trusted, roots), trusted))
    return out


def _verify_all(files: list[Path], signers_file: Path | None,
                revoked_file: Path | None) -> list[Verification]:
    workers = min(os.cpu_count() or 1, 8)
    # A frozen app cannot start worker copies of itself safely; small trees are not worth it.
    if workers < 2 or len(files) < PARALLEL_FROM or getattr(sys, "frozen", False):
        return _verify_chunk(files, signers_file, revoked_file)
    size = -(-len(files) // workers)
    chunks = [files[i:i + size] for i in range(0, len(files), size)]
    # "spawn", never fork: the app's process holds Qt and threads a forked child must not.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        parts = pool.map(_verify_chunk, chunks, [signers_file] * len(chunks),
                         [revoked_file] * len(chunks))
        return [v for part in parts for v in part]


def summarise(root: Path, signers_file: Path | None = None, *, interval_days: int = 30,
              today: dt.date | None = None, revoked_file: Path | None = None) -> Summary:
    files, skipped, other = collect(root)
    idents = identities(load_trust(signers_file, revoked_file))  # a bad list fails here, once
    checked = [replace(v, identity=idents.get(v.fingerprint, v.fingerprint))
               for v in _verify_all(files, signers_file, revoked_file)]
    results = describe_chains(checked)
    today = today or dt.datetime.now(dt.UTC).date()
    checklists = [r for r in results if r.kind in ("pdf", "bundle")]
    groups: dict[str, list[Verification]] = {}
    for r in checklists:
        if r.ok:
            groups.setdefault(r.identity or r.fingerprint, []).append(r)
    failed = [r for r in checklists if not r.ok]
    rows = [_row(ident, reps, _failed_near(ident, reps, failed), interval_days, today)
            for ident, reps in groups.items()]
    rows.sort(key=lambda row: (not row.overdue, row.verdict != "not_ready", row.name.lower()))
    bad = [r for r in results if not r.ok]
    # PDFs beside a bundle that had to be checked in full were not read through it.
    rechecked = sum(1 for r in results if r.path.suffix.lower() == ".pdf"
                    and r.path.with_name(r.path.name[:-4] + BUNDLE_SUFFIX).is_file())
    return Summary(rows, interval_days, bad, skipped - rechecked, other)
