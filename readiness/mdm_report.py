"""What a device manager is given: machine checks only, in the forms Intune, Jamf and a
spreadsheet read. Attestations are the practitioner's own statements and never leave this way.

Intune custom compliance: the discovery script prints one flat JSON object of strings, keys
matched case-sensitively by the rules file in packaging/mdm/intune/. Each check gives two
settings: ``<id>`` is its status as the app shows it (for reports), and ``<id>_verdict`` is
"ok" or "not_ok", the one the rules require to be "ok". Intune allows one operator per rule
and none means "one of", so "pass, or not applicable where that is fine" is decided here, once
(``is_fine``), not spread over rules. Jamf: an extension attribute, ``<result>…</result>``.
"""

from __future__ import annotations

import csv
import io
import json

from readiness.csv_safe import plain_line, safe_cell
from readiness.model import CheckKind, CheckResult, RunReport, Status

FORMATS = ("intune", "jamf", "csv")

# Checks a practitioner turns on for a session (the connection measurement): they say nothing
# about the device between sessions, so a device manager is never given them.
OPT_IN = frozenset({"connection_quality"})

# Checks whose "not applicable" positively shows nothing is wrong: Wi-Fi security on a computer
# the check found not connected to Wi-Fi (a wired desktop; "could not tell" is unknown, never
# not applicable). Anything else that did not apply was not shown to be fine: no video-call
# app or browser found (session_apps) is odd on any computer and may be one the check missed.
NOT_APPLICABLE_IS_FINE = frozenset({"wifi_security"})

VERDICT_SUFFIX = "_verdict"
OK = "ok"
NOT_OK = "not_ok"


def machine_results(report: RunReport) -> list[CheckResult]:
    return [r for r in report.results
            if r.kind is CheckKind.MACHINE and r.check_id not in OPT_IN]


def is_fine(result: CheckResult) -> bool:
    """Shown to be fine: a pass, or a not-applicable that is fine for this check. A warning,
    an unknown and a failure never are."""
    if result.status is Status.PASS:
        return True
    return result.status is Status.NOT_APPLICABLE and result.check_id in NOT_APPLICABLE_IS_FINE


def verdict(result: CheckResult) -> str:
    return OK if is_fine(result) else NOT_OK


def setting_name(check_id: str) -> str:
    """The Intune setting carrying a check's status: its id exactly (case-sensitive)."""
    return check_id


def verdict_setting(check_id: str) -> str:
    """The Intune setting the rules read: "ok" or "not_ok" for the check."""
    return f"{check_id}{VERDICT_SUFFIX}"


def intune(report: RunReport) -> str:
    values: dict[str, str] = {}
    for r in machine_results(report):
        values[setting_name(r.check_id)] = r.status.value
        values[verdict_setting(r.check_id)] = verdict(r)
    # ASCII-only, compact: one line, whatever text a check id could ever carry.
    return json.dumps(values, separators=(",", ":"), sort_keys=True, ensure_ascii=True)


def _jamf_text(text: str) -> str:
    # The value sits between tags Jamf finds by text: no markup, no entity, one plain line.
    text = plain_line(text)
    for markup, plain in (("<", "("), (">", ")"), ("&", "+")):
        text = text.replace(markup, plain)
    return text


def jamf(report: RunReport) -> str:
    """One line a smart group can match: the verdict over machine checks, then each check
    not shown to be fine as ``id=status``."""
    results = machine_results(report)
    needing = [r for r in results if not is_fine(r)]
    if not results:
        head = "Unknown"
    elif any(r.status is Status.FAIL for r in needing):
        head = "Not ready"
    elif needing:
        head = "Ready with cautions"
    else:
        head = "Ready"
    detail = ", ".join(f"{r.check_id}={r.status.value}" for r in needing)
    text = f"{head}: {detail}" if detail else head
    return f"<result>{_jamf_text(text)}</result>"


def as_csv(report: RunReport) -> str:
    out = io.StringIO()
    # Every cell quoted and made safe (no formula start, no line break, so no new row), and no
    # summaries: they can name the practitioner's home network or repeat their own answers; a
    # device manager needs the status.
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(["check_id", "title", "status", "checked_at", "generated_at", "verdict"])
    for r in machine_results(report):
        writer.writerow([safe_cell(cell) for cell in (
            r.check_id, r.title, r.status.value, r.checked_at, report.generated_at,
            verdict(r))])
    return out.getvalue()


def render(report: RunReport, fmt: str) -> str:
    if fmt == "intune":
        return intune(report)
    if fmt == "jamf":
        return jamf(report)
    if fmt == "csv":
        return as_csv(report)
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
