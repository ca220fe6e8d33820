"""Review attacks on managed-settings trust (readiness.policy, policy_signers, load_trust):
can a local user, or a hostile file, make the supervisor's app trust a key through a place
they can write, or use the organisation's list to hide or override the supervisor's own?"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from readiness import policy
from readiness.probe.types import FileRead
from readiness.signing import checklist, keys, signers
from readiness.signing.policy_signers import organisation_signers
from readiness.signing.verify import verify_paths
from tests.keychain import MemoryKeyring
from tests.signing.helpers import HANDMADE_CATALOGUE, handmade_report


@pytest.fixture(autouse=True)
def _fresh_policy() -> Iterator[None]:
    policy.use(policy.NO_POLICY)
    yield
    policy.use(None)


def _practitioner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str,
                  who: str) -> tuple[Path, Path]:
    """(key card PDF, signed checklist PDF) of a practitioner ``name``; READINESS_HOME is left
    at the supervisor's own home afterwards."""
    monkeypatch.setenv("READINESS_HOME", str(tmp_path / who))
    keys.init_key(name, "BACP 1")
    signed = checklist.sign_report(handmade_report(), tmp_path / f"{who}-out",
                                   catalogue=HANDMADE_CATALOGUE)
    card = keys.export_card(tmp_path / f"{who}-card")[0]
    monkeypatch.setenv("READINESS_HOME", str(tmp_path / "supervisor"))
    return card, signed.pdf_path


# -- policy values: paths -------------------------------------------------------------------

@pytest.mark.parametrize("entry", ["~/card.pdf", "$HOME/card.pdf", "${HOME}/card.pdf"])
def test_key_card_entry_with_a_variable_is_refused(entry: str) -> None:
    report = policy.from_dict({"TrustedKeyCards": [entry]}, "test")
    assert report.policy.trusted_key_cards is None and report.problems


def test_windows_key_card_entry_with_a_variable_is_refused() -> None:
    report = policy.from_dict({"TrustedKeyCards": ["%APPDATA%\\Readiness\\card.pdf"]},
                              "test", windows=True)
    assert report.policy.trusted_key_cards is None and report.problems


