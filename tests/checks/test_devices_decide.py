"""devices_ready: the pure verdict as a table, the Windows consent-store value table (every
value), and each OS's parsers."""

from __future__ import annotations

import json

import pytest

from checks.devices import consent_windows as consent
from checks.devices import facts_linux, facts_windows, spaudio
from checks.devices.decide import decide
from checks.devices.model import Block, DeviceFacts, Kind
from readiness.model import Status

CAM = Kind(("Integrated Camera",))
MIC = Kind(("Microphone Array",))


def facts(camera: Kind = CAM, microphone: Kind = MIC, note: str = "") -> DeviceFacts:
    return DeviceFacts(camera, microphone, "test", note=note)


@pytest.mark.parametrize(("camera", "microphone", "status", "words"), [
    (CAM, MIC, Status.PASS, "found."),
    (Kind(()), MIC, Status.WARN, "audio-only sessions are still possible"),
    (CAM, Kind(()), Status.WARN, "will not be able to hear you"),
    (Kind(()), Kind(()), Status.WARN, "No camera"),
    (Kind(None, "PowerShell failed"), MIC, Status.UNKNOWN, "PowerShell failed"),
    (CAM, Kind(None, "pactl is not installed"), Status.UNKNOWN, "microphone is present"),
    (Kind(("Cam",), blocks=(Block("'Camera access' is off"),)), MIC, Status.FAIL,
     "Your video app cannot use it"),
    (CAM, Kind(("Mic",), blocks=(Block("'Let desktop apps access your microphone' is off"),)),
     Status.FAIL, "microphone is blocked"),
    # A switch that may block desktop apps on some Windows versions: a warning.
    (Kind(("Cam",), blocks=(Block("'Let apps access your camera' is off", certain=False),)),
     MIC, Status.WARN, "may be blocked"),
    # A switch that could not be read: never "not blocked".
    (Kind(("Cam",), switch_problem="'Camera access' (not set) could not be confirmed"), MIC,
     Status.UNKNOWN, "could not be confirmed"),
    # Blocked and missing at once: the fail leads, the rest is said too.
    (Kind((), blocks=(Block("x is off"),)), Kind(()), Status.FAIL, "No microphone"),
    # No camera beats an unreadable microphone list: the warning is the worse news.
    (Kind(()), Kind(None, "broken"), Status.WARN, "Could not tell"),
    # A camera found but not usable by this account (Linux): fail, with the reason.
    (Kind((), blocks=(Block("this account may not open /dev/video0"),),
          unusable=("/dev/video0 (this account may not open it)",)), MIC, Status.FAIL,
     "/dev/video0"),
])
def test_decide_table(camera: Kind, microphone: Kind, status: Status, words: str) -> None:
    out = decide(facts(camera, microphone))
    assert out.status is status, out.summary
    assert words in out.summary
    assert out.expected and out.method == "test"


def test_pass_names_the_devices_and_keeps_the_os_note() -> None:
    f = DeviceFacts(CAM, MIC, "test", note="Grant it in the app.", cleared="Nothing blocks.")
    out = decide(f)
    assert "Integrated Camera" in out.summary and "Microphone Array" in out.summary
    assert out.summary.endswith("found. Nothing blocks. Grant it in the app.")
    assert out.observed["cameras"] == "Integrated Camera"
    assert out.observed["camera_blocked"] == "no"


def test_nothing_checked_is_never_reported_as_not_blocked() -> None:
    # macOS: no switch can be read, so "blocked" is not claimed either way.
    out = decide(facts(Kind(("Cam",), checked=False), Kind(("Mic",), checked=False)))
    assert out.status is Status.PASS and "blocked" not in out.summary
    assert "camera_blocked" not in out.observed and "microphone_blocked" not in out.observed


def test_many_names_are_cut() -> None:
    out = decide(facts(Kind(tuple(f"cam{i}" for i in range(7)))))
    assert "and 3 more" in out.summary


# --- Windows: the consent-store value table, every value --------------------------------------

@pytest.mark.parametrize(("value", "error", "state"), [
    ("Allow", None, "allow"),
    ("Deny", None, "deny"),
    (" Allow ", None, "allow"),
    ("Prompt", None, "unreadable"),  # stored for some capabilities; not a yes or a no here
    ("allow", None, "unreadable"),  # Windows writes the capitalised words only
    ("", None, "unreadable"),
    (1, None, "unreadable"),
    (None, "missing", "missing"),
    (None, "access denied", "unreadable"),
])
def test_consent_values(value: object, error: str | None, state: str) -> None:
    assert consent.consent_state(value, error) == state


