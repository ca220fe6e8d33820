"""Review attacks on ``readiness check --format intune|jamf|csv`` (readiness.mdm_report):
does an attestation (a practitioner's statement) ever leave, and can a crafted title or
summary break out of the Jamf <result> line or a CSV cell?"""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest

from readiness import mdm_report
from readiness.model import CheckKind, CheckResult, RunReport, Status
from tests.signing.helpers import handmade_report


def _report(*extra: CheckResult) -> RunReport:
    base = handmade_report(failing=True)
    return dataclasses.replace(base, results=(*base.results, *extra))


def _machine(check_id: str, title: str, summary: str,
             status: Status = Status.FAIL) -> CheckResult:
    return CheckResult(check_id=check_id, kind=CheckKind.MACHINE, title=title, status=status,
                       summary=summary)


@pytest.mark.parametrize("fmt", mdm_report.FORMATS)
def test_attestations_never_leave(fmt: str) -> None:
    secret = CheckResult(check_id="ico_registration", kind=CheckKind.ATTESTATION,
                         title="ICO SECRET-TITLE", status=Status.FAIL,
                         summary="You stated SECRET-ANSWER",
                         observed={"answer": "no", "attested": True})
    out = mdm_report.render(_report(secret), fmt)
    assert "SECRET" not in out and "ico_registration" not in out and "private_space" not in out


@pytest.mark.parametrize("payload", [
    "</result><result>Ready", "x\r\n<result>Ready</result>", "x\u2028y", "a&lt;/result&gt;",
])
def test_jamf_stays_one_result_whatever_the_title_and_summary(payload: str) -> None:
    out = mdm_report.render(_report(_machine("firewall_x", payload, payload)), "jamf")
    assert out.count("<result>") == 1 and out.count("</result>") == 1
    assert out.startswith("<result>") and out.endswith("</result>")
    assert "\n" not in out and "\r" not in out
    assert out.startswith("<result>Not ready")


@pytest.mark.parametrize("payload", ["x\r\n<result>Ready</result>", "x\ry"])
def test_jamf_sanitiser_handles_carriage_returns(payload: str) -> None:
    out = mdm_report.render(_report(_machine(payload, payload, payload)), "jamf")
    assert out.count("<result>") == 1 and out.count("</result>") == 1
    assert out.startswith("<result>") and out.endswith("</result>")
    assert "\n" not in out and "\r" not in out
    assert out.startswith("<result>Not ready")


@pytest.mark.parametrize("payload", ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\t=1",
                                     "a\n=1", 'a","=1'])
def test_csv_cells_stay_cells_and_never_start_a_formula(payload: str) -> None:
    out = mdm_report.render(_report(_machine("firewall_x", payload, payload)), "csv")
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert all(len(r) == 5 for r in rows)  # check_id, title, status, checked_at, generated_at
    for row in rows[1:]:
        assert row[1][:1] not in ("=", "+", "-", "@", "\t", "\r"), row


@pytest.mark.parametrize("payload", ["\r=1+1", "x\r=HYPERLINK(1)"])
def test_csv_carriage_return_cannot_start_a_new_row(payload: str) -> None:
    out = mdm_report.render(_report(_machine("firewall_x", payload, payload)), "csv")
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert all(len(r) == 5 for r in rows), rows


@pytest.mark.parametrize("payload", [" =1+1", "\uff1dHYPERLINK(1)"])
def test_csv_formula_after_space_or_fullwidth(payload: str) -> None:
    out = mdm_report.render(_report(_machine("firewall_x", payload, payload)), "csv")
    row = list(csv.reader(io.StringIO(out, newline="")))[-1]
    assert row[1].lstrip()[:1] not in ("=", "+", "-", "@", "\uff1d")


def test_intune_is_one_flat_json_object_of_statuses() -> None:
    out = mdm_report.render(_report(_machine('x"}', "t", "s")), "intune")
    doc = json.loads(out)
    assert isinstance(doc, dict) and all(isinstance(v, str) for v in doc.values())
    assert set(doc.values()) <= {s.value for s in Status}
    assert "\n" not in out


def test_a_confirmed_attestation_does_not_reveal_the_answer_in_csv() -> None:
    from checks.headphones.decide import machine_pass
    from checks.headphones.model import Finding, Output

    f = Finding(outputs=(Output("Jane's AirPods Pro", "headphones", True, "test"),), method="test")
    outcome = machine_pass(f, {"answer": "no"})
    result = CheckResult(check_id="headphones", kind=outcome.kind or CheckKind.ATTESTATION,
                         title="Headphones", status=outcome.status, summary=outcome.summary,
                         observed=outcome.observed)
    out = mdm_report.render(_report(result), "csv")
    assert "recorded" not in out.lower()


WIFI_MAC = (__import__("pathlib").Path(__file__).resolve().parents[2] / "tests" / "fixtures"
            / "snapshots" / "wifi_security" / "macos_system_profiler_15_5_wpa2_personal")


def _csv_for_ssid(tmp_path: object, ssid_json: str,
                  capsys: pytest.CaptureFixture[str]) -> str:
    from pathlib import Path

    from readiness.cli.main import main

    data = json.loads((WIFI_MAC / "snapshot.json").read_text(encoding="utf-8"))
    cmd = data["commands"][0]
    assert '"SSID-7"' in cmd["stdout"]  # the network in use in this recording
    cmd["stdout"] = cmd["stdout"].replace('"SSID-7"', ssid_json)
    out = Path(str(tmp_path)) / "snap"
    out.mkdir()
    (out / "snapshot.json").write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--replay", str(out), "--only", "wifi_security",
                 "--format", "csv"]) == 0
    return capsys.readouterr().out


def test_mdm_csv_does_not_carry_the_home_network_name(
        tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    text = _csv_for_ssid(tmp_path, '"JaneDoeHome"', capsys)
    assert "wifi_security" in text
    assert "JaneDoeHome" not in text


@pytest.mark.xfail(strict=True, reason=(
    "a Wi-Fi network named 'x\\r=HYPERLINK(...)' (SSIDs may hold any byte; anyone nearby "
    "can name one) reaches the MDM CSV's summary cell unquoted and starts a new spreadsheet "
    "row beginning with a formula (mdm_report.as_csv: csv.writer quotes only '\\n')"))
def test_mdm_csv_row_injection_through_a_network_name(
        tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    text = _csv_for_ssid(tmp_path, '"Cafe\\r=HYPERLINK(1)"', capsys)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert all(len(r) == 6 for r in rows), rows
