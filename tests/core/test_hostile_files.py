"""Damaged and hostile local files: settings, profile, end-of-life table and snapshot.

Whatever a file holds (deep nesting, huge numbers, wrong types anywhere, invalid UTF-8, a huge
size, or not being a file at all), its reader gives its own error with one line of plain
text, leaves the file as it is, and hands back only values of the types its users expect.
"""

from __future__ import annotations

import builtins
import contextlib
import copy
import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from readiness import lifecycle, profile
from readiness import settings as settings_mod
from readiness.probe import snapshot
from readiness.probe.replay import ReplayHost
from tests.helpers import cmd, make_snapshot

POSIX = os.name == "posix"
BIG_INT = "9" * 10_000


def read_settings_file(path: Path) -> object:
    loaded = settings_mod.load(path)
    for name, value in vars(loaded).items():  # every field has its default's type
        assert type(value) is type(getattr(settings_mod.Settings(), name)), name
    return loaded


def read_profile_file(path: Path) -> object:
    data = profile.load(path)
    for record in profile.attestations(path).values():  # what the checks and forms read
        assert isinstance(record, dict)
        assert all(v is None or isinstance(v, str | int) for v in record.values())
    return data


def read_snapshot_file(path: Path) -> object:
    snap = snapshot.load(path.parent)
    # Answer every recorded probe, as the checks would: nothing may fail later.
    host = ReplayHost(snap)
    for c in snap.commands:
        host.run(c["argv"], timeout=1)
    for name in snap.files:
        host.read_file(name)
    for name in snap.registry:
        host.read_registry(name)
    for name in snap.native:
        host.native(name)
    host.processes()
    assert isinstance(host.platform.os_key, str)
    return snap


def read_table_file(path: Path) -> object:
    return lifecycle._read(path)


VALID_SNAPSHOT = make_snapshot(
    "windows",
    commands=[cmd(["systemctl", "is-active", "ufw.service"], "active\n")],
    files={"/etc/ufw/ufw.conf": "ENABLED=yes\n"},
    registry={r"HKLM\A\B": {"type": "REG_DWORD", "value": 1}},
    native={"probe": {"a": [1, "b"]}},
    processes=[{"name": "x", "exe": "/bin/x", "username": "u"}],
    dirs={"/etc/sddm.conf.d": ["a.conf"], "/etc/gdm3": {"error": "permission denied"}},
)
VALID_SETTINGS = {**settings_mod.Settings(output_folder="/o").to_json()}
VALID_PROFILE = {"format": profile.FORMAT,
                 "attestations": {"headphones": {"answer": "yes", "answered_at": "2026-01-01"}}}
VALID_TABLE = json.loads(lifecycle.bundled_path().read_text(encoding="utf-8"))

# (name, file name, loader, the module's error, a valid document)
READERS: list[tuple[str, str, Callable[[Path], object], type[Exception], Any]] = [
    ("settings", "settings.json", read_settings_file, settings_mod.SettingsError, VALID_SETTINGS),
    ("profile", "profile.json", read_profile_file, profile.ProfileError, VALID_PROFILE),
    ("snapshot", "snapshot.json", read_snapshot_file, snapshot.SnapshotError, VALID_SNAPSHOT),
    ("lifecycle", "lifecycle.json", read_table_file, lifecycle.LifecycleError, VALID_TABLE),
]
IDS = [r[0] for r in READERS]

HOSTILE_BYTES: dict[str, bytes] = {
    "deep-arrays": b"[" * 100_000 + b"]" * 100_000,
    "deep-objects": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    "deep-but-parseable": b"[" * 200 + b"]" * 200,
    "10000-digit-int": BIG_INT.encode(),
    "10000-digit-negative": b'{"format": -' + BIG_INT.encode() + b"}",
    "nan": b'{"format": NaN}',
    "infinity": b"[Infinity, -Infinity]",
    "float-overflow": b'{"format": 1e999}',
    "invalid-utf8": b'{"format": "\xff\xfe"}',
    "lone-surrogate": b'{"format": "\\ud800"}',
    "byte-order-mark": b"\xef\xbb\xbf{}",
    "empty": b"",
    "truncated": b'{"format": "readiness-',
    "null": b"null",
    "a-list": b"[]",
    "a-string": b'"settings"',
    "nul-bytes": b"\x00" * 64,
}


# Where each file holds a value of any shape (or text), so only the reader can refuse it.
FREE_SPOT: dict[str, tuple[Any, ...]] = {
    "settings": ("output_folder",),
    "profile": ("attestations", "headphones", "note"),
    "snapshot": ("native", "probe"),
    "lifecycle": ("products", "windows", 0, "latest"),
}
# (raw JSON token, a word the refusal must give)
HOSTILE_VALUES: dict[str, tuple[bytes, str]] = {
    "nan": (b"NaN", "NaN"),
    "infinity": (b"-Infinity", "Infinity"),
    "float-overflow": (b"1e999", "too large"),
    "10000-digit-int": (BIG_INT.encode(), "digits"),
    "31-digit-int": (b"1" * 31, "digits"),
    "lone-surrogate": (b'"abc\\udc00"', "Unicode"),
    "deep-but-parseable": (b"[" * 200 + b"]" * 200, "nested"),
    "deep": (b"[" * 100_000 + b"]" * 100_000, "nested"),
}


