"""A ``sign`` that fails (full disk, read-only folder, a history commit that fails) leaves no
signed file and no temporary file, says why on one line naming the folder, and the next sign
continues the chain."""

from __future__ import annotations

import errno
import functools
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import pytest

from readiness.cli.main import main
from readiness.signing import key_seal, keys
from readiness.store import History
from tests.keychain import PASSPHRASE

SNAPSHOT = Path(__file__).parent.parent / "fixtures" / "snapshots" / "firewall_on"


@pytest.fixture
def sign(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setattr(key_seal, "SCRYPT_N", 2**14)
    cases = sorted(p for p in SNAPSHOT.iterdir() if (p / "snapshot.json").is_file())
    if not cases:
        pytest.skip("no firewall snapshot fixture")
    keys.init_key("Jane Doe", passphrase=PASSPHRASE)
    pp = tmp_path / "pp.txt"
    pp.write_text(PASSPHRASE + "\n")
    return ["sign", "--replay", str(cases[0]), "--out", str(tmp_path / "out"),
            "--passphrase-file", str(pp)]


def _out(argv: list[str]) -> Path:
    return Path(argv[argv.index("--out") + 1])


def _one_line_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("readiness: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def _nothing_left(out: Path) -> None:
    assert not out.exists() or sorted(p.name for p in out.iterdir()) == []
    with History() as history:
        assert history.entries() == []


def _next_sign_continues(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 0
    assert "Signed checklist 1" in capsys.readouterr().out
    out = _out(argv)
    assert len(list(out.glob("*_checklist.pdf"))) == 1
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    assert main(["verify", str(out)]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("full", ["checklist.pdf", "checklist.readiness.json"])
def test_full_disk(sign: list[str], full: str, monkeypatch: pytest.MonkeyPatch,
                   capsys: pytest.CaptureFixture[str]) -> None:
    """The disk fills while a checklist file is written: its fsync fails with ENOSPC."""
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to tell files apart")
    real = os.fsync

    def fsync(fd: int) -> None:
        if full in Path(os.readlink(f"/proc/self/fd/{fd}")).name:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    with monkeypatch.context() as m:
        m.setattr(os, "fsync", fsync)
        err = _one_line_error(capsys, sign)
    out = _out(sign)
    assert "the disk is full" in err and str(out) in err
    _nothing_left(out)
    _next_sign_continues(sign, capsys)


def test_full_disk_while_writing(sign: list[str], monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    real = os.write

    def write(fd: int, data: Any) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(os, "write", write)
        err = _one_line_error(capsys, sign)
    assert os.write is real
    assert "the disk is full" in err and str(_out(sign)) in err
    _nothing_left(_out(sign))
    _next_sign_continues(sign, capsys)


def test_history_commit_fails(sign: list[str], monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    """The checklist files are written, then the history cannot commit (its disk is full):
    neither the files nor the record may remain."""

    class FullAtCommit(sqlite3.Connection):
        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
            if sql.strip().upper() == "COMMIT":
                raise sqlite3.OperationalError("database or disk is full")
            return super().execute(sql, *args)

    with monkeypatch.context() as m:
        m.setattr(sqlite3, "connect", functools.partial(sqlite3.connect, factory=FullAtCommit))
        err = _one_line_error(capsys, sign)
    assert "disk is full" in err
    _nothing_left(_out(sign))
    _next_sign_continues(sign, capsys)


def test_output_folder_that_refuses_files(sign: list[str], monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Checked before the checks run: a read-only folder is reported at once."""
    out = _out(sign)
    out.mkdir()
    real = tempfile.mkstemp

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        if kwargs.get("dir") is not None and Path(kwargs["dir"]).resolve() == out.resolve():
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(*args, **kwargs)

    def no_checks(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the checks ran before the folder was found unwritable")

    with monkeypatch.context() as m:
        m.setattr(tempfile, "mkstemp", mkstemp)
        m.setattr("readiness.engine.Session.open", no_checks)
        err = _one_line_error(capsys, sign)
    assert f"cannot write the checklist into {out} (permission denied)" in err
    _nothing_left(out)
    _next_sign_continues(sign, capsys)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root writes into read-only folders")
def test_read_only_output_folder(sign: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    out = _out(sign)
    out.mkdir()
    out.chmod(0o500)
    try:
        err = _one_line_error(capsys, sign)
    finally:
        out.chmod(0o700)
    assert str(out) in err and "permission denied" in err
    _next_sign_continues(sign, capsys)
