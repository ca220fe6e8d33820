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
# An authentication value is one token, optionally followed by a bracketed qualifier that does
# not change the method: Windows 11 24H2 prints "WPA3-Personal  (H2E)".
AUTH_VALUE = re.compile(r"^(\S+)(?:\s+\([^()]*\))?$")

# Translated values, only as seen in real outputs (hnykda/wifi-heatmapper test data), and only
# under a known translated label: French and Spanish Windows translate "Open" and "None".
TRANSLATED_AUTH_LABELS = {"authentifizierung", "authentification", "autenticación",
                          "autenticazione"}
TRANSLATED_CIPHER_LABELS = {"verschlüsselung", "verschlüsselungsverfahren", "chiffrement",
                            "cifrado", "crittografia"}
TRANSLATED_OPEN = {"ouvrir", "abierta"}
TRANSLATED_NONE = {"aucun", "ninguna"}

# Windows 11 24H2 adds "Connected Akm-cipher : [ akm = 00-0f-ac:08, cipher = 00-0f-ac:04 ]".
# The suite selectors are never translated (IEEE 802.11-2020 tables 9-149 and 9-151).
AKM_LINE = re.compile(r"^\[\s*akm\s*=\s*([0-9a-f]{2}-[0-9a-f]{2}-[0-9a-f]{2}):(\d{1,3})\s*,"
                      r"\s*cipher\s*=\s*([0-9a-f]{2}-[0-9a-f]{2}-[0-9a-f]{2}):(\d{1,3})\s*\]$",
                      re.IGNORECASE)
AKM_LIKE = re.compile(r"^\[.*\bakm\b", re.IGNORECASE)
RSN, WFA_WPA = "00-0f-ac", "00-50-f2"
AKM_SUITES = {
    (RSN, 1): Security.WPA2, (RSN, 2): Security.WPA2, (RSN, 3): Security.WPA2,  # 802.1X, PSK
    (RSN, 4): Security.WPA2, (RSN, 5): Security.WPA2, (RSN, 6): Security.WPA2,  # FT, SHA256
    (RSN, 8): Security.WPA3, (RSN, 9): Security.WPA3,  # SAE, FT-SAE
    (RSN, 11): Security.WPA3, (RSN, 12): Security.WPA3, (RSN, 13): Security.WPA3,  # Suite B
    (RSN, 18): Security.OWE,
    (RSN, 24): Security.WPA3, (RSN, 25): Security.WPA3,  # SAE-EXT-KEY, FT-SAE-EXT-KEY
    (WFA_WPA, 1): Security.WPA1, (WFA_WPA, 2): Security.WPA1,  # first-generation WPA
}
STRONG_SUITE_CIPHERS = {(RSN, 4), (RSN, 8), (RSN, 9), (RSN, 10), (WFA_WPA, 4)}
TKIP_SUITE_CIPHERS = {(RSN, 2), (WFA_WPA, 2)}
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


def _auth_token(value: str) -> str:
    """The authentication method without a qualifier such as "(H2E)"; "" if not that shape."""
    m = AUTH_VALUE.match(value.strip())
    return m.group(1).lower() if m else ""


def _akm(block: list[tuple[str, str]]) -> tuple[str, Security] | None:
    """The AKM suite selector line (any label, any language): its words and what it means."""
    found = [v for _, v in block if AKM_LIKE.match(v)]
    if not found:
        return None
    if len(found) > 1:
        return f"{found[0]}; {found[1]}", Security.UNKNOWN
    m = AKM_LINE.match(found[0])
    if not m:
        return found[0], Security.UNKNOWN
    akm = (m.group(1).lower(), int(m.group(2)))
    cipher = (m.group(3).lower(), int(m.group(4)))
    raw = f"AKM {m.group(1)}:{m.group(2)}, cipher {m.group(3)}:{m.group(4)}"
    sec = AKM_SUITES.get(akm, Security.UNKNOWN)
    if sec is Security.UNKNOWN:
        return raw, sec
    if cipher in TKIP_SUITE_CIPHERS:
        return raw, Security.WPA1 if sec is not Security.OWE else Security.UNKNOWN
    if cipher not in STRONG_SUITE_CIPHERS:
        return raw, Security.UNKNOWN
    return raw, sec


def _with_akm(block: list[tuple[str, str]], label_sec: Security, label_raw: str,
              ssid: str | None, interface: str = "") -> Link:
    """Prefer the untranslated AKM selector; the translated label may only agree with it."""
    akm = _akm(block)
    if akm is None:
        return Link(label_sec, label_raw, ssid, interface)
    akm_raw, akm_sec = akm
    raw = f"{label_raw}; {akm_raw}" if label_raw else akm_raw
    if akm_sec is Security.UNKNOWN:
        return Link(Security.UNKNOWN, raw, ssid, interface)
    agree = (label_sec in (Security.UNKNOWN, akm_sec)
             or {label_sec, akm_sec} <= {Security.WPA2, Security.WPA3})
    return Link(akm_sec if agree else Security.UNKNOWN, raw, ssid, interface)


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
        return _with_akm(block, _netsh_security(auth, cipher), f"{auth} / {cipher}", ssid,
                         labels.get("name", ""))
    # Localised output: find the values that are not translated, away from name-like lines.
    names = {v for k, v in block if k.lower() in ("ssid", "bssid", "ap bssid")}
    auths = [v for k, v in block if _auth_token(v) in NETSH_AUTH
             and _auth_token(v) not in ("open", "owe")
             and v not in names and k.lower() not in ("ssid", "bssid")]
    ciphers = [v for k, v in block if v.lower() in NETSH_CIPHERS - {"none"}
               and v not in names and k.lower() not in ("ssid", "bssid")]
    if len(auths) > 1:
        return "more than one line looked like an authentication method"
    if len(auths) == 1 and len(ciphers) <= 1:
        cipher = ciphers[0] if ciphers else ""
        if not cipher:
            return "the cipher line was not found in the translated output"
        return _with_akm(block, _netsh_security(auths[0], cipher), f"{auths[0]} / {cipher}",
                         ssid)
    opened = _translated_open(block, ssid)
    if opened is not None:
        return opened
    if _akm(block) is not None:
        return _with_akm(block, Security.UNKNOWN, "", ssid)
    return "the output is in a language Readiness reads only partly, and no WPA method was found"


def _translated_open(block: list[tuple[str, str]], ssid: str | None) -> Link | None:
    """An open network in a language whose words for "Open" and "None" we have seen."""
    auths = [v for k, v in block if k.lower() in TRANSLATED_AUTH_LABELS]
    ciphers = [v for k, v in block if k.lower() in TRANSLATED_CIPHER_LABELS]
    if len(auths) != 1 or len(ciphers) != 1 or auths[0].lower() not in TRANSLATED_OPEN:
        return None
    cipher = ciphers[0]
    if cipher.lower() in TRANSLATED_NONE:
        sec = Security.OPEN
    elif cipher.lower() == "wep":
        sec = Security.WEP
    else:
        sec = Security.UNKNOWN
    return _with_akm(block, sec, f"{auths[0]} / {cipher}", ssid)


def _netsh_security(auth: str, cipher: str) -> Security:
    sec = NETSH_AUTH.get(_auth_token(auth), Security.UNKNOWN)
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

