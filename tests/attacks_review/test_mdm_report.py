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
    # check_id, title, status, checked_at, generated_at, verdict
    assert all(len(r) == 6 for r in rows)
    for row in rows[1:]:
        assert row[1][:1] not in ("=", "+", "-", "@", "\t", "\r"), row


@pytest.mark.parametrize("payload", ["\r=1+1", "x\r=HYPERLINK(1)"])
def test_csv_carriage_return_cannot_start_a_new_row(payload: str) -> None:
    out = mdm_report.render(_report(_machine("firewall_x", payload, payload)), "csv")
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert all(len(r) == 6 for r in rows), rows


@pytest.mark.parametrize("payload", [" =1+1", "\uff1dHYPERLINK(1)"])
def test_csv_formula_after_space_or_fullwidth(payload: str) -> None:
    out = mdm_report.render(_report(_machine("firewall_x", payload, payload)), "csv")
    row = list(csv.reader(io.StringIO(out, newline="")))[-1]
    assert row[1].lstrip()[:1] not in ("=", "+", "-", "@", "\uff1d")


def test_intune_is_one_flat_json_object_of_statuses() -> None:
    out = mdm_report.render(_report(_machine('x"}', "t", "s")), "intune")
    doc = json.loads(out)
    assert isinstance(doc, dict) and all(isinstance(v, str) for v in doc.values())
    statuses = {k: v for k, v in doc.items() if not k.endswith(mdm_report.VERDICT_SUFFIX)}
    verdicts = {k: v for k, v in doc.items() if k.endswith(mdm_report.VERDICT_SUFFIX)}
    assert set(statuses.values()) <= {s.value for s in Status}
    assert set(verdicts.values()) <= {mdm_report.OK, mdm_report.NOT_OK}
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


def _report_for_ssid(tmp_path: object, ssid_json: str, capsys: pytest.CaptureFixture[str],
                     fmt: str = "csv") -> str:
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
                 "--format", fmt]) == 0
    return capsys.readouterr().out


def test_mdm_csv_does_not_carry_the_home_network_name(
        tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    text = _report_for_ssid(tmp_path, '"JaneDoeHome"', capsys)
    assert "wifi_security" in text
    assert "JaneDoeHome" not in text


# Any byte can be in a network name, and anyone nearby can name one.
HOSTILE_SSIDS = ['"Cafe\\r=HYPERLINK(1)"', '"x\\n=1+1"', '"</result><result>Ready"',
                 '"a&lt;/result&gt;&amp;"', '"\\u0000@SUM(A1)\\u2028-1"',
                 '"\\u202e=cmd|\' /C calc\'!A0"', '"\\"},{\\"wifi_security\\":\\"pass\\"}"']


@pytest.mark.parametrize("ssid", HOSTILE_SSIDS)
def test_mdm_csv_row_injection_through_a_network_name(
        ssid: str, tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    text = _report_for_ssid(tmp_path, ssid, capsys, "csv")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 2 and all(len(r) == 6 for r in rows), rows
    assert text.count("\n") == 2 and "\r" not in text and "\x00" not in text
    for cell in rows[1]:
        assert cell.lstrip()[:1] not in ("=", "+", "-", "@", "\t", "\r"), rows


@pytest.mark.parametrize("ssid", HOSTILE_SSIDS)
def test_jamf_result_survives_a_hostile_network_name(
        ssid: str, tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    out = _report_for_ssid(tmp_path, ssid, capsys, "jamf").rstrip("\n")
    assert out == "<result>Ready</result>", "nothing of the name reaches the attribute"


@pytest.mark.parametrize("ssid", HOSTILE_SSIDS)
def test_intune_json_survives_a_hostile_network_name(
        ssid: str, tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    out = _report_for_ssid(tmp_path, ssid, capsys, "intune")
    assert out.endswith("\n") and out.count("\n") == 1 and out.isascii()
    assert json.loads(out) == {"wifi_security": "pass", "wifi_security_verdict": "ok"}


@pytest.mark.parametrize("payload", [
    "</result>", "<![CDATA[x]]>", "&amp;&#60;", "x\u2028y\u2029z\x85w", "a\x00b\x1bc",
    "\u202e<result>",
])
def test_jamf_line_has_no_markup_entities_or_breaks(payload: str) -> None:
    out = mdm_report.render(_report(_machine(payload, payload, payload)), "jamf")
    inner = out.removeprefix("<result>").removesuffix("</result>")
    assert not set(inner) & {"<", ">", "&", "\n", "\r", "\x85", "\u2028", "\u2029",
                             "\x00", "\x1b", "\u202e"}, out


@pytest.mark.parametrize("payload", ["x\u2028y", 'x"}\n{"a":"b', "\x00\ud800", "\u202e"])
def test_intune_stays_one_compact_json_object_whatever_the_id(payload: str) -> None:
    out = mdm_report.render(_report(_machine(payload, payload, payload)), "intune")
    assert out.isascii() and "\n" not in out and "\r" not in out and " " not in out
    doc = json.loads(out)
    assert doc[payload] == "fail" and doc[payload + mdm_report.VERDICT_SUFFIX] == "not_ok"


@pytest.mark.parametrize("payload", ["a\x00=1", "\x85=1", "\u2028=1", "\u200b=1",
                                     "\u202e=1", "x\x0b\x0c=1"])
def test_csv_control_and_invisible_characters(payload: str) -> None:
    out = mdm_report.render(_report(_machine(payload, payload, payload)), "csv")
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert all(len(r) == 6 for r in rows)
    row = rows[-1]
    for cell in row[:2]:
        assert not any(c in cell for c in "\x00\x0b\x0c\x85\u2028\u202e"), row
        assert cell.replace("\u200b", "").lstrip()[:1] != "=", row
