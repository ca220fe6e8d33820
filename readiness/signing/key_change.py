"""Creating or replacing the key as one change: complete, or as if it never started.

A change is planned in a journal (``keys/key-change.json``) before anything else is written.
The new backup, the keychain entry, any hand-over files and the trust entry are then written
beside the current state, and the new key file is written as ``signing-key.next.json``: that
write is the commit point. After it the change is finished by renames (the old backup kept as
``recovery-backup.previous-….json``), so a crash at any moment leaves either the old state or
a state the next start completes. The previous backups and the journal are removed only once
the new recovery code has been shown, so until then the code the user last saw still opens a
backup. A file lock keeps two processes (the app and a command) from changing keys at once.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from readiness import files
from readiness.signing import signers
from readiness.signing.errors import CorruptKeyFileError, SigningError
from readiness.signing.files import atomic_write_text
from readiness.signing.key_seal import keychain_delete, keychain_set
from readiness.signing.key_store import (
    KEYCHAIN,
    backup_path,
    dumps,
    field_at,
    key_path,
    keys_dir,
    retired_dir,
)

JOURNAL_FORMAT = "readiness-key-change/1"


def journal_path() -> Path:
    return keys_dir() / "key-change.json"


def next_key_path() -> Path:
    return keys_dir() / "signing-key.next.json"


def next_backup_path() -> Path:
    return keys_dir() / "recovery-backup.next.json"


def previous_backups() -> list[Path]:
    """Backups of earlier keys kept until a newer recovery code has been shown, newest first."""
    try:
        found = list(keys_dir().glob("recovery-backup.previous-*.json"))
    except OSError:
        return []
    def age(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0

    return sorted(found, key=age, reverse=True)


@dataclass(frozen=True)
class Plan:
    op: str  # "init" | "rotate" | "restore"
    name: str
    new_key_id: str
    new_public_key: str
    new_protection: str
    old_key_id: str = ""
    old_fingerprint: str = ""
    old_protection: str = ""
    retired_files: tuple[str, ...] = ()  # names under keys/retired written by this change
    change_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])


# ---------------------------------------------------------------------------------------------
# Lock


_lock = threading.RLock()
_depth = 0


@contextlib.contextmanager
def locked() -> Iterator[None]:
    """Hold the key lock (re-entrant in this process; an OS lock between processes)."""
    global _depth
    with _lock:
        if _depth:
            _depth += 1
            try:
                yield
            finally:
                _depth -= 1
            return
        folder = keys_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fh = open(folder / ".lock", "a+b")
        except OSError as exc:
            raise SigningError(files.one_line(
                f"cannot use the key folder {folder} ({files.describe_os_error(exc)})"
            )) from None
        with fh:
            _os_lock(fh.fileno())
            _depth = 1
            try:
                yield
            finally:
                _depth = 0


def _os_lock(fd: int) -> None:
    # Released by the OS when the process ends, however it ends.
    if sys.platform == "win32":  # pragma: no cover - Windows
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)


# ---------------------------------------------------------------------------------------------
# Checks before writing


def check_writable(*folders: Path) -> None:
    """Create each folder and a file in it (then remove it), so a read-only or missing folder
    stops the change before anything is written."""
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, probe = tempfile.mkstemp(prefix=".write-test-", dir=folder)
            os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            raise SigningError(files.one_line(
                f"cannot write to {folder} ({files.describe_os_error(exc)}); nothing was changed"
            )) from None


# ---------------------------------------------------------------------------------------------
# Applying


def apply(plan: Plan, key_text: str, backup_text: str | None, *,
          keychain_secret: bytes | None, retired: dict[str, str],
          trust: Callable[[], object]) -> None:
    """Make the change, or on any error undo what was written and re-raise. ``backup_text``
    None keeps the current backup file (a restore from it)."""
    with locked():
        atomic_write_text(journal_path(), dumps(_to_json(plan)), private=True)
        try:
            if backup_text is not None:
                atomic_write_text(next_backup_path(), backup_text, private=True)
            if keychain_secret is not None:
                keychain_set(plan.new_key_id, keychain_secret)
            for name, text in retired.items():
                atomic_write_text(retired_dir() / name, text)
            trust()  # harmless if the change is undone: no one holds that private key
            atomic_write_text(next_key_path(), key_text, private=True)  # commit point
        except BaseException:
            with contextlib.suppress(Exception):
                _roll_back(plan)
            raise
        _roll_forward(plan)


def confirm(plan: Plan) -> None:
    """The new recovery code has been shown: earlier backups and the journal can go."""
    with locked():
        for old in previous_backups():
            with contextlib.suppress(FileNotFoundError):
                old.unlink()
        current = _read_journal()
        if current is not None and current.change_id == plan.change_id:
            with contextlib.suppress(FileNotFoundError):
                journal_path().unlink()


def confirm_current() -> None:
    """``confirm`` for whatever change is waiting for its code to be shown."""
    plan = _read_journal()
    if plan is not None:
        confirm(plan)


def settle() -> None:
    """Finish or undo a change an earlier run did not complete (a crash, a kill)."""
    if not journal_path().exists() and not _stray_temps():
        return
    with locked():
        for stray in _stray_temps():
            with contextlib.suppress(OSError):
                stray.unlink()
        plan = _read_journal()
        if plan is None:
            return
        # The trust entry is written inside a change: a kill there leaves the list's temp file.
        trust_list = signers.signers_path()
        for stray in trust_list.parent.glob(f".{trust_list.name}.*.tmp"):
            with contextlib.suppress(OSError):
                stray.unlink()
        try:
            # Each key file gets a new key id, so the current file says which side it is on.
            if next_key_path().exists():
                _roll_forward(plan)
            elif field_at(key_path(), "key_id") != plan.new_key_id:
                _roll_back(plan)
            elif next_backup_path().exists():
                _roll_forward(plan)
            # else: finished; the journal waits for the code to be confirmed as shown
        except OSError as exc:
            raise SigningError(files.one_line(
                f"an interrupted change of key could not be finished "
                f"({files.describe_os_error(exc)}); nothing more was changed"
            )) from None


def unconfirmed() -> bool:
    """True when a finished change's recovery code may never have been shown."""
    return journal_path().exists()


