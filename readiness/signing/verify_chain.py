"""Each verified report's place in its signer's hash chain.

Every checklist names its number in the series and the SHA-256 of the statement before it.
Reports are grouped by the signing key's identity (a key and the keys it handed over to), never
by the name written inside a statement, which the signer chooses. Within a group, among the
files checked together, these are errors: two different reports with one number, a report
that does not name the one before it, a link to a report of another number or another signer,
a report signed earlier than the report it follows (back-dating), and a number missing
between two that are present (a report withheld from the folder).
"""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

from readiness.signing.verify_result import Verification, parse_time


def _missing(sequences: set[int]) -> dict[int, range]:
    """For each present number that follows a gap, the numbers missing just before it."""
    ordered = sorted(sequences)
    gaps: dict[int, range] = {}  # ranges, not lists: a number can be huge
    for before, after in pairwise(ordered):
        if after - before > 1:
            gaps[after] = range(before + 1, after)
    return gaps


def _numbers(values: range) -> str:
    shown = ", ".join(str(n) for n in values[:10])
    return shown + (f" and {len(values) - 10} more" if len(values) > 10 else "")


def _earlier(r: Verification, prev: Verification) -> bool:
    mine, theirs = parse_time(r.signed_at), parse_time(prev.signed_at)
    return mine is not None and theirs is not None and mine < theirs


class _Group:
    """The verified reports of one signer identity."""

    def __init__(self, reports: list[Verification]) -> None:
        self.by_hash = {r.statement_sha256: r for r in reports}
        self.by_seq: dict[int, set[str]] = {}
        for r in reports:
            self.by_seq.setdefault(r.sequence, set()).add(r.statement_sha256)
        self.gaps = _missing(set(self.by_seq))

    def place(self, r: Verification, all_by_hash: dict[str, Verification]) -> tuple[str, list[str]]:
        """(chain position, problems) of ``r`` within its group."""
        n = r.sequence
        if len(self.by_seq[n]) > 1:
            return (f"report {n}: conflicts with another report of the same number",
                    [f"another, different report also claims to be number {n}"])
        if n == 1 and not r.previous_sha256:
            return "report 1: the first in the series", []
        if not r.previous_sha256:
            return (f"report {n}: link to the previous report missing",
                    [f"report {n} does not name the report before it"])
        prev = self.by_hash.get(r.previous_sha256)
        if prev is not None:
            return self._linked(r, prev)
        if r.previous_sha256 in all_by_hash:
            return (f"report {n}: follows a report signed by someone else",
                    ["the report it follows was signed by a different signer"])
        if self.by_seq.get(n - 1):
            return (f"report {n}: chain broken before it",
                    [f"report {n - 1} here is not the one report {n} follows: a report may "
                     "have been replaced"])
        if n in self.gaps:
            missing = self.gaps[n]
            word = "report" if len(missing) == 1 else "reports"
            return (f"report {n}: {word} {_numbers(missing)} missing before it",
                    [f"{word} {_numbers(missing)} of this signer's series "
                     f"{'is' if len(missing) == 1 else 'are'} missing from the files checked"])
        return f"report {n}: the report before it is not among the files checked", []

    @staticmethod
    def _linked(r: Verification, prev: Verification) -> tuple[str, list[str]]:
        n = r.sequence
        problems: list[str] = []
        if prev.sequence != n - 1:
            problems.append("the report it follows has the wrong number")
            pos = f"report {n}: follows report {prev.sequence} (numbers skip)"
        else:
            pos = f"report {n}: follows report {prev.sequence} (linked)"
        if _earlier(r, prev):
            problems.append(f"it is dated {r.signed_at}, earlier than report {prev.sequence} "
                            f"({prev.signed_at}) which it follows: it may have been back-dated")
        return pos, problems


def describe_chains(results: list[Verification]) -> list[Verification]:
    """``results`` with each verified report's chain position; chain errors fail it."""
    good = [r for r in results if r.ok]
    all_by_hash = {r.statement_sha256: r for r in good}
    groups: dict[str, list[Verification]] = {}
    for r in good:
        groups.setdefault(r.identity or r.fingerprint, []).append(r)
    built = {ident: _Group(reports) for ident, reports in groups.items()}
    out: list[Verification] = []
    for r in results:
        if not r.ok:
            out.append(r)
            continue
        pos, problems = built[r.identity or r.fingerprint].place(r, all_by_hash)
        problems = [*r.problems, *problems]
        out.append(replace(r, chain_position=pos, problems=problems, ok=not problems))
    return out


__all__ = ["describe_chains"]
