"""macOS CoreWLAN: the state and security of every Wi-Fi interface, through PyObjC.

``CWInterface.security()`` is a ``CWSecurity`` number (not prose). Without Location permission
macOS hides the network name (``ssid()`` is nil) but still reports the security; an unknown
security is ``kCWSecurityUnknown`` (NSIntegerMax). PyObjC is imported only when the probe is
called, so this module imports on every OS.
"""

from __future__ import annotations

import importlib
from typing import Any

from readiness.probe.types import JSONValue


def _interface(iface: Any, name: str) -> dict[str, JSONValue]:
    ssid = iface.ssid()
    channel = iface.wlanChannel()
    return {
        "name": name,
        "power_on": bool(iface.powerOn()),
        # kCWInterfaceModeNone 0 (not associated), Station 1, IBSS 2, HostAP 3
        "interface_mode": int(iface.interfaceMode()),
        "security": int(iface.security()),
        "ssid": None if ssid is None else str(ssid),
        "channel": None if channel is None else int(channel.channelNumber()),
        "rssi": int(iface.rssiValue()),
    }


def current_interfaces() -> JSONValue:
    corewlan: Any = importlib.import_module("CoreWLAN")
    client = corewlan.CWWiFiClient.sharedWiFiClient()
    names = corewlan.CWWiFiClient.interfaceNames() or []
    found: list[JSONValue] = []
    for name in names:
        iface = client.interfaceWithName_(name)
        if iface is not None:
            found.append(_interface(iface, str(name)))
    return {"api": "CoreWLAN", "interfaces": found}
