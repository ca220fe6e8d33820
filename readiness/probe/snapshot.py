"""The snapshot format (``readiness-snapshot/1``): a public interface, kept exactly.

Support staff and tests build snapshots by hand, so loading is strict about types and gives a
clear message for anything malformed, and every key but ``format`` may be absent.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readiness.files import atomic_write_text, one_line, quoted, read_json
from readiness.probe import (
    snapshot_addresses,
    snapshot_devices,
    snapshot_lists,
    snapshot_networks,
    snapshot_personal,
    snapshot_redact,
)
from readiness.probe.types import MAX_DIR_ENTRIES, PlatformInfo

FORMAT = "readiness-snapshot/1"
FILENAME = "snapshot.json"
# A real snapshot is well under a megabyte (each command's output is cut at 2 MB when
# recorded); the cap keeps a hostile file from taking the memory of the machine.
MAX_BYTES = 32 * 1024 * 1024
# Native probes record parsed tool output (plists, JSON): a few levels, never dozens.
MAX_DEPTH = 48


class SnapshotError(Exception):
    """The snapshot is missing, unreadable or malformed; the message says which."""


@dataclass
class Snapshot:
    platform: PlatformInfo
    recorded_at: str = ""
    commands: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    registry: dict[str, dict[str, Any]] = field(default_factory=dict)
    native: dict[str, Any] = field(default_factory=dict)
    processes: list[dict[str, str]] | None = None
    # Directory listings (added during 0.1.0 under the same readiness-snapshot/1; optional,
    # so snapshots without it stay valid): path -> sorted entry names, or {"error": reason}.
    dirs: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format": FORMAT,
            "recorded_at": self.recorded_at,
            "platform": self.platform.to_json(),
            "commands": self.commands,
            "files": self.files,
            "registry": self.registry,
            "native": self.native,
        }
        if self.processes is not None:
            out["processes"] = self.processes
        if self.dirs:
            out["dirs"] = self.dirs
        return out


def _expect(cond: bool, msg: str) -> None:
    if not cond:
        raise SnapshotError(one_line(msg))


def _is_text_map(value: Any, keys: tuple[str, ...]) -> bool:
    return isinstance(value, dict) and all(isinstance(value.get(k, ""), str) for k in keys)


def _check_commands(commands: Any) -> None:
    _expect(isinstance(commands, list), "'commands' must be a list")
    for i, cmd in enumerate(commands):
        _expect(isinstance(cmd, dict), f"commands[{i}] must be an object")
        argv = cmd.get("argv")
        _expect(
            isinstance(argv, list) and bool(argv) and all(isinstance(a, str) for a in argv),
            f"commands[{i}].argv must be a non-empty list of strings",
        )
        rc = cmd.get("returncode")
        _expect(rc is None or type(rc) is int, f"commands[{i}].returncode must be an integer")
        for key in ("stdout", "stderr"):
            _expect(
                isinstance(cmd.get(key, ""), str), f"commands[{i}].{key} must be a string"
            )
        _expect(
            isinstance(cmd.get("timed_out", False), bool),
            f"commands[{i}].timed_out must be true or false",
        )


def _registry_value_ok(value: Any) -> bool:
    """What the registry reader records: text, a number, a list of text (REG_MULTI_SZ)."""
    if value is None or isinstance(value, str):
        return True
    if isinstance(value, int):
        return not isinstance(value, bool)
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _check_registry(registry: Any) -> None:
    _expect(
        isinstance(registry, dict) and all(isinstance(v, dict) for v in registry.values()),
        "'registry' must map value paths to {type, value} objects",
    )
    for key, entry in registry.items():
        where = f"registry[{quoted(key)}]"
        kind = entry.get("type")
        _expect(kind is None or isinstance(kind, str), f"{where}.type must be a string")
        _expect(_registry_value_ok(entry.get("value")),
                f"{where}.value must be text, a whole number or a list of text")


def _check_processes(procs: Any) -> None:
    _expect(
        isinstance(procs, list) and all(isinstance(p, dict) for p in procs),
        "'processes' must be a list of objects",
    )
    for i, proc in enumerate(procs):
        _expect(_is_text_map(proc, ("name", "exe", "username")),
                f"processes[{i}] must hold name, exe and username as strings")


def _check_dirs(dirs: Any) -> None:
    _expect(isinstance(dirs, dict), "'dirs' must map folder paths to lists of names")
    for key, entry in dirs.items():
        where = f"dirs[{quoted(key)}]"
        if isinstance(entry, dict):
            _expect(set(entry) == {"error"} and isinstance(entry["error"], str),
                    f"{where} must be a list of names or {{\"error\": text}}")
            continue
        _expect(isinstance(entry, list) and all(isinstance(n, str) for n in entry),
                f"{where} must be a list of names or {{\"error\": text}}")
        _expect(len(entry) <= MAX_DIR_ENTRIES, f"{where} lists too many names")


def parse(data: Any) -> Snapshot:
    _expect(isinstance(data, dict), "the snapshot must be a JSON object")
    _expect(
        data.get("format") == FORMAT,
        f"unsupported snapshot format {quoted(data.get('format'))} (expected {FORMAT!r})",
    )
    plat = data.get("platform", {})
    _expect(isinstance(plat, dict), "'platform' must be an object")
    _expect(_is_text_map(plat, ("system", "release", "version", "machine")),
            "'platform' must hold system, release, version and machine as strings")
    _expect(isinstance(data.get("recorded_at", ""), str), "'recorded_at' must be a string")
    commands = data.get("commands", [])
    _check_commands(commands)
    files = data.get("files", {})
    _expect(
        isinstance(files, dict) and all(isinstance(v, str) for v in files.values()),
        "'files' must map paths to text",
    )
    registry = data.get("registry", {})
    _check_registry(registry)
    native = data.get("native", {})
    _expect(isinstance(native, dict), "'native' must be an object")
    procs = data.get("processes")
    if procs is not None:
        _check_processes(procs)
    dirs = data.get("dirs", {})
    _check_dirs(dirs)
    return Snapshot(
        platform=PlatformInfo.from_json(plat),
        recorded_at=data.get("recorded_at", ""),
        commands=commands,
        files=files,
        registry=registry,
        native=native,
        processes=procs,
        dirs=dirs,
    )


def load(directory: str | os.PathLike[str]) -> Snapshot:
    """The snapshot in ``directory`` (or the file named). Anything but a regular file of at
    most MAX_BYTES of sane JSON is refused before it is parsed (a FIFO without blocking)."""
    path = Path(directory)
    if path.is_dir():
        path = path / FILENAME
    return parse(read_json(path, SnapshotError, missing="no snapshot at {path}",
                           unreadable="cannot read {path}: {exc}",
                           invalid="{path} cannot be used: {exc}",
                           max_bytes=MAX_BYTES, max_depth=MAX_DEPTH))


def save(snapshot: Snapshot, directory: str | os.PathLike[str]) -> Path:
    target = Path(directory) / FILENAME
    atomic_write_text(target, json.dumps(snapshot.to_json(), indent=2, ensure_ascii=False) + "\n")
    return target


TextRedactor = Callable[..., str]


def text_redactor(secrets: Iterable[str], names: Iterable[str] = ()) -> TextRedactor:
    """A function that redacts one recorded text (``argv``: the command that printed it):
    network names where tools list them, e-mail addresses, URL credentials, serial numbers,
    automatic-login and home-folder account names, owners in device names, the ``secrets``
    (host and user names, home folder, the network in use) in any escaping as whole tokens,
    the people's ``names`` on word boundaries, global IP addresses and hardware addresses."""
    every = snapshot_redact.secrets_regex(secrets)
    people = snapshot_redact.name_regexes(names)

    def text(value: str, argv: Sequence[str] = ()) -> str:
        value = snapshot_lists.in_text(value, argv)
        value = snapshot_devices.in_text(value, argv)
        value = snapshot_networks.in_text(value, argv)
        # Before the secrets: "http://jane:pw@host" must still look like a URL here.
        value = snapshot_personal.in_text(value, argv)
        value = snapshot_redact.redact_owners(value)
        if every is not None:
            value = every.sub(snapshot_redact.REDACTED, value)
        for pattern in people:
            value = pattern.sub(snapshot_redact.REDACTED, value)
        value = snapshot_addresses.in_text(value, argv)
        return snapshot_addresses.hardware(value)
    return text


