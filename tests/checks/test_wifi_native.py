"""The Wi-Fi check on the native probes' answers, end to end, as a table.

The probes' JSON is Readiness's own format (checks/native/*), so no public output of it can
exist; these rows stand for the replay fixtures that once held one case each. The numbers are
the platforms' documented constants (CWSecurity in CoreWLANTypes.h; DOT11_AUTH_ALGORITHM and
DOT11_CIPHER_ALGORITHM in windot11.h).
"""

from __future__ import annotations

from typing import Any

import pytest

from checks.wifi.model import NATIVE_MACOS, NATIVE_WINDOWS
from readiness.model import Status
from tests.helpers import cmd, make_snapshot, run_check


def _cw(security: int, *, power: bool = True, mode: int = 1, ssid: str | None = None,
        channel: int | None = 36, rssi: int = -52) -> dict[str, Any]:
    return {"api": "CoreWLAN", "interfaces": [
        {"name": "en0", "power_on": power, "interface_mode": mode, "security": security,
         "ssid": ssid, "channel": channel, "rssi": rssi}]}


@pytest.mark.parametrize(
    ("native", "status"),
    [
        (_cw(4, ssid="HomeNet"), Status.PASS),
        (_cw(11), Status.PASS),  # WPA3 Personal, name hidden without Location permission
        (_cw(0, ssid="CafeFree"), Status.FAIL),  # open; no VPN route answered
        (_cw(6), Status.FAIL),  # Dynamic WEP
        (_cw(2), Status.WARN),  # WPA Personal (first generation)
        (_cw(14), Status.WARN),  # OWE
        (_cw(9223372036854775807), Status.UNKNOWN),  # kCWSecurityUnknown (NSIntegerMax)
        (_cw(0, power=False, mode=0, channel=None, rssi=0), Status.NOT_APPLICABLE),  # off
        # on, but joined to no network: security() reads None then, which is not "open"
        (_cw(0, mode=0, channel=None, rssi=0), Status.NOT_APPLICABLE),
    ],
)
def test_corewlan(native: dict[str, Any], status: Status) -> None:
    snap = make_snapshot("macos", native={NATIVE_MACOS: native})
    assert run_check("wifi_security", snap).status is status


def test_corewlan_error_and_profiler_timeout_is_unknown() -> None:
    snap = make_snapshot("macos", native={
        NATIVE_MACOS: {"error": "ModuleNotFoundError: No module named 'CoreWLAN'"}},
        commands=[cmd(["system_profiler", "SPAirPortDataType", "-json"], timed_out=True)])
    result = run_check("wifi_security", snap)
    assert result.status is Status.UNKNOWN and "CoreWLAN" in result.summary


def _wlan(auth: int, cipher: int, enabled: bool = True, *, state: int = 1,
          query_error: int | None = None) -> dict[str, Any]:
    conn = None if state != 1 or query_error else {
        "state_code": 1, "ssid": "HomeNet", "bss_type": 1, "phy_type": 7,
        "security_enabled": enabled, "onex_enabled": False, "auth_algorithm": auth,
        "cipher_algorithm": cipher}
    return {"api": "wlanapi", "interfaces": [
        {"description": "Intel(R) Wi-Fi 6 AX201 160MHz", "state_code": state,
         "state": "connected" if state == 1 else "disconnected", "connection": conn,
         "query_error": query_error}]}


@pytest.mark.parametrize(
    ("native", "status"),
    [
        (_wlan(7, 4), Status.PASS),  # WPA2-Personal, CCMP
        (_wlan(9, 4), Status.PASS),  # WPA3 SAE, CCMP
        (_wlan(1, 0, False), Status.FAIL),  # open; no VPN route answered
        (_wlan(2, 0x101), Status.FAIL),  # shared-key WEP
        (_wlan(4, 2), Status.WARN),  # WPA-Personal, TKIP
        (_wlan(7, 2), Status.WARN),  # WPA2 held back to TKIP
        (_wlan(10, 4), Status.WARN),  # OWE
        (_wlan(0x80000001, 4), Status.UNKNOWN),  # a vendor (IHV) algorithm
        (_wlan(0, 0, state=4), Status.NOT_APPLICABLE),  # the only Wi-Fi card is disconnected
        ({"api": "wlanapi", "open_error": 1062}, Status.NOT_APPLICABLE),  # WLAN service stopped
    ],
)
def test_windows_native(native: dict[str, Any], status: Status) -> None:
    snap = make_snapshot("windows", native={NATIVE_WINDOWS: native})
    assert run_check("wifi_security", snap).status is status


def test_windows_location_denied_by_both_sources_gives_the_steps() -> None:
    denied = ("\r\nThere is 1 interface on the system:\r\nNetwork shell commands need location "
              "permission to access WLAN information.\r\nms-settings:privacy-location\r\n")
    snap = make_snapshot("windows", native={NATIVE_WINDOWS: _wlan(0, 0, query_error=5)},
                         commands=[cmd(["netsh", "wlan", "show", "interfaces"], denied, 1)])
    result = run_check("wifi_security", snap)
    assert result.status is Status.UNKNOWN and "Location" in result.summary


def test_windows_nothing_available_is_unknown() -> None:
    result = run_check("wifi_security", make_snapshot("windows"))
    assert result.status is Status.UNKNOWN


def test_windows_native_error_and_netsh_timeout_is_unknown() -> None:
    snap = make_snapshot("windows", native={
        NATIVE_WINDOWS: {"error": "OSError: [WinError 126] The specified module could not be "
                                  "found"}},
        commands=[cmd(["netsh", "wlan", "show", "interfaces"], timed_out=True)])
    assert run_check("wifi_security", snap).status is Status.UNKNOWN
