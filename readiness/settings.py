"""The practitioner's app settings: plain JSON under the config directory, no Qt.

Privacy options default to off: nothing leaves the machine unless the practitioner turns it on
(trusted timestamps send a hash to a timestamp authority; the lifecycle refresh downloads
end-of-life dates). A damaged file is reported and left as it is, never silently replaced.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from readiness.files import ABSENT, atomic_write_text, read_json
from readiness.paths import config_dir

FORMAT = "readiness-settings/1"
DEFAULT_REMINDER_DAYS = 30
MAX_REMINDER_DAYS = 365


class SettingsError(Exception):
    """The settings file exists but cannot be used; the message says why and where."""


@dataclass(frozen=True)
class Settings:
    practitioner_name: str = ""
    registration: str = ""
    # Where signed checklists go; empty until the practitioner chooses (default offered then).
    output_folder: str = ""
    trusted_timestamps: bool = False
    lifecycle_refresh: bool = False
    # Remind to run a self-audit every N days; 0 turns the reminder off.
    reminder_days: int = DEFAULT_REMINDER_DAYS
    first_run_done: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, **asdict(self)}

    def with_changes(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def settings_path() -> Path:
    return config_dir() / "settings.json"


def default_output_folder() -> Path:
    """Documents/Readiness when a Documents folder exists, else the home folder's Readiness."""
    import platformdirs

    return Path(platformdirs.user_documents_dir()) / "Readiness"


def _coerce(data: dict[str, Any], where: Path) -> Settings:
    values: dict[str, Any] = {}
    for f in fields(Settings):
        if f.name not in data:
            continue
        value = data[f.name]
        default = getattr(Settings(), f.name)
        if isinstance(default, bool):
            ok = isinstance(value, bool)
        elif isinstance(default, int):
            ok = isinstance(value, int) and not isinstance(value, bool)
            if ok and not 0 <= value <= MAX_REMINDER_DAYS:
                raise SettingsError(
                    f"your settings at {where}: {f.name} must be between 0 and "
                    f"{MAX_REMINDER_DAYS}"
                )
        else:
            ok = isinstance(value, str)
        if not ok:
            raise SettingsError(f"your settings at {where}: {f.name} has the wrong type")
        values[f.name] = value
    return Settings(**values)


def load(path: Path | None = None) -> Settings:
    path = path or settings_path()
    data = read_json(path, SettingsError, missing=None,
                     unreadable="cannot read your settings at {path}: {exc}",
                     invalid="your settings at {path} are damaged ({exc}); the file has been "
                             "left as it is")
    if data is ABSENT:
        return Settings()
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SettingsError(f"{path} is not a Readiness settings file")
    return _coerce(data, path)


def save(settings: Settings, path: Path | None = None) -> None:
    path = path or settings_path()
    atomic_write_text(path, json.dumps(settings.to_json(), indent=2, ensure_ascii=False) + "\n")
