"""Redaction (review of 2026-12-02 c): names the tools spell their own way: a host name in
LVM device-mapper names, device owners whatever the model, adapter and VPN names on
Windows, a USB serial inside PipeWire's names, proxy hosts."""

from __future__ import annotations

import json

import pytest

from readiness.probe import snapshot as snapshot_mod
from readiness.probe import snapshot_devices
from readiness.probe.types import PlatformInfo

R = "<redacted>"
MAC = PlatformInfo("Darwin", "24.2.0", "Darwin Kernel", "arm64")


def _text(value: str, argv: tuple[str, ...] = (), secrets: frozenset[str] = frozenset()
          ) -> str:
    return snapshot_mod.text_redactor(set(secrets))(value, argv)


# --- a host name as other tools write it -----------------------------------------------------

@pytest.mark.parametrize("printed", [
    "/dev/mapper/janes--laptop--vg-root", "/dev/mapper/JANES--LAPTOP--vg-swap_1",
    "janes_laptop_vg", "janes-laptop-vg", "Janes-Laptop.local",
])
def test_a_hyphenated_host_name_in_every_spelling(printed: str) -> None:
    out = _text(printed, ("lsblk",), frozenset({"janes-laptop"}))
    assert "janes" not in out.lower() and R in out, out


def test_an_underscored_host_name_and_its_neighbours() -> None:
    out = _text("jane_pc jane-pc jane--pc janet_pc", (), frozenset({"jane_pc"}))
    assert out == f"{R} {R} {R} janet_pc"


# --- device owners ---------------------------------------------------------------------------

@pytest.mark.parametrize(("printed", "argv"), [
    ('{"description": "Priya\u2019s Bose QC45", "bluez5.alias": "Priya\u2019s Bose QC45"}',
     ("pactl", "-f", "json", "list", "sources")),
    ('{"FriendlyName": "Headset (Priya\'s WH-1000XM4 Hands-Free AG Audio)"}',
     ("powershell", "-Command", "Get-PnpDevice")),
    ('{"FriendlyName": "Headset (Priya\\u0027s WH-1000XM4)"}', ("powershell",)),
    ("Device AC:80:0A:11:22:33 (public)\n\tName: Priya\u2019s Bose QC45\n"
     "\tAlias: Priya Raman\u2019s QC45\n", ("bluetoothctl", "info")),
    ("\t\tbluez5.alias = \"Priya's Bose QC45\"\n", ("pactl", "list", "sources")),
    ("Bluetooth:\n      Connected:\n          Priya\u2019s Bose QC45:\n"
     "              Address: AC:80:0A:11:22:33\n", ("system_profiler", "SPBluetoothDataType")),
])
def test_owners_of_devices_whatever_the_model(printed: str, argv: tuple[str, ...]) -> None:
    out = _text(printed, argv)
    assert "Priya" not in out and R in out, out
    assert "QC45" in out or "WH-1000XM4" in out  # the model stays: it names no one


def test_owners_in_native_device_names() -> None:
    snap = snapshot_mod.Snapshot(MAC, native={"audio": [
        {"_name": "Priya\u2019s Bose QC45", "coreaudio_device_input": 1}]})
    out = snapshot_mod.redact(snap, set()).native
    assert out == {"audio": [{"_name": f"{R}\u2019s Bose QC45", "coreaudio_device_input": 1}]}


@pytest.mark.parametrize("printed", [
    '{"description": "It\u2019s time to update"}',
    "Name: That\u2019s all\n",
    "Here\u2019s the plan: it's fine and Priya’s notes stay where no device is named.\n",
])
def test_ordinary_phrases_are_not_owners(printed: str) -> None:
    out = _text(printed, ("pactl",))
    if "Priya" in printed:  # not a device name: left to the account-name rules
        assert out == printed
    assert R not in out


# --- adapter and VPN names on Windows --------------------------------------------------------

@pytest.mark.parametrize(("name", "shown"), [
    ("Calm Minds VPN", f"{R} vpn"), ("calmminds", R), ("Wi-Fi", "Wi-Fi"),
    ("Ethernet 2", "Ethernet 2"), ("Local Area Connection* 10", "Local Area Connection* 10"),
    ("NordVPN (WireGuard)", f"{R} wireguard vpn"), ("", ""),
])
def test_adapter_names(name: str, shown: str) -> None:
    assert snapshot_devices.adapter_name(name) == shown


