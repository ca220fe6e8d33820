"""Review 2026-12-02 (b): the clinical lead's folder summary and the device-manager reports,
attacked by a practitioner hiding a failing checklist and by a careless user."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.cli.main import main
from readiness.gui.summary_model import needs_attention
from readiness.signing import checklist
from tests.attacks_review.test_summary_attacks import TODAY, _as, _sign, _summary, _trust
from tests.keychain import MemoryKeyring
from tests.signing.helpers import HANDMADE_CATALOGUE, handmade_report


@pytest.fixture(autouse=True)
def _no_policy_here() -> object:
    from readiness import policy

    policy.use(policy.NO_POLICY)
    yield
    policy.use(None)


def test_summary_exit_code_counts_a_not_ready_practitioner(
        memory_keyring: MemoryKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "tree"
    _as(tmp_path, monkeypatch, "jane", "Jane Doe")
    _sign(root / "jane", failing=True)
    _trust(tmp_path, monkeypatch, "jane", "Jane Doe")
    monkeypatch.setenv("READINESS_HOME", str(tmp_path / "supervisor"))
    code = main(["verify", str(root), "--summary"])
    printed = capsys.readouterr().out
    assert "Not ready" in printed
    s = _summary(root, tmp_path, monkeypatch)
    assert needs_attention(s.rows[0])  # type: ignore[attr-defined]
    assert code != 0, printed


def _sign_replayed(out: Path) -> None:
    """A checklist whose results were replayed from a recorded snapshot (a healthy laptop's),
    not taken on the practitioner's computer; signing allows it with a warning."""
    report = handmade_report(replayed="recorded-good-laptop.json")
    checklist.sign_report(report, out, catalogue=HANDMADE_CATALOGUE)


def test_summary_says_the_latest_checklist_was_replayed(
        memory_keyring: MemoryKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "tree"
    _as(tmp_path, monkeypatch, "jane", "Jane Doe")
    _sign_replayed(root / "jane")
    _trust(tmp_path, monkeypatch, "jane", "Jane Doe")
    monkeypatch.setenv("READINESS_HOME", str(tmp_path / "supervisor"))
    capsys.readouterr()
    one = sorted((root / "jane").glob("*.pdf"))[0]
    assert main(["verify", str(one)]) == 0
    assert "replayed" in capsys.readouterr().out  # one file: said
    out_csv = tmp_path / "s.csv"
    code = main(["verify", str(root), "--summary", "--csv", str(out_csv)])
    table = capsys.readouterr().out
    assert "Jane Doe" in table
    assert "replayed" in table.lower(), table
    assert "replayed" in out_csv.read_text(encoding="utf-8-sig").lower()
    assert code != 0


def _route_over(dev: str) -> dict[str, str]:
    """/proc/net/route with the default route over ``dev``, and ``dev`` a wireless link."""
    head = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT"
    rows = [f"{dev}\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0"]
    return {"/proc/net/route": "".join(f"{line:<127}\n" for line in (head, *rows)),
            f"/sys/class/net/{dev}/uevent": f"DEVTYPE=wlan\nINTERFACE={dev}\nIFINDEX=3\n"}


def test_wpa_cli_disconnected_while_the_default_route_is_wifi_is_not_fine() -> None:
    from readiness import mdm_report
    from readiness.model import Status
    from tests.helpers import cmd, make_snapshot, run_check

    snap = make_snapshot("linux", commands=[
        cmd(["wpa_cli", "status"], "Selected interface 'wlan0'\nwpa_state=DISCONNECTED\n"
            "p2p_device_address=02:00:00:00:00:00\naddress=02:00:00:00:00:00\n")],
        files=_route_over("wlan1"))
    result = run_check("wifi_security", snap)
    assert result.status is not Status.PASS
    assert mdm_report.verdict(result) == mdm_report.NOT_OK, result.summary


def _pdf_text(pdf: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def test_one_page_pdf_keeps_a_practitioner_whose_series_has_a_gap(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from readiness.signing import summary as summary_mod
    from readiness.signing import summary_verify
    from readiness.signing.summary_export import to_pdf
    from readiness.signing.verify_result import Verification

    def checked(name: str, sequence: int) -> Verification:
        return Verification(path=tmp_path / name / f"{sequence}.readiness.json", ok=True,
                            kind="bundle", signer_name=name, fingerprint=f"SHA256:{name}",
                            identity=f"SHA256:{name}", verdict="ready", sequence=sequence,
                            statement_sha256=f"{name}-{sequence}",
                            generated_at="2026-11-20T10:00:00Z")

    # 40 practitioners up to date, and one whose checklists 1 to 3 were withheld.
    files = [checked(f"Aaron {i:02d}", 1) for i in range(40)] + [checked("Zed Withheld", 4)]
    monkeypatch.setattr(summary_verify, "verify_all", lambda *_a, **_k: files)
    monkeypatch.setattr(summary_mod, "describe_chains", lambda got: got)
    s = summary_mod.summarise(tmp_path, interval_days=30, today=TODAY,
                              found=summary_mod.Found([]))
    assert not next(r for r in s.rows if r.name == "Zed Withheld").chain_complete
    text = _pdf_text(to_pdf(s))
    assert "Zed Withheld" in text or "Starts at #4" in text


def test_system_profiler_interface_on_a_network_without_a_status_is_not_fine() -> None:
    import json

    from readiness import mdm_report
    from tests.helpers import cmd, make_snapshot, run_check

    listing = {"SPAirPortDataType": [{"spairport_airport_interfaces": [
        {"_name": "en0", "spairport_current_network_information": {
            "_name": "CafeFree", "spairport_security_mode": "spairport_security_mode_none"}},
        {"_name": "awdl0"}]}]}
    snap = make_snapshot("macos", commands=[
        cmd(["system_profiler", "SPAirPortDataType", "-json"], json.dumps(listing))])
    result = run_check("wifi_security", snap)
    assert mdm_report.verdict(result) == mdm_report.NOT_OK, result.summary
