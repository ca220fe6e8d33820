"""What a device manager is given: machine checks only, in the forms Intune, Jamf and a
spreadsheet read. Attestations are the practitioner's own statements and never leave this way.

Intune custom compliance: the discovery script prints one flat JSON object, each key a setting
name (case-sensitive, matched by the rules file in packaging/mdm/intune/) and each value the
check's status as a string. Jamf: an extension attribute, ``<result>…</result>``.
"""

from __future__ import annotations

import csv
import io
import json

from readiness.csv_safe import safe_cell
from readiness.model import CheckKind, CheckResult, RunReport, Status

FORMATS = ("intune", "jamf", "csv")


# Checks a practitioner turns on for a session (the connection measurement): they say nothing
# about the device between sessions, so a device manager is never given them.
OPT_IN = frozenset({"connection_quality"})


def machine_results(report: RunReport) -> list[CheckResult]:
    return [r for r in report.results
            if r.kind is CheckKind.MACHINE and r.check_id not in OPT_IN]


def setting_name(check_id: str) -> str:
    """The Intune setting for a check: its id exactly (case-sensitive in the rules file)."""
    return check_id


def intune(report: RunReport) -> str:
    values = {setting_name(r.check_id): r.status.value for r in machine_results(report)}
    return json.dumps(values, separators=(",", ":"), sort_keys=True)


def jamf(report: RunReport) -> str:
    """One line a smart group can match: the verdict over machine checks, then each check
    that is not a pass as ``id=status``."""
    results = machine_results(report)
    needing = [r for r in results if r.status not in (Status.PASS, Status.NOT_APPLICABLE)]
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
    # The value sits inside XML-like tags Jamf reads literally: keep it one plain line.
    text = text.replace("<", "(").replace(">", ")").replace("\n", " ").replace("\r", " ")
    return f"<result>{text}</result>"


def as_csv(report: RunReport) -> str:
    out = io.StringIO()
    # Every cell quoted (a carriage return cannot start a row), and no summaries: they can
    # name the practitioner's home network or repeat their own answers; a device manager
    # needs the status.
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(["check_id", "title", "status", "checked_at", "generated_at"])
    for r in machine_results(report):
        writer.writerow([r.check_id, safe_cell(r.title), r.status.value, r.checked_at,
                         report.generated_at])
    return out.getvalue()


def render(report: RunReport, fmt: str) -> str:
    if fmt == "intune":
        return intune(report)
    if fmt == "jamf":
        return jamf(report)
    if fmt == "csv":
        return as_csv(report)
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
