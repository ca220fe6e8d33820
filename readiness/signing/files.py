"""Signing files on disk: atomic writes (one implementation: readiness.files) and capped reads.

Secret-bearing files stay 0600 in a 0700 folder, created so from the start (never chmod-ed
after the bytes are on disk); shareable ones (PDF, bundle, key card) are made 0644. Files a
verifier is handed are read only when they are ordinary files under a size cap."""

from __future__ import annotations

from pathlib import Path

from readiness import files


def atomic_write_bytes(path: Path, data: bytes, *, private: bool = False) -> None:
    files.atomic_write_bytes(path, data, mode=0o600 if private else 0o644,
                             private_folder=private)


def atomic_write_text(path: Path, text: str, *, private: bool = False) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), private=private)


class FileRefused(Exception):
    """A file offered for reading is not one to read: its message says why, in plain words."""


def read_capped(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path`` if it is at most ``limit`` bytes; otherwise
    FileRefused with a plain reason ("it is a pipe, not a regular file"). Checked before any
    byte is read (readiness.files), so a multi-GB sparse file is refused at once and a FIFO
    or device (or a link to one) never blocks or streams forever."""
    data = files.read_bytes(path, FileRefused, missing="it does not exist",
                            unreadable="{exc}", max_bytes=limit)
    if not isinstance(data, bytes):  # not reached: with `missing` given, never ABSENT
        raise FileRefused("it does not exist")
    return data
