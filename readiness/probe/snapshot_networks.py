"""Network names wherever a recorded output lists them, not only the one in use.

A Wi-Fi scan names every network nearby (nmcli's ``device wifi list``, system_profiler's
"other local networks", ``netsh wlan show networks``, ``wpa_cli scan_results``), and those
names locate a practitioner's home as well as their own network's does. Only the network in use
is known to the check (it marks it sensitive), so the others are found by where tools put
them: a column, a field, a key. Each is replaced in place, keeping the output's shape (field
count, quoting, JSON validity), so a redacted snapshot replays to the same decision.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from readiness.probe.snapshot_redact import REDACTED, hide_values

# nmcli fields (tabular -f lists and multiline keys) that hold a network or profile name.
NMCLI_NAME_FIELDS = frozenset({
    "SSID", "SSID-HEX", "NAME", "CONNECTION", "GENERAL.CONNECTION", "CONNECTION.ID",
    "802-11-WIRELESS.SSID", "GENERAL.NAME", "AP.SSID",
})
# What ``nmcli -t device wifi list`` prints when no fields are named (NetworkManager >= 1.16).
NMCLI_WIFI_DEFAULT = ("IN-USE", "BSSID", "SSID", "MODE", "CHAN", "RATE", "SIGNAL", "BARS",
                      "SECURITY")
# "SSID : x", "SSID 2 : x" (netsh show networks), "ssid=x" (wpa_cli, wpa_supplicant.conf,
# .nmconnection), "ESSID:"x"" (iwlist), "Current Wi-Fi Network: x" (networksetup); never BSSID.
_KEY_VALUE = re.compile(
    r"(?im)^(?P<key>[ \t]*(?:[\w\[\].-]*\.)?(?:SSID(?:-HEX)?(?:[ \t]*\d+)?|ESSID|MESH[ \t]ID|"
    r"Current[ \t](?:Wi-Fi|AirPort)[ \t]Network)[ \t]*[:=][ \t]*\"?)(?P<value>[^\r\n]*?)"
    r"(?P<end>\"?[ \t]*)$")
# netsh's profile line (the saved profile is named after the network), in the languages whose
# wlan output we have seen.
_NETSH_PROFILE = re.compile(
    r"(?im)^(?P<key>[ \t]*(?:Profile|Profil|Perfil|Profilo|Profiel)[ \t]*:[ \t]?)"
    r"(?P<value>[^\r\n]*?)(?P<end>[ \t]*)$")
# A JSON member whose key says it is a network name ("ssid": "x", "SSID": "x").
_JSON_SSID = re.compile(r'(?i)(?P<key>"(?:ssid|essid|wifi_ssid|network_ssid)"\s*:\s*")'
                        r'(?P<value>(?:[^"\\]|\\.)+)(?P<end>")')
_JSON_NAME = re.compile(r'(?P<key>"_name"\s*:\s*")(?P<value>(?:[^"\\]|\\.)*)(?P<end>")')
# system_profiler's text form: network names are the keys under these headings.
_SP_HEADINGS = re.compile(r"^\s*(?:Current Network Information|Other Local (?:Wi-Fi|Wireless|"
                          r"AirPort) Networks|Preferred Networks):\s*$")
_SCAN_HEADER = re.compile(r"^\s*bssid\s*/\s*frequency\s*/.*/\s*ssid\s*$", re.IGNORECASE)


def split_terse(line: str) -> list[str]:
    """nmcli -t fields, still escaped, split on the ':' that are not escaped (the Wi-Fi check
    unescapes them; redaction keeps them as printed, to join the line again)."""
    fields: list[str] = []
    cur: list[str] = []
    escaped = False
    for ch in line:
        if escaped:
            cur.append(ch)
            escaped = False
        elif ch == "\\":
            cur.append(ch)
            escaped = True
        elif ch == ":":
            fields.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    fields.append("".join(cur))
    return fields


def _option(argv: Sequence[str], *names: str) -> str | None:
    for i, arg in enumerate(argv[:-1]):
        if arg in names:
            return argv[i + 1]
    for arg in argv:
        for name in names:
            if name.startswith("--") and arg.startswith(name + "="):
                return arg.split("=", 1)[1]
    return None


# The columns nmcli prints when none are named, by (abbreviable) subcommand.
_NMCLI_DEFAULTS = (
    (("device", "wifi", "list"), NMCLI_WIFI_DEFAULT),
    (("device", "wifi"), NMCLI_WIFI_DEFAULT),
    (("device", "status"), ("DEVICE", "TYPE", "STATE", "CONNECTION")),
    (("device",), ("DEVICE", "TYPE", "STATE", "CONNECTION")),
    (("connection", "show"), ("NAME", "UUID", "TYPE", "DEVICE")),
    (("connection",), ("NAME", "UUID", "TYPE", "DEVICE")),
)


def _nmcli_default(argv: Sequence[str]) -> tuple[str, ...] | None:
    words = [a for a in argv[1:] if not a.startswith("-")]
    for command, columns in _NMCLI_DEFAULTS:
        if len(words) == len(command) and all(
                c.startswith(w) for w, c in zip(words, command, strict=True)):
            return columns
    return None


def _nmcli_columns(argv: Sequence[str]) -> tuple[str, ...] | None:
    """The columns of a terse, tabular nmcli listing, or None for another form."""
    if not argv or not re.search(r"(?:^|[\\/])nmcli(?:\.exe)?$", argv[0]):
        return None
    fields = _option(argv, "-g", "--get-values")
    if fields is None:
        if not ({"-t", "--terse"} & set(argv)):
            return None
        fields = _option(argv, "-f", "--fields")
    mode = _option(argv, "-m", "--mode")
    if mode is not None and "multiline".startswith(mode.lower()):
        return None
    if fields is None or fields.lower() in ("common", "all"):
        return _nmcli_default(argv)
    return tuple(f.strip().upper() for f in fields.split(","))


def _nmcli_multiline(text: str) -> str:
    """``nmcli -t device show`` / ``-m multiline``: ``KEY:value`` lines."""
    out = []
    for line in text.split("\n"):
        key, sep, value = line.partition(":")
        base = re.sub(r"\[\d+\]", "", key).upper()
        if sep and value and base in NMCLI_NAME_FIELDS:
            line = key + ":" + REDACTED
        out.append(line)
    return "\n".join(out)


def nmcli(argv: Sequence[str], text: str) -> str:
    """Every network or profile name in an nmcli listing, not only the one in use."""
    if not argv or not re.search(r"(?:^|[\\/])nmcli(?:\.exe)?$", argv[0]):
        return text
    columns = _nmcli_columns(argv)
    if columns is None:
        return _nmcli_multiline(text)
    hide = [i for i, c in enumerate(columns) if c in NMCLI_NAME_FIELDS]
    out = []
    for line in text.split("\n"):
        fields = split_terse(line)
        if len(fields) == len(columns):
            for i in hide:
                if fields[i]:
                    fields[i] = REDACTED
            line = ":".join(fields)
        elif line.strip() and len(columns) == 1 and hide:
            line = REDACTED  # -g SSID: one bare name a line
        out.append(line)
    return "\n".join(out)


def _system_profiler_text(text: str) -> str:
    """The keys under "Other Local Wi-Fi Networks:" (and the current network) are names."""
    lines = text.split("\n")
    heading: int | None = None
    child: int | None = None
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        if _SP_HEADINGS.match(line):
            heading, child = indent, None
            continue
        if heading is None:
            continue
        if indent <= heading:
            heading = None
            continue
        child = indent if child is None else child
        if indent == child and line.rstrip().endswith(":"):
            lines[i] = line[:indent] + REDACTED + ":"
    return "\n".join(lines)


def _scan_results(text: str) -> str:
    """``wpa_cli scan_results``: the last of five tab-separated columns is the network."""
    lines = text.split("\n")
    seen = False
    for i, line in enumerate(lines):
        if _SCAN_HEADER.match(line):
            seen = True
            continue
        cols = line.split("\t")
        if seen and len(cols) >= 5 and cols[4]:
            lines[i] = "\t".join([*cols[:4], REDACTED])
    return "\n".join(lines)


def _sp_network_names(value: Any, found: set[str]) -> None:
    """Names of networks in parsed system_profiler JSON (entries with network fields)."""
    if isinstance(value, dict):
        if isinstance(value.get("_name"), str) and any(
                isinstance(k, str) and k.startswith(("spairport_network_",
                                                     "spairport_security_mode"))
                for k in value):
            found.add(value["_name"])
        for v in value.values():
            _sp_network_names(v, found)
    elif isinstance(value, list):
        for v in value:
            _sp_network_names(v, found)


def _json_text(text: str) -> str:
    stripped = text.lstrip()
    if not stripped.startswith(("{", "[")) or "spairport" not in text:
        return text
    try:
        data = json.loads(text)
    except ValueError:
        return text
    names: set[str] = set()
    _sp_network_names(data, names)
    names.discard(REDACTED)

    def repl(m: re.Match[str]) -> str:
        try:
            decoded = json.loads('"' + m.group("value") + '"')
        except ValueError:
            return m.group(0)
        return m.group("key") + REDACTED + m.group("end") if decoded in names else m.group(0)
    return _JSON_NAME.sub(repl, text) if names else text


def in_text(text: str, argv: Sequence[str] = ()) -> str:
    """Network names in one recorded text (a command's output when ``argv`` is given)."""
    if not text:
        return text
    text = nmcli(argv, text)
    text = hide_values(_KEY_VALUE, text)
    if any("wlan" == a.lower() for a in argv):
        text = hide_values(_NETSH_PROFILE, text)
    text = hide_values(_JSON_SSID, text)
    text = _json_text(text)
    if "Network" in text:
        text = _system_profiler_text(text)
    if "bssid" in text.lower():
        text = _scan_results(text)
    return text


SSID_KEYS = frozenset({"ssid", "essid", "wifi_ssid", "network_ssid", "profile_name"})


def in_value(value: Any) -> Any:
    """Network names in parsed data (native probes): keys that say so, and system_profiler
    network entries' names."""
    if isinstance(value, dict):
        network = any(isinstance(k, str) and k.startswith(("spairport_network_",
                                                          "spairport_security_mode"))
                      for k in value)
        out = {}
        for k, v in value.items():
            hide = isinstance(k, str) and (k.lower() in SSID_KEYS or (network and k == "_name"))
            out[k] = REDACTED if hide and isinstance(v, str) and v else in_value(v)
        return out
    if isinstance(value, list):
        return [in_value(v) for v in value]
    return value


def in_registry(path: str, entry: dict[str, Any]) -> dict[str, Any]:
    """Windows keeps every network it has joined under NetworkList\\Profiles, by name."""
    low = path.lower().replace("/", "\\")
    if "\\networklist\\" in low and low.rsplit("\\", 1)[-1] in ("profilename", "description"):
        if isinstance(entry.get("value"), str) and entry["value"]:
            return {**entry, "value": REDACTED}
    return entry
