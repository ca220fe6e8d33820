"""Windows camera and microphone facts: the devices Plug and Play lists as present, and the
privacy switches (``consent_windows``).

Cameras: present devices of class ``Camera`` (webcams since Windows 10 1809), and of class
``Image`` when the USB Video Class driver (``usbvideo``) runs them or their name says camera
or webcam (older webcam drivers; the class also holds scanners, which are not cameras).
Microphones: present ``AudioEndpoint`` devices whose instance id is a capture endpoint
(``SWD\\MMDEVAPI\\{0.0.1.00000000}.{...}``; render endpoints are ``{0.0.0.00000000}``).
Only devices whose status is ``OK`` count as working. Every present device is listed and
filtered here, because ``Get-PnpDevice -Class`` fails outright when a class has no device.
"""

from __future__ import annotations

from typing import Any

from checks import powershell, powershell_json
from checks.devices import consent_windows
from checks.devices.model import DeviceFacts, Kind
from readiness.check import CheckContext

DEVICES_SCRIPT = (
    "$ErrorActionPreference = 'Stop'; "
    "[Console]::OutputEncoding = [System.Text.Encoding]::UTF8; "
    "$d = @(Get-PnpDevice -PresentOnly | "
    "Where-Object { $_.Class -in @('Camera', 'Image', 'AudioEndpoint') } | "
    "ForEach-Object { [pscustomobject]@{ Class = [string]$_.Class; "
    "FriendlyName = [string]$_.FriendlyName; InstanceId = [string]$_.InstanceId; "
    "Status = [string]$_.Status; Service = [string]$_.Service } }); "
    "ConvertTo-Json -InputObject $d -Compress"
)
CAPTURE_PREFIX = "SWD\\MMDEVAPI\\{0.0.1.00000000}"
CAMERA_WORDS = ("camera", "webcam")
METHOD = ("Get-PnpDevice -PresentOnly (classes Camera, Image, AudioEndpoint) and the camera "
          "and microphone privacy switches (CapabilityAccessManager ConsentStore, AllowCamera "
          "policy)")


def _is_camera(item: dict[str, Any]) -> bool:
    cls, name = item.get("Class"), str(item.get("FriendlyName") or "")
    if cls == "Camera":
        return True
    return cls == "Image" and (str(item.get("Service") or "").lower() == "usbvideo"
                               or any(w in name.lower() for w in CAMERA_WORDS))


def _is_microphone(item: dict[str, Any]) -> bool:
    return (item.get("Class") == "AudioEndpoint"
            and str(item.get("InstanceId") or "").upper().startswith(CAPTURE_PREFIX))


def parse_devices(text: str) -> tuple[tuple[str, ...], tuple[str, ...],
                                      tuple[str, ...], tuple[str, ...]] | None:
    """(working cameras, faulty cameras, working microphones, faulty microphones) by name;
    None when the output is not the list the script prints."""
    items = powershell_json.records(text)
    if items is None:
        return None
    found: dict[str, list[str]] = {"cam": [], "cam_bad": [], "mic": [], "mic_bad": []}
    for item in items:
        name, status = item.get("FriendlyName"), item.get("Status")
        if not isinstance(name, str) or not isinstance(status, str):
            return None
        key = "cam" if _is_camera(item) else "mic" if _is_microphone(item) else ""
        if key:
            found[key if status == "OK" else f"{key}_bad"].append(
                name if status == "OK" else f"{name} (Windows reports: {status})")
    return (tuple(found["cam"]), tuple(found["cam_bad"]), tuple(found["mic"]),
            tuple(found["mic_bad"]))


def gather(ctx: CheckContext) -> DeviceFacts:
    res = ctx.run(powershell.command(DEVICES_SCRIPT), timeout=30, encoding="utf-8")
    parsed = parse_devices(res.stdout) if res.ok else None
    problem = "" if parsed is not None else (
        res.problem() or "Get-PnpDevice's output was not recognised")
    cam_blocks, cam_problem = consent_windows.read_switches(ctx, "camera")
    mic_blocks, mic_problem = consent_windows.read_switches(ctx, "microphone")
    if parsed is None:
        camera = Kind(None, problem, cam_blocks, cam_problem)
        microphone = Kind(None, problem, mic_blocks, mic_problem)
    else:
        cams, bad_cams, mics, bad_mics = parsed
        camera = Kind(cams, "", cam_blocks, cam_problem, bad_cams)
        microphone = Kind(mics, "", mic_blocks, mic_problem, bad_mics)
    return DeviceFacts(camera, microphone, METHOD,
                       cleared="Neither is blocked for desktop apps by the privacy settings.")
