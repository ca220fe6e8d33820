"""Copies of the encrypted key backup kept away from this computer (a USB stick, a cloud
folder), and a note of where and when each was saved.

The recovery code opens a backup file; the app's own backup sits in its data folder, which is
lost with the computer. A copy is written atomically, read back and compared byte for byte,
and parsed as a backup of the current key before it counts as saved. The note
(``keys/backup-copies.json``) holds only paths and times; a damaged note is ignored (it is a
convenience, never the backup itself).
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from readiness import files
from readiness.paths import data_dir
from readiness.signing import key_change as change
from readiness.signing.errors import CorruptKeyFileError, NoKeyError, SigningError
from readiness.signing.key_access import iso, key_info, now
from readiness.signing.key_store import (
    BACKUP_FORMAT,
    BACKUP_FORMAT_V1,
    MAX_KEY_FILE,
    backup_path,
    field_at,
    keys_dir,
    read_doc,
)

RECORD_FORMAT = "readiness-backup-copies/1"
MAX_RECORDS = 20
_FORMATS = (BACKUP_FORMAT, BACKUP_FORMAT_V1)


@dataclass(frozen=True)
class BackupCopy:
    path: str
    saved_at: str  # UTC, ISO 8601
    fingerprint: str  # of the key the copy restores

    @property
    def present(self) -> bool:
        """The file is there now (an unplugged USB stick makes this False)."""
        try:
            return Path(self.path).is_file()
        except OSError:
            return False


@dataclass(frozen=True)
class BackupSummary:
    """What a backup file says about itself, readable without the recovery code."""

    path: str
    name: str
    registration: str
    created_at: str
    fingerprint: str


def record_path() -> Path:
    return keys_dir() / "backup-copies.json"


def backup_summary(path: Path) -> BackupSummary:
    """Read ``path`` as a backup file: a sentence (SigningError) when it is not one."""
    kd = read_doc(path, "backup", _FORMATS)
    return BackupSummary(str(path), kd.text("name"), kd.text("registration"),
                         kd.text("created_at"), kd.public.fingerprint)


def other_key_here(fingerprint: str) -> str:
    """The fingerprint of a different key that restoring ``fingerprint`` would replace (the
    key set up here, or the key of the backup kept here), or ""."""
    try:
        current = key_info()
    except CorruptKeyFileError:
        current = None  # a damaged key file is what a restore repairs
    if current is not None and current.fingerprint_ssh != fingerprint:
        return current.fingerprint_ssh
    kept = field_at(backup_path(), "fingerprint")
    return kept if kept and kept != fingerprint else ""


def same_disk_as_app(folder: Path) -> bool:
    """True when ``folder`` is on the disk that holds the app's data (lost together with
    it, unless a cloud client copies the folder elsewhere)."""
    try:
        return os.stat(folder).st_dev == os.stat(data_dir()).st_dev
    except OSError:
        return False


def save_backup_copy(folder: Path) -> BackupCopy:
    """Copy the current key's encrypted backup into ``folder`` and check the copy; remember
    where and when. Never overwrites a different file there (a backup of another key)."""
    with change.locked():
        change.settle()
        info = key_info()
        if info is None:
            raise NoKeyError("there is no signing key here yet, so there is no backup to save")
        source = backup_path()
        try:
            kd = read_doc(source, "backup", _FORMATS)
        except NoKeyError:
            raise NoKeyError("the backup of your key is missing from this computer; replace "
                             "your key: a new key comes with a new backup and recovery code"
                             ) from None
        if kd.public.fingerprint != info.fingerprint_ssh:
            raise SigningError("the backup kept here is not of your current key; replace your "
                               "key to get a new backup and recovery code")
        data = _read(source)
        dest = _destination(folder, info.created_at[:10], data)
        try:
            files.atomic_write_bytes(dest, data, mode=0o600)
        except OSError as exc:
            raise SigningError(files.one_line(
                f"the backup could not be saved in {folder} ({files.describe_os_error(exc)}); "
                "choose another folder, such as a USB stick or your cloud folder"
            )) from None
        _check_copy(dest, data, info.fingerprint_ssh)
        copy = BackupCopy(str(dest), iso(now()), info.fingerprint_ssh)
        _remember(copy)
    return copy


def _read(path: Path) -> bytes:
    data = files.read_bytes(path, CorruptKeyFileError, missing="there is no backup file at "
                            "{path}", unreadable="the backup file at {path} cannot be read "
                            "({exc})", max_bytes=MAX_KEY_FILE)
    if not isinstance(data, bytes):  # not reached: with `missing` given, never ABSENT
        raise NoKeyError(f"there is no backup file at {path}")
    return data


def _destination(folder: Path, day: str, data: bytes) -> Path:
    """A free file name in ``folder`` (or the one already holding these very bytes)."""
    try:
        target = folder.expanduser().resolve()
        is_dir = target.is_dir()
    except (OSError, RuntimeError, ValueError):
        is_dir = False
    if not is_dir:
        raise SigningError(files.one_line(
            f"{folder} is not a folder that can be opened; choose another folder"))
    with contextlib.suppress(OSError):
        if target == data_dir().resolve() or data_dir().resolve() in target.parents:
            raise SigningError("that folder is inside Readiness's own data folder, which is "
                               "lost with this computer: choose a USB stick or your cloud "
                               "folder")
    base = f"readiness-key-backup-{day}" if day else "readiness-key-backup"
    for i in range(1, 100):
        dest = target / (f"{base}.json" if i == 1 else f"{base}-{i}.json")
        if not dest.exists() and not dest.is_symlink():
            return dest
        with contextlib.suppress(OSError):
            if dest.is_file() and not dest.is_symlink() and dest.read_bytes() == data:
                return dest  # saved there before: writing it again is harmless
    raise SigningError(files.one_line(f"{folder} already holds many backup files; choose "
                                      "another folder"))


def _check_copy(dest: Path, data: bytes, fingerprint: str) -> None:
    try:
        same = _read(dest) == data and read_doc(dest, "backup", _FORMATS).public.fingerprint \
            == fingerprint
    except SigningError:
        same = False
    if not same:
        with contextlib.suppress(OSError):
            dest.unlink()
        raise SigningError(files.one_line(
            f"the copy saved in {dest.parent} did not read back the same (the disk may be "
            "failing), so it was removed; try another folder or USB stick"))


def backup_copies() -> list[BackupCopy]:
    """The copies saved away from the app's folder, newest first ([] when the note is
    missing or damaged)."""
    try:
        data = files.read_json(record_path(), CorruptKeyFileError, missing=None,
                               unreadable="{path}: {exc}", invalid="{path}: {exc}",
                               max_bytes=MAX_KEY_FILE, max_depth=4)
    except CorruptKeyFileError:
        return []
    if not isinstance(data, dict) or data.get("format") != RECORD_FORMAT:
        return []
    entries = data.get("copies")
    out: list[BackupCopy] = []
    for e in entries if isinstance(entries, list) else []:
        fields = [e.get(k) for k in ("path", "saved_at", "fingerprint")] if isinstance(
            e, dict) else []
        texts = [v for v in fields if isinstance(v, str) and v]
        if len(texts) == 3:
            out.append(BackupCopy(*texts))
    return sorted(out, key=lambda c: c.saved_at, reverse=True)


def _remember(copy: BackupCopy) -> None:
    kept = [c for c in backup_copies() if c.path != copy.path]
    copies = [copy, *kept][:MAX_RECORDS]
    doc = {"format": RECORD_FORMAT, "copies": [
        {"path": c.path, "saved_at": c.saved_at, "fingerprint": c.fingerprint} for c in copies]}
    try:
        files.atomic_write_text(record_path(), json.dumps(doc, indent=2) + "\n")
    except OSError as exc:  # the copy is saved and checked; only the note is missing
        raise SigningError(files.one_line(
            f"the backup was saved to {copy.path}, but the note of where could not be kept "
            f"({files.describe_os_error(exc)})")) from None
