"""The real host lists running processes only: an exited program waiting to be reaped (a
zombie) must not count as, say, a malware scanner that is running."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from readiness.probe.real import RealHost


@pytest.mark.skipif(sys.platform == "win32", reason="no zombies on Windows")
def test_a_zombie_is_not_listed() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])  # never waited for: a zombie
    try:
        deadline = time.monotonic() + 10
        import psutil

        while psutil.Process(child.pid).status() != psutil.STATUS_ZOMBIE:
            assert time.monotonic() < deadline, "the child did not exit"
            time.sleep(0.05)
        listed = RealHost().processes()
        assert listed.ok
        me = psutil.Process(os.getpid())
        assert any(p.exe == me.exe() for p in listed.processes), "running processes are listed"
        zombie_name = psutil.Process(child.pid).name()
        running_same_name = [p for p in psutil.process_iter(["name", "status"])
                             if p.info["name"] == zombie_name
                             and p.info["status"] != psutil.STATUS_ZOMBIE]
        names = [p.name for p in listed.processes]
        assert names.count(zombie_name) == len(running_same_name)
    finally:
        child.wait()
