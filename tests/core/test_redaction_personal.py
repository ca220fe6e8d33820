"""Redaction (review of 2026-12-02): hardware addresses in every separator form, IP addresses
and connections, e-mail addresses, URL credentials, serial numbers, other accounts' login
names, the invoking account under sudo, host and user names only as whole tokens, owners in
host-name forms. Inputs are handmade strings in the forms the named tools print."""

from __future__ import annotations

import json
from collections.abc import Set as AbstractSet
from types import SimpleNamespace
from typing import Any

import pytest

from readiness.model import Status
from readiness.probe import recording, snapshot_identity, snapshot_personal
from readiness.probe import snapshot as snapshot_mod
from readiness.probe.types import PlatformInfo
from tests.helpers import SNAPSHOTS, run_check

R = "<redacted>"
LINUX = PlatformInfo("Linux", "6.8.0", "#1", "x86_64")


def _text(value: str, argv: tuple[str, ...] = (), secrets: AbstractSet[str] = frozenset()
          ) -> str:
    return snapshot_mod.text_redactor(set(secrets))(value, argv)


def _fixture(path: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SNAPSHOTS / path / "snapshot.json").read_text("utf-8"))
    return data


# --- hardware addresses -----------------------------------------------------------------------

@pytest.mark.parametrize(("printed", "zeroed"), [
    ("bluez_output.AC_80_0A_11_22_33.1", "bluez_output.00_00_00_00_00_00.1"),
    ("/org/bluez/hci0/dev_AC_80_0A_11_22_33", "/org/bluez/hci0/dev_00_00_00_00_00_00"),
    ("bluez_card.ac_80_0a_11_22_33", "bluez_card.00_00_00_00_00_00"),
    ("ac.80.0a.11.22.33", "00.00.00.00.00.00"),
    ("dev=AC%3A80%3A0A%3A11%3A22%3A33", "dev=00%3A00%3A00%3A00%3A00%3A00"),
])
def test_hardware_addresses_in_every_separator_form(printed: str, zeroed: str) -> None:
    assert _text(printed) == zeroed


def test_a_pci_path_is_not_taken_for_a_hardware_address() -> None:
    name = "alsa_output.pci-0000_00_1f.3.analog-stereo"
    assert _text(name) == name


def test_the_headphones_sink_still_matches_once_redacted() -> None:
    data = _fixture("headphones/linux_handmade_bluetooth_headphones_default_sink")
    red = snapshot_mod.redact(snapshot_mod.parse(data), set()).to_json()
    default = red["commands"][0]["stdout"].strip()
    assert default == "bluez_output.00_00_00_00_00_00.1"
    assert default in red["commands"][1]["stdout"] and "AC_80" not in json.dumps(red)


# --- IP addresses and connections -------------------------------------------------------------

NETSTAT = ("netstat", "-a", "-n", "-p", "tcp")
NETSTAT_OUT = (
    "Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)\n"
    "tcp6       0      0  2a02:c7f:8a1e:5600::6c7d.52144 2a00:1450:4009:81f::200e.443 "
    "ESTABLISHED\n"
    "tcp4       0      0  192.168.1.20.52190     192.168.1.7.5900       ESTABLISHED\n"
    "tcp4       0      0  127.0.0.1.631          *.*                    LISTEN\n"
    "tcp4       0      0  *.5900                 *.*                    LISTEN\n"
    "tcp6       0      0  2a02:c7f:8a1e:5600::6c7d.22 *.*               LISTEN\n")


def test_connections_are_zeroed_and_listening_sockets_keep_their_meaning() -> None:
    out = _text(NETSTAT_OUT, NETSTAT)
    lines = out.splitlines()
    assert "2a02" not in out and "2a00:1450" not in out and "192.168.1.7" not in out
    assert lines[1].split()[3:] == ["0000:000:0000:0000::0000.52144",
                                    "0000:0000:0000:000::0000.443", "ESTABLISHED"]
    assert lines[2].split()[3:5] == ["000.000.0.00.52190", "000.000.0.0.5900"]
    assert lines[3:5] == NETSTAT_OUT.splitlines()[3:5]  # loopback and wildcard as printed
    assert lines[5].split()[3] == "2001:db8::1.22"  # still a specific, non-loopback address