def _roll_forward(plan: Plan) -> None:
    nb, b, nk = next_backup_path(), backup_path(), next_key_path()
    renamed = nb.exists() or nk.exists()
    if nb.exists():
        if b.exists():  # kept: the code the user saw last opens it
            os.replace(b, keys_dir() / f"recovery-backup.previous-{plan.change_id}.json")
        os.replace(nb, b)
    if nk.exists():
        os.replace(nk, key_path())
    if renamed:
        _sync_dir(keys_dir())
    if plan.old_protection == KEYCHAIN and plan.old_key_id != plan.new_key_id:
        keychain_delete(plan.old_key_id)


def _roll_back(plan: Plan) -> None:
    # Nothing here was ever shown: the code is shown only after a roll-forward.
    for path in (next_key_path(), next_backup_path(),
                 *(retired_dir() / name for name in plan.retired_files)):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    if plan.new_protection == KEYCHAIN:
        keychain_delete(plan.new_key_id)
    with contextlib.suppress(FileNotFoundError):
        journal_path().unlink()


def _stray_temps() -> list[Path]:
    # Left by an atomic write that was killed before its rename.
    out: list[Path] = []
    for folder in (keys_dir(), retired_dir()):
        with contextlib.suppress(OSError):
            out.extend(p for p in folder.glob(".*.tmp") if p.is_file())
    return out


def _sync_dir(folder: Path) -> None:
    """Make renames in ``folder`` durable (POSIX; Windows has no folder handles to sync)."""
    if os.name == "nt":  # pragma: no cover - Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _to_json(plan: Plan) -> dict[str, Any]:
    doc = asdict(plan)
    doc["retired_files"] = list(plan.retired_files)
    return {"format": JOURNAL_FORMAT, **doc}


def _read_journal() -> Plan | None:
    path = journal_path()
    data = files.read_json(
        path, CorruptKeyFileError, missing=None,
        unreadable="the note of an interrupted change of key at {path} cannot be read ({exc})",
        invalid="the note of an interrupted change of key at {path} is damaged ({exc}); "
                "it has been left as it is",
        max_bytes=64 * 1024, max_depth=4,
    )
    if data is files.ABSENT:
        return None
    try:
        if not isinstance(data, dict) or data.pop("format", None) != JOURNAL_FORMAT:
            raise TypeError("unknown format")
        names = data.pop("retired_files")
        if not isinstance(names, list) or not all(
            isinstance(n, str) and n == Path(n).name for n in names
        ):
            raise TypeError("bad file list")
        plan = Plan(**data, retired_files=tuple(names))
        if not all(isinstance(v, str) for k, v in asdict(plan).items() if k != "retired_files"):
            raise TypeError("a field is not text")
    except TypeError as exc:
        raise CorruptKeyFileError(files.one_line(
            f"the note of an interrupted change of key at {path} is damaged ({exc}); "
            "it has been left as it is"
        )) from None
    return plan
