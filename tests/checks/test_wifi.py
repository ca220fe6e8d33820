"""Parsers of the Wi-Fi check on Windows and macOS (Linux: tests/checks/test_wifi_linux.py)."""

from __future__ import annotations

import json
import sys

import pytest

from checks.native import corewlan_macos, wlan_windows
from checks.wifi import facts_macos, facts_windows, netsh
from checks.wifi.model import Security


@pytest.mark.parametrize(
    ("auth", "cipher", "enabled", "expect"),
    [
        (1, 0, False, Security.OPEN),
        (1, 1, True, Security.WEP),  # open-system WEP-40
        (1, 0x101, True, Security.WEP),
        (2, 5, True, Security.WEP),
        (3, 2, True, Security.WPA1),
        (4, 4, True, Security.WPA1),  # WPA1 with CCMP is still first-generation WPA
        (6, 4, True, Security.WPA2),
        (7, 4, True, Security.WPA2),
        (7, 2, True, Security.WPA1),  # WPA2 held back to TKIP
        (7, 8, True, Security.WPA2),
        (9, 4, True, Security.WPA3),
        (11, 9, True, Security.WPA3),
        (10, 4, True, Security.OWE),
        (7, 0, True, Security.UNKNOWN),  # WPA2 with no cipher is contradictory
        (7, 4, False, Security.UNKNOWN),  # secured algorithm, security off: contradictory
        (1, 4, False, Security.UNKNOWN),
        (0x80000000, 4, True, Security.UNKNOWN),  # vendor (IHV) algorithm
    ],
)
def test_windows_algorithms(auth: int, cipher: int, enabled: bool, expect: Security) -> None:
    assert facts_windows.classify_windows(auth, cipher, enabled) is expect


NETSH_EN = (
    "\r\nThere is 1 interface on the system:\r\n\r\n"
    "    Name                   : Wi-Fi\r\n"
    "    GUID                   : 2380bb39-c1e5-42bc-8d03-5e4e562ba42d\r\n"
    "    State                  : {state}\r\n"
    "    SSID                   : {ssid}\r\n"
    "    Authentication         : {auth}\r\n"
    "    Cipher                 : {cipher}\r\n"
    "    Profile                : {ssid}\r\n\r\n"
    "    Hosted network status  : Not available\r\n"
)


@pytest.mark.parametrize(
    ("auth", "cipher", "expect"),
    [
        ("WPA2-Personal", "CCMP", Security.WPA2),
        ("WPA3-Personal", "GCMP-256", Security.WPA3),
        ("WPA2-Enterprise", "TKIP", Security.WPA1),
        ("WPA-Personal", "TKIP", Security.WPA1),
        ("Open", "None", Security.OPEN),
        ("Open", "WEP", Security.WEP),
        ("Shared", "WEP", Security.WEP),
        ("OWE", "CCMP", Security.OWE),
        ("WPA2-Personal", "Unknown", Security.UNKNOWN),
        ("Something-New", "CCMP", Security.UNKNOWN),
    ],
)
def test_netsh_english(auth: str, cipher: str, expect: Security) -> None:
    reading = netsh.read_netsh(NETSH_EN.format(state="connected", ssid="Home", auth=auth,
                                              cipher=cipher))
    assert reading.in_use and reading.links[0].security is expect


def test_netsh_disconnected_is_not_in_use() -> None:
    text = NETSH_EN.format(state="disconnected", ssid="", auth="", cipher="")
    assert netsh.read_netsh(text).in_use is False


def test_netsh_ssid_named_like_a_method_does_not_pass() -> None:
    text = NETSH_EN.format(state="connected", ssid="WPA2-Personal", auth="Open", cipher="None")
    assert netsh.read_netsh(text).links[0].security is Security.OPEN


def test_netsh_location_denied_in_any_language() -> None:
    french = ("Il existe 1 interface sur le système :\r\n"
              "Les commandes de l'environnement réseau nécessitent une autorisation ...\r\n"
              "ms-settings:privacy-location\r\n")
    reading = netsh.read_netsh(french)
    assert reading.location_denied and not reading.answered
    assert "Location" in (reading.problem or "")


def test_netsh_unrecognised_output_is_a_problem() -> None:
    assert not netsh.read_netsh("garbage\r\n").answered


# Windows 11 24H2 layout (as seen in a public netsh output on a Qualcomm FastConnect 7800):
# "Interface type", "AP BSSID", "Band", an untranslated "Connected Akm-cipher" line, and the
# authentication followed by a qualifier such as "(H2E)".
NETSH_24H2 = (
    "\r\nThere is 1 interface on the system:\r\n\r\n"
    "    Name                   : Wi-Fi\r\n"
    "    GUID                   : c62d023f-329b-4d26-8e12-7218d4bf1060\r\n"
    "    Interface type         : Primary\r\n"
    "    State                  : connected\r\n"
    "    SSID                   : Home\r\n"
    "    AP BSSID               : 70:13:01:8a:d9:a3\r\n"
    "    Band                   : 6 GHz\r\n"
    "{akm}"
    "    Network type           : Infrastructure\r\n"
    "    Authentication         : {auth}\r\n"
    "    Cipher                 : {cipher}\r\n"
    "    Profile                : Home\r\n\r\n"
)


