"""Managed settings: the options an organisation pre-sets through the system's own policy
channel, read through the probe layer (so a replayed snapshot of any system can be tested).

- Windows: values under ``HKLM\\Software\\Policies\\Readiness`` (a list is a subkey of the
  same name whose values are named 1, 2, 3..., as an ADMX ``list`` element writes them);
- macOS: the managed preferences domain ``org.readiness.Readiness`` that a configuration
  profile installs (``/Library/Managed Preferences/org.readiness.Readiness.plist``);
- Linux: ``/etc/readiness/policy.json``.

Each source becomes the same dictionary and is checked against one schema
(``assets/schemas/policy.schema.json``) setting by setting: a setting that is wrong is reported
in a plain sentence and ignored, the others still apply. Nothing here ever raises for a bad
or unreadable policy. No Qt; nothing here writes anything.
"""

from __future__ import annotations

import json
import logging
import plistlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from readiness import schema_subset
from readiness.files import one_line, quoted
from readiness.probe.types import Host

log = logging.getLogger(__name__)

REGISTRY_KEY = "HKLM\\Software\\Policies\\Readiness"
MAC_DOMAIN = "org.readiness.Readiness"
MAC_PATH = f"/Library/Managed Preferences/{MAC_DOMAIN}.plist"
LINUX_PATH = "/etc/readiness/policy.json"
MAX_BYTES = 256 * 1024
MAX_DEPTH = 4
# Policy name (registry value, plist key, JSON key) -> Policy attribute.
NAMES: dict[str, str] = {
    "TrustedTimestamps": "trusted_timestamps",
    "TimestampAuthorities": "timestamp_authorities",
    "LifecycleRefresh": "lifecycle_refresh",
    "ReminderDays": "reminder_days",
    "ChecklistFolder": "checklist_folder",
    "VideoPlatform": "video_platform",
    "PracticeNotApplicable": "practice_not_applicable",
    "TrustedKeyCards": "trusted_key_cards",
}
# A configuration profile's own bookkeeping keys, which a managed preferences file may carry.
_PROFILE_KEY = re.compile(r"^(Payload|_)")
_VARIABLE_START = re.compile(r"^(~|%[A-Za-z_][A-Za-z0-9_()]*%|\$\{?[A-Za-z_])")


@dataclass(frozen=True)
class Policy:
    """The organisation's settings; None is "not managed" (the practitioner's own choice)."""

    trusted_timestamps: bool | None = None
    timestamp_authorities: tuple[str, ...] | None = None
    lifecycle_refresh: bool | None = None
    reminder_days: int | None = None
    checklist_folder: str | None = None
    video_platform: str | None = None
    practice_not_applicable: tuple[str, ...] | None = None
    trusted_key_cards: tuple[str, ...] | None = None

    @property
    def managed(self) -> tuple[str, ...]:
        """The attributes the organisation sets, in the order of ``NAMES``."""
        return tuple(a for a in NAMES.values() if getattr(self, a) is not None)

    def __bool__(self) -> bool:
        return bool(self.managed)


@dataclass(frozen=True)
class PolicyReport:
    """What was read: the usable settings, where they came from, and each problem found
    (one sentence each; the settings concerned are ignored)."""

    policy: Policy = field(default_factory=Policy)
    source: str = ""  # "" when this system has no policy
    problems: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        """One paragraph for Settings and the log: where the policy is, and what was wrong."""
        if not self.problems:
            return ""
        return one_line(f"Some of your organisation's settings ({self.source}) could not be "
                        f"used and were ignored: {'; '.join(self.problems)}.")


NO_POLICY = PolicyReport()


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    from readiness.paths import assets_dir

    data: dict[str, Any] = json.loads(
        (assets_dir() / "schemas" / "policy.schema.json").read_text("utf-8"))
    return data


def _path_problem(value: str, windows: bool, *, variables: bool = True) -> str | None:
    """Why ``value`` is not an absolute path (on the host's system), or None. ``variables``:
    a leading ~ or environment variable is accepted (expanded for each practitioner)."""
    if variables and _VARIABLE_START.match(value):
        return None
    absolute = PureWindowsPath(value).is_absolute() if windows else \
        PurePosixPath(value).is_absolute()
    return None if absolute else "is not an absolute path"


