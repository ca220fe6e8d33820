"""Reading ``netsh wlan show interfaces``, English or translated (the Windows fallback)."""

from __future__ import annotations

import re

from checks.wifi.model import LOCATION_STEPS_WINDOWS, Link, Reading, Security

# netsh: English labels where we have them; otherwise only values that are never translated.
NETSH_AUTH = {
    "open": Security.OPEN,
    "shared": Security.WEP,
    "wpa-personal": Security.WPA1,
    "wpa-enterprise": Security.WPA1,
    "wpa2-personal": Security.WPA2,
    "wpa2-enterprise": Security.WPA2,
    "wpa3-personal": Security.WPA3,
    "wpa3-enterprise": Security.WPA3,
    "owe": Security.OWE,
}
NETSH_CIPHERS = {"none", "ccmp", "gcmp", "gcmp-256", "ccmp-256", "tkip", "wep"}
NETSH_LINE = re.compile(r"^\s*(\S.*?)\s+:\s?(.*?)\s*$")
NETSH_STATES_EN = {"connected", "disconnected", "disconnecting", "associating",
                   "authenticating", "discovering", "not ready", "ad hoc network formed"}
# Tokens that mark a non-wireless answer in any language (service or location denial).
LOCATION_TOKENS = ("ms-settings:privacy-location", "WlanQueryInterface")


def _netsh_blocks(text: str) -> list[list[tuple[str, str]]]:
    blocks: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            if current:
                blocks.append(current)
                current = []
            continue
        m = NETSH_LINE.match(line)
        if m:
            current.append((m.group(1).strip(), m.group(2).strip()))
    if current:
        blocks.append(current)
    # An interface block always carries the adapter GUID (the label is not translated).
    return [b for b in blocks if any(k.upper() == "GUID" for k, _ in b)]


def _netsh_block_link(block: list[tuple[str, str]]) -> Link | str | None:
    """A Link when connected, None when positively not connected, or a reason string."""
    labels = {k.lower(): v for k, v in block}
    ssid = labels.get("ssid") or None
    if "state" in labels:  # English output: read by label
        state = labels["state"].lower()
        if state not in NETSH_STATES_EN:
            return f"the interface state '{labels['state']}' was not recognised"
        if state != "connected":
            return None
        auth = labels.get("authentication", "")
        cipher = labels.get("cipher", "")
        return Link(_netsh_security(auth, cipher), f"{auth} / {cipher}", ssid,
                    labels.get("name", ""))
    # Localised output: find the values that are not translated, away from name-like lines.
    names = {v for k, v in block if k.lower() in ("ssid", "bssid", "ap bssid")}
    auths = [v for k, v in block if v.lower() in NETSH_AUTH and v.lower() not in ("open", "owe")
             and v not in names and k.lower() not in ("ssid", "bssid")]
    ciphers = [v for k, v in block if v.lower() in NETSH_CIPHERS - {"none"}
               and v not in names and k.lower() not in ("ssid", "bssid")]
    if len(auths) == 1 and len(ciphers) <= 1:
        cipher = ciphers[0] if ciphers else ""
        if not cipher:
            return "the cipher line was not found in the translated output"
        return Link(_netsh_security(auths[0], cipher), f"{auths[0]} / {cipher}", ssid)
    if len(auths) > 1:
        return "more than one line looked like an authentication method"
    return "the output is in a language Readiness reads only partly, and no WPA method was found"


def _netsh_security(auth: str, cipher: str) -> Security:
    sec = NETSH_AUTH.get(auth.strip().lower(), Security.UNKNOWN)
    c = cipher.strip().lower()
    if c not in NETSH_CIPHERS:
        return Security.UNKNOWN
    if sec is Security.OPEN:
        return Security.OPEN if c == "none" else Security.WEP if c == "wep" else Security.UNKNOWN
    if sec in (Security.WPA2, Security.WPA3):
        if c == "tkip":
            return Security.WPA1
        if c in ("none", "wep"):
            return Security.UNKNOWN
    return sec


def read_netsh(stdout: str, stderr: str = "") -> Reading:
    src = "netsh wlan show interfaces"
    both = stdout + "\n" + stderr
    if any(token in both for token in LOCATION_TOKENS):
        return Reading(problem="Windows denied access to the Wi-Fi details (Location is off for "
                       "desktop apps). " + LOCATION_STEPS_WINDOWS, location_denied=True,
                       source=src)
    blocks = _netsh_blocks(stdout)
    if not blocks:
        if "wlansvc" in both:  # service short name, not translated
            return Reading(in_use=False, source=src + "; the WLAN AutoConfig service is not "
                           "running")
        if "There is no wireless interface on the system" in stdout:
            return Reading(in_use=False, source=src + "; no wireless interface")
        return Reading(problem="netsh output was not recognised", source=src)
    links: list[Link] = []
    for block in blocks:
        got = _netsh_block_link(block)
        if isinstance(got, str):
            return Reading(problem=got, source=src)
        if got is not None:
            links.append(got)
    return Reading(tuple(links), in_use=bool(links), source=src)

