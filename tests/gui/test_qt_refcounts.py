"""The Qt binding keeps Python's reference counts straight: PySide6 6.12.0 on Python 3.11 took
a reference off None on every call of a void Qt method (and off True/False on emit), so a
long session aborted with "deallocating None". Run in a child process: if it breaks, only the
child dies."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
from PySide6.QtCore import QObject, Signal
class O(QObject):
    s = Signal(bool)
o = O()
before = (sys.getrefcount(None), sys.getrefcount(True))
for _ in range(50_000):
    o.setObjectName("x")
    o.s.emit(True)
after = (sys.getrefcount(None), sys.getrefcount(True))
print(before[0] - after[0], before[1] - after[1])
"""


def test_void_calls_and_emits_leave_refcounts_alone() -> None:
    done = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-500:]
    lost_none, lost_true = (int(x) for x in done.stdout.split())
    assert abs(lost_none) < 100 and abs(lost_true) < 100