def replaced(doc: Any, at: tuple[Any, ...], new: Any) -> Any:
    if not at:
        return new
    out = copy.deepcopy(doc)
    target = out
    for key in at[:-1]:
        target = target[key]
    target[at[-1]] = new
    return out


def assert_one_line(exc: BaseException, error: type[Exception]) -> str:
    assert type(exc) is error, f"{type(exc).__name__} is not the module's own error"
    message = str(exc)
    assert message and "\n" not in message and "\r" not in message and message.isprintable()
    assert "Traceback" not in message and "Errno" not in message
    assert exc.__cause__ is None  # raised "from None": no chained traceback to show
    return message


def assert_refused(error: type[Exception], call: Callable[[], object]) -> str:
    with pytest.raises(error) as info:
        call()
    return assert_one_line(info.value, error)


def placed(tmp_path: Path, filename: str, content: bytes) -> Path:
    folder = tmp_path / "place"
    folder.mkdir(exist_ok=True)
    path = folder / filename
    path.write_bytes(content)
    return path


@pytest.mark.parametrize("kind", list(HOSTILE_BYTES))
@pytest.mark.parametrize(("name", "filename", "load", "error", "valid"), READERS, ids=IDS)
def test_hostile_content_is_the_modules_own_one_line_error(
        tmp_path: Path, kind: str, name: str, filename: str, load: Callable[[Path], object],
        error: type[Exception], valid: Any) -> None:
    content = HOSTILE_BYTES[kind]
    path = placed(tmp_path, filename, content)
    assert_refused(error, lambda: load(path))
    assert path.read_bytes() == content  # left as it is


@pytest.mark.parametrize("kind", list(HOSTILE_VALUES))
@pytest.mark.parametrize(("name", "filename", "load", "error", "valid"), READERS, ids=IDS)
def test_hostile_values_inside_a_valid_file_are_refused_by_the_reader(
        tmp_path: Path, kind: str, name: str, filename: str, load: Callable[[Path], object],
        error: type[Exception], valid: Any) -> None:
    token, reason = HOSTILE_VALUES[kind]
    text = json.dumps(replaced(valid, FREE_SPOT[name], "@@")).encode()
    content = text.replace(b'"@@"', token)
    assert content != text
    path = placed(tmp_path, filename, content)
    assert reason in assert_refused(error, lambda: load(path))
    assert path.read_bytes() == content


@pytest.mark.parametrize(("name", "filename", "load", "error", "valid"), READERS, ids=IDS)
def test_a_huge_file_is_refused_before_it_is_read(
        tmp_path: Path, name: str, filename: str, load: Callable[[Path], object],
        error: type[Exception], valid: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    path = placed(tmp_path, filename, b"")
    with path.open("r+b") as fh:
        fh.truncate(60 * 1024 * 1024)  # sparse: 60 MB without writing them
    real_open = os.open
    opened: list[str] = []

    def counting_open(name: Any, *args: Any, **kwargs: Any) -> int:
        opened.append(str(name))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", counting_open)
    message = assert_refused(error, lambda: load(path))
    assert "60 MB" in message
    assert str(path) not in opened  # the size was checked before it was opened


@pytest.mark.skipif(not POSIX, reason="FIFOs and device files are POSIX")
@pytest.mark.parametrize("what", ["fifo", "symlink-to-fifo", "device", "folder"])
@pytest.mark.parametrize(("name", "filename", "load", "error", "valid"), READERS, ids=IDS)
def test_anything_but_a_regular_file_is_refused_without_being_opened(
        tmp_path: Path, what: str, name: str, filename: str, load: Callable[[Path], object],
        error: type[Exception], valid: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "place"
    folder.mkdir()
    path = folder / filename
    if what == "fifo":
        os.mkfifo(path)  # opening it for reading would wait for a writer forever
    elif what == "symlink-to-fifo":
        os.mkfifo(tmp_path / "pipe")
        path.symlink_to(tmp_path / "pipe")
    elif what == "device":
        path.symlink_to(os.devnull)
    else:
        path.mkdir()
    # Opening a FIFO for reading blocks and opening a device can act: the reader must refuse
    # on what it stats, so none of them is ever opened (seen by auditing the opens).
    real_os_open, real_open = os.open, builtins.open
    opened: list[str] = []

    def audited_os_open(file: Any, *args: Any, **kwargs: Any) -> int:
        opened.append(os.path.realpath(file))
        return real_os_open(file, *args, **kwargs)

    def audited_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(file, int):
            opened.append(os.path.realpath(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", audited_os_open)
    monkeypatch.setattr(builtins, "open", audited_open)
    # Should the reader open the FIFO anyway, a writer turns up so it fails rather than hangs
    # (a deadlock guard for a broken build, not a time limit).
    rescue = threading.Timer(30, _feed_fifo, [path])
    rescue.start()
    try:
        message = assert_refused(error, lambda: load(path))
    finally:
        rescue.cancel()
    assert os.path.realpath(path) not in opened
    assert "not a regular file" in message or "folder, not a file" in message


def _feed_fifo(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        os.write(fd, b"{}")
        os.close(fd)