@pytest.mark.parametrize(("printed", "argv", "hidden", "kept"), [
    ("inet6 2a02:c7f:8a1e:5600:9c1d:2f3e:4b5a:6c7d prefixlen 64", (), "2a02", "2001:db8::1"),
    ("inet6 fd12:3456:789a:1::5 prefixlen 64", (), "fd12", "fd00::1"),
    ("nameserver 81.2.69.1\nnameserver 192.168.1.1\n", (), "81.2.69.1", "192.168.1.1"),
    ("Acquire::http::Mirror \"http://81.2.69.160:3128/\";", (), "81.2.69", "192.0.2.1:3128"),
    ("1.1.1.1 via 192.168.1.1 dev wlp2s0 src 81.2.69.160 uid 1000\n",
     ("ip", "route", "get", "1.1.1.1"), "81.2.69", "1.1.1.1 via 192.168.1.1"),
    ("   route to: 1.1.1.1\n  gateway: 100.64.0.1\n", ("route", "-n", "get", "1.1.1.1"),
     "", "route to: 1.1.1.1\n  gateway: 100.64.0.1"),
    ("inet6 fe80::1c2d:3e4f:5a6b:7c8d%en0 prefixlen 64 scopeid 0x4", (), "",
     "fe80::1c2d:3e4f:5a6b:7c8d%en0"),
])
def test_global_addresses_are_replaced_and_local_ones_kept(
        printed: str, argv: tuple[str, ...], hidden: str, kept: str) -> None:
    out = _text(printed, argv)
    assert kept in out, out
    if hidden:
        assert hidden not in out, out


@pytest.mark.parametrize(("printed", "argv"), [
    ("com.skype.Client\t8.45.0.41\n", ("flatpak", "list", "--app")),
    ('"firmware" : "Broadcom BCM43xx 1.0 (7.77.111.1 AirPortDriverBrcmNIC-1615.7)"',
     ("system_profiler", "SPAirPortDataType", "-json")),
    ("- scsi: lpfc: Update lpfc version to 14.4.0.12 (bsc#1254119).", ("zypper",)),
    ("iwl6050-firmware.noarch   999:41.28.5.1-999.39.el8   ol8_baseos", ("dnf",)),
    ("Started at 12:30:45 on 2025-01-02", ()),
    ("    Version                   : 23.40.0.4\n", ("netsh", "wlan", "show", "drivers")),
])
def test_version_numbers_are_not_taken_for_addresses(printed: str,
                                                     argv: tuple[str, ...]) -> None:
    assert _text(printed, argv) == printed


# --- e-mail addresses and URL credentials -----------------------------------------------------

@pytest.mark.parametrize(("printed", "hidden"), [
    ('Unattended-Upgrade::Mail "kwame.mensah@example.org";', "kwame"),
    ("email_to = kwame+updates@example.co.uk", "kwame"),
    ("mailto:kwame.mensah%40example.org", "kwame"),
    ("<description>Reported-by: kwame@example.org</description>", "kwame"),
    ("mailto:kwame@mensah-family.org", "mensah"),
])
def test_email_addresses_are_redacted(printed: str, hidden: str) -> None:
    out = _text(printed)
    assert hidden not in out and "example" not in out and "family" not in out, out


def test_an_address_in_xml_leaves_it_well_formed_and_units_are_no_addresses() -> None:
    import xml.etree.ElementTree as ET

    out = _text("<d>see 1765.nullmailer@tls.msk.ru/</d>")
    ET.fromstring(out)  # noqa: S314 - our own literal, not untrusted
    for unit in ("clamd@scan.service", "user@1000.service", "getty@tty1.service"):
        assert _text(unit) == unit


@pytest.mark.parametrize(("printed", "host_kept"), [
    ('Acquire::http::Proxy "http://kmensah:Winter2026!@proxy.example.org:3128/";', False),
    ('{"proxy": "https:\\/\\/kmensah:Winter2026!@proxy.example.org"}', False),
    ("https_proxy=kmensah:Winter2026!@proxy.example.org:3128", False),
    ("http://kmensah:Winter@2026!@proxy.example.org/", True),  # an '@' left unencoded
])
def test_credentials_in_urls_are_redacted(printed: str, host_kept: bool) -> None:
    out = _text(printed)
    assert "kmensah" not in out and "Winter" not in out and "2026" not in out, out
    # A proxy setting loses its host as well (the employer's or practice's domain).
    assert ("proxy.example.org" in out) is host_kept, out


