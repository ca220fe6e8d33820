"""Reports to a device manager: the Intune rules files keep Microsoft's documented limits and
match what ``readiness check --format intune`` prints; Jamf and CSV forms; machine checks
only, never the practitioner's answers (issue 14)."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import subprocess
from pathlib import Path

import pytest

from readiness import catalogue as catalogue_mod
from readiness import mdm_report
from readiness.cli.main import main
from readiness.model import CheckKind, CheckResult, RunReport, Status
from tests.helpers import fixture_cases

ROOT = Path(__file__).resolve().parents[2]
MDM = ROOT / "packaging" / "mdm"
RULES = sorted((MDM / "intune").glob("rules-*.json"))
# Any recorded Linux case where the firewall check passes.
SNAPSHOT = next(c.path for c in fixture_cases() if c.check == "firewall_on"
                and c.expect == "pass" and c.path.name.startswith("linux_"))
# Microsoft: "Custom compliance JSON files" (Intune custom compliance settings).
OPERATORS = {"IsEquals", "NotEquals", "GreaterThan", "GreaterEquals", "LessThan", "LessEquals"}
DATA_TYPES = {"Boolean", "Int64", "Double", "String", "DateTime", "Version"}
STRING_OPERATORS = {"IsEquals", "NotEquals"}
MAX_RULES = 100
MAX_BYTES = 100 * 1024


def _machine_ids() -> set[str]:
    return {e.id for e in catalogue_mod.load().entries
            if e.kind is CheckKind.MACHINE and e.id not in mdm_report.OPT_IN}


def test_the_rules_files_are_what_the_catalogue_makes() -> None:
    spec = importlib.util.spec_from_file_location("make_intune_rules",
                                                  MDM / "make_intune_rules.py")
    assert spec is not None and spec.loader is not None
    make_intune_rules = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_intune_rules)
    assert [p.name for p in RULES] == ["rules-linux.json", "rules-windows.json"]
    for path in RULES:
        os_key = path.stem.removeprefix("rules-")
        assert json.loads(path.read_text(encoding="utf-8")) == make_intune_rules.rules(os_key), \
            "regenerate with: python packaging/mdm/make_intune_rules.py"


@pytest.mark.parametrize("path", RULES, ids=lambda p: p.name)
def test_rules_keep_microsofts_limits(path: Path) -> None:
    assert path.stat().st_size <= MAX_BYTES
    rules = json.loads(path.read_text(encoding="utf-8"))["Rules"]
    assert 0 < len(rules) <= MAX_RULES
    names = [r["SettingName"] for r in rules]
    assert len(names) == len(set(names))
    assert set(names) == {mdm_report.verdict_setting(i) for i in _machine_ids()}, \
        "one rule per machine check, on its verdict, no practice answers"
    for r in rules:
        assert r["Operator"] in OPERATORS and r["DataType"] in DATA_TYPES
        if r["DataType"] == "String":
            assert r["Operator"] in STRING_OPERATORS
        assert (r["Operator"], r["Operand"]) == ("IsEquals", mdm_report.OK), \
            "only an 'ok' verdict is compliant"
        assert r["MoreInfoUrl"].startswith("https://")
        langs = {s["Language"]: s for s in r["RemediationStrings"]}
        assert "en_US" in langs and langs["en_US"]["Title"] and langs["en_US"]["Description"]


def test_intune_output_matches_the_rules_and_leaves_out_answers(
        capsys: pytest.CaptureFixture[str]) -> None:
    from readiness import profile

    profile.save_attestation("headphones", {"answer": "yes"})
    assert main(["check", "--format", "intune", "--replay", str(SNAPSHOT)]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and " " not in out.strip(), "compact JSON on one line"
    values = json.loads(out)
    for path in RULES:
        rules = json.loads(path.read_text(encoding="utf-8"))["Rules"]
        assert {r["SettingName"] for r in rules} == \
            {k for k in values if k.endswith(mdm_report.VERDICT_SUFFIX)}
    assert set(values) == {n for i in _machine_ids()
                           for n in (mdm_report.setting_name(i), mdm_report.verdict_setting(i))}
    assert not any(k.startswith(("headphones", "backup_channel")) for k in values)
    assert values["firewall_on"] == "pass" and values["firewall_on_verdict"] == "ok"
    for check_id in _machine_ids():
        assert values[check_id] in {s.value for s in Status}
        assert values[mdm_report.verdict_setting(check_id)] == (
            "ok" if values[check_id] == "pass" or (values[check_id] == "not_applicable"
                                                   and check_id == "wifi_security")
            else "not_ok")


def test_verdict_settings_never_collide_with_a_check() -> None:
    ids = {e.id for e in catalogue_mod.load().entries}
    assert not any(i.endswith(mdm_report.VERDICT_SUFFIX) for i in ids)
    assert mdm_report.NOT_APPLICABLE_IS_FINE <= _machine_ids()


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("check_id", ["wifi_security", "session_apps_current", "firewall_on"])
def test_only_a_pass_or_a_harmless_not_applicable_is_ok(check_id: str, status: Status) -> None:
    """Never a false pass: warn, unknown and fail are never "ok"; not applicable is "ok" only
    for Wi-Fi (not connected to Wi-Fi), never for a check that found nothing to judge."""
    values = json.loads(mdm_report.intune(_report(_r(check_id, status))))
    expected = status is Status.PASS or (status is Status.NOT_APPLICABLE
                                         and check_id == "wifi_security")
    assert values == {check_id: status.value,
                      f"{check_id}_verdict": "ok" if expected else "not_ok"}
    jamf = mdm_report.jamf(_report(_r(check_id, status)))
    assert (jamf == "<result>Ready</result>") is expected
    row = list(csv.reader(io.StringIO(mdm_report.as_csv(_report(_r(check_id, status))))))[1]
    assert row[2:3] + row[5:] == [status.value, "ok" if expected else "not_ok"]


def _report(*results: CheckResult) -> RunReport:
    return RunReport("2026-12-02T10:00:00Z", "0", "1", {"system": "Linux"}, results)


def _r(check_id: str, status: Status, kind: CheckKind = CheckKind.MACHINE,
       summary: str = "s") -> CheckResult:
    return CheckResult(check_id, kind, check_id.title(), status, summary)


def test_jamf_one_line_and_machine_only() -> None:
    report = _report(_r("firewall_on", Status.FAIL), _r("screen_lock", Status.WARN),
                     _r("wifi_security", Status.NOT_APPLICABLE),
                     _r("headphones", Status.FAIL, CheckKind.ATTESTATION))
    assert mdm_report.jamf(report) == \
        "<result>Not ready: firewall_on=fail, screen_lock=warn</result>"
    assert mdm_report.jamf(_report(_r("firewall_on", Status.PASS))) == "<result>Ready</result>"
    assert mdm_report.jamf(_report()) == "<result>Unknown</result>"


def test_csv_is_machine_only_and_safe_for_spreadsheets() -> None:
    report = _report(CheckResult("firewall_on", CheckKind.MACHINE, "=HYPERLINK(\"x\")",
                                 Status.FAIL, "the home network 'JaneHome'"),
                     _r("headphones", Status.PASS, CheckKind.ATTESTATION))
    text = mdm_report.as_csv(report)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["check_id", "title", "status", "checked_at", "generated_at", "verdict"]
    assert [r[0] for r in rows[1:]] == ["firewall_on"]
    assert rows[1][1].startswith("'="), "no formula runs when the file is opened"
    assert "JaneHome" not in text, "summaries (network names, answers) stay on the computer"


def test_format_and_json_together_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "csv", "--json", "--replay", str(SNAPSHOT)]) == 2
    assert "cannot be used together" in capsys.readouterr().err


def test_discovery_scripts() -> None:
    sh = MDM / "intune" / "discovery.sh"
    assert subprocess.run(["sh", "-n", str(sh)], check=False, timeout=30).returncode == 0
    done = subprocess.run(["sh", str(sh)], capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0
    json.loads(done.stdout)  # installed or not, the answer is JSON Intune can read
    ps1 = (MDM / "intune" / "discovery.ps1").read_text(encoding="utf-8")
    assert "check --format intune" in ps1 and "ConvertTo-Json -Compress" in ps1
    jamf = MDM / "jamf" / "readiness-extension-attribute.sh"
    assert subprocess.run(["sh", "-n", str(jamf)], check=False, timeout=30).returncode == 0


def test_for_services_documents_the_verdicts() -> None:
    doc = " ".join((ROOT / "docs" / "for-services.md").read_text(encoding="utf-8").split())
    for check_id in mdm_report.NOT_APPLICABLE_IS_FINE:
        assert f"`not_applicable` for `{check_id}`" in doc
    assert "`<check id>_verdict`" in doc and "make_intune_rules.py" in doc
    header = mdm_report.as_csv(_report()).strip()
    assert ", ".join(f"`{h}`" for h in header.replace('"', "").split(",")) in doc