@pytest.mark.parametrize(("value", "error", "state"), [
    (1, None, "allow"), (0, None, "deny"), (None, "missing", "allow"), (2, None, None),
    ("0", None, None), (True, None, None), (None, "access denied", None),
])
def test_allow_camera_policy_values(value: object, error: str | None, state: str | None) -> None:
    assert consent.policy_state(value, error) == state


@pytest.mark.parametrize(("states", "policy", "fails", "warns", "problem"), [
    (("allow", "allow", "allow"), "allow", 0, 0, ""),
    (("deny", "allow", "allow"), "allow", 1, 0, ""),  # the whole device
    (("allow", "deny", "allow"), "allow", 1, 0, ""),  # desktop apps
    (("allow", "allow", "deny"), "allow", 0, 1, ""),  # per-user apps: may block, a warning
    (("allow", "allow", "allow"), "deny", 1, 0, ""),  # AllowCamera = 0
    (("deny", "deny", "deny"), "deny", 3, 1, ""),
    (("missing", "allow", "allow"), "allow", 0, 0, "'Camera access' (not set)"),
    (("allow", "unreadable", "allow"), "allow", 0, 0, "desktop apps"),
    (("allow", "allow", "allow"), None, 0, 0, "AllowCamera"),
])
def test_camera_switches(states: tuple[str, str, str], policy: str | None, fails: int,
                         warns: int, problem: str) -> None:
    blocks, why = consent.blocks_from("camera", states, policy)
    assert sum(b.certain for b in blocks) == fails
    assert sum(not b.certain for b in blocks) == warns
    assert (problem in why) if problem else why == ""


def test_switch_paths_are_the_settings_app_keys() -> None:
    device, desktop, user = consent.switch_paths("microphone")
    base = "CapabilityAccessManager\\ConsentStore\\microphone"
    assert device.startswith("HKLM\\Software\\") and device.endswith(base + "\\Value")
    assert desktop.startswith("HKCU\\") and desktop.endswith(base + "\\NonPackaged\\Value")
    assert user.startswith("HKCU\\") and user.endswith(base + "\\Value")
    assert consent.switch_paths("camera")[0].endswith("ConsentStore\\webcam\\Value")


# --- Windows: Plug and Play devices -----------------------------------------------------------

def pnp(*items: tuple[str, str, str, str, str]) -> str:
    return json.dumps([{"Class": c, "FriendlyName": n, "InstanceId": i, "Status": s,
                        "Service": v} for c, n, i, s, v in items])


def test_pnp_sorts_cameras_and_capture_endpoints() -> None:
    text = pnp(
        ("Camera", "Integrated Camera", "USB\\VID_04F2&PID_B6D9&MI_00\\6&1", "OK", "usbvideo"),
        ("Image", "Canon LiDE 300", "USB\\VID_04A9&PID_1913\\5&2", "OK", "usbscan"),
        ("Image", "USB2.0 HD UVC WebCam", "USB\\VID_13D3&PID_56A6&MI_00\\6&3", "Error", ""),
        ("AudioEndpoint", "Microphone Array (Realtek(R) Audio)",
         "SWD\\MMDEVAPI\\{0.0.1.00000000}.{1F2B}", "OK", ""),
        ("AudioEndpoint", "Speakers (Realtek(R) Audio)",
         "SWD\\MMDEVAPI\\{0.0.0.00000000}.{9A3C}", "OK", ""),
    )
    cams, bad_cams, mics, bad_mics = facts_windows.parse_devices(text) or ((), (), (), ())
    assert cams == ("Integrated Camera",)  # the scanner is not a camera
    assert bad_cams == ("USB2.0 HD UVC WebCam (Windows reports: Error)",)
    assert mics == ("Microphone Array (Realtek(R) Audio)",) and bad_mics == ()


@pytest.mark.parametrize("text", ["", "[", "{}garbage", "[1]", json.dumps([{"Class": "Camera"}])])
def test_pnp_unrecognised(text: str) -> None:
    assert facts_windows.parse_devices(text) is None


def test_pnp_single_object_and_empty_list() -> None:
    one = json.dumps({"Class": "Camera", "FriendlyName": "Cam", "InstanceId": "x",
                      "Status": "OK", "Service": ""})
    assert facts_windows.parse_devices(one) == (("Cam",), (), (), ())
    assert facts_windows.parse_devices("[]") == ((), (), (), ())


# --- macOS ------------------------------------------------------------------------------------

