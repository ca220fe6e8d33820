"""A signed checklist's files appear under their final names only once the history records them.

Signing writes the PDF and the bundle under temporary names (``.NAME.ID.tmp`` beside their
final place) after noting them in ``signing-pending/ID.json`` in the data folder. The history
transaction then commits, and only after that are the files renamed into place. Whatever a
crash or an error leaves behind is settled by the next sign, under the history's write lock:
files whose record was committed are finished, the others are deleted. So every checklist in a
folder is in the history, and a failed or killed sign leaves no signed file and no temporary
file once the next one has started.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from readiness import files
from readiness.paths import data_dir
from readiness.signing.errors import SigningError
from readiness.signing.files import atomic_write_text

NOTE_FORMAT = "readiness-signing-pending/1"


def pending_dir() -> Path:
    return data_dir() / "signing-pending"


@dataclass(frozen=True)
class Pending:
    report_id: str
    files: tuple[tuple[Path, Path], ...]  # (temporary, final)

    @property
    def note(self) -> Path:
        return pending_dir() / f"{self.report_id}.json"


def _write_error(folder: Path, exc: OSError, what: str) -> SigningError:
    return SigningError(files.one_line(
        f"cannot write {what} into {folder} ({files.describe_os_error(exc)}); "
        "nothing was signed"
    ))


def check_writable(folder: Path) -> None:
    """Fail before signing, with a one-line reason naming ``folder``, if it cannot take files."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".readiness-write-test-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise _write_error(folder, exc, "the checklist") from None


def begin(report_id: str, finals: Sequence[Path]) -> Pending:
    """Note the files about to be written, so a crash cannot leave them unaccounted for."""
    pending = Pending(report_id, tuple(
        (final.with_name(f".{final.name}.{report_id[:8]}.tmp"), final) for final in finals
    ))
    doc = {"format": NOTE_FORMAT, "report_id": report_id,
           "files": [[str(tmp), str(final)] for tmp, final in pending.files]}
    try:
        atomic_write_text(pending.note, json.dumps(doc, indent=2) + "\n", private=True)
    except OSError as exc:
        raise _write_error(pending_dir(), exc, "a note of the files being signed") from None
    return pending


def write(pending: Pending, contents: Sequence[bytes]) -> None:
    """Write each file under its temporary name, flushed to disk."""
    for (tmp, final), data in zip(pending.files, contents, strict=True):
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                         0o644)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise _write_error(final.parent, exc, "the checklist") from None


def finish(pending: Pending) -> None:
    """Give the files their final names (the history has recorded them) and drop the note."""
    for tmp, final in pending.files:
        try:
            os.replace(tmp, final)
        except FileNotFoundError:
            if not final.exists():  # finished by a concurrent settle, or deleted by hand
                continue
        _sync_dir(final.parent)
    with contextlib.suppress(FileNotFoundError):
        pending.note.unlink()


def abandon(pending: Pending) -> None:
    """Delete the temporary files of a sign that was not recorded, then the note."""
    for tmp, _final in pending.files:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    with contextlib.suppress(FileNotFoundError):
        pending.note.unlink()


def settle(recorded: Callable[[str], bool]) -> None:
    """Finish or clean up what earlier signs left; call with the history's write lock held."""
    folder = pending_dir()
    try:
        notes = sorted(folder.iterdir())
    except FileNotFoundError:
        return
    except OSError as exc:
        raise SigningError(files.one_line(
            f"cannot read {folder} ({files.describe_os_error(exc)})")) from None
    for note in notes:
        if note.name.endswith(".tmp"):  # a note whose own write was cut short
            with contextlib.suppress(OSError):
                note.unlink()
            continue
        pending = _read_note(note)
        if pending is None:
            continue
        try:
            if recorded(pending.report_id):
                finish(pending)
            else:
                abandon(pending)
        except OSError as exc:
            raise SigningError(files.one_line(
                f"an interrupted sign could not be tidied up ({files.describe_os_error(exc)}); "
                f"see {note}"
            )) from None


def _read_note(note: Path) -> Pending | None:
    data = files.read_json(note, SigningError, missing=None,
                           unreadable="cannot read {path} ({exc})",
                           invalid="{path} is damaged ({exc}); it has been left as it is",
                           max_bytes=64 * 1024, max_depth=4)
    if data is files.ABSENT:
        return None
    try:
        report_id = data["report_id"]
        pairs = tuple((Path(t), Path(f)) for t, f in data["files"])
        if data.get("format") != NOTE_FORMAT or not isinstance(report_id, str) or (
            note.name != f"{report_id}.json"
        ) or not all(t.name.endswith(".tmp") and t.parent == f.parent for t, f in pairs):
            raise ValueError
    except (KeyError, TypeError, ValueError):
        raise SigningError(files.one_line(
            f"{note} is not a note Readiness wrote; it has been left as it is")) from None
    return Pending(report_id, pairs)


def _sync_dir(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - Windows has no folder handles to sync
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
