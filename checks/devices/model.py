"""The facts the camera-and-microphone verdict is made from, and what it expects."""

from __future__ import annotations

from dataclasses import dataclass, field

EXPECTED = ("at least one camera and one microphone present, and neither blocked for desktop "
            "apps (such as a video-call app) by the system's privacy settings")

# What this computer cannot see on macOS, said in every macOS result.
MACOS_PERMISSION_NOTE = (
    "macOS asks for permission to use the camera and microphone separately for each app: "
    "allow your video app when it asks, or in System Settings > Privacy & Security > Camera "
    "and Microphone. Readiness cannot see those per-app answers.")


@dataclass(frozen=True)
class Block:
    """A privacy switch that stops desktop apps using a device (``certain``) or that may do so
    on some versions of the system (not certain)."""

    reason: str
    certain: bool = True


@dataclass(frozen=True)
class Kind:
    """One kind of device (camera or microphone) as the OS reports it.

    ``present`` holds the names of the working devices found; None when the list could not
    be read (``problem`` says why). ``blocks`` are privacy switches found off; ``switch_problem``
    is set when a switch could not be read, so "not blocked" cannot be said.
    """

    present: tuple[str, ...] | None
    problem: str = ""
    blocks: tuple[Block, ...] = ()
    switch_problem: str = ""
    # Devices seen but not usable by this account or reported faulty (names, with the reason).
    unusable: tuple[str, ...] = ()
    # Whether anything that could block it was looked at (macOS: no; a Linux microphone: no).
    checked: bool = True


@dataclass(frozen=True)
class DeviceFacts:
    camera: Kind
    microphone: Kind
    method: str
    note: str = ""  # said after the verdict (macOS: the per-app permission)
    cleared: str = ""  # said on a pass: what was checked and found open
    extra: dict[str, str] = field(default_factory=dict)  # OS-specific values for "observed"
