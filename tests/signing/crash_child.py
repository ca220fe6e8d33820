"""Runs the real ``readiness`` command in a child process and kills it at its Nth write.

Started as ``python -u -c "from tests.signing.crash_child import main; main()" ARGS...`` with
``CRASH_AT=N``: every rename, fsync, unlink and link, every SQLite statement that writes, and
every keychain change counts as one write, and just before the Nth the process ends with
``os._exit(137)`` (no cleanup, no ``finally``: as if killed). A run that completes writes its
number of writes to ``CRASH_COUNT_FILE``. ``KEYRING_FILE`` gives the child a keychain kept in a
JSON file (``FileKeyring``), which the test can read too; without it there is no keychain.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

_WRITES = ("replace", "rename", "unlink", "remove", "fsync", "link")
_SQL_WRITES = ("INSERT", "UPDATE", "DELETE", "CREATE", "COMMIT", "DROP", "ALTER")


class _Counter:
    def __init__(self, crash_at: int) -> None:
        self.crash_at = crash_at
        self.count = 0

    def hit(self) -> None:
        self.count += 1
        if self.count == self.crash_at:
            os._exit(137)


_counter = _Counter(0)


class FileKeyring(KeyringBackend):
    """A keychain in a JSON file, so the test and the child see the same entries."""

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        named = os.environ.get("KEYRING_FILE")
        self.path = path or (Path(named) if named else None)

    @property
    def priority(self) -> float:
        # keyring instantiates every backend class it knows of: without a file this one must
        # never be picked.
        return 1.0 if self.path else -1.0

    def _load(self) -> dict[str, str]:
        if self.path is None:
            raise keyring.errors.KeyringError("no keyring file")
        try:
            data: dict[str, str] = json.loads(self.path.read_text())
        except FileNotFoundError:
            return {}
        return data

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        _counter.hit()
        data = self._load()
        data[f"{service}/{username}"] = password
        assert self.path is not None
        self.path.write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        _counter.hit()
        data = self._load()
        if f"{service}/{username}" not in data:
            raise keyring.errors.PasswordDeleteError("not found")
        del data[f"{service}/{username}"]
        assert self.path is not None
        self.path.write_text(json.dumps(data))


class _CountingConnection(sqlite3.Connection):
    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        words = sql.split(None, 1)
        first = words[0].upper() if words else ""
        if first in _SQL_WRITES or (first == "PRAGMA" and "=" in sql):
            _counter.hit()
        return super().execute(sql, *args)


def _counting(fn: Any) -> Any:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _counter.hit()
        return fn(*args, **kwargs)

    return wrapper


def install(crash_at: int) -> _Counter:
    _counter.crash_at = crash_at
    for name in _WRITES:
        setattr(os, name, _counting(getattr(os, name)))
    sqlite3.connect = functools.partial(sqlite3.connect, factory=_CountingConnection)  # type: ignore[assignment]
    if os.environ.get("KEYRING_FILE"):
        keyring.set_keyring(FileKeyring())
    else:
        from keyring.backends import fail

        keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    # scrypt at its lowest accepted cost: the crash loops run the command many times.
    from readiness.signing import key_seal

    key_seal.SCRYPT_N = 2**14
    return _counter


def main() -> None:
    counter = install(int(os.environ.get("CRASH_AT", "0")))
    from readiness.cli.main import main as cli

    code = cli(sys.argv[1:])
    count_file = os.environ.get("CRASH_COUNT_FILE")
    if count_file:
        Path(count_file).write_text(str(counter.count))
    sys.stdout.flush()
    sys.exit(code)
