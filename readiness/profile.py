"""The practitioner's local profile: attestation answers (never client data).

Stored as JSON under the data directory and written atomically. A corrupt file is reported
with a clear error and left untouched for the user to recover, never silently replaced.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from readiness.files import ABSENT, atomic_write_text, describe_os_error, one_line, read_json
from readiness.paths import data_dir

FORMAT = "readiness-profile/1"
# A few dozen short answers; anything near this size is not a profile.
MAX_BYTES = 1024 * 1024
MAX_DEPTH = 8


class ProfileError(Exception):
    """The profile file exists but cannot be used; the message says why and where."""


class ProfileSaveError(ProfileError, OSError):
    """An answer could not be written (a full or read-only disk, say). Also an OSError, so
    callers that catch OSError around saving keep working."""


def profile_path() -> Path:
    return data_dir() / "profile.json"


def _check(data: Any, path: Path) -> dict[str, Any]:
    """``data`` if it is a profile whose answers are all flat records of plain values (what
    the checks, the forms and the signed statement read), else a ProfileError."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ProfileError(one_line(f"your profile at {path} is not a Readiness profile"))
    answers = data.setdefault("attestations", {})
    if not isinstance(answers, dict):
        raise ProfileError(one_line(f"your profile at {path} has malformed answers"))
    for check_id, record in answers.items():
        if not isinstance(record, dict) or not all(
            value is None or isinstance(value, str | int) for value in record.values()
        ):
            raise ProfileError(one_line(
                f"your profile at {path} has a malformed answer for {check_id[:60]!r}; it has "
                "been left as it is"
            ))
    return data


def load(path: Path | None = None) -> dict[str, Any]:
    path = path or profile_path()
    data = read_json(path, ProfileError, missing=None,
                     unreadable="cannot read your profile at {path}: {exc}",
                     invalid="your profile at {path} is damaged: {exc}; it has been left as "
                             "it is", max_bytes=MAX_BYTES, max_depth=MAX_DEPTH)
    if data is ABSENT:
        return {"format": FORMAT, "attestations": {}}
    return _check(data, path)


def attestations(path: Path | None = None) -> dict[str, Mapping[str, Any]]:
    return dict(load(path)["attestations"])


def save_attestation(
    check_id: str, answer: Mapping[str, Any], path: Path | None = None
) -> None:
    """Record one answer; a failure to write (full or read-only disk) is a
    ``ProfileSaveError`` naming the folder, and the old profile is kept."""
    path = path or profile_path()
    data = load(path)
    record = dict(answer)
    record.setdefault("answered_at", date.today().isoformat())
    data["attestations"][check_id] = record
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise ProfileSaveError(one_line(
            f"could not save your answers in the folder {path.parent} ({describe_os_error(exc)})"
        )) from None
