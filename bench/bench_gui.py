"""The desktop app: launch to first painted window, event-loop stalls during a run with slow
probes, and resident memory.

Targets (issue 5): first paint within 1.5x a bare PySide6 window measured in the same run;
the longest event-loop stall during a run < 50 ms; resident memory < 200 MB. Each
measurement runs in a fresh process (offscreen platform) so imports are counted honestly.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time

from bench.common import Measurement

ROUNDS = 5

# Prints the wall-clock time of the first paint event of the window, then quits.
_PAINT_PROBE = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj is WINDOW:
            print(repr(time.time()), flush=True)
            QTimer.singleShot(0, QApplication.quit)
            obj.removeEventFilter(self)
        return False
"""

BARE = _PAINT_PROBE + """
from PySide6.QtWidgets import QLabel, QMainWindow
app = QApplication(sys.argv)
WINDOW = QMainWindow()
WINDOW.setCentralWidget(QLabel("hello"))
f = FirstPaint(); WINDOW.installEventFilter(f)
WINDOW.show()
app.exec()
"""

# The same launch path as ``readiness`` (app.main): the frame paints first, the pages follow.
APP = _PAINT_PROBE + """
from readiness.gui.app import application, launch_main_window
app = application()
WINDOW, _settings = launch_main_window(restore_state=False)
f = FirstPaint(); WINDOW.installEventFilter(f)
WINDOW.show()
app.exec()
"""

# Launch until the pages are built and the Check screen can be used (reported, no target).
APP_READY = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from readiness.gui.app import application, launch_main_window
app = application()
WINDOW, _settings = launch_main_window(restore_state=False)
def done():
    print(repr(time.time()), flush=True)
    QTimer.singleShot(0, QApplication.quit)
WINDOW.ready.connect(done)
WINDOW.show()
app.exec()
"""

# A run over a deliberately slow host, measuring the event loop's longest gap and the RSS.
STALL = """
import json, sys, threading, time
import psutil
from PySide6.QtCore import QEventLoop, QTimer
from readiness.engine import make_runner
from readiness.gui.app import application, build_main_window
from readiness.probe import snapshot
from readiness.probe.replay import ReplayHost

class SlowHost(ReplayHost):
    def run(self, argv, *, timeout, encoding=None):
        threading.Event().wait(0.25)  # a slow probe, off the GUI thread
        return super().run(argv, timeout=timeout, encoding=encoding)

# handmade snapshot: every Linux firewall front-end inactive
data = {"format": snapshot.FORMAT, "recorded_at": "2026-01-01T00:00:00Z",
        "platform": {"system": "Linux", "release": "6.8", "version": "#1", "machine": "x86_64"},
        "commands": [{"argv": ["systemctl", "is-active", u], "returncode": 3,
                      "stdout": "inactive\\n", "stderr": "", "timed_out": False}
                     for u in ("ufw.service", "firewalld.service", "nftables.service")],
        "files": {}, "registry": {}, "native": {}, "processes": []}
host = SlowHost(snapshot.parse(data))
app = application()
window, _s = build_main_window(restore_state=False)
cat = window.check_page.catalogue
window.check_page.factory = lambda only: make_runner(host=host, only=only, catalogue=cat)
window.show()
ticks = []
timer = QTimer(); timer.setInterval(2)
timer.timeout.connect(lambda: ticks.append(time.monotonic()))
loop = QEventLoop()
window.check_page.run_finished.connect(loop.quit)
timer.start()
t0 = time.monotonic()
window.check_page.run_all()
loop.exec()
timer.stop()
gaps = [b - a for a, b in zip(ticks, ticks[1:])]
rss = psutil.Process().memory_info().rss
window.close()
print(json.dumps({"stall_ms": max(gaps) * 1000, "run_s": time.monotonic() - t0,
                  "rss_mb": rss / 2**20}))
"""


def _env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def _first_paint(code: str) -> float:
    t0 = time.time()
    out = subprocess.run([sys.executable, "-c", code], env=_env(), capture_output=True,
                         text=True, timeout=120, check=True)
    return float(out.stdout.strip().splitlines()[-1]) - t0


def run() -> list[Measurement]:
    bare: list[float] = []
    app: list[float] = []
    ready: list[float] = []
    for _ in range(ROUNDS):  # interleaved, so drift affects both alike
        bare.append(_first_paint(BARE))
        app.append(_first_paint(APP))
        ready.append(_first_paint(APP_READY))
    b, a, r = statistics.median(bare), statistics.median(app), statistics.median(ready)
    out = subprocess.run([sys.executable, "-c", STALL], env=_env(), capture_output=True,
                         text=True, timeout=300, check=True)
    stall = json.loads(out.stdout.strip().splitlines()[-1])
    return [
        Measurement("bare PySide6 window, launch to first paint (median)", b * 1000, "ms",
                    "reference", True),
        Measurement("Readiness main window, launch to first paint (median)", a * 1000, "ms",
                    f"<= {1.5 * b * 1000:.0f} ms (1.5x bare)", a <= 1.5 * b),
        Measurement("Readiness main window, launch to usable Check screen (median)", r * 1000,
                    "ms", "reported (no target)", True),
        Measurement("longest event-loop stall during a run with slow probes",
                    stall["stall_ms"], "ms", "< 50 ms", stall["stall_ms"] < 50),
        Measurement("resident memory after a run", stall["rss_mb"], "MB", "< 200 MB",
                    stall["rss_mb"] < 200),
    ]


if __name__ == "__main__":
    for m in run():
        print(m.line())
