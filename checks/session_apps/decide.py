"""The session-apps verdicts (pure): each app found against its line in the versions table,
then the worst of them. Pass needs every app found to match or pass the newest version of a
line that still gets security fixes, in a table fresh enough to say so, with every source read.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from checks.session_apps import schemes
from checks.session_apps.model import EXPECTED, NAMES, TRUST_DAYS, AppFacts, Found
from readiness.lifecycle import Table
from readiness.model import Outcome, Scalar, Status

METHOD = "installed versions compared with the bundled, dated table of current versions"


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _ended(cycle: dict[str, Any], today: date) -> str | None:
    """Why this line gets no more security fixes, or None while it does."""
    eol = cycle.get("eol")
    if eol is True:
        return "no longer gets security fixes"
    ended = _date(eol)
    if ended is not None and ended <= today:
        return f"stopped getting security fixes on {ended.isoformat()}"
    return None


def _age(table: Table, product: str, today: date) -> tuple[str, int | None]:
    as_of = table.as_of(product)
    parsed = _date(as_of)
    return as_of, None if parsed is None else (today - parsed).days


def _dated(text: str, table: Table, product: str, today: date) -> str:
    as_of, age = _age(table, product, today)
    if age is None or age < 0:
        return f"{text} (versions table as of {as_of})"
    return f"{text} (versions table as of {as_of}, {age} days old)"


def _current(app: Found, name: str, table: Table, today: date, how: str) -> tuple[Status, str]:
    """The app is at (or past) the newest version the table knows: pass while the table is
    fresh enough to say that is current, unknown once it is not."""
    as_of, age = _age(table, app.product, today)
    if age is None or age > TRUST_DAYS:
        return (Status.UNKNOWN, f"{name} {app.version} {how}, but the table (as of {as_of}) is "
                "too old to show it is still current; refresh it with 'readiness versions "
                "--refresh'")
    return Status.PASS, _dated(f"{name} {app.version} {how}", table, app.product, today)


def _against_line(app: Found, parsed: schemes.Parsed, cycle: dict[str, Any], os_key: str,
                  table: Table, today: date) -> tuple[Status, str]:
    name = NAMES[app.product]
    ended = _ended(cycle, today)
    if ended is not None:
        return Status.FAIL, _dated(f"{name} {app.version} {ended}: update it to a supported "
                                   "release or replace it", table, app.product, today)
    by_os = cycle.get("latestByOs")
    latest = by_os.get(os_key) if isinstance(by_os, dict) and os_key in by_os \
        else cycle.get("latest")
    latest_key = schemes.table_key(app.product, latest) if isinstance(latest, str) else None
    if latest_key is None:
        # Lines named by words ("new", "classic") read badly after the name; numbers do not.
        line = f" {parsed.line}" if parsed.line[:1].isdigit() else ""
        return (Status.UNKNOWN, f"The versions table has no current version of {name}{line} "
                f"for this system to compare {app.version} with")
    # A version without its patch level is compared with as much of the latest as it has.
    order = schemes.compare(parsed.key, latest_key if parsed.exact
                            else latest_key[:len(parsed.key)])
    if order < 0:
        return Status.WARN, _dated(f"{name} {app.version} is out of date: {latest} is current",
                                   table, app.product, today)
    if order == 0 and not parsed.exact:
        return (Status.UNKNOWN, f"{name} {app.version} does not say its patch level, so it "
                f"cannot be compared with {latest}")
    return _current(app, name, table, today, "is the newest version in the versions table"
                    if order == 0 else f"is newer than the newest in the versions table ({latest})")


def _unlisted(app: Found, parsed: schemes.Parsed, cycles: list[dict[str, Any]],
              table: Table, today: date) -> tuple[Status, str]:
    """A line the table does not list: older than a listed line is out of date; newer than
    every listed line that still gets fixes is past the table."""
    name = NAMES[app.product]
    if not parsed.line.isdigit():
        return Status.UNKNOWN, f"The versions table does not list {name} {app.version}'s line"
    listed = [(int(c["cycle"]), c) for c in cycles if str(c.get("cycle", "")).isdigit()]
    if not listed:
        return Status.UNKNOWN, f"The versions table does not list {name} {app.version}'s line"
    newest_line, newest = max(listed, key=lambda lc: lc[0])
    if int(parsed.line) < newest_line:
        return Status.WARN, _dated(f"{name} {app.version} is out of date: release "
                                   f"{newest_line} is current", table, app.product, today)
    if _ended(newest, today) is not None:
        return Status.UNKNOWN, f"The versions table has no current line of {name}"
    return _current(app, name, table, today, "is newer than every release in the versions "
                    "table")


def judge(app: Found, os_key: str, table: Table, today: date) -> tuple[Status, str]:
    """One app's status and the sentence saying why."""
    name = NAMES.get(app.product, app.product)
    parsed = schemes.parse(app.product, app.version)
    if parsed is None:
        return Status.UNKNOWN, f"{name} reports a version Readiness cannot read ({app.version!r})"
    if parsed.prerelease:
        return (Status.UNKNOWN, f"{name} {app.version} is a test (pre-release) build; the "
                "versions table lists releases only")
    cycles = table.cycles(app.product)
    if not cycles:
        return (Status.UNKNOWN, f"The versions table has no data for {name}, so {name} "
                f"{app.version} cannot be judged")
    cycle = table.find(app.product, parsed.line)
    if cycle is None:
        return _unlisted(app, parsed, cycles, table, today)
    return _against_line(app, parsed, cycle, os_key, table, today)


def _summary(lines: list[tuple[Status, str]], problems: tuple[str, ...]) -> str:
    order = sorted(lines, key=lambda sl: -sl[0].rank)
    text = "; ".join(sentence for _, sentence in order) + "."
    if problems:
        text += " Not read: " + "; ".join(problems) + "."
    return text


def decide(facts: AppFacts) -> Outcome:
    observed: dict[str, Scalar] = {"apps_found": len(facts.found)}
    if facts.problems:
        observed["sources_unread"] = "; ".join(facts.problems)
    if not facts.found:
        if facts.problems:
            return Outcome(Status.UNKNOWN, "Whether a video-call app or browser is installed "
                           "could not be read: " + "; ".join(facts.problems) + ".", observed,
                           expected=EXPECTED, method=METHOD)
        return Outcome(Status.NOT_APPLICABLE, "None of the video-call apps and browsers this "
                       "check knows (Zoom, Microsoft Teams, Skype, Google Chrome, Microsoft "
                       "Edge, Firefox, Safari) was found.", observed, expected=EXPECTED,
                       method=METHOD)
    if facts.table is None:
        return Outcome(Status.UNKNOWN, "The table of current versions could not be read "
                       f"({facts.table_problem or 'none'}).", observed, expected=EXPECTED,
                       method=METHOD)
    observed["table_fetched_at"] = facts.table.fetched_at
    observed["table_origin"] = facts.table.origin
    lines = []
    for app in facts.found:
        status, sentence = judge(app, facts.os_key, facts.table, facts.today)
        observed[f"{app.product}_version"] = app.version
        observed[f"{app.product}_status"] = status.value
        lines.append((status, sentence))
    worst = max((s for s, _ in lines), key=lambda s: s.rank)
    if worst is Status.PASS and facts.problems:
        worst = Status.UNKNOWN  # an unread source may hide an app that is out of date
    return Outcome(worst, _summary(lines, facts.problems), observed, expected=EXPECTED,
                   method=METHOD)
