"""A background task whose owner is deleted while it runs must not take the app down (Qt
aborts when a running QThread is destroyed). Run in a child process: an abort kills only it."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import time
import shiboken6
from PySide6.QtWidgets import QApplication, QWidget
from readiness.gui.worker import BackgroundCall
app = QApplication([])
owner = QWidget()
task = BackgroundCall(lambda: time.sleep(0.5) or 42, owner)
task.start()
time.sleep(0.05)
shiboken6.delete(owner)      # the dialog is deleted while the task runs
for _ in range(20):
    app.processEvents()
    time.sleep(0.05)
print("survived")
"""


def test_deleting_the_owner_mid_task_does_not_abort() -> None:
    done = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                          timeout=60, check=False,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-800:]
    assert "survived" in done.stdout
    assert "Destroyed while thread" not in done.stderr