def _akm(akm: str, cipher: str) -> str:
    return f"    Connected Akm-cipher   : [ akm = {akm}, cipher =  {cipher} ]\r\n"


@pytest.mark.parametrize(
    ("akm", "auth", "cipher", "expect"),
    [
        # the authentication token is read, not the whole value
        ("", "WPA3-Personal  (H2E)", "CCMP", Security.WPA3),
        ("", "WPA2-Personal (H2E)", "TKIP", Security.WPA1),
        ("", "Open  (H2E)", "None", Security.OPEN),
        ("", "WPA3-Personal H2E", "CCMP", Security.UNKNOWN),  # not a qualifier in brackets
        ("", "WPA3-PersonalX (H2E)", "CCMP", Security.UNKNOWN),
        # the AKM suite selector line is preferred where it exists
        (_akm("00-0f-ac:08", "00-0f-ac:04"), "WPA3-Personal  (H2E)", "CCMP", Security.WPA3),
        (_akm("00-0f-ac:08", "00-0f-ac:04"), "Something-New", "CCMP", Security.WPA3),
        (_akm("00-0f-ac:02", "00-0f-ac:04"), "WPA2-Personal", "CCMP", Security.WPA2),
        (_akm("00-0f-ac:06", "00-0f-ac:04"), "WPA3-Personal", "CCMP", Security.WPA2),
        (_akm("00-0f-ac:02", "00-0f-ac:02"), "WPA2-Personal", "TKIP", Security.WPA1),
        (_akm("00-50-f2:02", "00-50-f2:04"), "WPA-Personal", "CCMP", Security.WPA1),
        (_akm("00-0f-ac:12", "00-0f-ac:09"), "WPA3-Enterprise", "GCMP-256", Security.WPA3),
        (_akm("00-0f-ac:18", "00-0f-ac:04"), "OWE", "CCMP", Security.OWE),
        (_akm("00-0f-ac:08", "00-0f-ac:00"), "WPA3-Personal", "CCMP", Security.UNKNOWN),
        (_akm("00-0f-ac:99", "00-0f-ac:04"), "WPA3-Personal", "CCMP", Security.UNKNOWN),
        (_akm("00-0f-ac:08", "00-0f-ac:04"), "Open", "None", Security.UNKNOWN),  # contradicts
        ("    Connected Akm-cipher   : [ akm = garbled ]\r\n", "WPA3-Personal", "CCMP",
         Security.UNKNOWN),
    ],
)
def test_netsh_24h2(akm: str, auth: str, cipher: str, expect: Security) -> None:
    reading = netsh.read_netsh(NETSH_24H2.format(akm=akm, auth=auth, cipher=cipher))
    assert reading.answered and reading.in_use
    assert reading.links[0].security is expect


def test_netsh_translated_with_akm_line_reads_the_selector() -> None:
    text = ("Es ist 1 Schnittstelle auf dem System vorhanden:\r\n\r\n"
            "    Name                   : WLAN\r\n"
            "    GUID                   : c62d023f-329b-4d26-8e12-7218d4bf1060\r\n"
            "    Status                 : Verbunden\r\n"
            "    SSID                   : Heim\r\n"
            "    Verbundene AKM-Verschlüsselung : [ akm = 00-0f-ac:08, cipher = 00-0f-ac:04 ]\r\n"
            "    Authentifizierung      : WPA3-Personal  (H2E)\r\n"
            "    Verschlüsselung        : CCMP\r\n")
    reading = netsh.read_netsh(text)
    assert reading.answered and reading.links[0].security is Security.WPA3
    assert "00-0f-ac:08" in reading.links[0].raw


@pytest.mark.parametrize(
    ("auth_label", "auth", "cipher_label", "cipher", "expect"),
    [
        # French and Spanish Windows translate "Open" and "None" (seen in real outputs)
        ("Authentification", "Ouvrir", "Chiffrement", "Aucun", Security.OPEN),
        ("Autenticación", "Abierta", "Cifrado", "Ninguna", Security.OPEN),
        ("Authentification", "WPA2-Personal", "Chiffrement", "CCMP", Security.WPA2),
        ("Autenticación", "WPA3-Personal  (H2E)", "Cifrado", "GCMP-256", Security.WPA3),
        # a translated open network with a cipher is not simply open
        ("Autenticación", "Abierta", "Cifrado", "WEP", Security.WEP),
    ],
)
def test_netsh_translated_methods(auth_label: str, auth: str, cipher_label: str, cipher: str,
                                  expect: Security) -> None:
    text = ("Hay 1 interfaz en el sistema:\r\n"
            "   Nombre                   : Wi-Fi\r\n"
            "   GUID                   : f899e530-fd03-44a9-8307-4d4fc4827eab\r\n"
            "   Estado                  : conectado\r\n"
            "   SSID                   : Casa\r\n"
            f"   {auth_label}          : {auth}\r\n"
            f"   {cipher_label}                : {cipher}\r\n")
    reading = netsh.read_netsh(text)
    assert reading.answered and reading.links[0].security is expect


