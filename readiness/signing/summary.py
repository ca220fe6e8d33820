"""A clinical lead's summary of a folder tree of many practitioners' signed checklists: one
row per trusted signer (hand-overs followed), from the checklists that verify.

Every file named as a checklist is verified, bundles and PDFs alike: a PDF carries its own
signature over its pages, and a PDF changed after signing must be reported even when the
intact bundle beside it says the same (the two are one checklist, so they count once, as do
copies in other folders). Files that do not verify never feed a row: they are listed, with the
reason, as are links not followed and folders that could not be read (summary_walk).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from readiness.model import Verdict, verdict_label
from readiness.signing import summary_verify
from readiness.signing.pubkey import short_fingerprint
from readiness.signing.summary_walk import (
    BUNDLE_SUFFIX,
    FOLDER,
    LINK,
    MAX_FILES,
    Found,
    SummaryError,
    collect,
)
from readiness.signing.verify_chain import describe_chains
from readiness.signing.verify_result import HANDOVER, KEY_CARD, Verification, parse_time

__all__ = ["BUNDLE_SUFFIX", "FOLDER", "LINK", "MAX_FILES", "Found", "Row", "Summary",
           "SummaryError", "collect", "needs_attention", "summarise"]


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
    replayed: bool = False  # the latest checklist's results were replayed from a snapshot
    replayed_checklists: int = 0  # checklists in the series replayed (the latest included)
    short_fingerprint: str = ""  # the latest checklist's key, as Verify shows it

    @property
    def verdict_label(self) -> str:
        return verdict_label(self.verdict)


# The verdicts that need nothing from the lead; any other (not ready, or a value this version
# does not know) needs attention.
_FINE_VERDICTS = frozenset({Verdict.READY.value, Verdict.CAUTIONS.value})


def needs_attention(row: Row) -> bool:
    """Whether a practitioner's row needs the clinical lead's attention: the one definition
    used by the order of rows, the command line's exit code, the one-page PDF and the app.
    Overdue (or dated ahead), not ready, a gap in the series, or any checklist of theirs whose
    results were replayed from a snapshot rather than taken on their computer."""
    return bool(row.overdue or row.verdict not in _FINE_VERDICTS or not row.chain_complete
                or row.dated_ahead or row.replayed or row.replayed_checklists)


def _order(row: Row) -> tuple[bool, bool, bool, bool, str]:
    """Most in need first: every row needing attention before every row that does not."""
    return (not needs_attention(row), not row.overdue, row.verdict != Verdict.NOT_READY.value,
            not (row.replayed or row.replayed_checklists), row.name.casefold())


@dataclass(frozen=True)
class Summary:
    rows: list[Row]
    interval_days: int
    not_verified: list[Verification] = field(default_factory=list)
    not_looked_at: int = 0
    same_checklist_copies: int = 0  # files verified that another file already counted
    root: Path | None = None

    @property
    def unreadable_folders(self) -> list[Path]:
        return [v.path for v in self.not_verified if v.kind == FOLDER]


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
    # Copies of one checklist (its PDF and bundle, a backup folder) are one checklist.
    count = len({r.statement_sha256 for r in reports})
    replayed = len({r.statement_sha256 for r in reports if r.replayed})
    # "Complete" only with nothing against it: no file that failed near this practitioner's
    # own, the series starting at number 1 (a changed first checklist leaves no gap), and no
    # checklist dated after today.
    return Row(identity=identity, name=latest.signer_name or latest.practitioner,
               registration=latest.registration, checklists=count,
               latest_at=latest.generated_at, verdict=latest.verdict, days_since=days,
               chain_complete=not broken and starts_at == 1 and not future, failing=failing,
               overdue=days is None or future or days > interval, starts_at=starts_at,
               failed_nearby=broken, dated_ahead=future, replayed=latest.replayed,
               replayed_checklists=replayed,
               short_fingerprint=short_fingerprint(latest.fingerprint))


def _failed_near(identity: str, reports: list[Verification],
                 failed: list[Verification]) -> int:
    """Files that did not verify and belong with this practitioner's: signed by their key
    (a gap, a change), or lying in a folder that holds their verified checklists (a changed
    file names no signer we can believe, so its folder is the honest link; a folder there
    that could not be read may hold theirs too)."""
    folders = {r.path.parent for r in reports}
    return sum(1 for f in failed
               if (f.identity or f.fingerprint) == identity or f.path.parent in folders)


# Files that failed as what they are, not as a checklist: never held against a series.
_NOT_CHECKLISTS = (KEY_CARD, HANDOVER)


def summarise(root: Path, signers_file: Path | None = None, *, interval_days: int = 30,
              today: dt.date | None = None, revoked_file: Path | None = None,
              found: Found | None = None) -> Summary:
    """The summary of ``root`` (``found``: its listing, when the caller already made it)."""
    found = found or collect(root)
    # A signer list that cannot be used fails here (SignersError), before any file is read.
    checked = summary_verify.verify_all(found.files, signers_file, revoked_file)
    results = describe_chains(checked) + found.refused
    today = today or dt.datetime.now(dt.UTC).date()
    groups: dict[str, list[Verification]] = {}
    for r in results:
        if r.ok and r.kind in ("pdf", "bundle"):
            groups.setdefault(r.identity or r.fingerprint, []).append(r)
    bad = [r for r in results if not r.ok]
    against = [r for r in bad if r.kind not in _NOT_CHECKLISTS]
    rows = [_row(ident, reps, _failed_near(ident, reps, against), interval_days, today)
            for ident, reps in groups.items()]
    rows.sort(key=_order)
    verified = sum(len(reps) for reps in groups.values())
    distinct = len({r.statement_sha256 for reps in groups.values() for r in reps})
    return Summary(rows, interval_days, bad, found.other,
                   same_checklist_copies=verified - distinct, root=root)
