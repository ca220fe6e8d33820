"""The scriptable commands: keys, sign, verify, signers (exit codes and plain output)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from readiness.cli.main import main
from readiness.signing import keys
from tests.keychain import PASSPHRASE

SNAPSHOT = Path(__file__).parent.parent / "fixtures" / "snapshots" / "firewall_on"


def _snapshot_dir() -> Path:
    cases = sorted(p for p in SNAPSHOT.iterdir() if (p / "snapshot.json").is_file())
    if not cases:
        pytest.skip("no firewall snapshot fixture")
    return cases[0]


@pytest.fixture
def pp(tmp_path: Path) -> Path:
    f = tmp_path / "passphrase.txt"
    f.write_text(PASSPHRASE + "\n")
    return f


def test_init_without_passphrase_and_terminal_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["keys", "init", "--name", "Jane Doe"]) == 2
    assert "--passphrase-file" in capsys.readouterr().err
    assert not keys.has_key()


def test_keys_sign_verify_round_trip(pp: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "init", "--name", "Jane Doe", "--registration", "BACP 1",
                 "--passphrase-file", str(pp)]) == 0
    out = capsys.readouterr().out
    code = re.search(r"RECOVERY CODE.*\n\s+(\S+)", out)
    assert code and len(code.group(1)) == 34
    assert "weaker" in out  # no keychain here: say the protection is weaker
    assert main(["keys", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["fingerprint"].startswith("SHA256:") and shown["protection"] == "passphrase"
    assert main(["keys", "export-card", "--out", str(tmp_path / "card")]) == 0
    assert len(capsys.readouterr().out.split()) == 4
    out_dir = tmp_path / "signed"
    assert main(["sign", "--replay", str(_snapshot_dir()), "--out", str(out_dir),
                 "--passphrase-file", str(pp)]) == 0
    printed = capsys.readouterr().out
    assert "Signed checklist 1" in printed
    assert len(list(out_dir.glob("*_checklist.pdf"))) == 1
    assert len(list(out_dir.glob("*_checklist.readiness.json"))) == 1
    assert main(["verify", str(out_dir)]) == 0
    rows = capsys.readouterr().out
    assert "2 of 2 files verified" in rows
    pdf = next(out_dir.glob("*.pdf"))
    assert main(["verify", str(pdf)]) == 0
    detail = capsys.readouterr().out
    assert "VERIFIED" in detail and "Jane Doe" in detail and "signer's own clock" in detail
    assert "Unaltered:   yes" in detail and "report 1" in detail
    assert main(["verify", "--json", str(out_dir)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] and all(f["ok"] for f in doc["files"])
    assert all("replayed" in f and f["replayed"] for f in doc["files"])
    # Tamper with the bundle: exit 1 and a plain reason.
    bundle = next(out_dir.glob("*.readiness.json"))
    bundle.write_text(bundle.read_text().replace('"payloadType": "application/vnd.in-toto+json"',
                                                 '"payloadType": "application/json"'))
    assert main(["verify", str(out_dir)]) == 1
    assert "1 of 2 files verified" in capsys.readouterr().out


def test_verify_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", str(tmp_path / "missing.pdf")]) == 2
    assert "no such file" in capsys.readouterr().err
    f = tmp_path / "x.readiness.json"
    f.write_text("{}")
    assert main(["verify", str(f), "--signers", str(tmp_path / "none")]) == 2
    bad = tmp_path / "signers.json"
    bad.write_text("{ broken")
    assert main(["verify", str(f), "--signers", str(bad)]) == 2
    assert main(["verify", str(f)]) == 1
    with pytest.raises(SystemExit) as exc:
        main(["verify"])
    assert exc.value.code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["verify", str(empty)]) == 1


def test_supervisor_flow_with_signers(pp: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "init", "--name", "Jane Doe", "--passphrase-file", str(pp)]) == 0
    assert main(["keys", "export-card", "--out", str(tmp_path / "card")]) == 0
    assert main(["sign", "--replay", str(_snapshot_dir()), "--out", str(tmp_path / "s"),
                 "--passphrase-file", str(pp)]) == 0
    capsys.readouterr()
    monkeypatch.setenv("READINESS_HOME", str(tmp_path / "supervisor"))
    assert main(["signers", "list"]) == 0
    assert "No trusted signers" in capsys.readouterr().out
    assert main(["verify", str(tmp_path / "s")]) == 1
    card = next((tmp_path / "card").glob("*key-card.pdf"))
    assert main(["signers", "add", str(card), "--name", "Jane (supervisee)"]) == 0
    assert "Compare this fingerprint" in capsys.readouterr().out
    assert main(["signers", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["name"] == "Jane (supervisee)"
    # A key card in the folder is listed as what it is, never as a verified checklist.
    (tmp_path / "s" / card.name).write_bytes(card.read_bytes())
    assert main(["verify", str(tmp_path / "s")]) == 1
    out = capsys.readouterr().out
    assert f"FAIL {card.name}  key card (not a checklist)" in out
    assert "2 of 3 files verified" in out and "1 file is a key card" in out
    (tmp_path / "s" / card.name).unlink()
    assert main(["verify", str(tmp_path / "s")]) == 0
    assert main(["signers", "add", str(tmp_path / "nothing"), "--name", "x"]) == 2
    junk = tmp_path / "junk.pub"
    junk.write_text("ssh-ed25519 AAAA not ours\n")
    assert main(["signers", "add", str(junk), "--name", "x"]) == 1


def test_restore_and_rotate_commands(pp: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "init", "--name", "Jane Doe", "--passphrase-file", str(pp)]) == 0
    out = capsys.readouterr().out
    code = re.search(r"RECOVERY CODE.*\n\s+(\S+)", out)
    assert code
    fp = keys.key_info().fingerprint_ssh  # type: ignore[union-attr]
    backup = tmp_path / "backup.json"
    backup.write_bytes(keys.backup_path().read_bytes())
    keys.key_path().unlink()
    code_file = tmp_path / "code.txt"
    code_file.write_text("wrong-code-0000-0000-0000-0000-0000\n")
    assert main(["keys", "restore", "--backup", str(backup), "--recovery-code-file",
                 str(code_file), "--passphrase-file", str(pp)]) == 1
    code_file.write_text(code.group(1) + "\n")
    assert main(["keys", "restore", "--backup", str(backup), "--recovery-code-file",
                 str(code_file), "--passphrase-file", str(pp)]) == 0
    assert keys.key_info().fingerprint_ssh == fp  # type: ignore[union-attr]
    assert main(["keys", "rotate", "--passphrase-file", str(pp)]) == 0
    rotated = capsys.readouterr().out
    assert "hand-over" in rotated.lower()
    assert keys.key_info().fingerprint_ssh != fp  # type: ignore[union-attr]
    assert main(["keys", "rotate", "--passphrase-file", str(tmp_path / "missing")]) == 2
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase at all\n")
    assert main(["keys", "rotate", "--passphrase-file", str(wrong)]) == 1
    assert "does not unlock" in capsys.readouterr().err
