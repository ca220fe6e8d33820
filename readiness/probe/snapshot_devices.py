"""Names of devices and adapters, found by where tools put them.

A Bluetooth headset is named after its owner whatever its model ("Priya’s Bose QC45"), and
PipeWire, BlueZ, system_profiler and Windows repeat that name as a description, an alias or
a friendly name; snapshot_redact's owner rules need a known device word after the
possessive, so here the owner is replaced in every value a tool gives as a device's name.

A network adapter's or connection's name is the practitioner's to choose: a VPN carrying the
default route is often named after the employer or practice ("Calm Minds VPN"). Windows'
adapter objects (Get-NetAdapter, Get-NetRoute as the connection and Wi-Fi checks record them)
lose it as nmcli's NAME does on Linux, keeping Windows' own default names ("Wi-Fi",
"Ethernet 2") and the words the Wi-Fi check tells a VPN by.

Hardware carries identifiers outside the keys that say "serial" (a Mac camera's unique ID, a
Windows device instance ID's last part), and drives carry the labels their owners gave them
("Client Files", in manage-bde's headers and in the folders Linux mounts them on).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from readiness.probe.snapshot_redact import REDACTED, hide_values, redact_device_owner

# Keys (JSON members, "Key: value" lines, native data) whose value names a device: pactl's
# description and PipeWire properties, BlueZ's Name and Alias, system_profiler's _name,
# Get-PnpDevice's FriendlyName.
DEVICE_NAME_KEYS = frozenset({
    "description", "device.description", "node.description", "node.nick", "bluez5.alias",
    "api.bluez5.alias", "device.alias", "alias", "_name", "name", "friendlyname",
    "friendly name", "friendly_name", "devicename", "device name", "device_name",
})
_KEYS = "|".join(re.escape(k).replace(r"\ ", "[ ]") for k in sorted(DEVICE_NAME_KEYS))
_JSON_MEMBER = re.compile(rf'(?i)(?P<key>"(?:{_KEYS})"\s*:\s*")'
                          r'(?P<value>(?:[^"\\]|\\.)*)(?P<end>")')
_LINE = re.compile(rf"(?im)^(?P<key>[ \t]*(?:{_KEYS})[ \t]*[:=][ \t]*\"?)"
                   r"(?P<value>[^\r\n]*?)(?P<end>\"?[ \t]*\r?)$")
# system_profiler's text form names devices as headings ("Priya’s Bose QC45:").
_HEADING = re.compile(r"(?m)^(?P<key>[ \t]+)(?P<value>[^\r\n:]+)(?P<end>:[ \t]*\r?)$")


def _owners(pattern: re.Pattern[str], text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        return m.group("key") + redact_device_owner(m.group("value")) + m.group("end")
    return pattern.sub(repl, text)


def _tool(argv: Sequence[str]) -> str:
    return re.split(r"[\\/]", argv[0])[-1].lower() if argv else ""


# --- network adapters ------------------------------------------------------------------------

_ADAPTER_KEYS = ("InterfaceDescription", "InterfaceAlias")
_NAME_FIELDS = ("Name", "InterfaceAlias", "ConnectionName", "NetConnectionID")
# The names Windows gives adapters itself: they say only what kind of link it is.
_DEFAULT_ADAPTER = re.compile(
    r"(?i)(?:Wi-?Fi|WLAN|Ethernet|Local Area Connection|Wireless Network Connection|"
    r"Bluetooth Network Connection|Cellular|Mobile Broadband|Loopback Pseudo-Interface)"
    r"(?:[ ]?\*?[ ]?\d+)?")
# NDIS_PHYSICAL_MEDIUM 0 (Unspecified): VPN and virtual adapters, whose description a VPN
# client may set to its connection's name.
_VIRTUAL_MEDIUM = 0


def _vpn_words() -> tuple[str, ...]:
    from checks.wifi.facts_windows import VPN_WINDOWS_WORDS

    return VPN_WINDOWS_WORDS


def adapter_name(name: str) -> str:
    """REDACTED for a name the practitioner chose, followed by the VPN words it held (the
    Wi-Fi check tells a VPN by them), so the same decision is made from it."""
    if not name.strip() or name == REDACTED or _DEFAULT_ADAPTER.fullmatch(name.strip()):
        return name
    low = name.lower()
    return " ".join([REDACTED, *(w for w in _vpn_words() if w in low)])


def _adapter(item: dict[str, Any]) -> dict[str, Any]:
    if not any(k in item for k in _ADAPTER_KEYS):
        return item
    out = {k: adapter_name(v) if k in _NAME_FIELDS and isinstance(v, str) else v
           for k, v in item.items()}
    desc = out.get("InterfaceDescription")
    if out.get("NdisPhysicalMedium") == _VIRTUAL_MEDIUM and isinstance(desc, str):
        out["InterfaceDescription"] = adapter_name(desc)
    return out


def adapters(value: Any) -> Any:
    """Adapter objects' names in parsed data (a list of them, or one)."""
    if isinstance(value, list):
        return [adapters(v) for v in value]
    if isinstance(value, dict):
        return {k: adapters(v) for k, v in _adapter(value).items()}
    return value