def test_the_default_routes_adapter_json_keeps_its_shape() -> None:
    printed = json.dumps({"InterfaceIndex": 23, "Name": "Calm Minds VPN",
                          "InterfaceDescription": "Calm Minds Secure Tunnel",
                          "NdisPhysicalMedium": 0, "PhysicalMediaType": "Unspecified"}) + "\r\n"
    out = _text(printed, ("powershell", "-NoProfile", "-Command", "Get-NetAdapter"))
    assert "Calm" not in out and out.endswith("\r\n")
    assert json.loads(out) == {"InterfaceIndex": 23, "Name": f"{R} vpn",
                               "InterfaceDescription": R, "NdisPhysicalMedium": 0,
                               "PhysicalMediaType": "Unspecified"}
    wired = '{"Name":"Ethernet","InterfaceDescription":"Intel(R) I219-LM","NdisPhysicalMedium":14}'
    assert _text(wired, ("powershell",)) == wired  # nothing chosen by a person: as printed
    route = '{"InterfaceAlias":"Calm Minds","InterfaceDescription":"WAN Miniport (IKEv2)"}'
    assert json.loads(_text(route, ("powershell",)))["InterfaceAlias"] == R


# --- a serial number wherever else it appears ------------------------------------------------

LINUX = PlatformInfo("Linux", "6.8.0", "#1", "x86_64")


def test_a_serial_found_under_its_key_is_replaced_everywhere() -> None:
    node = "alsa_input.usb-046d_Logitech_BRIO_5A1B2C3D-02.analog-stereo"
    snap = snapshot_mod.Snapshot(LINUX, commands=[
        {"argv": ["pactl", "-f", "json", "list", "sources"], "returncode": 0, "stderr": "",
         "stdout": json.dumps([{"name": node, "properties": {
             "device.serial": "046d_Logitech_BRIO_5A1B2C3D"}}])},
        {"argv": ["wpctl", "status"], "returncode": 0, "stderr": "",
         "stdout": f" \u2502      62. {node}  [vol: 1.00]\n"}],
        files={"/sys/class/dmi/id/product_serial": "PF3ABCDE\n",
               "/var/log/x": "machine PF3ABCDE; disk WD-XY1234567"},
        native={"disks": [{"serial_number": "WD-XY1234567"}]})
    out = json.dumps(snapshot_mod.redact(snap, set()).to_json())
    for serial in ("5A1B2C3D", "PF3ABCDE", "XY1234567"):
        assert serial not in out
    assert f"usb-046d_Logitech_BRIO_{R}-02" in out  # the vendor and model name no one


@pytest.mark.parametrize("value", ["0", "1234", "Not Available", "000000000000",
                                   "To Be Filled By O.E.M.", "046d_0825"])
def test_short_or_placeholder_serials_are_not_spread(value: str) -> None:
    snap = snapshot_mod.Snapshot(LINUX, native={"d": {"SerialNumber": value}},
                                 files={"/x": "1234 0 Not Available 000000000000 046d_0825"})
    assert snapshot_mod.redact(snap, set()).files["/x"] == \
        "1234 0 Not Available 000000000000 046d_0825"


# --- proxy hosts -----------------------------------------------------------------------------

@pytest.mark.parametrize(("printed", "argv", "kept"), [
    ('Acquire::http::Proxy "http://proxy.calmminds.co.uk:3128/";\n'
     'Acquire::http::Proxy::deb.calmminds.co.uk "DIRECT";\nAPT::Periodic::Enable "1";\n',
     ("apt-config", "dump"), f'Acquire::http::Proxy::{R} "DIRECT";\nAPT::Periodic::Enable "1";'),
    ('Acquire {\n  https { Proxy "https://proxy.calmminds.co.uk"; };\n};\n', ("cat",),
     f'Proxy "{R}";'),
    ("http_proxy=http://proxy.calmminds.co.uk:3128\nexport NO_PROXY='localhost,.calmminds.lan'\n"
     "LANG=en_GB.UTF-8\n", (), "LANG=en_GB.UTF-8"),
    ("[main]\nproxy=http://proxy.calmminds.co.uk:3128\ngpgcheck=True\n", (),
     "[main]\nproxy=<redacted>\ngpgcheck=True"),
    ("<dictionary> {\n  HTTPEnable : 1\n  HTTPProxy : proxy.calmminds.co.uk\n"
     "  HTTPPort : 3128\n  ProxyAutoConfigEnable : 0\n}\n", ("scutil", "--proxy"),
     "ProxyAutoConfigEnable : 0"),
    ("Current WinHTTP proxy settings:\n\n    Proxy Server(s) :  proxy.calmminds.co.uk:8080\n"
     "    Bypass List     :  *.calmminds.lan\n", ("netsh", "winhttp", "show", "proxy"),
     "Current WinHTTP proxy settings:"),
    ('{"ProxyServer": "proxy.calmminds.co.uk:8080", "ProxyEnable": 1}', ("powershell",),
     '"ProxyEnable": 1'),
    ("'proxy.calmminds.co.uk'\n", ("gsettings", "get", "org.gnome.system.proxy.http", "host"),
     f"'{R}'"),
])
def test_proxy_hosts_are_redacted(printed: str, argv: tuple[str, ...], kept: str) -> None:
    out = _text(printed, argv)
    assert "calmminds" not in out and kept in out, out


