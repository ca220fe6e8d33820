"""PyInstaller runtime hook: programs the app starts get the user's library path back.

On Linux the frozen app's bootloader points LD_LIBRARY_PATH at the bundle, so its own copies of
glib, X11 and OpenSSL are found. A program the app starts (the "Open settings" button runs the
desktop's settings app through xdg-open) would inherit that and load the bundle's older
libraries instead of its own, and can crash. The dynamic loader reads LD_LIBRARY_PATH once,
when the process starts, so restoring it here changes nothing for the app itself. (The probe
layer already gives the commands it runs a clean environment.)
"""

import os
import sys

if sys.platform.startswith("linux"):
    _original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
    if _original is None:
        os.environ.pop("LD_LIBRARY_PATH", None)
    else:
        os.environ["LD_LIBRARY_PATH"] = _original