def _adapters_text(text: str) -> str:
    """PowerShell's JSON about adapters, with their names replaced (written compactly again:
    checks read it as JSON, not by its layout)."""
    stripped = text.strip().lstrip("\ufeff")
    if not stripped.startswith(("{", "[")):
        return text
    try:
        data = json.loads(stripped)
    except ValueError:
        return text
    new = adapters(data)
    if new == data:
        return text
    return json.dumps(new, ensure_ascii=False, separators=(",", ":")) + \
        text[len(text.rstrip()):]


# --- identifiers of hardware and names of drives -------------------------------------------

# system_profiler SPCameraDataType's unique ID (a USB camera's carries its serial number).
_CAMERA_ID = re.compile(r'(?im)(?P<key>"spcamera_unique-id"\s*:\s*"|^[ \t]*Unique ID:[ \t]*)'
                        r'(?P<value>[^"\r\n]+)(?P<end>)')
# A Windows device instance ID ends in the serial number the device reports
# (USB\VID_046D&PID_085E\5A1B2C3D; USBSTOR's with "&0" after it); one Windows made up holds
# '&' ("5&1a2b3c&0&1") and names nothing. JSON doubles the backslashes.
_INSTANCE_SERIAL = re.compile(
    r"(?i)(?P<key>\b(?:USB|USBSTOR|HID|BTHENUM|BTHLE|SCSI)(?:\\\\|\\)[^\\\"\s]+"
    r"(?:\\\\|\\))(?P<value>[^\\\"\s&]{6,})(?P<end>(?:&\d+)?)(?=[\"\s,]|$)")
# The label a practitioner gave a drive: manage-bde's "Volume D: [Client Files]" header, and
# the folder a Linux desktop mounts it on (/run/media/USER/LABEL, /media/USER/LABEL).
_BDE_LABEL = re.compile(r"(?m)^(?P<key>Volume[^\r\n\[]*\[)(?P<value>[^\]\r\n]+)(?P<end>\])")
_MEDIA_DIR = r"(?<![\w.\\/-])(?:/|\\/)(?:run(?:/|\\/))?media(?:/|\\/)"
# A JSON string holding the path ends at its quote (lsblk -J keeps spaces); in a table a
# path ends at white space, which tools print escaped ("\x20", "\040").
_MEDIA_JSON = re.compile(rf'(?P<key>"{_MEDIA_DIR})(?P<value>[^"\r\n]+)(?P<end>")')
_MEDIA = re.compile(rf"(?P<key>{_MEDIA_DIR})"
                    r"(?P<value>(?:[^\\\s\"'<>|;,:]|\\x[0-9A-Fa-f]{2}|\\[0-7]{3}|\\/)+)"
                    r"(?P<end>)")


def _media_path(m: re.Match[str]) -> str:
    """/run/media/USER/LABEL: the account and the label, each replaced."""
    parts = re.split(r"(/|\\/)", m.group("value"))
    return m.group("key") + "".join(p if i % 2 or not p else REDACTED
                                    for i, p in enumerate(parts)) + m.group("end")


def identifiers(text: str, argv: Sequence[str] = ()) -> str:
    """Cameras' unique IDs, devices' serials in instance IDs, drive labels."""
    text = hide_values(_CAMERA_ID, text) if "nique" in text else text
    text = hide_values(_INSTANCE_SERIAL, text)
    if _tool(argv).removesuffix(".exe") == "manage-bde":
        text = hide_values(_BDE_LABEL, text)
    if "media" in text:
        text = _MEDIA.sub(_media_path, _MEDIA_JSON.sub(_media_path, text))
    return text


def in_text(text: str, argv: Sequence[str] = ()) -> str:
    """Device owners, and adapters' names, in one recorded text (a command's output when
    ``argv`` is given)."""
    if not text:
        return text
    text = _owners(_JSON_MEMBER, text)
    text = _owners(_LINE, text)
    if _tool(argv) == "system_profiler":
        text = _owners(_HEADING, text)
    if any(k in text for k in _ADAPTER_KEYS):
        text = _adapters_text(text)
    return identifiers(text, argv)


def in_value(value: Any) -> Any:
    """Device owners and adapters' names in parsed data (native probes): by key."""
    return _owners_in_value(adapters(value))


def _owners_in_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: redact_device_owner(v) if isinstance(k, str) and isinstance(v, str)
                and k.lower() in DEVICE_NAME_KEYS else _owners_in_value(v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_owners_in_value(v) for v in value]
    return value
