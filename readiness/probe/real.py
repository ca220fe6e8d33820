"""The real host: runs system tools, reads files, the registry and the process table."""

from __future__ import annotations

import codecs
import contextlib
import os
import platform as _platform
import signal
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import psutil

from readiness.probe import connection, execs
from readiness.probe.cache import FileCache
from readiness.probe.types import (
    MAX_DIR_ENTRIES,
    NOT_INSTALLED,
    THIS_COMPUTER,
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
)

# Output beyond this is cut: no check needs megabytes, and a runaway tool must not eat memory.
MAX_OUTPUT = 2 * 1024 * 1024
MAX_FILE = 1024 * 1024

# Variables a desktop tool needs to reach the user's session (gsettings, kreadconfig, nmcli).
_PASS_THROUGH = (
    "HOME",
    "USER",
    "LOGNAME",
    "DBUS_SESSION_BUS_ADDRESS",
    "XDG_RUNTIME_DIR",
    "XDG_CURRENT_DESKTOP",
    "XDG_SESSION_DESKTOP",
    "XDG_CONFIG_HOME",
    "XDG_DATA_DIRS",
    "DESKTOP_SESSION",
    "DISPLAY",
    "WAYLAND_DISPLAY",
)

NativeProbe = Callable[[], JSONValue]
CONNECTION_PREFIX = "connection:"
# A zombie has exited and only waits to be reaped; a dead one is gone: neither is "running".
_NOT_RUNNING = frozenset({psutil.STATUS_ZOMBIE, psutil.STATUS_DEAD})


def current_platform() -> PlatformInfo:
    return PlatformInfo(
        system=_platform.system(),
        release=_platform.release(),
        version=_platform.version(),
        machine=_platform.machine(),
    )


def _child_env() -> dict[str, str]:
    if sys.platform.startswith("win"):
        # Windows tools need SystemRoot, ComSpec & co; their locale cannot be forced from here,
        # so Windows checks prefer JSON, registry values and numeric fields instead.
        return dict(os.environ)
    key = "darwin" if sys.platform == "darwin" else "linux"
    env = {k: os.environ[k] for k in _PASS_THROUGH if k in os.environ}
    env["PATH"] = os.pathsep.join(execs.POSIX_DIRS[key])
    # A stable locale so prose output is English and numbers use a decimal point.
    env["LC_ALL"] = "C" if key == "darwin" else "C.UTF-8"
    env["LANG"] = env["LC_ALL"]
    env["LANGUAGE"] = "C"
    return env


def _default_encoding() -> str:
    if sys.platform.startswith("win"):
        # Console tools (netsh, manage-bde) write in the OEM code page.
        with contextlib.suppress(LookupError):
            codecs.lookup("oem")
            return "oem"
        return "mbcs"
    return "utf-8"


def _kill_tree(proc: subprocess.Popen[bytes]) -> None:
    """Kill the process and everything it started; a hung tool must not linger."""
    try:
        parent = psutil.Process(proc.pid)
        children = parent.children(recursive=True)
    except psutil.Error:
        children = []
    if not sys.platform.startswith("win"):
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)
    for child in children:
        with contextlib.suppress(psutil.Error):
            child.kill()
    with contextlib.suppress(OSError):
        proc.kill()


def _cut(data: bytes) -> bytes:
    return data[:MAX_OUTPUT]