def test_netsh_translated_open_under_another_label_is_not_read() -> None:
    # "Ouvrir" is only taken as "Open" on a known authentication label
    text = ("Il existe 1 interface sur le système :\r\n"
            "   Nom                   : Ouvrir\r\n"
            "   GUID                   : f899e530-fd03-44a9-8307-4d4fc4827eab\r\n"
            "   Chiffrement                 : Aucun\r\n")
    assert not netsh.read_netsh(text).answered


# German Windows on an open network: "Offen" and "Keine" are translated words the check does
# not guess at, so the reading is unknown, never a pass; a profile named like a method is no
# evidence either. (Labels as German Windows prints them; the values are made up.)
NETSH_DE = (
    "\r\nEs ist 1 Schnittstelle auf dem System vorhanden:\r\n\r\n"
    "    Name                   : WLAN\r\n"
    "    Beschreibung           : Intel(R) Wi-Fi 6 AX201 160MHz\r\n"
    "    GUID                   : 7f3c1c9a-1111-2222-3333-444455556666\r\n"
    "    Status                 : Verbunden\r\n"
    "    SSID                   : Heimnetz\r\n"
    "    Netzwerktyp            : Infrastruktur\r\n"
    "    Authentifizierung      : Offen\r\n"
    "    Verschlüsselung        : Keine\r\n"
    "    Profil                 : {profile}\r\n\r\n"
)


@pytest.mark.parametrize("profile", ["Heimnetz", "WPA2-Personal"])
def test_netsh_german_open_is_not_guessed(profile: str) -> None:
    reading = netsh.read_netsh(NETSH_DE.format(profile=profile))
    assert not reading.answered or all(
        link.security is Security.UNKNOWN for link in reading.links)


def _cw(**kw: object) -> dict[str, object]:
    iface = {"name": "en0", "power_on": True, "interface_mode": 1, "security": 4, "ssid": None,
             "channel": 36, "rssi": -50}
    iface.update(kw)
    return {"api": "CoreWLAN", "interfaces": [iface]}


def test_corewlan_contradictory_association_is_unknown() -> None:
    # Mode "none" but a channel: do not take security()'s "None" for an open network.
    assert not facts_macos.read_corewlan(_cw(interface_mode=0, security=0, channel=36)).answered


def test_corewlan_hidden_name_is_explained() -> None:
    reading = facts_macos.read_corewlan(_cw())
    assert reading.links[0].security is Security.WPA2 and "Location" in reading.source


@pytest.mark.parametrize(
    ("mode", "expect"),
    [
        ("spairport_security_mode_wpa2_personal", Security.WPA2),
        ("spairport_security_mode_wpa3_transition", Security.WPA3),
        ("pairport_security_mode_wpa3_transition", Security.WPA3),  # Apple's missing "s"
        ("spairport_security_mode_none", Security.OPEN),
        ("spairport_security_mode_wep", Security.WEP),
        ("spairport_security_mode_owe_transition", Security.OWE),
        ("spairport_security_mode_wpa_personal", Security.WPA1),
        ("wpa2_personal", Security.UNKNOWN),  # no known prefix: not trusted
        ("spairport_security_mode_something_new", Security.UNKNOWN),
    ],
)
def test_system_profiler_modes(mode: str, expect: Security) -> None:
    text = json.dumps({"SPAirPortDataType": [{"spairport_airport_interfaces": [
        {"_name": "en0", "spairport_status_information": "spairport_status_connected",
         "spairport_current_network_information": {"_name": "<redacted>",
                                                   "spairport_security_mode": mode}}]}]})
    reading = facts_macos.read_system_profiler(text)
    assert reading.links[0].security is expect and reading.links[0].ssid is None


def test_native_probes_import_everywhere_and_fail_cleanly_off_their_os() -> None:
    # The modules import on Linux; calling them off their OS raises (the host turns that into
    # an error result) rather than returning something that could read as an answer.
    if sys.platform != "win32":
        with pytest.raises((AttributeError, OSError)):
            wlan_windows.current_connection()
    if sys.platform != "darwin":
        with pytest.raises(ModuleNotFoundError):
            corewlan_macos.current_interfaces()


def test_native_structures_match_the_windows_sdk_sizes() -> None:
    # wchar_t is 2 bytes on Windows; elsewhere ctypes uses 4, so compare on Windows only.
    import ctypes

    assert ctypes.sizeof(wlan_windows.WLAN_SECURITY_ATTRIBUTES) == 16
    assert ctypes.sizeof(wlan_windows.DOT11_SSID) == 36
    assert ctypes.sizeof(wlan_windows.WLAN_ASSOCIATION_ATTRIBUTES) == 68
    if sys.platform == "win32":
        assert ctypes.sizeof(wlan_windows.WLAN_CONNECTION_ATTRIBUTES) == 604
        assert ctypes.sizeof(wlan_windows.WLAN_INTERFACE_INFO) == 532
