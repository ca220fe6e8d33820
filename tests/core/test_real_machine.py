"""Every registered check, run for real on this machine: a definite status with evidence, and
no ``unknown`` that comes from a crash or from output the check could not read.

CI runs these (marker ``realhost``) on stock Linux, Windows and macOS runners, and uploads a
redacted snapshot of each runner so it can become a replay fixture.

The rule for an acceptable ``unknown`` (``unknown_fault`` below)
-----------------------------------------------------------------
An ``unknown`` is fine when the machine itself cannot answer for a documented reason: no
desktop session, no Wi-Fi adapter, a tool that is not installed, no permission, a service
manager that is not running, an operating system or edition the end-of-life table does not
know, a question not answered yet, a probe command that did not answer in time (the check
stays in charge and says so). It is a fault, and the test fails, when the result's summary or
one of its observed text values contains:

1. the runner's own words for a crash or an overrun (readiness/runner.py): "internal error",
   "did not finish within its time limit", "was cancelled before it finished", or "No evidence
   was gathered" (a pass the check could not back up);
2. the name of a Python exception that means a bug rather than the machine (TypeError,
   KeyError, ModuleNotFoundError, ...: a native probe's failure is reported as
   ``"<ExceptionName>: <message>"``). OSError and its subclasses are the machine speaking
   (``[WinError 126]`` where Windows Server has no Wi-Fi library) and are allowed;
3. the checks' own words for output they could not parse: "not recognised", "unrecognised",
   "does not recognise", "cannot interpret", "unreadable output", "unreadable date", "no
   recognisable", "is not a number", "unexpected value/type/output", "could not be parsed",
   "reads only partly", "not found in the translated output".

What it cannot see: a check that folds a parse failure into a plain "could not be read" reads
like a missing source. The uploaded snapshot is there for that: replayed, it shows the raw
output behind every unknown.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

import jsonschema
import pytest

from checks.registry import ALL_CHECKS, NATIVE_PROBES
from readiness import catalogue
from readiness.cli.main import main
from readiness.model import CheckKind, CheckResult, Status
from readiness.paths import assets_dir
from readiness.probe import snapshot
from readiness.probe.real import RealHost
from readiness.runner import Runner

# 1. readiness/runner.py's wording for a check that raised, overran or was cut short.
RUNNER_FAULTS = (
    "internal error",
    "did not finish within its time limit",
    "was cancelled before it finished",
    "no evidence was gathered",
)
# 2. Exceptions that mean a bug in Readiness, not an answer from the machine.
BUG_EXCEPTION = re.compile(
    r"\b(?:Type|Attribute|Key|Index|Value|Name|Import|ModuleNotFound|Assertion|Recursion|"
    r"ZeroDivision|Unicode(?:Decode|Encode)?|JSONDecode|NotImplemented|Runtime)Error\b"
    r"|\bTraceback\b"
)
# 3. The checks' wording for output they were given but could not read.
PARSE_FAULTS = (
    "not recognised",
    "not recognized",
    "unrecognised",
    "unrecognized",
    "does not recognise",
    "cannot interpret",
    "unreadable output",
    "unreadable date",
    "no recognisable",
    "is not a number",
    "unexpected value",
    "unexpected type",
    "unexpected output",
    "could not be parsed",
    "reads only partly",
    "not found in the translated output",
)


def _texts(result: CheckResult) -> Iterable[str]:
    yield result.summary
    for value in result.observed.values():
        if isinstance(value, str):
            yield value


def unknown_fault(result: CheckResult) -> str | None:
    """Why this result's ``unknown`` is a fault (crash, overrun or parse failure), or None when
    the result is not unknown or is unknown for a documented reason. See the module docstring."""
    if result.status is not Status.UNKNOWN:
        return None
    for text in _texts(result):
        low = text.lower()
        for words in RUNNER_FAULTS:
            if words in low:
                return f"crashed or overran ({words!r}): {text}"
        match = BUG_EXCEPTION.search(text)
        if match:
            return f"a bug surfaced ({match.group(0)}): {text}"
        for words in PARSE_FAULTS:
            if words in low:
                return f"output was not read ({words!r}): {text}"
    return None


def assert_every_check_answered(results: Iterable[CheckResult]) -> None:
    results = list(results)
    assert {r.check_id for r in results} == {c.id for c in ALL_CHECKS}
    faults = []
    for r in results:
        assert r.status in Status, r.check_id
        assert r.summary, r.check_id
        assert r.evidence, f"{r.check_id} gave no evidence"
        fault = unknown_fault(r)
        if fault:
            faults.append(f"{r.check_id}: {fault}")
    assert not faults, "\n".join(faults)


def _result(summary: str, status: Status = Status.UNKNOWN,
            **observed: str) -> CheckResult:
    return CheckResult(check_id="x", kind=CheckKind.MACHINE, title="x", status=status,
                       summary=summary, observed=dict(observed))


# Summaries as the checks word them: from this machine and from replaying the fixtures in
# tests/fixtures/snapshots (an edition name and an exception adapted to what a runner would say).
ACCEPTABLE = [
    "Could not check the screen lock: no desktop session was found (Readiness must run inside "
    "your desktop session).",
    "Could not tell whether a firewall is running: firewalld, nftables could not be checked.",
    "Could not read the FileVault state: fdesetup is not installed.",
    "Could not tell whether the system drive is encrypted: powershell did not answer in time; "
    "manage-bde gave no answer (it needs administrator rights).",
    "Could not tell whether antivirus protection is on: neither Microsoft Defender's status nor "
    "Windows Security Center could be read (Windows Server has no Security Center).",
    "The Windows edition 'ServerDatacenter' is not one Readiness knows the support dates of.",
    "Could not tell how the Wi-Fi is secured: the Native Wi-Fi API gave no answer (OSError: "
    "[WinError 126] The specified module could not be found); and netsh did not answer in time.",
    "Not answered yet: record your answer to include it in the checklist.",
    "Could not tell whether remote-access software is running: listening network services "
    "could not be listed (ss is not installed).",
]
FAULTY = [
    "The check could not finish because of an internal error (KeyError: 'x').",
    "The check did not finish within its time limit (20 seconds).",
    "No evidence was gathered, so this cannot be confirmed. (All good.)",
    "Could not tell how the Wi-Fi is secured: CoreWLAN gave no answer "
    "(ModuleNotFoundError: No module named 'CoreWLAN'); and system_profiler did not answer.",
    "fdesetup gave an answer Readiness does not recognise, so the FileVault state is unknown.",
    "Could not tell whether remote-access software is running: listening network services "
    "could not be listed (its output was not recognised).",
    "Could not tell whether the system drive is encrypted: Windows reported a BitLocker state "
    "Readiness cannot interpret (42).",
    "The Windows Update pause setting has an unreadable date.",
    "Could not read the macOS version (sw_vers gave no recognisable ProductVersion).",
]


@pytest.mark.parametrize("summary", ACCEPTABLE)
def test_an_unknown_for_a_documented_reason_is_acceptable(summary: str) -> None:
    assert unknown_fault(_result(summary)) is None


@pytest.mark.parametrize("summary", FAULTY)
def test_an_unknown_from_a_crash_or_unread_output_is_a_fault(summary: str) -> None:
    assert unknown_fault(_result(summary)) is not None


def test_the_rule_reads_observed_values_and_ignores_other_statuses() -> None:
    assert unknown_fault(_result("Could not tell.", defender_status="unrecognised output"))
    assert unknown_fault(_result("Connected, but its security was not recognised.",
                                 Status.WARN)) is None


@pytest.mark.realhost
def test_every_check_returns_a_definite_status_with_evidence() -> None:
    cat = catalogue.load()
    report = Runner(list(ALL_CHECKS), cat, RealHost(NATIVE_PROBES)).run()
    assert_every_check_answered(report.results)
    # The real output, not just replayed output, follows the published schema.
    schema = json.loads((assets_dir() / "schemas" / "results.schema.json").read_text())
    jsonschema.validate(report.to_json(), schema)


@pytest.mark.realhost
def test_redacted_snapshot_of_this_machine_replays_as_a_fixture(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``readiness snapshot DIR --redact`` records this machine; replaying it runs every check
    with a status, evidence and no faulty unknown, as a fixture made from it would."""
    snap_dir = tmp_path / "snapshot"
    assert main(["snapshot", str(snap_dir), "--redact"]) == 0
    capsys.readouterr()
    # (test_round_trip checks that redaction hides the host and user names.)
    snapshot.load(snap_dir)  # valid against the public snapshot format

    assert main(["check", "--json", "--replay", str(snap_dir)]) in (0, 1)
    doc = json.loads(capsys.readouterr().out)
    assert doc["replayed_from"], "the run did not come from the snapshot"
    results = doc["results"]
    assert {r["check_id"] for r in results} == {c.id for c in ALL_CHECKS}
    faults = []
    for r in results:
        assert r["evidence"], f"{r['check_id']} gave no evidence on replay"
        result = _result(r["summary"], Status(r["status"]),
                         **{k: v for k, v in r.get("observed", {}).items()
                            if isinstance(v, str)})
        fault = unknown_fault(result)
        if fault:
            faults.append(f"{r['check_id']}: {fault}")
    assert not faults, "\n".join(faults)
