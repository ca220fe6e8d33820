"""Value types and the ``Host`` interface shared by the real, recording and replay hosts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

# JSON-able data as returned by a native probe.
JSONValue = Any

NOT_INSTALLED = "not installed"

# The machine tokens a read's ``error`` holds (logic and snapshots compare them), and the plain
# words a sentence shown to the practitioner uses instead. Anything else is already words.
_REASONS = {
    "missing": "{it} does not exist",
    "permission denied": "permission to read {it} was refused",
    "is a directory": "there is a folder in its place",
    "not a directory": "what is there is not a folder",
    "too many entries": "{it} holds too many entries to look through",
    "not on this system": "this system has no Windows registry",
    "not available": "{it} is not available here",
    "no such native probe": "Readiness has no way to ask for {it} here",
    "unreadable": "{it} could not be read",
}
# "unreadable (<the system's words>)", "could not list processes (<the system's words>)"
_UNREADABLE = re.compile(r"(?:unreadable|could not list processes) \((?P<why>.*)\)", re.DOTALL)


def plain_reason(error: str, it: str = "it") -> str:
    """Why a read failed, in words for a sentence: ``error`` is a read's machine token
    ("missing", "permission denied", ...) or already words (passed on as they are); ``it``
    names what was read ("the file")."""
    if error in _REASONS:
        return _REASONS[error].format(it=it)
    m = _UNREADABLE.fullmatch(error)
    if m is not None:
        return f"the system reported: {m['why']}"
    if error.startswith("unsupported hive "):
        return f"Readiness does not read the registry hive {error[len('unsupported hive '):]}"
    return error


def program_name(arg0: str) -> str:
    """How a sentence names a program: its file name, without a folder or ".exe"."""
    name = arg0.replace("\\", "/").rsplit("/", 1)[-1]
    return name[: -len(".exe")] if name.lower().endswith(".exe") else name


@dataclass(frozen=True)
class PlatformInfo:
    system: str  # "Linux" | "Windows" | "Darwin", as platform.system() says
    release: str
    version: str
    machine: str

    def to_json(self) -> dict[str, str]:
        return {
            "system": self.system,
            "release": self.release,
            "version": self.version,
            "machine": self.machine,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlatformInfo:
        return cls(
            system=str(data.get("system", "")),
            release=str(data.get("release", "")),
            version=str(data.get("version", "")),
            machine=str(data.get("machine", "")),
        )

    @property
    def os_key(self) -> str:
        """The catalogue's name for this OS: windows, macos, linux, or other."""
        return {"Windows": "windows", "Darwin": "macos", "Linux": "linux"}.get(self.system, "other")


@dataclass(frozen=True)
class CommandResult:
    """What running a command gave. ``error`` is set when it could not run at all."""

    argv: tuple[str, ...]
    returncode: int | None
    stdout: str = ""
    stderr: str = ""
    timed_out: bool = False
    error: str | None = None
    executable: str | None = None

    @property
    def ran(self) -> bool:
        return self.error is None and not self.timed_out and self.returncode is not None

    @property
    def ok(self) -> bool:
        return self.ran and self.returncode == 0

    def problem(self) -> str | None:
        """A plain reason this result cannot be trusted, naming the program (a sentence adds
        nothing in front), or None when it exited 0. ``error`` keeps the machine token."""
        name = program_name(self.argv[0]) if self.argv else "the program"
        if self.error is not None:
            return f"{name} {_start_problem(self.error)}"
        if self.timed_out:
            return f"{name} did not answer in time"
        if self.returncode is None:
            return f"{name} did not finish"
        if self.returncode != 0:
            return f"{name} stopped with an error (code {self.returncode})"
        return None


def _start_problem(error: str) -> str:
    """Words after a program's name for a command that could not run (``error`` as the hosts
    set it: NOT_INSTALLED, "permission denied (...)", "could not start (...)", ...)."""
    if error == NOT_INSTALLED:
        return "is not installed"
    if error.startswith("permission denied"):
        return "could not be started (permission was refused)"
    if error.startswith("could not start (") and error.endswith(")"):
        return f"could not be started ({error[len('could not start ('):-1]})"
    if error == "no exit code recorded":
        return "did not say how it finished"
    return f"could not be started ({error})"


@dataclass(frozen=True)
class FileRead:
    path: str
    text: str | None
    error: str | None = None  # "missing", "permission denied", ...

    @property
    def ok(self) -> bool:
        return self.text is not None

    @property
    def reason(self) -> str | None:
        """Why it could not be read, in words ("the file does not exist"), or None when read."""
        return None if self.error is None else plain_reason(self.error, "the file")