def test_proxy_registry_values_are_redacted() -> None:
    key = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\"
    snap = snapshot_mod.Snapshot(PlatformInfo("Windows", "11", "10.0.22631", "AMD64"), registry={
        key + "ProxyServer": {"type": "REG_SZ", "value": "proxy.calmminds.co.uk:8080"},
        key + "AutoConfigURL": {"type": "REG_SZ", "value": "http://wpad.calmminds.lan/p.pac"},
        key + "ProxyEnable": {"type": "REG_DWORD", "value": 1}})
    out = snapshot_mod.redact(snap, set()).registry
    assert [e["value"] for e in out.values()] == [R, R, 1]


def test_plain_proxy_settings_stay() -> None:
    for printed, argv in (("'manual'\n", ("gsettings", "get", "org.gnome.system.proxy", "mode")),
                          ("    Direct access (no proxy server).\n", ("netsh", "winhttp")),
                          ("net.ipv4.conf.all.proxy_arp = 0\n", ("sysctl", "-a"))):
        assert _text(printed, argv) == printed


# --- identifiers of hardware, drive labels, the time zone -----------------------------------

@pytest.mark.parametrize(("printed", "argv", "hidden", "kept"), [
    ("Volume C: [OS]\n    Size: 1\nVolume D: [Client Files]\n    Protection Status: On\n",
     ("manage-bde", "-status"), "Client", "Volume D: [<redacted>]\n    Protection Status: On"),
    ("/dev/sdb1 /run/media/jane/Client\\x20Files ext4 rw\n", ("findmnt",), "Client",
     f"/run/media/{R}/{R} ext4 rw"),
    ('{"mountpoint": "/run/media/jane/Client Files"}', ("lsblk", "-J"), "Client",
     f'"/run/media/{R}/{R}"'),
    ('"spcamera_unique-id" : "0x1420000005ac8600"', ("system_profiler", "SPCameraDataType"),
     "1420000005", f'"spcamera_unique-id" : "{R}"'),
    ('{"InstanceId":"USB\\\\VID_046D&PID_085E\\\\5A1B2C3D"}', ("powershell",), "5A1B2C3D",
     "VID_046D&PID_085E"),
    ("USBSTOR\\Disk&Ven_SanDisk&Prod_Ultra&Rev_1.00\\4C530001230509117153&0\n", (),
     "4C5300", f"\\{R}&0"),
    ("Last metadata expiration check: 0:12:34 ago on Wed 02 Dec 2026 03:00:00 PM CET.\n",
     ("dnf", "check-update"), "CET", f"0:12:34 ago on {R}.\n"),
])
def test_identifiers_labels_and_time_zones(printed: str, argv: tuple[str, ...], hidden: str,
                                           kept: str) -> None:
    out = _text(printed, argv)
    assert hidden not in out and kept in out, out


def test_windows_made_instance_ids_and_ordinary_media_folders_stay() -> None:
    for printed in ('{"InstanceId":"USB\\\\VID_1&PID_2\\\\5&1a2b3c&0&1"}',
                    '{"InstanceId":"SWD\\\\MMDEVAPI\\\\{0.0.1.00000000}.{4a1b}"}',
                    "/usr/share/media/sounds"):
        assert _text(printed, ("powershell",)) == printed
