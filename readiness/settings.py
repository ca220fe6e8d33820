"""The practitioner's app settings: plain JSON under the config directory, no Qt.

Privacy options default to off: nothing leaves the machine unless the practitioner turns it on
(trusted timestamps send a hash to a timestamp authority; the lifecycle refresh downloads
end-of-life dates). A damaged file is reported and left as it is, never silently replaced.

An organisation's managed settings (readiness.policy) are laid over the practitioner's own with
``apply_policy``: the result knows which settings are managed and what the practitioner's own
values are, and saves only those, so the file is never rewritten with a managed value.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readiness.files import (
    ABSENT,
    atomic_write_text,
    describe_os_error,
    one_line,
    quoted,
    read_json,
)
from readiness.paths import config_dir

if TYPE_CHECKING:
    from readiness.policy import Policy

FORMAT = "readiness-settings/1"
DEFAULT_REMINDER_DAYS = 30
MAX_REMINDER_DAYS = 365
# A few short fields: anything near this size is not a settings file.
MAX_BYTES = 256 * 1024
MAX_DEPTH = 8
# A folder path; longer than any real one, short enough to lay out on a page.
MAX_TEXT = 4096


class SettingsError(Exception):
    """The settings file exists but cannot be used; the message says why and where."""


class SettingsSaveError(SettingsError, OSError):
    """The settings could not be written (a full or read-only disk, say). Also an OSError, so
    callers that catch OSError around saving keep working."""


@dataclass(frozen=True)
class Settings:
    # No name or registration here: the signing key holds them (readiness.signing.keys), so
    # the name shown is the name signed. An older file's copy is ignored when read.
    # Where signed checklists go; empty until the practitioner chooses (default offered then).
    output_folder: str = ""
    trusted_timestamps: bool = False
    lifecycle_refresh: bool = False
    # Remind to run a self-audit every N days; 0 turns the reminder off.
    reminder_days: int = DEFAULT_REMINDER_DAYS
    first_run_done: bool = False
    # A supervisor's or clinical lead's copy: no key, no reminders, opens on Verify.
    verify_only: bool = False
    # Set only by an organisation's policy (never read from or written to the file): the
    # timestamp authorities to ask (empty: the built-in ones).
    timestamp_authorities: tuple[str, ...] = ()
    # The video platform (zoom, teams, meet, doxy or a host name); an organisation may set it.
    video_platform: str = ""
    # The opt-in connection check: off unless the practitioner turns it on (it makes a few
    # connections to the platform; nothing else is sent).
    connection_check: bool = False
    # The saved settings the organisation manages, and the practitioner's own values of them.
    managed: frozenset[str] = field(default=frozenset(), compare=False)
    own: tuple[tuple[str, Any], ...] = field(default=(), compare=False)

    def to_json(self) -> dict[str, Any]:
        """What is saved: the practitioner's own values, never a managed one."""
        mine = dict(self.own)
        return {"format": FORMAT, **{name: mine.get(name, getattr(self, name))
                                     for name in SAVED}}

    def with_changes(self, **changes: Any) -> Settings:
        """A change to a managed setting changes the practitioner's own (saved) value only:
        the organisation's value stays in force."""
        mine = dict(self.own)
        direct: dict[str, Any] = {}
        for name, value in changes.items():
            if name in self.managed:
                mine[name] = value
            else:
                direct[name] = value
        return replace(self, own=tuple(sorted(mine.items())), **direct)

    def is_managed(self, name: str) -> bool:
        return name in self.managed

    def own_settings(self) -> Settings:
        """The practitioner's own settings, as saved, without the organisation's."""
        return Settings(**{name: value for name, value in self.to_json().items()
                           if name in SAVED})


# The settings kept in the file, in order.
SAVED = ("output_folder", "trusted_timestamps", "lifecycle_refresh", "reminder_days",
         "first_run_done", "verify_only", "video_platform", "connection_check")
# Policy attribute -> the setting it manages (readiness.policy.Policy).
POLICY_FIELDS = {
    "checklist_folder": "output_folder",
    "trusted_timestamps": "trusted_timestamps",
    "lifecycle_refresh": "lifecycle_refresh",
    "reminder_days": "reminder_days",
    "timestamp_authorities": "timestamp_authorities",
    "video_platform": "video_platform",
}


