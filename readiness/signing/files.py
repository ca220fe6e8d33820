"""Atomic writes for signing files (one implementation: readiness.files).

Secret-bearing files stay 0600 in a 0700 folder, created so from the start (never chmod-ed
after the bytes are on disk); shareable ones (PDF, bundle, key card) are made 0644."""

from __future__ import annotations

from pathlib import Path

from readiness import files


def atomic_write_bytes(path: Path, data: bytes, *, private: bool = False) -> None:
    files.atomic_write_bytes(path, data, mode=0o600 if private else 0o644,
                             private_folder=private)


def atomic_write_text(path: Path, text: str, *, private: bool = False) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), private=private)
