"""macOS: the default sound output from ``system_profiler SPAudioDataType -json``.

Headphones are seen when the default output is
- the built-in headphone jack: transport ``builtin`` and Apple's own device or source name for
  it ("External Headphones" on Apple silicon, the "Headphones" source of "Built-in Output" on
  Intel Macs); or
- a Bluetooth device (transport ``bluetooth``) that ``system_profiler SPBluetoothDataType
  -json`` lists as connected with ``device_minorType`` Headphones or Headset (AirPods report
  Headphones). A Bluetooth speaker reports another type and does not count.
Anything else (built-in speakers, a USB device, a display) is named, not counted: a USB
headset's type is not reported, so the practitioner's answer decides then.
"""

from __future__ import annotations

import json
import re
from typing import Any

from checks.devices import spaudio
from checks.headphones.model import Finding, Output
from readiness.check import CheckContext

JACK = re.compile(r"\bheadphones?\b", re.IGNORECASE)
BT_HEADPHONE_TYPES = frozenset({"Headphones", "Headset"})
METHOD = ("system_profiler SPAudioDataType -json (default output and its transport), and "
          "SPBluetoothDataType -json for a Bluetooth output's device type")
TRANSPORTS = {"builtin": "built-in", "bluetooth": "Bluetooth", "usb": "USB", "hdmi": "HDMI",
              "displayport": "DisplayPort", "virtual": "virtual", "airplay": "AirPlay",
              "thunderbolt": "Thunderbolt"}


def bluetooth_types(text: str) -> dict[str, str] | None:
    """{connected device name: device_minorType}; None when not the Bluetooth report."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    items = data.get("SPBluetoothDataType") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return None
    found: dict[str, str] = {}
    for item in items:
        if not isinstance(item, dict):
            return None
        connected: Any = item.get("device_connected", [])
        if not isinstance(connected, list):
            return None
        for entry in connected:
            if not isinstance(entry, dict):
                return None
            for name, props in entry.items():
                if isinstance(props, dict) and isinstance(props.get("device_minorType"), str):
                    found[str(name)] = props["device_minorType"]
    return found


def _kind(transport: str) -> str:
    label = TRANSPORTS.get(transport, transport or "unknown")
    return {"built-in": "built-in output"}.get(label, f"a {label} device")


def output_of(dev: spaudio.AudioDevice, bt_types: dict[str, str] | None) -> Output:
    """The default output as an ``Output`` (pure)."""
    transport = dev.transport
    if transport == "builtin":
        jack = bool(JACK.search(dev.name) or JACK.search(dev.output_source))
        source = f", source '{dev.output_source}'" if dev.output_source else ""
        return Output(dev.name, "the headphone jack" if jack else "built-in output", jack,
                      f"transport built-in{source}")
    if transport == "bluetooth":
        minor = (bt_types or {}).get(dev.name)
        if minor is None:
            return Output(dev.name, "a Bluetooth device of unknown type", False,
                          "transport Bluetooth; device type not reported")
        return Output(dev.name, f"a Bluetooth device of type {minor}",
                      minor in BT_HEADPHONE_TYPES, f"transport Bluetooth, device type {minor}")
    return Output(dev.name, _kind(transport), False, f"transport {transport or 'not reported'}")


def gather(ctx: CheckContext) -> Finding:
    devices, problem = spaudio.read_audio(ctx)
    if devices is None:
        return Finding(problem=problem, method=METHOD)
    defaults = [d for d in devices if d.default_output]
    if len(defaults) != 1:
        return Finding(problem="no default output" if not defaults else
                       "more than one device is marked as the default output", method=METHOD)
    dev = defaults[0]
    bt_types: dict[str, str] | None = None
    if dev.transport == "bluetooth":
        res = ctx.run(["system_profiler", "SPBluetoothDataType", "-json"], timeout=20)
        bt_types = bluetooth_types(res.stdout) if res.ok else None
    return Finding((output_of(dev, bt_types),), method=METHOD)