# --- serial numbers ---------------------------------------------------------------------------

@pytest.mark.parametrize("printed", [
    "      Serial Number (system): C02XQWERTY12\n",
    "SerialNumber : QWERTY12\n",
    "SerialNumber=QWERTY12\r\n",
    "E: ID_SERIAL_SHORT=QWERTY12\n",
    '    |   "IOPlatformSerialNumber" = "QWERTY12"\n',
    '{"device_serialNumberLeft":"QWERTY12","device_vendorID":"0x004C"}',
    "<key>SerialNumber</key>\n\t<string>QWERTY12</string>",
    "SerialNumber  \r\r\nQWERTY12  \r\r\n\r\r\n",  # wmic bios get serialnumber
])
def test_serial_numbers_are_redacted_in_text(printed: str) -> None:
    out = _text(printed)
    assert "QWERTY" not in out and R in out, out


@pytest.mark.parametrize("printed", [
    "- sched/fair: Have SD_SERIALIZE affect newidle balancing",
    "serial-getty@ttyS0.service: loaded",
    "- serial: 8250: fix the console on one board\n",  # a changelog bullet, not a key
    "SerialNumber : \n",
])
def test_words_about_serials_are_kept(printed: str) -> None:
    assert _text(printed) == printed


def test_serial_numbers_in_parsed_data_registry_and_files() -> None:
    snap = snapshot_mod.Snapshot(
        PlatformInfo("Windows", "11", "10", "AMD64"),
        native={"bt": [{"serial_number": "QWERTY1", "name": "x"}]},
        registry={r"HKLM\SYSTEM\X\SerialNumber": {"type": "REG_SZ", "value": "QWERTY2"}},
        files={"/sys/class/dmi/id/product_serial": "QWERTY3\n",
               "/etc/machine-id": "0123456789abcdef0123456789abcdef\n"})
    text = json.dumps(snapshot_mod.redact(snap, set()).to_json())
    assert "QWERTY" not in text and "0123456789abcdef" not in text


# --- other accounts ---------------------------------------------------------------------------

def test_the_process_list_keeps_system_accounts_and_hides_people() -> None:
    names = ["kmensah", "PC\\amara", "root", "gdm", "_windowserver", "systemd-resolve",
             "NT AUTHORITY\\SYSTEM", "Window Manager\\DWM-1", "", "1000"]
    snap = snapshot_mod.Snapshot(LINUX, processes=[
        {"name": "anydesk", "exe": "/home/amara/bin/anydesk", "username": n} for n in names])
    out = snapshot_mod.redact(snap, set()).processes or []
    assert [p["username"] for p in out] == [R, R, *names[2:]]
    # A program a check looks for keeps its path, without the account's name.
    assert out[0]["exe"] == f"/home/{R}/bin/anydesk"


@pytest.mark.parametrize(("path", "printed", "argv"), [
    ("/etc/gdm3/custom.conf", "[daemon]\nAutomaticLoginEnable=true\nAutomaticLogin=amara\n", ()),
    ("/etc/gdm/custom.conf", "TimedLogin = amara\n", ()),
    ("/etc/lightdm/lightdm.conf", "[Seat:*]\nautologin-user=amara\n", ()),
    ("/etc/sddm.conf.d/a.conf", "[Autologin]\nUser=amara\nSession=plasma\n", ()),
    ("/x", "ExecStart=-/sbin/agetty --autologin amara --noclear %I $TERM\n", ()),
    ("/x", "amara\n", ("defaults", "read", "/Library/Preferences/com.apple.loginwindow",
                       "autoLoginUser")),
    ("/x", "{\n    autoLoginUser = amara;\n    lastUserName = amara;\n}\n", ()),
    ("/x", "<key>autoLoginUser</key>\n<string>amara</string>", ()),
    ("/x", "/Users/amara/Library and C:\\\\Users\\\\amara\\\\AppData and C:\\Users\\amara", ()),
])
def test_automatic_login_names_and_home_folders_are_redacted(
        path: str, printed: str, argv: tuple[str, ...]) -> None:
    out = _text(printed, argv)
    assert "amara" not in out and R in out, out


def test_shared_folders_and_an_unset_automatic_login_are_kept() -> None:
    for printed in ("/Users/Shared/x", "C:\\Users\\Public", "AutomaticLogin=\n", "/home\n"):
        assert _text(printed) == printed
    assert snapshot_personal.account("NT SERVICE\\TrustedInstaller") == \
        "NT SERVICE\\TrustedInstaller"


