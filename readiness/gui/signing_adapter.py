"""Every call the GUI makes into signing, verification and the history store, in one place.

The imports are typed but made inside each function: the app's first window must not wait for
the signing, PDF and keychain libraries, and if a build lacks them the rest of the app still
runs, with signing shown as unavailable (SigningUnavailable) instead of failing to start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication

from readiness.model import RunReport

if TYPE_CHECKING:
    from readiness.signing.checklist import SignedChecklist
    from readiness.signing.key_backup import BackupCopy, BackupSummary
    from readiness.signing.key_store import KeyInfo
    from readiness.signing.keys import Rotation
    from readiness.signing.signers import Signer
    from readiness.signing.verify import VerifyRun
    from readiness.signing.verify_result import Verification
    from readiness.store import HistoryEntry

log = logging.getLogger(__name__)
T = TypeVar("T")


class SigningUnavailable(Exception):
    """The signing modules are missing from this build."""


def _guarded(call: Callable[[], T]) -> T:
    """Run ``call``; a missing signing module becomes SigningUnavailable (said plainly)."""
    try:
        return call()
    except ImportError as exc:
        log.warning("signing unavailable: %s", exc)
        raise SigningUnavailable(QCoreApplication.translate(
            "signing", "Signing is not available in this build (%1 is missing).")
            .replace("%1", exc.name or str(exc))) from exc


def available() -> bool:
    def load() -> None:
        from readiness import store  # noqa: F401
        from readiness.signing import checklist, keys, signers, verify  # noqa: F401

    try:
        _guarded(load)
    except SigningUnavailable:
        return False
    return True


def user_errors() -> tuple[type[BaseException], ...]:
    """Exceptions whose message is written for the practitioner."""
    def load() -> tuple[type[BaseException], ...]:
        from readiness.signing.errors import SigningError
        from readiness.store import HistoryError

        # A damaged history database is explained in one line too (and left as it is).
        return (SigningError, HistoryError, SigningUnavailable)

    try:
        return _guarded(load)
    except SigningUnavailable:
        return (SigningUnavailable,)


# -- keys -------------------------------------------------------------------------------
def has_key() -> bool:
    def call() -> bool:
        from readiness.signing import keys

        return keys.has_key()

    return _guarded(call)


def key_info() -> KeyInfo | None:
    def call() -> KeyInfo | None:
        from readiness.signing import keys

        return keys.key_info()

    return _guarded(call)


def needs_passphrase() -> bool:
    def call() -> bool:
        from readiness.signing import keys

        return keys.needs_passphrase()

    return _guarded(call)


def check_key(passphrase: str | None) -> None:
    """Unlock the key and let it go: raises (WrongPassphraseError, …) as signing would, so a
    wrong passphrase is said before anything is signed or sent for a timestamp."""
    def call() -> None:
        from readiness.signing import keys

        keys.load_key(passphrase)

    _guarded(call)


def init_key(name: str, registration: str = "", passphrase: str | None = None) -> KeyInfo:
    # The wizard shows the code on its own page; until it says so, the change counts as
    # unseen (a crash before the page appears leaves the "code may not have been shown" note).
    def call() -> KeyInfo:
        from readiness.signing import keys

        return keys.init_key(name, registration, passphrase=passphrase, shown_later=True)

    return _guarded(call)


def recovery_code_shown() -> None:
    def call() -> None:
        from readiness.signing import keys

        keys.recovery_code_shown()

    _guarded(call)


def export_card(out_dir: Path) -> list[Path]:
    def call() -> list[Path]:
        from readiness.signing import keys

        return list(keys.export_card(out_dir))

    return _guarded(call)


def keychain_available() -> bool:
    def call() -> bool:
        from readiness.signing import keys

        return keys.keychain_available()

    return _guarded(call)


# -- recovery: backup copies, restoring, replacing --------------------------------------
def save_backup_copy(folder: Path) -> BackupCopy:
    def call() -> BackupCopy:
        from readiness.signing import key_backup

        return key_backup.save_backup_copy(folder)

    return _guarded(call)


def backup_copies() -> list[BackupCopy]:
    def call() -> list[BackupCopy]:
        from readiness.signing import key_backup

        return key_backup.backup_copies()

    return _guarded(call)


def backup_summary(path: Path) -> BackupSummary:
    def call() -> BackupSummary:
        from readiness.signing import key_backup

        return key_backup.backup_summary(path)

    return _guarded(call)


def own_backup() -> Path | None:
    """The backup kept in the app's data folder, when there is one."""
    def call() -> Path | None:
        from readiness.signing import keys

        found = keys.backup_files()
        return found[0] if found else None

    return _guarded(call)


