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

from readiness.model import CheckKind, CheckResult, RunReport, Status

FORMATS = ("intune", "jamf", "csv")


def machine_results(report: RunReport) -> list[CheckResult]:
    return [r for r in report.results if r.kind is CheckKind.MACHINE]


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
    text = text.replace("<", "(").replace(">", ")").replace("\n", " ")
    return f"<result>{text}</result>"


def as_csv(report: RunReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["check_id", "title", "status", "summary", "checked_at", "generated_at"])
    for r in machine_results(report):
        writer.writerow([r.check_id, _cell(r.title), r.status.value, _cell(r.summary),
                         r.checked_at, report.generated_at])
    return out.getvalue()


def _cell(text: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheet programs.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render(report: RunReport, fmt: str) -> str:
    if fmt == "intune":
        return intune(report)
    if fmt == "jamf":
        return jamf(report)
    if fmt == "csv":
        return as_csv(report)
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
