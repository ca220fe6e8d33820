"""Review 2026-12-02 (b): the clinical lead's folder summary and the device-manager reports,
attacked by a practitioner hiding a failing checklist and by a careless user."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.cli.main import main
from readiness.gui.summary_model import needs_attention
from readiness.signing import checklist
from tests.attacks_review.test_summary_attacks import _as, _sign, _summary, _trust
from tests.keychain import MemoryKeyring
from tests.signing.helpers import HANDMADE_CATALOGUE, handmade_report


@pytest.fixture(autouse=True)
def _no_policy_here() -> object:
    from readiness import policy

    policy.use(policy.NO_POLICY)
    yield
    policy.use(None)


@pytest.mark.xfail(strict=True, reason=(
    "readiness/cli/verify_summary.py run_summary: the exit code ignores a practitioner whose "
    "latest checklist is Not ready (the GUI's needs_attention counts it, the CLI exits 0), so "
    "a scheduled 'verify --summary' reads a failing practitioner as fine; add "
    "r.verdict == 'not_ready' to 'attention'"))
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


@pytest.mark.xfail(strict=True, reason=(
    "readiness/signing/summary.py _row (and Row, verify_summary._table, summary_export, "
    "gui/summary_model): Verification.replayed is dropped, so a checklist signed from a "
    "replayed snapshot (another computer's recorded results) shows as an ordinary checklist "
    "with no note, no attention and exit 0, while 'readiness verify FILE' says it was "
    "replayed; carry 'replayed' into Row, say it in the table/CSV/PDF/JSON and count it as "
    "needing attention"))
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


@pytest.mark.xfail(strict=True, reason=(
    "checks/wifi/facts_linux.py read_wpa_cli/gather: wpa_cli's 'DISCONNECTED' (it reports "
    "one interface: the first control socket, here a second Wi-Fi card, or an idle "
    "wpa_supplicant beside iwd) is taken as 'no Wi-Fi in use' without the routing-table "
    "confirmation the nmcli path requires, so wifi_security is not_applicable and "
    "mdm_report gives wifi_security_verdict 'ok' to a computer whose internet goes over "
    "Wi-Fi of unknown security; confirm with _default_route_wifi as for nmcli"))
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