def other_key_here(fingerprint: str) -> str:
    def call() -> str:
        from readiness.signing import key_backup

        return key_backup.other_key_here(fingerprint)

    return _guarded(call)


def same_disk_as_app(folder: Path) -> bool:
    def call() -> bool:
        from readiness.signing import key_backup

        return key_backup.same_disk_as_app(folder)

    return _guarded(call)


def restore_key(backup: Path, code: str, passphrase: str | None, *,
                replace_existing: bool) -> KeyInfo:
    def call() -> KeyInfo:
        from readiness.signing import keys

        return keys.restore_key(backup, code, passphrase, replace_existing=replace_existing)

    return _guarded(call)


def rotate_key(passphrase: str | None, *, name: str, registration: str) -> Rotation:
    # As for init_key: the dialog shows the new code, then says so (recovery_code_shown).
    def call() -> Rotation:
        from readiness.signing import keys

        return keys.rotate_key(passphrase, name=name, registration=registration,
                               shown_later=True)

    return _guarded(call)


# -- signing ----------------------------------------------------------------------------
def _device_id() -> str:
    # From the composition root, as the CLI's sign does: signing itself never opens a host.
    from readiness.engine import this_device_id

    return this_device_id()


def preview(report: RunReport, attestations: Mapping[str, Any] | None = None) -> dict[str, Any]:
    def call() -> dict[str, Any]:
        from readiness.signing import checklist

        return dict(checklist.preview_statement(report, attestations=attestations,
                                                device_id=_device_id()))

    return _guarded(call)


def sign(report: RunReport, out_dir: Path, *, passphrase: str | None, timestamp: bool,
         attestations: Mapping[str, Any] | None) -> SignedChecklist:
    def call() -> SignedChecklist:
        from readiness.signing import checklist

        return checklist.sign_report(report, out_dir, passphrase=passphrase,
                                     timestamp=timestamp, attestations=attestations,
                                     device_id=_device_id())

    return _guarded(call)


# -- verifying --------------------------------------------------------------------------
def verify(paths: Sequence[Path], signers_file: Path | None = None) -> list[Verification]:
    def call() -> list[Verification]:
        from readiness.signing.verify import verify_paths

        return verify_paths(list(paths), signers_file=signers_file)

    return _guarded(call)


def verify_run(paths: Sequence[Path]) -> VerifyRun:
    """Like :func:`verify`, with the folder entries that were not looked at."""
    def call() -> VerifyRun:
        from readiness.signing.verify import verify_run as run

        return run(list(paths))

    return _guarded(call)


def add_signer(path: Path, name: str) -> Signer:
    def call() -> Signer:
        from readiness.signing.intake import add_signer as add

        return add(path, name)

    return _guarded(call)


def list_signers() -> list[Signer]:
    def call() -> list[Signer]:
        from readiness.signing import signers

        return signers.list_signers()

    return _guarded(call)


# -- history ----------------------------------------------------------------------------
def history_entries() -> list[HistoryEntry]:
    def call() -> list[HistoryEntry]:
        from readiness.store import History

        with History() as history:
            return history.entries()

    return _guarded(call)