def from_dict(data: Any, source: str, *, windows: bool = False) -> PolicyReport:
    """The policy in ``data`` (already converted to the schema's dictionary), each setting
    checked on its own against the schema: the bad ones reported and left out."""
    if not isinstance(data, dict):
        return PolicyReport(Policy(), source, ("it is not a set of named settings",))
    root = schema()
    props: dict[str, Any] = root["properties"]
    values: dict[str, Any] = {}
    problems: list[str] = []
    for name, value in data.items():
        if not isinstance(name, str) or name not in props:
            if not (isinstance(name, str) and _PROFILE_KEY.match(name)):
                problems.append(f"{quoted(name)} is not a Readiness setting")
            continue
        why = _problem(name, value, props[name], root, windows)
        if why is not None:
            problems.append(one_line(f"{name} {_plain(name, why)}"))
            continue
        if isinstance(value, float):  # 7.0 passes as an integer: keep it one
            value = int(value)
        values[NAMES[name]] = tuple(value) if isinstance(value, list) else value
    return PolicyReport(Policy(**values), source, tuple(problems))


def _json_like(value: Any) -> bool:
    """Only what JSON can hold: a plist's <data> or <date>, or a binary registry value, is
    refused here rather than reaching the schema check."""
    if isinstance(value, list):
        return all(_json_like(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _json_like(v) for k, v in value.items())
    return value is None or isinstance(value, str | int | float | bool)


def _problem(name: str, value: Any, spec: dict[str, Any], root: dict[str, Any],
             windows: bool) -> str | None:
    if not _json_like(value):
        return "holds a kind of value a policy setting cannot have (data or a date)"
    problem = schema_subset.first_problem(spec, value, root)
    return problem.message if problem is not None else _extra_problem(name, value, windows)


# Said instead of the schema's own words where those quote a pattern or a long list.
_PLAIN = {
    "ReminderDays": "must be a whole number of days from 0 to 365",
    "TimestampAuthorities": "must list web addresses starting http:// or https://",
}


def _plain(name: str, message: str) -> str:
    if name == "ReminderDays" or (name in _PLAIN and "does not match" in message):
        return _PLAIN[name]
    if name == "PracticeNotApplicable" and "is not one of" in message:
        return f"names a question Readiness does not ask ({message.split(' is not one of')[0]})"
    if "does not match" in message:  # the only other patterns refuse control characters
        return "contains control characters or is empty"
    return message if message.startswith(("is ", "has ", "must ")) else f"is refused ({message})"


def _extra_problem(name: str, value: Any, windows: bool) -> str | None:
    """What the schema cannot say: folders and key cards must be absolute paths."""
    if name == "ChecklistFolder":
        return _path_problem(value, windows)
    if name == "TrustedKeyCards":
        # Never ~ or a variable: a key card the organisation trusts is in one place for every
        # user, not somewhere in each user's own (writable) profile.
        for item in value:
            if (why := _path_problem(item, windows, variables=False)) is not None:
                return f"has an entry that {why} ({quoted(item)})"
    return None


# -- reading each system's policy channel -------------------------------------------------------

def read(host: Host) -> PolicyReport:
    """The organisation's policy on ``host``'s system, or NO_POLICY where there is none."""
    readers = {"Windows": _read_windows, "Darwin": _read_macos, "Linux": _read_linux}
    try:
        reader = readers.get(host.platform.system)
        report = NO_POLICY if reader is None else reader(host)
    except Exception as exc:  # a policy must never stop the app: report it and go on
        log.exception("reading the organisation's policy failed")
        report = PolicyReport(Policy(), "this computer's policy",
                              (one_line(f"it could not be read ({exc})"),))
    if report.problems:
        log.warning("%s", report.summary)
    return report


def _read_linux(host: Host) -> PolicyReport:
    got = host.read_file(LINUX_PATH)
    if got.error == "missing":
        return NO_POLICY
    if got.text is None:
        return PolicyReport(Policy(), LINUX_PATH, (f"it cannot be read ({got.reason})",))
    if len(got.text.encode("utf-8")) > MAX_BYTES:
        return PolicyReport(Policy(), LINUX_PATH, ("it is too large to be a policy file",))
    try:
        data = json.loads(got.text)
    except (ValueError, RecursionError) as exc:
        return PolicyReport(Policy(), LINUX_PATH, (one_line(f"it is not valid JSON ({exc})"),))
    return from_dict(data, LINUX_PATH)


def _read_macos(host: Host) -> PolicyReport:
    # Existence first: a missing profile is "no policy", never a problem to report.
    got = host.read_file(MAC_PATH)
    if got.error == "missing":
        return NO_POLICY
    source = f"the configuration profile for {MAC_DOMAIN}"
    res = host.run(["plutil", "-convert", "xml1", "-o", "-", MAC_PATH], timeout=5)
    if not res.ok:
        return PolicyReport(Policy(), source,
                            (f"it cannot be read ({res.problem() or 'plutil failed'})",))
    try:
        data = plistlib.loads(res.stdout.encode("utf-8"))
    except Exception:  # plistlib raises several kinds on damaged input
        return PolicyReport(Policy(), source, ("it is not a property list",))
    return from_dict(data, source)


def _registry_value(host: Host, name: str, kind: str | None) -> tuple[Any, str | None]:
    """A value under the policy key as the schema's type ``kind``, or (None, None) when
    absent."""
    got = host.read_registry(f"{REGISTRY_KEY}\\{name}")
    if got.error == "missing":
        return None, None
    if not got.ok:
        return None, f"{name} cannot be read ({got.reason})"
    value = got.value
    if kind == "boolean" and got.type == "REG_DWORD" and value in (0, 1):
        return bool(value), None
    return value, None


def _registry_list(host: Host, name: str) -> tuple[list[Any] | None, str | None]:
    """The values 1, 2, 3... of the subkey ``name`` (an ADMX list), in order."""
    items: list[Any] = []
    spec = schema()["properties"][name]
    kind = spec["items"].get("type", "string")
    for n in range(1, spec.get("maxItems", 100) + 2):
        value, problem = _registry_value(host, f"{name}\\{n}", kind)
        if problem is not None:
            return None, problem
        if value is None:
            break
        items.append(value)
    return (items or None), None


def _read_windows(host: Host) -> PolicyReport:
    data: dict[str, Any] = {}
    problems: list[str] = []
    for name, spec in schema()["properties"].items():
        if spec.get("type") == "array":
            value, problem = _registry_list(host, name)
        else:
            value, problem = _registry_value(host, name, spec.get("type"))
        if problem is not None:
            problems.append(problem)
        elif value is not None:
            data[name] = value
    if not data and not problems:
        return NO_POLICY
    report = from_dict(data, f"the Windows registry ({REGISTRY_KEY})", windows=True)
    return PolicyReport(report.policy, report.source, (*problems, *report.problems))


# -- this computer -----------------------------------------------------------------------------

_current: list[PolicyReport] = []


def current() -> PolicyReport:
    """This computer's policy, read once per process through a real host (no native probes,
    so the check modules are not loaded for it). ``use`` replaces it (tests, a replay)."""
    if not _current:
        from readiness.probe.real import RealHost

        _current.append(read(RealHost()))
    return _current[0]


def use(report: PolicyReport | None) -> None:
    """Use ``report`` as this computer's policy from now on; None reads it again next time."""
    _current.clear()
    if report is not None:
        _current.append(report)


def attestations(policy: Policy) -> dict[str, dict[str, Any]]:
    """The practice answers the organisation sets: each question that does not apply is
    answered "not applicable" with a reason naming the organisation. They replace the
    practitioner's own answers to those questions (which stay saved, untouched)."""
    return {qid: {"answer": "not_applicable", "reason": SET_BY_ORGANISATION,
                  "set_by": "organisation"}
            for qid in policy.practice_not_applicable or ()}


SET_BY_ORGANISATION = "set by your organisation (managed settings)"


def folder(value: str) -> Path:
    """A managed checklist folder for this practitioner: ~ and environment variables
    expanded."""
    import os

    return Path(os.path.expanduser(os.path.expandvars(value)))
