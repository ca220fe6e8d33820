"""The replay host: answers only from a snapshot, never from the machine.

A command the snapshot lacks behaves as not installed, a file or folder as missing, a registry
value as missing, a native probe as unavailable, and an absent process list as unreadable (an absent
list must never read as "nothing running", which would be a false pass).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from readiness.probe.cache import entry_value, parse_time
from readiness.probe.snapshot import Snapshot
from readiness.probe.types import (
    CACHE_PREFIX,
    NOT_INSTALLED,
    CachedValue,
    CommandResult,
    DirListing,
    FileRead,
    JSONValue,
    NativeResult,
    PlatformInfo,
    ProcessInfo,
    ProcessList,
    RegistryRead,
    RunSource,
    command_key,
)


class ReplayHost:
    def __init__(self, snapshot: Snapshot, origin: str = "snapshot") -> None:
        self._snapshot = snapshot
        self._source = RunSource(snapshot=origin)
        self._commands: dict[tuple[str, ...], dict[str, object]] = {}
        for cmd in snapshot.commands:
            # First recording wins, as a real host would have answered the first call.
            self._commands.setdefault(command_key(cmd["argv"]), cmd)
        self._registry = {k.lower(): v for k, v in snapshot.registry.items()}
        self._files_ci = {k.lower(): v for k, v in snapshot.files.items()}
        self._dirs_ci = {k.lower(): v for k, v in snapshot.dirs.items()}

    @property
    def platform(self) -> PlatformInfo:
        return self._snapshot.platform

    @property
    def source(self) -> RunSource:
        return self._source

    def mark_sensitive(self, value: str) -> None:
        pass

    def run(
        self, argv: Sequence[str], *, timeout: float, encoding: str | None = None
    ) -> CommandResult:
        args = tuple(argv)
        cmd = self._commands.get(command_key(args))
        if cmd is None:
            return CommandResult(args, None, error=NOT_INSTALLED)
        timed_out = bool(cmd.get("timed_out", False))
        rc = cmd.get("returncode")
        return CommandResult(
            args,
            None if timed_out or not isinstance(rc, int) else rc,
            stdout=str(cmd.get("stdout", "")),
            stderr=str(cmd.get("stderr", "")),
            timed_out=timed_out,
            error=None if timed_out or isinstance(rc, int) else "no exit code recorded",
            executable=args[0],
        )

    def read_file(self, path: str) -> FileRead:
        text = self._snapshot.files.get(path)
        if text is None and self.platform.system == "Windows":
            text = self._files_ci.get(path.lower())
        if text is None:
            return FileRead(path, None, "missing")
        return FileRead(path, text)

    def list_dir(self, path: str) -> DirListing:
        entry = self._snapshot.dirs.get(path)
        if entry is None and self.platform.system == "Windows":
            entry = self._dirs_ci.get(path.lower())
        if entry is None:
            return DirListing(path, None, "missing")
        if isinstance(entry, dict):
            return DirListing(path, None, str(entry.get("error") or "unreadable"))
        return DirListing(path, tuple(sorted(str(n) for n in entry)))

    def read_registry(self, path: str) -> RegistryRead:
        if self.platform.system != "Windows":
            return RegistryRead(path, None, None, "not on this system")
        entry = self._registry.get(path.lower())
        if entry is None:
            return RegistryRead(path, None, None, "missing")
        return RegistryRead(path, entry.get("type"), entry.get("value"))

    def processes(self) -> ProcessList:
        procs = self._snapshot.processes
        if procs is None:
            return ProcessList((), "no process list in the snapshot")
        return ProcessList(
            tuple(
                ProcessInfo(
                    name=str(p.get("name", "")),
                    exe=str(p.get("exe", "")),
                    username=str(p.get("username", "")),
                )
                for p in procs
            )
        )

    def native(self, name: str) -> NativeResult:
        if name not in self._snapshot.native:
            return NativeResult(name, None, "not available")
        value = self._snapshot.native[name]
        if isinstance(value, dict) and set(value) == {"error"}:
            return NativeResult(name, None, str(value["error"]))
        return NativeResult(name, value)

    def cache_get(self, name: str, key: str, max_age_s: int) -> CachedValue:
        """A cached answer the recording saw, judged by its age when it was recorded."""
        entry = self._snapshot.native.get(CACHE_PREFIX + name)
        if entry is None:
            return CachedValue(name, None, error="no cached result in the snapshot")
        now = parse_time(self._snapshot.recorded_at) or datetime.now(UTC)
        return entry_value(name, entry, key, max_age_s, now)

    def cache_put(self, name: str, key: str, value: JSONValue) -> None:
        pass  # a replay never writes anywhere
