"""Signing files on disk: atomic writes (one implementation: readiness.files) and capped reads.

Secret-bearing files stay 0600 in a 0700 folder, created so from the start (never chmod-ed
after the bytes are on disk); shareable ones (PDF, bundle, key card) are made 0644. Files a
verifier is handed are read only when they are ordinary files under a size cap."""

from __future__ import annotations

import os
import stat
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
    """The bytes of the regular file at ``path`` if it is at most ``limit`` bytes.

    Checked on the open descriptor, before any byte is read, so a multi-GB sparse file is
    refused at once and a FIFO or device (or a link to one) never blocks or streams forever:
    O_NONBLOCK makes opening a FIFO return at once, and fstat then refuses it."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise FileRefused(f"cannot be read ({exc.strerror or exc})") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise FileRefused("is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise FileRefused("is not an ordinary file (a device, pipe or socket)")
        if st.st_size > limit:
            raise FileRefused(f"is too large ({st.st_size:,} bytes; at most {limit:,})")
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise FileRefused(f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if total > limit:  # it grew while being read
        raise FileRefused(f"is too large (more than {limit:,} bytes)")
    return b"".join(chunks)
