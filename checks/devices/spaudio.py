"""Reading ``system_profiler SPAudioDataType -json`` and ``SPCameraDataType -json`` (macOS).

The audio report lists Core Audio devices under ``SPAudioDataType[0]._items`` (older releases
nest one more ``_items`` level); each has ``_name``, channel counts ``coreaudio_device_input``
/ ``coreaudio_device_output``, ``coreaudio_device_transport`` (``coreaudio_device_type_builtin``,
``..._usb``, ``..._bluetooth``, ``..._hdmi``, ``..._displayport``, ``..._virtual``, ...), the
default flags ``coreaudio_default_audio_output_device`` / ``..._input_device`` /
``..._system_device`` (``spaudio_yes``) and the selected source ``coreaudio_output_source``.
The camera report is a list of ``{"_name": ..., "spcamera_model-id": ...}``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from readiness.check import CheckContext

YES = "spaudio_yes"
TRANSPORT_PREFIX = "coreaudio_device_type_"
MAX_DEPTH = 4


@dataclass(frozen=True)
class AudioDevice:
    name: str
    inputs: int
    outputs: int
    transport: str  # the suffix after coreaudio_device_type_ ("builtin", "bluetooth", ...)
    default_output: bool
    default_input: bool
    output_source: str = ""


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _leaves(items: Any, depth: int = 0) -> list[dict[str, Any]] | None:
    if not isinstance(items, list) or depth > MAX_DEPTH:
        return None
    out: list[dict[str, Any]] = []
    for item in items:
        if not isinstance(item, dict):
            return None
        if "_items" in item:
            inner = _leaves(item["_items"], depth + 1)
            if inner is None:
                return None
            out += inner
        else:
            out.append(item)
    return out


def parse_audio(text: str) -> tuple[AudioDevice, ...] | None:
    """Every audio device; None when the output is not the report (empty list: no devices)."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    leaves = _leaves(data.get("SPAudioDataType") if isinstance(data, dict) else None)
    if leaves is None:
        return None
    devices: list[AudioDevice] = []
    for item in leaves:
        name = item.get("_name")
        if not isinstance(name, str) or not name.strip():
            return None
        transport = str(item.get("coreaudio_device_transport") or "")
        devices.append(AudioDevice(
            name.strip(), _count(item.get("coreaudio_device_input")),
            _count(item.get("coreaudio_device_output")),
            transport.removeprefix(TRANSPORT_PREFIX) if transport else "",
            item.get("coreaudio_default_audio_output_device") == YES,
            item.get("coreaudio_default_audio_input_device") == YES,
            str(item.get("coreaudio_output_source") or "")))
    return tuple(devices)


def parse_cameras(text: str) -> tuple[str, ...] | None:
    """Camera names; None when the output is not the report (empty tuple: no camera)."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    items = data.get("SPCameraDataType") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return None
    names: list[str] = []
    for item in items:
        name = item.get("_name") if isinstance(item, dict) else None
        if not isinstance(name, str) or not name.strip():
            return None
        names.append(name.strip())
    return tuple(names)


def read_audio(ctx: CheckContext) -> tuple[tuple[AudioDevice, ...] | None, str]:
    """The audio devices and, when they could not be read, why."""
    res = ctx.run(["system_profiler", "SPAudioDataType", "-json"], timeout=20)
    devices = parse_audio(res.stdout) if res.ok else None
    problem = "" if devices is not None else (
        res.problem() or "system_profiler's audio report was not recognised")
    return devices, problem
