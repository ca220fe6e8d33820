"""Any name a practitioner types can be signed with: emoji and scripts newer than Unicode 3.2
(which PDF libraries' name comparison refuses) and long non-ASCII names (X.509 limits the
certificate's name to 64 bytes). The signed statement keeps the exact name."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.signing import checklist, keys
from readiness.signing.key_seal import certificate_name
from readiness.signing.verify import verify_paths
from tests.keychain import MemoryKeyring
from tests.signing.helpers import HANDMADE_CATALOGUE, handmade_report


@pytest.mark.parametrize(("name", "registration"), [
    ("Jane Doe 🌈", "BACP 012345"),
    ("Siân Ŵyn ap Llŷr-Ffôwc Gwenllïan Rhŷs-Prydderch", "BACP 0123456789 / UKCP 98765"),
    ("ᏣᎳᎩ Ꭶ Example", ""),  # Cherokee: newer code points in Unicode 3.2's gaps
])
def test_any_name_signs_and_verifies(memory_keyring: MemoryKeyring, tmp_path: Path,
                                     name: str, registration: str) -> None:
    keys.init_key(name, registration)
    signed = checklist.sign_report(handmade_report(), tmp_path / "out",
                                   catalogue=HANDMADE_CATALOGUE)
    results = verify_paths([tmp_path / "out"])
    assert len(results) == 2 and all(v.ok for v in results), [v.problems for v in results]
    assert {v.practitioner for v in results} == {" ".join(name.split())}
    assert signed.sequence == 1


def test_certificate_name_is_bounded_and_known() -> None:
    assert certificate_name("Jane Doe") == "Jane Doe"
    assert certificate_name("Jane 🌈") == "Jane \u25a1"
    long = certificate_name("Ŵ" * 100)
    assert len(long.encode()) <= 64 and set(long) == {"Ŵ"}


def test_a_code_shown_later_counts_as_unseen_until_confirmed(memory_keyring: MemoryKeyring
                                                             ) -> None:
    keys.init_key("Jane Doe", shown_later=True)
    assert keys.interrupted_notice()  # a crash now: the user is told the code may be unseen
    keys.recovery_code_shown()
    assert keys.interrupted_notice() == ""


def test_rotate_can_change_the_printed_name(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from readiness.cli.main import main

    pp = tmp_path / "pp"
    pp.write_text("longpassphrase123\n")
    assert main(["keys", "init", "--name", "Jane Doe", "--passphrase-file", str(pp)]) == 0
    assert main(["keys", "rotate", "--passphrase-file", str(pp), "--name", "Jane Smith",
                 "--registration", "BACP 7"]) == 0
    info = keys.key_info()
    assert info is not None and (info.name, info.registration) == ("Jane Smith", "BACP 7")
    capsys.readouterr()