# A listing longer than this is refused: a config drop-in folder holds a handful of files, and
# a huge one (or a hostile snapshot) must not be walked name by name.
MAX_DIR_ENTRIES = 4096


@dataclass(frozen=True)
class DirListing:
    """A directory's entry names, sorted; ``names`` is None when it could not be listed."""

    path: str
    names: tuple[str, ...] | None
    # "missing", "permission denied", "not a directory", "too many entries", ...
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.names is not None

    @property
    def reason(self) -> str | None:
        """Why it could not be listed, in words ("the folder does not exist"), or None."""
        return None if self.error is None else plain_reason(self.error, "the folder")


@dataclass(frozen=True)
class RegistryRead:
    path: str  # hive\key\value name, e.g. HKCU\Control Panel\Desktop\ScreenSaveTimeOut
    type: str | None  # REG_SZ, REG_DWORD, ...
    value: JSONValue
    error: str | None = None  # "missing", "not on this system", ...

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def reason(self) -> str | None:
        """Why it could not be read, in words ("the setting does not exist"), or None."""
        return None if self.error is None else plain_reason(self.error, "the setting")


@dataclass(frozen=True)
class NativeResult:
    name: str
    value: JSONValue
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def reason(self) -> str | None:
        """Why it gave no answer, in words, or None when it answered."""
        return None if self.error is None else plain_reason(self.error)


@dataclass(frozen=True)
class CachedValue:
    """A result a slow probe stored earlier (a search for pending updates, say), looked up
    by what it is valid for (``key``). ``value`` is None on a miss, with the reason."""

    name: str
    value: JSONValue
    stored_at: str | None = None  # RFC 3339 UTC
    error: str | None = None

    @property
    def hit(self) -> bool:
        return self.error is None and self.value is not None


@dataclass(frozen=True)
class ProcessInfo:
    name: str
    exe: str = ""
    username: str = ""

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "exe": self.exe, "username": self.username}


@dataclass(frozen=True)
class ProcessList:
    processes: tuple[ProcessInfo, ...]
    error: str | None = None  # set when the list could not be read: never "no processes"

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def reason(self) -> str | None:
        """Why the list could not be read, in words, or None when it was."""
        return None if self.error is None else plain_reason(self.error)


@dataclass(frozen=True)
class RunSource:
    """Where a run's answers came from; travels with the host into the report."""

    snapshot: str | None = None  # the snapshot replayed, or None for this computer

    @property
    def replayed(self) -> bool:
        return self.snapshot is not None

    @property
    def label(self) -> str:
        return "replayed-snapshot" if self.replayed else "this-computer"


THIS_COMPUTER = RunSource()

CACHE_PREFIX = "cache:"  # how a cache hit is kept among a snapshot's native answers


class Host(Protocol):
    """Everything a check may ask of the machine."""

    @property
    def platform(self) -> PlatformInfo: ...

    def run(
        self,
        argv: Sequence[str],
        *,
        timeout: float,
        encoding: str | None = None,
    ) -> CommandResult: ...

    def read_file(self, path: str) -> FileRead: ...

    def list_dir(self, path: str) -> DirListing:
        """The entry names of a directory (not recursive), sorted, at most MAX_DIR_ENTRIES."""
        ...

    def read_registry(self, path: str) -> RegistryRead: ...

    def processes(self) -> ProcessList: ...

    def native(self, name: str) -> NativeResult: ...

    def cache_get(self, name: str, key: str, max_age_s: int) -> CachedValue:
        """A stored result for ``key`` no older than ``max_age_s``, or a miss."""
        ...

    def cache_put(self, name: str, key: str, value: JSONValue) -> None:
        """Store a slow probe's result for later runs (a replay stores nothing)."""
        ...

    @property
    def source(self) -> RunSource:
        """Where the answers come from: this computer or a snapshot."""
        ...

    def mark_sensitive(self, value: str) -> None:
        """Tell a recorder that ``value`` (a network name, say) should be redacted."""
        ...


def command_key(argv: Sequence[str]) -> tuple[str, ...]:
    """How a replayed command is matched: executable base name (case-insensitive, no .exe)
    plus the remaining arguments exactly."""
    head = argv[0].replace("\\", "/").rsplit("/", 1)[-1].lower()
    if head.endswith(".exe"):
        head = head[: -len(".exe")]
    return (head, *argv[1:])
