"""Windows privacy switches for the camera and microphone (Settings > Privacy & security).

Microsoft documents three levels at which camera access can be turned off: for the whole
device, for all unpackaged (desktop) apps, and for individual packaged (Store) apps
(learn.microsoft.com/windows/uwp/audio-video-camera/camera-privacy-setting; the microphone page
in Settings has the same three). A video-call app such as Zoom is a desktop app, so the device
and desktop-app switches decide whether it can use the device. Windows keeps each switch as a
``Value`` string under ``...\\CapabilityAccessManager\\ConsentStore\\<capability>`` (capability
``webcam`` or ``microphone``):

===========================================  ==========================  ==========  ========
key (under ...\\ConsentStore\\<capability>)    switch in Settings          "Allow"     "Deny"
===========================================  ==========================  ==========  ========
HKLM ``Value``                               Camera / Microphone access  not blocked fail
                                             (whole device)
HKCU ``NonPackaged\\Value``                   Let desktop apps access     not blocked fail
                                             your camera / microphone
HKCU ``Value``                               Let apps access your        not blocked warn (*)
                                             camera / microphone
===========================================  ==========================  ==========  ========

A missing value is not taken as on: Windows' default is on, but an absent value cannot be
told apart from a hive that could not be read, so the answer is unknown (switching the setting
off and on again in Settings writes it). Any other value (empty, "Prompt", a number) cannot be
read as either, so the answer is unknown too.
(*) Microsoft's page names only the device and desktop-app levels as affecting unpackaged
apps; on some Windows versions turning off "Let apps access" also greys out the desktop-app
switch, so an off per-user switch is a warning, never ignored and never a fail.
Microsoft documents the switches and their meaning, not these registry names; the mapping is
the one the Settings app writes (as shown in the ElevenForum and TenForums tutorials on camera
access, which export these keys as REG files).

The Camera policy ``HKLM\\SOFTWARE\\Policies\\Microsoft\\Camera\\AllowCamera`` (Policy CSP
Camera/AllowCamera, documented by Microsoft: 0 not allowed, 1 allowed, the default) turns
camera devices off altogether: 0 is a fail, 1 or missing is not blocked, anything else unknown.
"""

from __future__ import annotations

from checks.devices.model import Block
from readiness.check import CheckContext

CONSENT = "Software\\Microsoft\\Windows\\CurrentVersion\\CapabilityAccessManager\\ConsentStore"
CAPABILITY = {"camera": "webcam", "microphone": "microphone"}
CAMERA_POLICY = "HKLM\\SOFTWARE\\Policies\\Microsoft\\Camera\\AllowCamera"
LABELS = {"camera": ("Camera access", "Let desktop apps access your camera",
                     "Let apps access your camera"),
          "microphone": ("Microphone access", "Let desktop apps access your microphone",
                         "Let apps access your microphone")}


def switch_paths(kind: str) -> tuple[str, str, str]:
    """(device-wide, desktop apps, per-user apps) value paths for ``camera`` or ``microphone``."""
    cap = CAPABILITY[kind]
    return (f"HKLM\\{CONSENT}\\{cap}\\Value", f"HKCU\\{CONSENT}\\{cap}\\NonPackaged\\Value",
            f"HKCU\\{CONSENT}\\{cap}\\Value")


def consent_state(value: object, error: str | None) -> str:
    """``allow`` or ``deny``; ``missing`` when not set; ``unreadable`` for anything else."""
    if error == "missing":
        return "missing"
    if error is not None or not isinstance(value, str):
        return "unreadable"
    return {"Allow": "allow", "Deny": "deny"}.get(value.strip(), "unreadable")


def policy_state(value: object, error: str | None) -> str | None:
    """AllowCamera: ``allow`` (1 or missing), ``deny`` (0); None for anything else."""
    if error == "missing":
        return "allow"
    if error is not None or isinstance(value, bool) or not isinstance(value, int):
        return None
    return {0: "deny", 1: "allow"}.get(value)


def blocks_from(kind: str, states: tuple[str, str, str],
                policy: str | None = "allow") -> tuple[tuple[Block, ...], str]:
    """The switches found off, and a problem when one could not be read (pure)."""
    device, desktop, user = LABELS[kind]
    blocks: list[Block] = []
    unread: list[str] = []
    if policy == "deny":
        blocks.append(Block("a policy set by an administrator (AllowCamera = 0) turns camera "
                            "devices off"))
    elif policy is None:
        unread.append("the AllowCamera policy")
    for state, label, certain in zip(states, (device, desktop, user), (True, True, False),
                                     strict=True):
        if state == "deny":
            blocks.append(Block(f"'{label}' is off in Privacy & security settings", certain))
        elif state != "allow":
            unread.append(f"'{label}'" + (" (not set)" if state == "missing" else ""))
    problem = f"{', '.join(unread)} could not be confirmed" if unread else ""
    return tuple(blocks), problem


def read_switches(ctx: CheckContext, kind: str) -> tuple[tuple[Block, ...], str]:
    states = tuple(consent_state(r.value, r.error) for r in
                   (ctx.registry(p) for p in switch_paths(kind)))
    policy: str | None = "allow"
    if kind == "camera":
        read = ctx.registry(CAMERA_POLICY)
        policy = policy_state(read.value, read.error)
    return blocks_from(kind, (states[0], states[1], states[2]), policy)
