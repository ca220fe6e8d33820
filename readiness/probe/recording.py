"""The recording host: wraps another host and keeps everything asked and answered."""

from __future__ import annotations

import getpass
import os
import platform as _platform
import threading
from collections.abc import Sequence
from datetime import UTC, datetime

from readiness.probe import snapshot_identity
from readiness.probe.snapshot import Snapshot, redact
from readiness.probe.types import (
    CACHE_PREFIX,
    CachedValue,
    CommandResult,
    DirListing,
    FileRead,
    Host,
    JSONValue,
    NativeResult,
    PlatformInfo,
    ProcessList,
    RegistryRead,
    RunSource,
)


class RecordingHost:
    def __init__(self, inner: Host) -> None:
        self._inner = inner
        self._lock = threading.Lock()  # checks run concurrently
        self._snapshot = Snapshot(
            platform=inner.platform,
            recorded_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        self._sensitive: set[str] = set()

    @property
    def platform(self) -> PlatformInfo:
        return self._inner.platform

    @property
    def source(self) -> RunSource:
        return self._inner.source

    def mark_sensitive(self, value: str) -> None:
        with self._lock:
            self._sensitive.add(value)

    def run(
        self, argv: Sequence[str], *, timeout: float, encoding: str | None = None
    ) -> CommandResult:
        result = self._inner.run(argv, timeout=timeout, encoding=encoding)
        # A tool that is absent (or could not start) is left out: absence replays as absence.
        if result.error is None:
            with self._lock:
                self._snapshot.commands.append(
                    {
                        "argv": list(result.argv),
                        "returncode": result.returncode,
                        "stdout": result.stdout,
                        "stderr": result.stderr,
                        "timed_out": result.timed_out,
                    }
                )
        return result

    def read_file(self, path: str) -> FileRead:
        result = self._inner.read_file(path)
        if result.text is not None:
            with self._lock:
                self._snapshot.files[path] = result.text
        return result

    def list_dir(self, path: str) -> DirListing:
        result = self._inner.list_dir(path)
        # A missing folder is left out (it replays as missing); any other failure is kept, so
        # a folder that could not be read never replays as one that does not exist.
        if result.names is not None or result.error != "missing":
            with self._lock:
                self._snapshot.dirs[path] = (list(result.names) if result.names is not None
                                             else {"error": result.error or "unreadable"})
        return result

    def read_registry(self, path: str) -> RegistryRead:
        result = self._inner.read_registry(path)
        if result.ok:
            with self._lock:
                self._snapshot.registry[path] = {"type": result.type, "value": result.value}
        return result

    def processes(self) -> ProcessList:
        result = self._inner.processes()
        if result.ok:
            with self._lock:
                self._snapshot.processes = [p.to_json() for p in result.processes]
        return result

    def native(self, name: str) -> NativeResult:
        result = self._inner.native(name)
        with self._lock:
            self._snapshot.native[name] = (
                result.value if result.ok else {"error": result.error or "failed"}
            )
        return result

    def cache_get(self, name: str, key: str, max_age_s: int) -> CachedValue:
        result = self._inner.cache_get(name, key, max_age_s)
        # Only a hit is kept: a miss replays as a miss, and the probe that ran instead is
        # recorded in its own right.
        if result.hit:
            with self._lock:
                self._snapshot.native[CACHE_PREFIX + name] = {
                    "key": key, "stored_at": result.stored_at, "value": result.value}
        return result

    def cache_put(self, name: str, key: str, value: JSONValue) -> None:
        self._inner.cache_put(name, key, value)

    def snapshot(self, *, redacted: bool = False) -> Snapshot:
        if not redacted:
            with self._lock:
                return self._snapshot
        secrets, names = self.identifiers(), owner_names()
        with self._lock:
            return redact(self._snapshot, secrets, names)

    def identifiers(self) -> set[str]:
        """Everything redacted as written: what checks marked, and this machine's names."""
        with self._lock:
            marked = set(self._sensitive)
        return marked | default_identifiers()


def default_identifiers() -> set[str]:
    """Strings that identify this machine or person and never decide a status."""
    node = _platform.node()
    found = {node, os.path.expanduser("~")}
    short = node.split(".")[0]
    if len(short) >= 6:  # "Janes-MacBook-Pro" from "Janes-MacBook-Pro.local"; not "mac"
        found.add(short)
    try:
        found.add(getpass.getuser())
    except (OSError, KeyError):
        pass
    found |= snapshot_identity.computer_names()  # "Jane Doe’s MacBook Pro" on macOS
    for person in snapshot_identity.invoking_users():
        found |= {person.login, person.home}
    return {s for s in found if s and s not in ("/", "root", "/root", "/var/root")}


def owner_names() -> set[str]:
    """The account's full name: replaced on word boundaries with its possessives, and its
    first name alone only where that cannot be an ordinary word (see snapshot_redact)."""
    found = set(snapshot_identity.full_names())
    found |= {p.full_name for p in snapshot_identity.invoking_users() if p.full_name}
    return found
