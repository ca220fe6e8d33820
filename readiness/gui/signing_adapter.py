"""Every call the GUI makes into signing, verification and the history store, in one place.

The GUI depends on the agreed interface only (keys, checklist, verify, signers, store); the
imports are made lazily so the rest of the app still runs (with signing shown as unavailable)
if those modules cannot be imported.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from PySide6.QtCore import QCoreApplication

from readiness.model import RunReport

log = logging.getLogger(__name__)


class SigningUnavailable(Exception):
    """The signing modules are missing from this build."""


def _mod(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        log.warning("cannot import %s: %s", name, exc)
        raise SigningUnavailable(QCoreApplication.translate(
            "signing", "Signing is not available in this build (%1 is missing).")
            .replace("%1", name)) from exc


def available() -> bool:
    try:
        for name in ("readiness.signing.keys", "readiness.signing.checklist",
                     "readiness.signing.verify", "readiness.signing.signers",
                     "readiness.store"):
            _mod(name)
    except SigningUnavailable:
        return False
    return True


def user_errors() -> tuple[type[BaseException], ...]:
    """Exceptions whose message is written for the practitioner."""
    try:
        errors = _mod("readiness.signing.errors")
        store = _mod("readiness.store")
    except SigningUnavailable:
        return (SigningUnavailable,)
    # A damaged history database is explained in one line too (and left as it is).
    return (errors.SigningError, store.HistoryError, SigningUnavailable)


# -- keys -------------------------------------------------------------------------------
def has_key() -> bool:
    return bool(_mod("readiness.signing.keys").has_key())


def key_info() -> Any:
    return _mod("readiness.signing.keys").key_info()


def needs_passphrase() -> bool:
    return bool(_mod("readiness.signing.keys").needs_passphrase())


def init_key(name: str, registration: str = "", passphrase: str | None = None) -> Any:
    # The wizard shows the code on its own page; until it says so, the change counts as
    # unseen (a crash before the page appears leaves the "code may not have been shown" note).
    return _mod("readiness.signing.keys").init_key(name, registration, passphrase=passphrase,
                                                   shown_later=True)


def recovery_code_shown() -> None:
    _mod("readiness.signing.keys").recovery_code_shown()


def export_card(out_dir: Path) -> list[Path]:
    return list(_mod("readiness.signing.keys").export_card(out_dir))


# -- signing ----------------------------------------------------------------------------
def _device_id() -> str:
    # From the composition root, as the CLI's sign does: signing itself never opens a host.
    from readiness.engine import this_device_id

    return this_device_id()


def preview(report: RunReport, attestations: Mapping[str, Any] | None = None) -> dict[str, Any]:
    return dict(_mod("readiness.signing.checklist").preview_statement(
        report, attestations=attestations, device_id=_device_id()))


def sign(report: RunReport, out_dir: Path, *, passphrase: str | None, timestamp: bool,
         attestations: Mapping[str, Any] | None) -> Any:
    return _mod("readiness.signing.checklist").sign_report(
        report, out_dir, passphrase=passphrase, timestamp=timestamp, attestations=attestations,
        device_id=_device_id())


# -- verifying --------------------------------------------------------------------------
def verify(paths: Sequence[Path], signers_file: Path | None = None) -> list[Any]:
    return list(_mod("readiness.signing.verify").verify_paths(list(paths),
                                                              signers_file=signers_file))


def add_signer(path: Path, name: str) -> Any:
    return _mod("readiness.signing.intake").add_signer(path, name)


def list_signers() -> list[Any]:
    return list(_mod("readiness.signing.signers").list_signers())


# -- history ----------------------------------------------------------------------------
def history_entries() -> list[Any]:
    with _mod("readiness.store").History() as history:
        return list(history.entries())
