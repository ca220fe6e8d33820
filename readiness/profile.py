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

from readiness.files import ABSENT, atomic_write_text, read_json
from readiness.paths import data_dir

FORMAT = "readiness-profile/1"


class ProfileError(Exception):
    """The profile file exists but cannot be used; the message says why and where."""


def profile_path() -> Path:
    return data_dir() / "profile.json"


def load(path: Path | None = None) -> dict[str, Any]:
    path = path or profile_path()
    data = read_json(path, ProfileError, missing=None,
                     unreadable="cannot read your profile at {path}: {exc}",
                     invalid="your profile at {path} is damaged ({exc}); it has been left as "
                             "it is")
    if data is ABSENT:
        return {"format": FORMAT, "attestations": {}}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ProfileError(f"your profile at {path} is not a Readiness profile")
    if not isinstance(data.get("attestations", {}), dict):
        raise ProfileError(f"your profile at {path} has malformed answers")
    data.setdefault("attestations", {})
    return data


def attestations(path: Path | None = None) -> dict[str, Mapping[str, Any]]:
    return dict(load(path)["attestations"])


def save_attestation(
    check_id: str, answer: Mapping[str, Any], path: Path | None = None
) -> None:
    path = path or profile_path()
    data = load(path)
    record = dict(answer)
    record.setdefault("answered_at", date.today().isoformat())
    data["attestations"][check_id] = record
    atomic_write_text(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