class RealHost:
    """Talks to the machine it runs on. Built by the composition root (readiness.engine)
    only; ``cache_dir`` is where slow probes keep their results (none: nothing is kept)."""

    def __init__(self, natives: Mapping[str, NativeProbe] | None = None, *,
                 cache_dir: Path | None = None) -> None:
        self._natives = dict(natives or {})
        self._platform = current_platform()
        self._cache = FileCache(cache_dir) if cache_dir is not None else None

    @property
    def platform(self) -> PlatformInfo:
        return self._platform

    @property
    def source(self) -> RunSource:
        return THIS_COMPUTER

    def cache_get(self, name: str, key: str, max_age_s: int) -> CachedValue:
        if self._cache is None:
            return CachedValue(name, None, error="no cache on this run")
        return self._cache.get(name, key, max_age_s)

    def cache_put(self, name: str, key: str, value: JSONValue) -> None:
        if self._cache is not None:
            self._cache.put(name, key, value)

    def mark_sensitive(self, value: str) -> None:
        pass

    def run(
        self, argv: Sequence[str], *, timeout: float, encoding: str | None = None
    ) -> CommandResult:
        args = tuple(argv)
        try:
            exe = execs.resolve(args[0])
        except execs.ExecutableNotFound:
            return CommandResult(args, None, error=NOT_INSTALLED)
        kwargs: dict[str, Any] = {}
        if sys.platform.startswith("win"):
            kwargs["creationflags"] = (
                subprocess.CREATE_NO_WINDOW | subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined,unused-ignore]
            )
        else:
            kwargs["start_new_session"] = True  # its own process group, so the tree can be killed
        try:
            proc = subprocess.Popen(
                [exe, *args[1:]],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=_child_env(),
                **kwargs,
            )
        except PermissionError as exc:
            return CommandResult(args, None, error=f"permission denied ({exc})", executable=exe)
        except OSError as exc:
            return CommandResult(args, None, error=f"could not start ({exc})", executable=exe)
        enc = encoding or _default_encoding()
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_tree(proc)
            with contextlib.suppress(subprocess.TimeoutExpired):
                out, err = proc.communicate(timeout=2)
                return CommandResult(
                    args,
                    None,
                    stdout=_cut(out).decode(enc, errors="replace"),
                    stderr=_cut(err).decode(enc, errors="replace"),
                    timed_out=True,
                    executable=exe,
                )
            return CommandResult(args, None, timed_out=True, executable=exe)
        return CommandResult(
            args,
            proc.returncode,
            stdout=_cut(out).decode(enc, errors="replace"),
            stderr=_cut(err).decode(enc, errors="replace"),
            executable=exe,
        )

    def read_file(self, path: str) -> FileRead:
        try:
            with open(path, "rb") as fh:
                data = fh.read(MAX_FILE)
        except FileNotFoundError:
            return FileRead(path, None, "missing")
        except PermissionError:
            return FileRead(path, None, "permission denied")
        except IsADirectoryError:
            return FileRead(path, None, "is a directory")
        except OSError as exc:
            return FileRead(path, None, f"unreadable ({exc.strerror or exc})")
        return FileRead(path, data.decode("utf-8", errors="replace"))

    def list_dir(self, path: str) -> DirListing:
        names: list[str] = []
        try:
            with os.scandir(path) as entries:
                for entry in entries:
                    # One past the cap is enough to know the folder is too big to trust.
                    if len(names) >= MAX_DIR_ENTRIES:
                        return DirListing(path, None, "too many entries")
                    # A name that is not UTF-8 is kept readable (and JSON-safe) rather than
                    # dropped: a check then sees it and cannot mistake the folder for clean.
                    names.append(entry.name.encode("utf-8", "surrogateescape")
                                 .decode("utf-8", "replace"))
        except FileNotFoundError:
            return DirListing(path, None, "missing")
        except PermissionError:
            return DirListing(path, None, "permission denied")
        except NotADirectoryError:
            return DirListing(path, None, "not a directory")
        except OSError as exc:
            return DirListing(path, None, f"unreadable ({exc.strerror or exc})")
        return DirListing(path, tuple(sorted(names)))

    def read_registry(self, path: str) -> RegistryRead:
        from readiness.probe import winreg_read


        return winreg_read.read(path)

    def processes(self) -> ProcessList:
        found: list[ProcessInfo] = []
        try:
            for proc in psutil.process_iter(["name", "exe", "username", "status"]):
                info = proc.info
                if info.get("status") in _NOT_RUNNING:
                    continue  # a process that has ended (a zombie) protects nothing
                found.append(
                    ProcessInfo(
                        name=str(info.get("name") or ""),
                        exe=str(info.get("exe") or ""),
                        username=str(info.get("username") or ""),
                    )
                )
        except (psutil.Error, OSError) as exc:
            return ProcessList((), f"could not list processes ({exc})")
        return ProcessList(tuple(found))

    def native(self, name: str) -> NativeResult:
        probe = self._natives.get(name)
        if probe is None and name.startswith(CONNECTION_PREFIX):
            # The opt-in connection check names its target; the probe layer measures it.
            target = name[len(CONNECTION_PREFIX):]
            probe = lambda: connection.measure(target)  # noqa: E731 (one call, named above)
        if probe is None:
            return NativeResult(name, None, "no such native probe")
        try:
            return NativeResult(name, probe())
        except Exception as exc:  # a native call failing must become "unknown", not a crash
            return NativeResult(name, None, f"{type(exc).__name__}: {exc}")