def apply_policy(settings: Settings, policy: Policy) -> Settings:
    """The effective settings: the organisation's values over the practitioner's own.

    The practitioner's own values of managed settings are kept aside and are what
    ``save`` writes. Applying a policy again starts from the practitioner's own settings, so a
    setting the organisation stopped managing returns to their choice."""
    from readiness import policy as policy_mod

    base = settings.own_settings()
    changes: dict[str, Any] = {}
    for attr, name in POLICY_FIELDS.items():
        value = getattr(policy, attr)
        if value is None:
            continue
        if attr == "checklist_folder":
            value = str(policy_mod.folder(value))
        changes[name] = value
    own = tuple((name, getattr(base, name)) for name in SAVED if name in changes)
    return replace(base, managed=frozenset(changes), own=own, **changes)


def connection_options(settings: Settings) -> dict[str, str]:
    """The run option that turns the connection check on: only when the practitioner turned
    it on and a platform is named."""
    if settings.connection_check and settings.video_platform.strip():
        return {"connection_target": settings.video_platform.strip()}
    return {}


def settings_path() -> Path:
    return config_dir() / "settings.json"


def default_output_folder() -> Path:
    """Documents/Readiness when a Documents folder exists, else the home folder's Readiness."""
    import platformdirs

    return Path(platformdirs.user_documents_dir()) / "Readiness"


def load_effective(path: Path | None = None) -> Settings:
    """The practitioner's settings (``load``) with this computer's managed settings over them
    (readiness.policy.current). Raises SettingsError as ``load`` does."""
    from readiness import policy

    return apply_policy(load(path), policy.current().policy)


def _problem(name: str, value: Any, default: Any) -> str | None:
    """Why ``value`` cannot be the setting ``name`` (whose default is ``default``), or None."""
    if isinstance(default, bool):
        return None if isinstance(value, bool) else "has the wrong type"
    if isinstance(default, int):
        if not isinstance(value, int) or isinstance(value, bool):
            return "has the wrong type"
        if not 0 <= value <= MAX_REMINDER_DAYS:
            return f"must be between 0 and {MAX_REMINDER_DAYS}"
        return None
    if not isinstance(value, str):
        return "has the wrong type"
    if len(value) > MAX_TEXT:
        return f"is longer than {MAX_TEXT} characters"
    # A NUL or line break would fail later (as a folder name) or break a line on the PDF.
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        return "contains control characters"
    return None


def _coerce(data: dict[str, Any], where: Path) -> Settings:
    values: dict[str, Any] = {}
    defaults = Settings()
    for name in SAVED:
        if name not in data:
            continue
        value = data[name]
        problem = _problem(name, value, getattr(defaults, name))
        if problem is not None:
            raise SettingsError(one_line(f"your settings at {where}: {name} {problem}"))
        values[name] = value
    return Settings(**values)


def load(path: Path | None = None) -> Settings:
    path = path or settings_path()
    data = read_json(path, SettingsError, missing=None,
                     unreadable="cannot read your settings at {path}: {exc}",
                     invalid="your settings at {path} are damaged: {exc}; the file has been "
                             "left as it is", max_bytes=MAX_BYTES, max_depth=MAX_DEPTH)
    if data is ABSENT:
        return Settings()
    if not isinstance(data, dict):
        raise SettingsError(one_line(f"{path} is not a Readiness settings file"))
    if data.get("format") != FORMAT:
        raise SettingsError(one_line(f"{path} is not a Readiness settings file (its format is "
                                     f"{quoted(data.get('format'))})"))
    return _coerce(data, path)


def save(settings: Settings, path: Path | None = None) -> None:
    """Write the settings atomically; a failure (full or read-only disk) is a
    ``SettingsSaveError`` naming the folder, and the old file is kept."""
    path = path or settings_path()
    text = json.dumps(settings.to_json(), indent=2, ensure_ascii=False) + "\n"
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise SettingsSaveError(one_line(
            f"could not save your settings in the folder {path.parent} ({describe_os_error(exc)})"
        )) from None
