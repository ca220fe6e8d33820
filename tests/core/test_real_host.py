"""The real host: executable resolution, timeouts that kill the tree, locale, file errors."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import psutil
import pytest

from readiness.probe import execs
from readiness.probe.real import RealHost
from readiness.probe.types import NOT_INSTALLED

posix_only = pytest.mark.skipif(sys.platform.startswith("win"), reason="POSIX tools")


@posix_only
def test_runs_system_tool_with_argument_list() -> None:
    res = RealHost().run(["echo", "a b; rm -rf /"], timeout=5)
    assert res.ok
    # An argument list: the shell metacharacters arrive as literal text.
    assert res.stdout == "a b; rm -rf /\n"
    assert res.executable is not None and os.path.isabs(res.executable)


@posix_only
def test_missing_tool_is_not_installed() -> None:
    res = RealHost().run(["definitely-not-a-real-tool-xyz"], timeout=5)
    assert res.error == NOT_INSTALLED
    assert not res.ok and res.problem()


@posix_only
def test_relative_and_current_directory_executables_are_refused(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    fake = tmp_path / "ls"
    fake.write_text("#!/bin/sh\necho forged\n")
    fake.chmod(0o755)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path) + os.pathsep + os.environ.get("PATH", ""))
    host = RealHost()
    assert host.run(["./ls"], timeout=5).error == NOT_INSTALLED
    assert host.run([str(fake)], timeout=5).error == NOT_INSTALLED  # outside system dirs
    res = host.run(["ls", "/"], timeout=5)
    assert res.ok and "forged" not in res.stdout  # the system ls, not the user's


@posix_only
def test_world_writable_directory_is_not_trusted(tmp_path: Path) -> None:
    d = tmp_path / "usr" / "bin"
    d.mkdir(parents=True)
    tool = d / "tool"
    tool.write_text("#!/bin/sh\n")
    tool.chmod(0o755)
    d.chmod(0o777)
    assert not execs._posix_trusted(tool)


@posix_only
def test_timeout_kills_whole_process_tree() -> None:
    host = RealHost()
    # sh starts a grandchild sleep (far longer than the grace below); both must be gone
    # after the timeout.
    res = host.run(["sh", "-c", "sleep 300 & echo $!; wait"], timeout=1)
    assert res.timed_out and res.returncode is None and not res.ok
    pid_line = res.stdout.strip()
    assert pid_line.isdigit(), res.stdout  # sh printed it before it was stopped
    pid = int(pid_line)

    def alive() -> bool:  # a zombie is dead, waiting only for its parent to reap it
        try:
            return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    deadline = time.monotonic() + 30  # a grace for the kill to land, not a performance bound
    while alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(), "the grandchild outlived the timeout"


@posix_only
def test_stable_locale_is_forced() -> None:
    res = RealHost().run(["sh", "-c", "echo $LC_ALL $LANG"], timeout=5)
    assert res.ok
    assert res.stdout.split()[0] in ("C", "C.UTF-8")


@posix_only
def test_nonzero_exit_is_reported() -> None:
    res = RealHost().run(["false"], timeout=5)
    assert res.ran and not res.ok and res.returncode == 1
    assert res.problem() == "false stopped with an error (code 1)"


def test_read_file_errors(tmp_path: Path) -> None:
    host = RealHost()
    assert host.read_file(str(tmp_path / "nope")).error == "missing"
    assert host.read_file(str(tmp_path)).error is not None
    f = tmp_path / "x.txt"
    f.write_text("héllo")
    assert host.read_file(str(f)).text == "héllo"


@pytest.mark.skipif(sys.platform.startswith("win"), reason="registry exists on Windows")
def test_registry_is_absent_off_windows() -> None:
    res = RealHost().read_registry(r"HKCU\Control Panel\Desktop\ScreenSaveTimeOut")
    assert not res.ok and res.error == "not on this system"


def test_process_list_has_us() -> None:
    procs = RealHost().processes()
    assert procs.ok and len(procs.processes) > 0


def test_native_probe_errors_become_results() -> None:
    def boom() -> object:
        raise OSError("access denied")

    host = RealHost({"boom": boom, "fine": lambda: {"a": 1}})
    assert host.native("fine").value == {"a": 1}
    broken = host.native("boom")
    assert not broken.ok and "access denied" in (broken.error or "")
    assert host.native("absent").error == "no such native probe"


def test_resolve_windows_rules() -> None:
    with pytest.raises(execs.ExecutableNotFound):
        execs.resolve(r"C:\Users\me\Downloads\netsh.exe", platform="win32")
    with pytest.raises(execs.ExecutableNotFound):
        execs.resolve(r".\netsh.exe", platform="win32")