def test_an_automatic_login_still_fails_once_redacted() -> None:
    data = _fixture("remote_access_absent/linux_container_nothing_running")
    snap = snapshot_mod.Snapshot(LINUX, files={
        "/etc/gdm3/custom.conf": "[daemon]\nAutomaticLoginEnable=true\nAutomaticLogin=amara\n"})
    red = snapshot_mod.redact(snap, set()).files["/etc/gdm3/custom.conf"]
    assert red.endswith(f"AutomaticLogin={R}\n") and data  # still set: still automatic


# --- the invoking account under sudo ----------------------------------------------------------

def test_under_sudo_the_invoking_accounts_home_and_full_name_are_identifiers(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import pwd

    entry = SimpleNamespace(pw_name="amara", pw_dir="/home/amara",
                            pw_gecos="Amara Okafor,,,")
    real = pwd.getpwuid
    monkeypatch.setattr(pwd, "getpwnam", lambda name: entry)
    monkeypatch.setattr(pwd, "getpwuid", lambda uid: entry if uid == 4242 else real(uid))
    monkeypatch.setenv("SUDO_USER", "amara")
    monkeypatch.delenv("DOAS_USER", raising=False)
    monkeypatch.setenv("PKEXEC_UID", "4242")  # the same person: listed once
    assert snapshot_identity.invoking_users() == [
        snapshot_identity.Person("amara", "/home/amara", "Amara Okafor")]
    assert {"amara", "/home/amara"} <= recording.default_identifiers()
    assert "Amara Okafor" in recording.owner_names()


def test_sudo_to_root_adds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUDO_USER", "root")
    monkeypatch.setenv("PKEXEC_UID", "0")
    monkeypatch.delenv("DOAS_USER", raising=False)
    monkeypatch.setattr(snapshot_identity, "_system", lambda: "linux")
    assert snapshot_identity.invoking_users() == []


# --- host and user names as whole tokens ------------------------------------------------------

def test_a_secret_is_replaced_as_a_whole_token_only() -> None:
    out = _text("jane janet /home/jane/x jane.local JANE-laptop", secrets={"jane"})
    assert out == f"{R} janet /home/{R}/x {R}.local {R}-laptop"


def test_a_login_name_that_is_also_a_word_stays_secret() -> None:
    # "grace" is a common word (never replaced bare as a full name's first name), but as a
    # login name it is a person's, unlike "ubuntu" or "admin".
    assert _text("owner grace; ubuntu; admin", secrets={"grace", "ubuntu", "admin"}) == \
        f"owner {R}; ubuntu; admin"


@pytest.mark.parametrize(("case", "host"), [
    ("os_supported/linux_ubuntu_18_04_fail", "ubuntu"),
    ("os_supported/linux_fedora_35_fail", "fedora"),
    ("os_supported/linux_debian_10_fail", "debian"),
])
def test_a_computer_named_after_its_system_decides_the_same(case: str, host: str) -> None:
    data = _fixture(case)
    red = snapshot_mod.redact(snapshot_mod.parse(data), {host, "/home/" + host})
    assert red.files == data["files"]  # "ubuntu" is no one's name
    assert run_check("os_supported", red.to_json(), today="2026-11-21").status is Status.FAIL


# --- owners in host-name forms ----------------------------------------------------------------

@pytest.mark.parametrize(("printed", "kept"), [
    ("Janes-iPhone", "-iPhone"), ("Toms-MacBook-Pro.local", "-MacBook-Pro.local"),
    ("janes-macbook-pro", "-macbook-pro"), ("jane's airpods", "'s airpods"),
    ("Connected to jane\u2019s AirPods Pro", "\u2019s AirPods Pro"),
])
def test_owners_in_host_name_forms_are_redacted(printed: str, kept: str) -> None:
    out = _text(printed)
    assert out.endswith(kept) and R in out and "jane" not in out.lower(), out


@pytest.mark.parametrize("printed", [
    "Wireless-Mouse", "iOS-iPhone", "it's iphone time", "MacBook-Pro", "Series-Watch",
    "Logitech Wireless Mouse",
])
def test_words_ending_in_s_before_a_device_are_kept(printed: str) -> None:
    assert _text(printed) == printed