def redact_value(value: Any, text: TextRedactor) -> Any:
    """``value`` (parsed JSON: keys too) with every string redacted by ``text``."""
    if isinstance(value, str):
        return text(value)
    if isinstance(value, list):
        return [redact_value(v, text) for v in value]
    if isinstance(value, dict):
        return {redact_value(k, text): redact_value(v, text) for k, v in value.items()}
    return value


def found_identifiers(snapshot: Snapshot) -> set[str]:
    """Identifiers found in the snapshot itself, to be replaced wherever else they appear:
    serial numbers recorded under a serial key (a USB device's also names its PipeWire
    nodes)."""
    texts = [v for c in snapshot.commands for k, v in c.items()
             if k in ("stdout", "stderr") and isinstance(v, str)]
    texts += [f"serial: {v}" if snapshot_personal.in_file(k, v) != v else v
              for k, v in snapshot.files.items()]
    values = [snapshot.native, snapshot.dirs,
              {re.split(r"[\\/]", k)[-1]: e.get("value") for k, e in snapshot.registry.items()}]
    return snapshot_personal.found_serials(texts, values)


def _registry_entry(path: str, entry: dict[str, Any]) -> dict[str, Any]:
    entry = snapshot_lists.in_registry(path, entry)
    return snapshot_personal.in_registry(path, snapshot_networks.in_registry(path, entry))


def redact(snapshot: Snapshot, secrets: set[str], names: Iterable[str] = ()) -> Snapshot:
    """Replace identifying strings (host, user and people's names, home folder, network names,
    e-mail, IP and hardware addresses, serial numbers, other accounts' login names) everywhere
    in the snapshot. Statuses should not depend on any of them."""
    text = text_redactor(secrets | found_identifiers(snapshot), names)

    def command(cmd: dict[str, Any]) -> dict[str, Any]:
        argv = [str(a) for a in cmd.get("argv", [])]
        return {k: text(v, argv) if k in ("stdout", "stderr") and isinstance(v, str)
                else redact_value(v, text) for k, v in cmd.items()}

    return Snapshot(
        platform=snapshot.platform,
        recorded_at=snapshot.recorded_at,
        commands=[command(c) for c in snapshot.commands],
        files={text(k): text(snapshot_personal.in_file(k, v)) for k, v in snapshot.files.items()},
        registry={text(k): redact_value(_registry_entry(k, v), text)
                  for k, v in snapshot.registry.items()},
        native=redact_value(snapshot_personal.in_value(snapshot_networks.in_value(
            snapshot_devices.in_value(snapshot_lists.in_value(snapshot.native)))), text),
        processes=redact_value(snapshot_personal.processes(snapshot_lists.processes(
            snapshot.processes)), text),
        dirs=redact_value(snapshot.dirs, text),
    )