def test_tilde_entry_cannot_be_planted_in_the_working_folder(
        memory_keyring: MemoryKeyring, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    card, out = _practitioner(tmp_path, monkeypatch, "Mallory", "mallory")
    cwd = tmp_path / "somewhere-the-user-writes"
    (cwd / "~").mkdir(parents=True)
    (cwd / "~" / "card.pdf").write_bytes(card.read_bytes())
    monkeypatch.chdir(cwd)
    report = policy.from_dict({"TrustedKeyCards": ["~/card.pdf"]}, "test")
    policy.use(report)
    assert not any(s.organisation for s in signers.load_trust())
    assert not verify_paths([out])[0].ok


def test_relative_entry_is_refused() -> None:
    for entry in ("card.pdf", "./card.pdf", "../etc/card.pdf"):
        report = policy.from_dict({"TrustedKeyCards": [entry]}, "test")
        assert report.policy.trusted_key_cards is None and report.problems
    for entry in ("card.pdf", "C:card.pdf", "\\card.pdf"):
        report = policy.from_dict({"TrustedKeyCards": [entry]}, "test", windows=True)
        assert report.policy.trusted_key_cards is None and report.problems


@pytest.mark.parametrize("how", ["file", "folder"])
def test_world_writable_card_is_not_trusted(
        memory_keyring: MemoryKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        how: str) -> None:
    card, _ = _practitioner(tmp_path, monkeypatch, "Mallory", "mallory")
    shared = tmp_path / "shared"
    shared.mkdir()
    placed = shared / "card.pdf"
    placed.write_bytes(card.read_bytes())
    if how == "file":
        placed.chmod(0o666)
    else:
        shared.chmod(0o777)
    found, problems = organisation_signers([str(placed)])
    assert found == [] and problems


def test_symlinked_card_to_a_writable_file_is_not_trusted(
        memory_keyring: MemoryKeyring, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    card, _ = _practitioner(tmp_path, monkeypatch, "Mallory", "mallory")
    target = tmp_path / "user-file.pdf"
    target.write_bytes(card.read_bytes())
    target.chmod(0o666)
    managed = tmp_path / "etc-readiness"
    managed.mkdir()
    (managed / "card.pdf").symlink_to(target)
    found, _ = organisation_signers([str(managed / "card.pdf")])
    assert found == []


# -- policy values: odd types ----------------------------------------------------------------

@pytest.mark.parametrize("value", [
    "/etc/readiness/card.pdf", {"1": "/a.pdf"}, [1, 2], [True], [None], [["/a.pdf"]],
    [], ["/a.pdf", "/a.pdf"], ["/a\x00.pdf"], ["/a\n.pdf"], ["/" + "a" * 5000],
    ["/a.pdf"] * 201, 7, None, True,
])
def test_odd_key_card_values_trust_nothing(value: Any) -> None:
    report = policy.from_dict({"TrustedKeyCards": value}, "test")
    assert report.policy.trusted_key_cards is None
    assert report.problems


@pytest.mark.parametrize("data", [None, [], "x", 3, {1: "a"}, {"TrustedKeyCards": {"a": 1}},
                                  {("t",): 1}])
def test_odd_policy_documents_never_raise(data: Any) -> None:
    report = policy.from_dict(data, "test")
    assert report.policy.trusted_key_cards is None


class _LinuxHost:
    """Just enough of a Host for policy.read on Linux."""

    def __init__(self, text: str | None, error: str | None = None) -> None:
        self._got = FileRead(policy.LINUX_PATH, text, error)

        class _P:
            system = "Linux"

        self.platform = _P()

    def read_file(self, path: str) -> FileRead:
        assert path == policy.LINUX_PATH, "only the system-wide policy file is read"
        return self._got


@pytest.mark.parametrize("text", ["[" * 100_000, '{"TrustedKeyCards": ' * 5000, "\ud800",
                                  '{"TrustedKeyCards": ["/a.pdf"], "TrustedKeyCards": 1}',
                                  "x" * (policy.MAX_BYTES + 1), "null", "1e999999"])
def test_hostile_policy_files_never_raise_or_trust(text: str) -> None:
    report = policy.read(_LinuxHost(text))  # type: ignore[arg-type]
    assert report.policy.trusted_key_cards is None


def test_only_the_system_policy_file_is_read() -> None:
    # A user-level file (XDG, ~/.config) must never be a policy source on Linux.
    report = policy.read(_LinuxHost(None, "missing"))  # type: ignore[arg-type]
    assert report is policy.NO_POLICY


def test_macos_reads_only_the_system_managed_preferences() -> None:
    assert policy.MAC_PATH.startswith("/Library/Managed Preferences/")
    assert policy.MAC_PATH.count("/") == 3, "never the per-user managed preferences folder"
    assert policy.REGISTRY_KEY.startswith("HKLM\\"), "never HKCU"


# -- the organisation's list against the supervisor's own ------------------------------------

def test_organisation_card_of_a_key_already_trusted_keeps_the_supervisors_name(
        memory_keyring: MemoryKeyring, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    card, out = _practitioner(tmp_path, monkeypatch, "Card Says Someone Else", "jane")
    assert main_add(card, "Jane Doe") == 0
    policy.use(policy.PolicyReport(policy.Policy(trusted_key_cards=(str(card),)), "test"))
    trusted = signers.load_trust()
    assert [s.name for s in trusted] == ["Jane Doe"]
    assert verify_paths([out])[0].signer_name == "Jane Doe"


def test_organisation_card_does_not_undo_a_revocation(
        memory_keyring: MemoryKeyring, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from readiness.signing.verify import _apply_trust_window, verify_file

    card, out = _practitioner(tmp_path, monkeypatch, "Mallory", "mallory")
    policy.use(policy.PolicyReport(policy.Policy(trusted_key_cards=(str(card),)), "test"))
    org = signers.load_trust()
    assert len(org) == 1
    revoked = tmp_path / "revoked.pub"
    revoked.write_text(org[0].public_key + "\n", encoding="utf-8")
    trusted = signers.load_trust(revoked_file=revoked)
    assert all(s.refusal is not None for s in trusted)
    v = _apply_trust_window(verify_file(out, trusted, None), trusted)
    assert not v.ok


def test_organisation_card_cannot_take_the_name_of_someone_the_supervisor_trusts(
        memory_keyring: MemoryKeyring, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    jane_card, _ = _practitioner(tmp_path, monkeypatch, "Jane Doe", "jane")
    assert main_add(jane_card, "Jane Doe") == 0
    impostor_card, impostor_out = _practitioner(tmp_path, monkeypatch, "Jane Doe", "mallory")
    policy.use(policy.PolicyReport(policy.Policy(trusted_key_cards=(str(impostor_card),)),
                                   "test"))
    v = verify_paths([impostor_out])[0]
    # Either refused, or at least never shown under the bare name of the supervisor's Jane.
    assert not v.ok or v.signer_name != "Jane Doe"


def main_add(card: Path, name: str) -> int:
    from readiness.cli.main import main

    return main(["signers", "add", str(card), "--name", name])


@pytest.mark.parametrize("item", [b"\x00", __import__("datetime").datetime(2026, 1, 1)])
@pytest.mark.parametrize("name", ["TrustedKeyCards", "PracticeNotApplicable",
                                  "TimestampAuthorities"])
def test_a_plist_data_or_date_item_spoils_only_its_own_setting(name: str, item: Any) -> None:
    report = policy.from_dict({name: [item], "TrustedTimestamps": True}, "test")
    assert report.policy.trusted_timestamps is True and report.problems


def test_reminder_days_is_an_int() -> None:
    report = policy.from_dict({"ReminderDays": 7.0}, "test")
    assert report.policy.reminder_days is None or type(report.policy.reminder_days) is int


# -- second round, against the fix in 493887c (policy_signers._writable_by_others) ------------

NOBODY = 65534


def _placed(tmp_path: Path, card: Path, folder_name: str) -> Path:
    folder = tmp_path / folder_name
    folder.mkdir()
    placed = folder / "card.pdf"
    placed.write_bytes(card.read_bytes())
    placed.chmod(0o644)
    return placed


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to hand the file to another user")
@pytest.mark.parametrize("sticky", [False, True])
def test_a_card_owned_by_an_ordinary_user_is_not_trusted(
        memory_keyring: MemoryKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        sticky: bool) -> None:
    card, _ = _practitioner(tmp_path, monkeypatch, "Mallory", "mallory")
    placed = _placed(tmp_path, card, "cards")
    if sticky:
        placed.parent.chmod(0o1777)
    os.chown(placed, NOBODY, NOBODY)
    found, problems = organisation_signers([str(placed)])
    assert found == [] and problems


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to hand the folder to another user")
def test_a_card_in_a_users_folder_is_not_trusted(
        memory_keyring: MemoryKeyring, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    card, _ = _practitioner(tmp_path, monkeypatch, "Mallory", "mallory")
    placed = _placed(tmp_path, card, "users-folder")
    os.chown(placed.parent, NOBODY, NOBODY)
    found, problems = organisation_signers([str(placed)])
    assert found == [] and problems


@pytest.mark.parametrize("how", ["file", "folder"])
def test_a_group_writable_card_is_not_trusted(
        memory_keyring: MemoryKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        how: str) -> None:
    card, _ = _practitioner(tmp_path, monkeypatch, "Mallory", "mallory")
    placed = _placed(tmp_path, card, "group")
    if how == "file":
        placed.chmod(0o664)
    else:
        placed.parent.chmod(0o775)
    os.chown(placed if how == "file" else placed.parent, 0, 20)  # gid 20: macOS 'staff'
    found, problems = organisation_signers([str(placed)])
    assert found == [] and problems


def test_stranger_claiming_an_organisation_trusted_name_still_gets_the_warning(
        memory_keyring: MemoryKeyring, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from readiness.gui.verify_text import VerifyWords
    from readiness.signing.verify_standing import UNKNOWN_SIGNER, standing

    jane_card, _ = _practitioner(tmp_path, monkeypatch, "Jane Doe", "jane")
    _, impostor_out = _practitioner(tmp_path, monkeypatch, "Jane Doe", "mallory")
    placed = _placed(tmp_path, jane_card, "managed")
    policy.use(policy.PolicyReport(policy.Policy(trusted_key_cards=(str(placed),)), "test"))
    trusted = signers.load_trust()
    assert len(trusted) == 1
    names = [lineage[-1].name for lineage in signers.lineages(trusted)]  # as verify_keys
    v = verify_paths([impostor_out])[0]
    s = standing(v, trusted)
    assert s.state == UNKNOWN_SIGNER
    assert "whom you trust" in VerifyWords().account(v, s, names).detail


def test_a_linked_folder_into_a_writable_place_is_not_trusted(
        memory_keyring: MemoryKeyring, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    card, _ = _practitioner(tmp_path, monkeypatch, "Mallory", "mallory")
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    real = shared / "cards"
    real.mkdir()
    real.chmod(0o755)
    (real / "card.pdf").write_bytes(card.read_bytes())
    (real / "card.pdf").chmod(0o644)
    managed = tmp_path / "etc-readiness"
    managed.mkdir()
    (managed / "cards").symlink_to(real, target_is_directory=True)
    found, problems = organisation_signers([str(managed / "cards" / "card.pdf")])
    assert found == [] and problems
