"""Camera and microphone ready for a video session (GPiA 047 §3 technological competence and a
reliable service; §4: a device the system has not blocked, checked without using it).

pass: at least one camera and one microphone present, and neither blocked for desktop apps by
the system's privacy switches; warn: none present (no camera: audio-only work is still
possible, video is not; no microphone: nobody hears you), or a switch that may block desktop
apps on some Windows versions; fail: a switch certainly blocks desktop apps, so the video app
cannot use the device; unknown: a list or a switch could not be read.

Nothing here opens the camera or the microphone, and nothing is recorded: devices are listed
from what the system reports, and access is asked of the kernel or the registry.

Windows: present Plug and Play devices (``facts_windows``) and the privacy switches in the
consent store and the camera policy (``consent_windows``, with the value table).
macOS: ``system_profiler`` camera and audio reports (``facts_macos``); the per-app permission
is granted in the video app itself and cannot be read, which every macOS result says.
Linux: ``/dev/video*`` and this account's access to it, and the sound server's sources
(``facts_linux``). ``decide`` is shared and pure.
"""

from __future__ import annotations

from checks.devices import decide as rules
from checks.devices import facts_linux, facts_macos, facts_windows
from readiness.check import CheckContext, PlatformCheck
from readiness.model import Outcome

__all__ = ["DEVICES"]


def windows(ctx: CheckContext) -> Outcome:
    return rules.decide(facts_windows.gather(ctx))


def macos(ctx: CheckContext) -> Outcome:
    return rules.decide(facts_macos.gather(ctx))


def linux(ctx: CheckContext) -> Outcome:
    return rules.decide(facts_linux.gather(ctx))


DEVICES = PlatformCheck("devices_ready", windows=windows, macos=macos, linux=linux,
                        budget_s=40.0)