def test_spaudio_nested_and_flat() -> None:
    flat = {"SPAudioDataType": [{"_name": "coreaudio_device", "_items": [
        {"_name": "MacBook Pro Microphone", "coreaudio_device_input": 1,
         "coreaudio_device_transport": "coreaudio_device_type_builtin"},
        {"_name": "MacBook Pro Speakers", "coreaudio_device_output": 2,
         "coreaudio_default_audio_output_device": "spaudio_yes",
         "coreaudio_device_transport": "coreaudio_device_type_builtin"}]}]}
    devices = spaudio.parse_audio(json.dumps(flat)) or ()
    assert [(d.name, d.inputs, d.outputs, d.transport, d.default_output) for d in devices] == [
        ("MacBook Pro Microphone", 1, 0, "builtin", False),
        ("MacBook Pro Speakers", 0, 2, "builtin", True)]
    nested = {"SPAudioDataType": [{"_items": [{"_name": "Devices", "_items": [
        {"_name": "Built-in Microphone", "coreaudio_device_input": 2}]}]}]}
    assert [d.name for d in spaudio.parse_audio(json.dumps(nested)) or ()] == [
        "Built-in Microphone"]


@pytest.mark.parametrize("text", ["", "nope", "[]", '{"SPAudioDataType": {}}',
                                  '{"SPAudioDataType": [{"_items": [{"_name": ""}]}]}',
                                  '{"SPAudioDataType": [{"_items": [7]}]}'])
def test_spaudio_unrecognised(text: str) -> None:
    assert spaudio.parse_audio(text) is None


def test_cameras() -> None:
    text = json.dumps({"SPCameraDataType": [{"_name": "FaceTime HD Camera",
                                             "spcamera_model-id": "UVC Camera VendorID_1452"}]})
    assert spaudio.parse_cameras(text) == ("FaceTime HD Camera",)
    assert spaudio.parse_cameras('{"SPCameraDataType" : [ ]}') == ()
    assert spaudio.parse_cameras("{}") is None
    assert spaudio.parse_cameras('{"SPCameraDataType": [{"spcamera_model-id": "x"}]}') is None


# --- Linux ------------------------------------------------------------------------------------

def source(name: str, monitor: object = "n/a", port: str = "", availability: str = "",
           dev_class: str = "sound") -> dict[str, object]:
    out: dict[str, object] = {"name": name, "description": name.title(),
                              "monitor_of_sink": monitor,
                              "properties": {"device.class": dev_class}}
    if port:
        out["ports"] = [{"name": port, "type": "Mic", "availability": availability}]
        out["active_port"] = port
    return out


def test_pactl_sources_leave_out_monitors_and_unplugged_ports() -> None:
    text = json.dumps([
        source("alsa_output.pci.analog-stereo.monitor", monitor="alsa_output.pci.analog-stereo",
               dev_class="monitor"),
        source("alsa_input.pci.analog-stereo", port="analog-input-internal-mic",
               availability="availability unknown"),
        source("alsa_input.usb.headset", port="analog-input-headset-mic",
               availability="not available"),
        source("usb.mic", monitor=4294967295),
        source("numbered.monitor.of.sink.3", monitor=3),
    ])
    assert facts_linux.parse_pactl_sources(text) == ("Alsa_Input.Pci.Analog-Stereo", "Usb.Mic")
    assert facts_linux.parse_pactl_sources("[]") == ()
    assert facts_linux.parse_pactl_sources("Connection failure: Connection refused") is None
    assert facts_linux.parse_pactl_sources('[{"name": ""}]') is None


WPCTL = """PipeWire 'pipewire-0' [1.2.3, someone@box, cookie:1]
 \u2514\u2500 Clients:
        34. WirePlumber                         [1.2.3, someone@box, pid:1533]

Audio
 \u251c\u2500 Devices:
 \u2502      51. GENERAL WEBCAM                      [alsa]
 \u2502
 \u251c\u2500 Sinks:
 \u2502  *  60. Built-in Audio Analog Stereo        [vol: 0.40]
 \u2502
 \u251c\u2500 Sources:
 \u2502  *  61. GENERAL WEBCAM Mono                 [vol: 1.00]
 \u2502      62. Built-in Audio Analog Stereo        [vol: 0.70]
 \u2502
 \u2514\u2500 Streams:

Video
 \u251c\u2500 Sources:
 \u2502  *  70. GENERAL WEBCAM (V4L2)
"""


def test_wpctl_sources_of_the_audio_section_only() -> None:
    assert facts_linux.parse_wpctl_sources(WPCTL) == ("GENERAL WEBCAM Mono",
                                                      "Built-in Audio Analog Stereo")
    empty = WPCTL.split("Audio")[0] + "Audio\n \u251c\u2500 Sources:\n \u2502\n"
    assert facts_linux.parse_wpctl_sources(empty) == ()
    assert facts_linux.parse_wpctl_sources("Video\n \u251c\u2500 Sources:\n") is None
    assert facts_linux.parse_wpctl_sources("") is None
