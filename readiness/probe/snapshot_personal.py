"""Personal data found by its shape or its key, whoever it belongs to.

Secrets and names (snapshot_redact) cover this account; these rules cover what names other
people or ties the snapshot to a purchase, wherever a tool prints it: e-mail addresses, the
user-info part of URLs (a proxy's user name and password), serial numbers, the login names
other accounts' processes run under and that automatic login is set to, and the account
name in home folders (/home/NAME, /Users/NAME, C:\\Users\\NAME). Each value is replaced in
place, keeping keys, quoting and line shape, and empty values stay empty, so a check that
only asks "is it set?" decides the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from readiness.probe.snapshot_redact import REDACTED, hide_values

# Plain letters, not REDACTED's angle brackets: an address inside XML (zypper's patch
# descriptions) or a URL must leave it well-formed. ".invalid" can never be delivered to.
EMAIL_STAND_IN = "redacted@redacted.invalid"
USERINFO_STAND_IN = "redacted"
_AT = r"(?:@|%40|\\u0040|&#0*64;|&#x0*40;)"
# systemd names instances "clamd@scan.service" and "user@1000.service": not addresses (and
# checks ask for them by name).
_UNIT_TYPES = ("service", "socket", "timer", "target", "mount", "automount", "path", "slice",
               "scope", "device", "swap")
_EMAIL = re.compile(
    rf"(?<![\w.%+-])(?!{USERINFO_STAND_IN}@)[A-Za-z0-9][A-Za-z0-9._%+-]*{_AT}"
    rf"(?:[A-Za-z0-9-]+\.)+(?!(?:{'|'.join(_UNIT_TYPES)})(?![\w-]))[A-Za-z]{{2,}}(?![\w-])")
# scheme://user:password@host (also as JSON escapes '/'), and user:password@host in
# proxy variables written without a scheme. Greedy to the last '@' of the authority: a
# password may hold an unencoded '@'.
_URL_USERINFO = re.compile(r"(?i)(?P<pre>\b[a-z][a-z0-9+.-]*:(?:/|\\/){2})"
                           r"(?P<cred>[^\s/\\\"'<>]+)@")
_BARE_USERINFO = re.compile(r"(?<=[\s\"'=])[^\s\"'=/@:<>]+:[^\s\"'/<>]+@(?=[\w.-]+)")

# A key naming a serial number: "Serial Number (system)", SerialNumber, device_serialNumber
# (and ...Left/...Right for AirPods), serial_number, ID_SERIAL_SHORT, product_serial; never
# "serialize" or "serial-getty".
_SERIAL_KEY = (r"[^\n\"'<>:=]*?serial(?:[ _-]?(?:number|no|num|nr))?"
               r"(?:[ _-]?(?:left|right|case|short|system))?\b(?:[ \t]*\([^)\n]*\))?")
_SERIAL_LINE = re.compile(
    rf"(?im)^(?P<key>[ \t]*(?![-*+][ \t])(?:[A-Z]:[ \t]+)?[\"']?{_SERIAL_KEY}"
    r"[\"']?[ \t]*[:=][ \t]*[\"']?)"
    r"(?P<value>[^\r\n\"']*?)(?P<end>[\"']?[ \t]*[,;]?[ \t]*\r?)$")
_SERIAL_JSON = re.compile(rf"(?i)(?P<key>\"{_SERIAL_KEY}\"\s*[:=]\s*\")"
                          r"(?P<value>(?:[^\"\\\n]|\\.)+)(?P<end>\")")
_SERIAL_XML = re.compile(r"(?i)(?P<key><key>[^<]*serial[^<]*</key>\s*<string>)"
                         r"(?P<value>[^<]+)(?P<end></string>)")
# wmic's table form: the column heading on one line, the number under it.
_SERIAL_TABLE = re.compile(r"(?im)^(?P<key>[ \t]*SerialNumber[ \t]*\r*\n[ \t]*)"
                           r"(?P<value>\S[^\r\n]*?)(?P<end>[ \t]*\r*)$")
SERIAL_KEY = re.compile(rf"(?i)^{_SERIAL_KEY}$")

# Who automatic login signs in: GDM (AutomaticLogin=, TimedLogin=), LightDM
# (autologin-user=), macOS loginwindow (autoLoginUser, and lastUserName beside it), a
# getty's --autologin. SDDM's "User=" is read in its [Autologin] section only.
_LOGIN_KEYS = r"(?:AutomaticLogin|TimedLogin|autologin-user|autoLoginUser|lastUserName)"
_LOGIN_LINE = re.compile(
    rf"(?im)^(?P<key>[ \t]*[\"']?{_LOGIN_KEYS}[\"']?[ \t]*[:=][ \t]*[\"']?)"
    r"(?P<value>[^\r\n\"';]*?)(?P<end>[\"']?[ \t]*;?[ \t]*\r?)$")
_LOGIN_XML = re.compile(rf"(?i)(?P<key><key>{_LOGIN_KEYS}</key>\s*<string>)"
                        r"(?P<value>[^<]+)(?P<end></string>)")
_GETTY = re.compile(r"(?P<key>--autologin(?:=|[ \t]+)[\"']?)(?P<value>[^\s\"']+)(?P<end>)")
_SECTION = re.compile(r"^\s*\[(?P<name>[^\]]*)\]\s*$")
_USER_LINE = re.compile(r"(?i)^(?P<key>\s*User\s*=\s*)(?P<value>.*?)(?P<end>\s*)$")

# The account folder in a path: /home/NAME, /var/home/NAME (Silverblue), /Users/NAME,
# C:\Users\NAME (its backslashes escaped in JSON), whoever NAME is.
_HOME = re.compile(r"(?P<key>(?:(?<![\w.])(?:/|\\/)(?:var(?:/|\\/))?(?:home|Users)(?:/|\\/)|"
                   r"\b[A-Za-z]:(?:\\{1,2}|/)Users(?:\\{1,2}|/)))"
                   r"(?P<value>[^/\\\s\"':;,<>|*?]+)(?P<end>)")
SHARED_FOLDERS = frozenset({"shared", "public", "default", "default user", "all users",
                            "defaultuser0", "guest", "root", REDACTED.lower()})


# dnf: "Last metadata expiration check: 0:12:34 ago on Wed 02 Dec 2026 15:00:00 CET." The
# local time and its zone beside recorded_at (UTC) say where the practitioner is; updates
# reads only how long ago.
_DNF_WHEN = re.compile(r"(?m)(?P<key>^Last metadata expiration check: [^\r\n]*? ago on )"
                       r"(?P<value>[^\r\n]+?)(?P<end>\.?[ \t]*\r?)$")


def _sub(pattern: re.Pattern[str], text: str) -> str:
    return hide_values(pattern, text, "(null)")  # macOS prints "(null)" for an unset value


def _home(m: re.Match[str]) -> str:
    name = m.group("value")
    keep = name.lower() in SHARED_FOLDERS
    return m.group("key") + (name if keep else REDACTED)


def _sddm_user(text: str) -> str:
    """SDDM: "User=" names the account only in the [Autologin] section."""
    lines = text.split("\n")
    section = ""
    for i, line in enumerate(lines):
        head = _SECTION.match(line)
        if head:
            section = head.group("name").strip().lower()
        elif section == "autologin":
            lines[i] = _sub(_USER_LINE, line)
    return "\n".join(lines)


def _login_value(argv: Sequence[str], text: str) -> str:
    """``defaults read DOMAIN autoLoginUser`` prints the login name alone (a short name has
    no spaces; its "does not exist" message on stderr is kept)."""
    if len(argv) >= 3 and argv[0].rsplit("/", 1)[-1] == "defaults" and \
            argv[-1] in ("autoLoginUser", "lastUserName") and text.strip() and \
            len(text.split()) == 1:
        return text.replace(text.strip(), REDACTED)
    return text


def in_text(text: str, argv: Sequence[str] = ()) -> str:
    """E-mail addresses, URL credentials, serial numbers, automatic-login names and home
    folders' account names in one recorded text (a command's output when ``argv`` is
    given)."""
    if not text:
        return text
    text = _URL_USERINFO.sub(lambda m: m.group("pre") + USERINFO_STAND_IN + "@", text)
    # E-mail before user:password@host without a scheme, which "mailto:jane@x.org" matches.
    text = _EMAIL.sub(EMAIL_STAND_IN, text)
    text = _BARE_USERINFO.sub(USERINFO_STAND_IN + "@", text)
    if re.search("(?i)serial", text):
        for pattern in (_SERIAL_JSON, _SERIAL_XML, _SERIAL_LINE, _SERIAL_TABLE):
            text = _sub(pattern, text)
    if re.search("(?i)login", text):
        for pattern in (_LOGIN_LINE, _LOGIN_XML, _GETTY):
            text = _sub(pattern, text)
        text = _sddm_user(text) if re.search(r"(?i)\[autologin\]", text) else text
    text = _login_value(argv, text)
    if "metadata expiration" in text:
        text = _DNF_WHEN.sub(lambda m: m.group("key") + REDACTED + m.group("end"), text)
    return _HOME.sub(_home, text)


# A serial number is also replaced wherever else it appears (PipeWire names a USB microphone
# "alsa_input.usb-046d_Logitech_BRIO_5A1B2C3D-02" after udev's ID_SERIAL) when it is long
# enough not to be a common token: a number or word of this length is not ordinary text.
MIN_FOUND_SERIAL = 6
_NOT_SERIALS = frozenset({"not available", "not specified", "to be filled by o.e.m.",
                          "default string", "system serial number", "none", "unknown"})


def _serial_forms(value: str) -> set[str]:
    """``value`` as a secret; for udev's VENDOR_MODEL_SERIAL only its last part (the vendor
    and model name no one, and "046d_0825", a device without a serial, is no secret)."""
    form = value.strip().rsplit("_", 1)[-1]
    if (len(form) >= MIN_FOUND_SERIAL and any(c.isdigit() for c in form)
            and len(set(form.lower())) > 2 and form.lower() not in _NOT_SERIALS
            and REDACTED not in form):
        return {form}
    return set()


def found_serials(texts: Iterable[str], values: Iterable[Any]) -> set[str]:
    """The serial numbers recorded under a serial key in ``texts`` (outputs and files) and
    ``values`` (parsed data), to be replaced everywhere in the snapshot."""
    found: set[str] = set()
    for text in texts:
        if re.search("(?i)serial", text):
            for pattern in (_SERIAL_JSON, _SERIAL_XML, _SERIAL_LINE, _SERIAL_TABLE):
                for m in pattern.finditer(text):
                    found |= _serial_forms(m.group("value"))
    stack = list(values)
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            for k, v in value.items():
                if isinstance(k, str) and SERIAL_KEY.match(k) and isinstance(v, str):
                    found |= _serial_forms(v)
                stack.append(v)
        elif isinstance(value, list):
            stack.extend(value)
    return found


def in_value(value: Any) -> Any:
    """Serial numbers in parsed data (native probes, registry values): by key."""
    if isinstance(value, dict):
        return {k: REDACTED if isinstance(k, str) and SERIAL_KEY.match(k)
                and isinstance(v, str) and v.strip() else in_value(v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [in_value(v) for v in value]
    return value


# Files that hold nothing but an identifier of this machine or a part of it.
_ID_FILES = re.compile(r"(?i)(?:serial[^/\\]*|machine-id|product_uuid)$")


def in_file(path: str, text: str) -> str:
    return REDACTED if _ID_FILES.search(path) and text.strip() else text


# Internet Settings' proxy host, its exceptions and its configuration script's address.
_PROXY_VALUE = re.compile(r"(?i)Proxy(?:Server|Override)|AutoConfigURL")


def in_registry(path: str, entry: dict[str, Any]) -> dict[str, Any]:
    name = re.split(r"[\\/]", path)[-1]
    hide = SERIAL_KEY.match(name) or _PROXY_VALUE.fullmatch(name)
    if hide and isinstance(entry.get("value"), str) and entry["value"]:
        return {**entry, "value": REDACTED}
    return entry


# Accounts that are no one: system and service accounts, and the display managers' greeter
# accounts, which screen_lock tells apart from the desktop session by name.
SYSTEM_ACCOUNTS = frozenset({
    "root", "system", "local service", "network service", "daemon", "nobody", "bin", "sys",
    "messagebus", "avahi", "avahi-autoipd", "polkitd", "rtkit", "colord", "geoclue", "pulse",
    "gdm", "debian-gdm", "gdm-greeter", "sddm", "lightdm", "gnome-initial-setup", "www-data",
    "syslog", "kernoops", "whoopsie", "dnsmasq", "cups", "lp", "mail", "postfix", "ntp",
    "chrony", "sshd", "uuidd", "usbmux", "tss", "saned", "speech-dispatcher", "hplip",
    "fwupd-refresh", "clamav", "clamscan", "clamupdate", "unbound", "dbus", "nm-openvpn",
    "openvpn", "cups-pk-helper", "sssd", "libvirt-qemu", "systemd-timesync", "_apt",
    "dwm-1", "umfd-0", "umfd-1",
})
_SYSTEM_DOMAINS = frozenset({"nt authority", "nt service", "window manager",
                             "font driver host", "iis apppool"})


def account(name: str) -> str:
    """A process' user name, or REDACTED when it may be a person's account."""
    domain, _, user = name.rpartition("\\")
    low = user.strip().lower()
    if not low or low.isdigit() or low.startswith(("_", "systemd-")) or \
            low in SYSTEM_ACCOUNTS or domain.strip().lower() in _SYSTEM_DOMAINS:
        return name
    return REDACTED


def processes(procs: list[dict[str, str]] | None) -> list[dict[str, str]] | None:
    if procs is None:
        return None
    return [{**p, "username": account(p["username"])} if isinstance(p.get("username"), str)
            else p for p in procs]
