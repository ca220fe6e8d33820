"""macOS camera and microphone facts: ``system_profiler`` lists the cameras and the Core Audio
devices; a microphone is a device with input channels.

macOS has no switch that blocks the camera for every app: it asks each app for permission the
first time, and those answers (the TCC database) cannot be read without Full Disk Access. So a
device found here is "present", and every result says plainly that the permission is granted
in the video app itself. A virtual camera (a program's picture, such as OBS's) is named but
not counted.
"""

from __future__ import annotations

from checks.devices import spaudio
from checks.devices.model import MACOS_PERMISSION_NOTE, DeviceFacts, Kind
from readiness.check import CheckContext

METHOD = "system_profiler SPCameraDataType -json and SPAudioDataType -json"


def gather(ctx: CheckContext) -> DeviceFacts:
    res = ctx.run(["system_profiler", "SPCameraDataType", "-json"], timeout=20)
    cameras = spaudio.parse_cameras(res.stdout) if res.ok else None
    problem = "" if cameras is not None else (
        res.problem() or "system_profiler's camera report was not recognised")
    # A virtual camera (OBS and the like) shows a program's picture, not the room.
    virtual = tuple(c for c in cameras or () if "virtual" in c.lower())
    real = None if cameras is None else tuple(c for c in cameras if c not in virtual)
    camera = Kind(real, problem, unusable=tuple(f"{c} (a virtual camera)" for c in virtual),
                  checked=False)
    devices, problem = spaudio.read_audio(ctx)
    mics = None if devices is None else tuple(d.name for d in devices if d.inputs > 0)
    return DeviceFacts(camera, Kind(mics, problem, checked=False), METHOD,
                       note=MACOS_PERMISSION_NOTE)
