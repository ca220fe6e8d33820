"""devices_ready end to end through replay: each OS's gatherer with its decision."""

from __future__ import annotations

import json
from typing import Any

from checks import powershell
from checks.devices import consent_windows, facts_linux, facts_windows
from readiness.model import Status
from tests.helpers import cmd, make_snapshot, run_check

CAMERA_ON = {"Class": "Camera", "FriendlyName": "Integrated Camera",
             "InstanceId": "USB\\VID_04F2&PID_B6D9&MI_00\\6&1", "Status": "OK",
             "Service": "usbvideo"}
MIC_ON = {"Class": "AudioEndpoint", "FriendlyName": "Microphone Array (Realtek(R) Audio)",
          "InstanceId": "SWD\\MMDEVAPI\\{0.0.1.00000000}.{1F2B}", "Status": "OK",
          "Service": ""}


def windows(devices: list[dict[str, str]], values: dict[str, str] | None = None,
            extra: dict[str, Any] | None = None) -> dict[str, Any]:
    registry = {}
    for kind in ("camera", "microphone"):
        for path in consent_windows.switch_paths(kind):
            registry[path] = {"type": "REG_SZ", "value": "Allow"}
    for path, value in (values or {}).items():
        registry[path] = {"type": "REG_SZ", "value": value}
    registry.update(extra or {})
    return make_snapshot("windows", commands=[
        cmd(powershell.command(facts_windows.DEVICES_SCRIPT), json.dumps(devices))],
        registry=registry)


def test_windows_pass() -> None:
    r = run_check("devices_ready", windows([CAMERA_ON, MIC_ON]))
    assert r.status is Status.PASS, r.summary
    assert r.kind.value == "machine"
    assert any(e.kind == "registry" for e in r.evidence)


def test_windows_desktop_apps_blocked_fails() -> None:
    desktop = consent_windows.switch_paths("camera")[1]
    r = run_check("devices_ready", windows([CAMERA_ON, MIC_ON], {desktop: "Deny"}))
    assert r.status is Status.FAIL
    assert "Let desktop apps access your camera" in r.summary
    assert any("privacy-webcam" in str(s.get("uri")) for s in r.settings)


def test_windows_policy_turns_cameras_off() -> None:
    policy = {consent_windows.CAMERA_POLICY: {"type": "REG_DWORD", "value": 0}}
    r = run_check("devices_ready", windows([CAMERA_ON, MIC_ON], extra=policy))
    assert r.status is Status.FAIL and "AllowCamera" in r.summary


def test_windows_no_camera_warns() -> None:
    r = run_check("devices_ready", windows([MIC_ON]))
    assert r.status is Status.WARN and "audio-only" in r.summary


def test_windows_unset_switch_is_unknown_not_pass() -> None:
    snap = windows([CAMERA_ON, MIC_ON])
    del snap["registry"][consent_windows.switch_paths("microphone")[1]]
    r = run_check("devices_ready", snap)
    assert r.status is Status.UNKNOWN and "(not set)" in r.summary


def macos(cameras: list[str], audio: list[dict[str, Any]]) -> dict[str, Any]:
    return make_snapshot("macos", commands=[
        cmd(["system_profiler", "SPCameraDataType", "-json"],
            json.dumps({"SPCameraDataType": [{"_name": c} for c in cameras]})),
        cmd(["system_profiler", "SPAudioDataType", "-json"],
            json.dumps({"SPAudioDataType": [{"_name": "coreaudio_device", "_items": audio}]})),
    ])


MAC_MIC = {"_name": "MacBook Air Microphone", "coreaudio_device_input": 1,
           "coreaudio_device_transport": "coreaudio_device_type_builtin"}
MAC_SPEAKERS = {"_name": "MacBook Air Speakers", "coreaudio_device_output": 2,
                "coreaudio_default_audio_output_device": "spaudio_yes"}


def test_macos_pass_says_the_permission_is_granted_in_the_app() -> None:
    r = run_check("devices_ready", macos(["FaceTime HD Camera"], [MAC_MIC, MAC_SPEAKERS]))
    assert r.status is Status.PASS
    assert "permission" in r.summary and "video app" in r.summary
    assert "blocked" not in r.summary  # nothing on macOS says whether it is


def test_macos_a_virtual_camera_is_not_a_camera() -> None:
    r = run_check("devices_ready", macos(["OBS Virtual Camera"], [MAC_MIC, MAC_SPEAKERS]))
    assert r.status is Status.WARN and "OBS Virtual Camera (a virtual camera)" in r.summary


def test_macos_no_microphone_warns() -> None:
    r = run_check("devices_ready", macos(["FaceTime HD Camera"], [MAC_SPEAKERS]))
    assert r.status is Status.WARN and "microphone" in r.summary


def linux(nodes: list[str], usable: list[str] | None, pactl: str | None) -> dict[str, Any]:
    """``usable``: the nodes find prints (None: find gives no answer)."""
    commands = []
    if usable is not None and nodes:
        paths = [f"/dev/{n}" for n in nodes]
        commands.append(cmd(["find", *paths, "-maxdepth", "0", "-readable", "-writable"],
                            "".join(f"/dev/{n}\n" for n in usable)))
    if pactl is not None:
        commands.append(cmd(facts_linux.PACTL_SOURCES, pactl))
    return make_snapshot("linux", commands=commands, dirs={"/dev": ["null", "snd", *nodes]})


SOURCES = json.dumps([{"name": "alsa_input.pci-0000_00_1f.3.analog-stereo",
                       "description": "Built-in Audio Analog Stereo", "monitor_of_sink": "n/a",
                       "properties": {"device.class": "sound"}}])


def test_linux_pass_and_the_camera_is_never_opened() -> None:
    r = run_check("devices_ready", linux(["video0", "video1"], ["video0", "video1"], SOURCES))
    assert r.status is Status.PASS, r.summary
    # Only the kernel's access check (find -readable) names the device nodes; nothing reads
    # or opens them.
    touched = [e for e in r.evidence if "/dev/video" in e.source]
    assert touched and all(e.kind == "command" and e.source.startswith("find ")
                           for e in touched)


def test_linux_camera_this_account_may_not_open_fails() -> None:
    r = run_check("devices_ready", linux(["video0"], [], SOURCES))
    assert r.status is Status.FAIL and "video" in r.summary


def test_linux_one_node_open_is_enough() -> None:
    r = run_check("devices_ready", linux(["video0", "video1"], ["video0"], SOURCES))
    assert r.status is Status.PASS and r.observed["cameras_unusable"]


def test_linux_access_unanswered_or_odd_is_unknown() -> None:
    assert run_check("devices_ready", linux(["video0"], None, SOURCES)).status is Status.UNKNOWN
    odd = linux(["video0"], ["video7"], SOURCES)  # a path it was not asked about
    assert run_check("devices_ready", odd).status is Status.UNKNOWN


def test_linux_no_sound_server_is_unknown() -> None:
    r = run_check("devices_ready", linux(["video0"], ["video0"], None))
    assert r.status is Status.UNKNOWN and "pactl" in r.summary and "wpctl" in r.summary


def test_linux_no_camera_warns() -> None:
    r = run_check("devices_ready", linux([], [], SOURCES))
    assert r.status is Status.WARN and "No camera" in r.summary
