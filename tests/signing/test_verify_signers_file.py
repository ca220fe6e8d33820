"""`verify --signers FILE [--revoked FILE]` honours allowed_signers as ssh-keygen does
(issue 9, item 4): namespaces, validity windows at the signing time, cert-authority refused,
revocation, and malformed lines refused with the line named, never skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.cli.main import main
from readiness.signing import checklist, keys
from readiness.signing.pubkey import SSHSIG_NAMESPACE, PublicKey
from tests.keychain import MemoryKeyring
from tests.signing.helpers import HANDMADE_CATALOGUE, handmade_report


@pytest.fixture
def signed(memory_keyring: MemoryKeyring, tmp_path: Path) -> tuple[Path, PublicKey]:
    keys.init_key("Jane Doe")
    result = checklist.sign_report(handmade_report(), tmp_path / "out",
                                   catalogue=HANDMADE_CATALOGUE)
    info = keys.key_info()
    assert info is not None
    return result.bundle_path, PublicKey.parse(info.public_key)


def _verify(bundle: Path, tmp_path: Path, line: str, capsys: pytest.CaptureFixture[str],
            *extra: str) -> tuple[int, str]:
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(line + "\n")
    code = main(["verify", str(bundle), "--signers", str(allowed), *extra])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out + captured.err


NS = f'namespaces="{SSHSIG_NAMESPACE}"'


@pytest.mark.parametrize(("options", "ok", "says"), [
    ("", True, "VERIFIED"),
    (NS, True, "VERIFIED"),
    ('namespaces="file,git"', False, "does not allow this key to sign in namespace"),
    (f'{NS},valid-after="20200101"', True, "VERIFIED"),
    (f'{NS},valid-after="29990101"', False, "before the key became valid"),
    (f'{NS},valid-before="20200101"', False, "after the key stopped being valid"),
])
def test_options_decide_at_the_signing_time(signed: tuple[Path, PublicKey], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str], options: str,
                                            ok: bool, says: str) -> None:
    bundle, key = signed
    code, out = _verify(bundle, tmp_path, f"jane@readiness {options} {key.openssh}".replace(
        "  ", " "), capsys)
    assert (code == 0) is ok, out
    assert says in out


@pytest.mark.parametrize(("line", "says"), [
    ("jane@readiness cert-authority {key}", "line 1"),
    ("@revoked jane@readiness {key}", "line 1"),
    ("jane@readiness no-such-option {key}", "line 1"),
    ('jane@readiness valid-after="2026-01-01" {key}', "line 1"),
    ("jane@readiness ecdsa-sha2-nistp256 not-base64!", "line 1"),
])
def test_lines_ssh_keygen_would_not_accept_are_refused(
    signed: tuple[Path, PublicKey], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    line: str, says: str
) -> None:
    bundle, key = signed
    code, out = _verify(bundle, tmp_path, line.format(key=key.openssh), capsys)
    assert code == 2 and says in out and "VERIFIED" not in out


def test_revoked_key_fails(signed: tuple[Path, PublicKey], tmp_path: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    bundle, key = signed
    revoked = tmp_path / "revoked_keys"
    revoked.write_text(key.openssh + "\n")
    code, out = _verify(bundle, tmp_path, f"jane@readiness {NS} {key.openssh}", capsys,
                        "--revoked", str(revoked))
    assert code == 1 and "revoked" in out
    # The supervisor's own list honours the revocation file as well.
    from readiness.signing import signers

    signers.trust_key(key, "Jane Doe")
    assert main(["verify", str(bundle), "--revoked", str(revoked)]) == 1
    assert "revoked" in capsys.readouterr().out


def test_one_key_under_two_principals_is_refused(signed: tuple[Path, PublicKey], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    bundle, key = signed
    code, out = _verify(bundle, tmp_path, f"jane@readiness {key.openssh}\n"
                        f"mallory@readiness {key.openssh}", capsys)
    assert code == 2 and "line 2" in out and "one key belongs to one signer" in out
