"""Hardware and IP addresses in recorded outputs.

Hardware addresses are zeroed in the shape they were printed (digits become 0, separators
stay), so a sink named after a Bluetooth headset's address still matches the same sink
elsewhere in the snapshot and outputs still parse as they did.

IP addresses: a global address locates the household's line (IPv4, and an IPv6 /64) or
names the servers this computer talks to, so it is replaced by a documentation address of
the same family (192.0.2.1, 2001:db8::1; unique-local IPv6, whose prefix is random per
household, by fd00::1). Kept as printed, because they identify nobody and checks decide
from them: loopback (127.0.0.0/8, ::1), the unspecified addresses (0.0.0.0, ::; sharing and
remote access tell "listening everywhere" from "listening on loopback" by them), private
and shared IPv4 (10/8, 172.16/12, 192.168/16, 100.64/10: the same in every home), IPv6
link-local (fe80::/10: meaningful on one link only; an address built from the hardware
address is zeroed as one), and the public resolvers checks ask the route to (1.1.1.1).

An IPv6 address is recognised by its shape anywhere. A dotted quad is also a common version
number ("Skype 8.45.0.41", firmware "7.77.111.1"), so IPv4 addresses are replaced only where
they cannot be one: in the output of a network tool, as host:port, as a URL's host, and
after a word that names an address ("inet", "src", "via", "gateway", "nameserver").

Connection tables (netstat, ss, lsof) list every connection, not only listening sockets;
checks read only LISTEN rows, so every address in the other rows is zeroed, private ones
too (a connection to another computer at home says who is in the house).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence

from readiness.probe.snapshot_redact import REDACTED

_HEX = re.compile(r"[0-9A-Fa-f]")
_H2 = "[0-9A-Fa-f]{2}"
# Six pairs joined by one separator, printed the same way throughout: ':' (nmcli's '\:'),
# '-', '_' (PipeWire, PulseAudio and BlueZ object names: bluez_output.AC_80_0A_11_22_33.1,
# dev_AC_80_...), '.' and URL-encoded ':'. Bounded by non-hex digits rather than \b, since
# '_' is a word character and BlueZ writes "dev_" right before the address.
_PAIRS = re.compile(rf"(?<![0-9A-Fa-f]){_H2}(?P<sep>\\?:|[-_.]|%3[Aa]){_H2}"
                    rf"(?:(?P=sep){_H2}){{4}}(?![0-9A-Fa-f])")
# Other ways tools print a hardware address: one-digit groups (macOS arp/ifconfig), Cisco's
# dotted form, twelve digits alone (ioreg; never the tail of a GUID or part of a longer hex
# string, which checks may read), and inside an EUI-64 IPv6 address (the ff:fe middle).
MAC_FORMS = (
    _PAIRS,
    re.compile(r"(?<![\w:])[0-9A-Fa-f]{1,2}(?::[0-9A-Fa-f]{1,2}){5}(?![\w:])"),
    re.compile(r"\b[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\b"),
    re.compile(r"(?<![0-9A-Fa-f-])[0-9A-Fa-f]{12}(?![0-9A-Fa-f-])"),
    re.compile(r"[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{0,2}ff:fe[0-9A-Fa-f]{2}:[0-9A-Fa-f]{1,4}",
               re.IGNORECASE),
)


_ENCODED_COLON = re.compile(r"(%3[Aa])")


def zeroed(m: re.Match[str]) -> str:
    # Digits become 0 and separators stay as printed (nmcli's '\:', a URL's '%3A' too), so
    # the output keeps its shape and still parses as it did.
    parts = _ENCODED_COLON.split(m.group())
    return "".join(p if i % 2 else _HEX.sub("0", p) for i, p in enumerate(parts))


def hardware(text: str) -> str:
    for pattern in MAC_FORMS:
        text = pattern.sub(zeroed, text)
    return text


V4_STAND_IN, V6_STAND_IN, ULA_STAND_IN = "192.0.2.1", "2001:db8::1", "fd00::1"
# Public resolvers: checks ask the route to one (route get 1.1.1.1), so it is in argv.
PUBLIC_SERVICES = frozenset({"1.1.1.1", "1.0.0.1", "8.8.8.8", "8.8.4.4", "9.9.9.9",
                             "2606:4700:4700::1111", "2001:4860:4860::8888"})
_GLOBAL6 = ipaddress.ip_network("2000::/3")
_ULA = ipaddress.ip_network("fc00::/7")
_DOC6 = ipaddress.ip_network("2001:db8::/32")

# Candidates only: ipaddress decides. A global or unique-local address starts with a
# four-digit group (2000-3fff, fc00-fdff), so times (12:30:00) and C++ names never match.
_V6 = re.compile(r"(?<![\w:.])(?:[23][0-9A-Fa-f]{3}|f[cd][0-9A-Fa-f]{2}):"
                 r"[0-9A-Fa-f:]*[0-9A-Fa-f:](?:\d{1,3}(?:\.\d{1,3}){3})?(?![\w:])")
_QUAD = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}"
# Anywhere: host:port, a URL's host or user@host, an IPv4-mapped IPv6 address, and after a
# word that names an address.
_V4_IN_CONTEXT = re.compile(
    rf"(?:(?<=//)|(?<=\\/\\/)|(?<=@)|(?<=::ffff:)|(?<=\[))(?P<a>{_QUAD})(?![\w.])"
    rf"|(?<![\w.])(?P<b>{_QUAD})(?=:\d{{1,5}}(?!\d))"
    rf"|(?i:\b(?:inet|src|via|gateway|gw|nameserver|server|address|addr|ip|ipv4|peer|remote"
    rf"|dns|proxy|router)\b[ \t]*(?:[:=][ \t]*)?[\"']?)(?P<c>{_QUAD})(?![\w.])")
# In a network tool's output every quad is an address; netstat writes the port after a dot.
_V4_ANY = re.compile(rf"(?<![\w.]){_QUAD}(?![\w-]|\.\d+\.)")
NETWORK_TOOLS = frozenset({
    "netstat", "ss", "lsof", "ip", "ifconfig", "route", "arp", "ping", "ping6", "traceroute",
    "tracert", "nslookup", "dig", "host", "scutil", "networksetup", "ipconfig", "resolvectl",
    "nmcli", "netsh", "sockstat", "curl", "wget", "nmap", "tcpdump",
})
_PS_NETWORK = re.compile(r"(?i)Get-Net|Find-NetRoute|Test-NetConnection|Resolve-DnsName|"
                         r"Get-DnsClient|NetTCPConnection")


def _v4(addr: str) -> str:
    try:
        ip = ipaddress.IPv4Address(addr)
    except ValueError:
        return addr
    if addr in PUBLIC_SERVICES or not ip.is_global:
        return addr
    return V4_STAND_IN


def _v6(m: re.Match[str]) -> str:
    text = m.group()
    try:
        ip = ipaddress.IPv6Address(text)
    except ValueError:
        return text
    if text.lower() in PUBLIC_SERVICES or ip in _DOC6:
        return text
    if ip in _ULA:
        return ULA_STAND_IN
    return V6_STAND_IN if ip in _GLOBAL6 else text


def _v4_in_context(m: re.Match[str]) -> str:
    name = next(n for n in ("a", "b", "c") if m.group(n) is not None)
    start, end = m.span(name)
    whole = m.group()
    offset = m.start()
    return whole[:start - offset] + _v4(m.group(name)) + whole[end - offset:]


_VERSION_BEFORE = re.compile(r"(?i)version\W*$")


def _v4_in_tool(m: re.Match[str]) -> str:
    # A driver's or firmware's version on its own line ("netsh wlan show drivers":
    # "Version : 23.40.0.4") is no address, even in a network tool's output.
    line_start = m.string.rfind("\n", 0, m.start()) + 1
    if _VERSION_BEFORE.search(m.string, line_start, m.start()):
        return m.group()
    return _v4(m.group())


def network_tool(argv: Sequence[str]) -> bool:
    """Whether ``argv`` runs a tool whose output is about network addresses."""
    if not argv:
        return False
    name = re.split(r"[\\/]", argv[0])[-1].lower().removesuffix(".exe")
    if name in NETWORK_TOOLS:
        return True
    return name in ("powershell", "pwsh") and any(_PS_NETWORK.search(a) for a in argv[1:])


# TCP states of a connection (netstat on macOS, Linux and Windows, ss, lsof): anything
# but LISTEN.
_CONNECTED = re.compile(
    r"\b(?:ESTABLISHED|ESTAB|SYN[_-]SENT|SYN[_-]RECE?I?VE?D?|SYN[_-]RECV|FIN[_-]WAIT[_-]?[12]|"
    r"TIME[_-]WAIT|CLOSE[_-]WAIT|LAST[_-]ACK|CLOSING|CLOSED|CLOSE)\b")
_ANY_V4 = re.compile(rf"(?<![\w.]){_QUAD}(?![\w-]|\.\d+\.)")
_ANY_V6 = re.compile(r"(?<![\w:.])(?=[0-9A-Fa-f:]*:[0-9A-Fa-f]*:)[0-9A-Fa-f:]{2,}(?![\w:])")
_TABLES = frozenset({"netstat", "ss", "lsof", "sockstat"})


def _connections(text: str) -> str:
    """Every address in a connection table's rows that are not listening sockets, zeroed."""
    out = []
    for line in text.split("\n"):
        if _CONNECTED.search(line) and "LISTEN" not in line:
            line = _ANY_V4.sub(zeroed, line)
            line = _ANY_V6.sub(zeroed, line)
        out.append(line)
    return "\n".join(out)


# Proxy settings name the employer's or practice's proxy host (and its exceptions, their
# internal domains); no check reads them. APT: 'Acquire::http::Proxy "url";', a per-host
# 'Acquire::http::Proxy::host "DIRECT";', and 'Proxy "url";' inside a block.
_APT_PROXY = re.compile(r'(?im)(?P<key>(?:::|^[ \t]*|[{;][ \t]*)Proxy)(?P<host>::[^\s"{};]+)?'
                        r'(?P<sep>[ \t]+")(?P<value>[^"\r\n]*)(?P<end>")')
# "http_proxy=", "export HTTPS_PROXY=", dnf's "proxy=", scutil's "HTTPProxy : ", netsh's
# "Proxy Server(s) :" and "Bypass List :", a JSON member or registry value named so. Keys
# are short: bounded, so a long line of other text is never searched again and again.
_PROXY_LINE = re.compile(
    r"(?im)^(?P<key>[ \t]*(?:export[ \t]+)?[\w.()-]{0,60}?(?:proxy|bypass[ ]list)[\w.() -]{0,60}?"
    r"[ \t]*[:=][ \t]*[\"']?)(?P<value>[^\r\n\"']*?)(?P<end>[\"']?[ \t]*;?[ \t]*\r?)$")
_PROXY_JSON = re.compile(r'(?i)(?P<key>"[^"\n]{0,60}?(?:proxy|bypass)[^"\n]{0,60}"\s*:\s*")'
                         r'(?P<value>(?:[^"\\\n]|\\.)+)(?P<end>")')
# Values that name nothing: switches, ports, modes.
_PROXY_PLAIN = re.compile(r"(?i)\d*|true|false|yes|no|on|off|none|\(none\)|direct|manual|"
                          r"auto|automatic|\(null\)|<redacted>|direct access \(no proxy "
                          r"server\)\.?")
_QUOTED = re.compile(r"'(?P<value>[^'\n]*)'")


def _proxy_value(m: re.Match[str]) -> str:
    value = m.group("value")
    keep = _PROXY_PLAIN.fullmatch(value.strip())
    host = m.groupdict().get("host")
    key = m.group("key") + ("::" + REDACTED if host else "") + m.groupdict().get("sep", "")
    return key + (value if keep else REDACTED) + m.group("end")


def proxies(text: str, argv: Sequence[str] = ()) -> str:
    """Proxy hosts and their exceptions in one recorded text; GNOME's
    ``gsettings get org.gnome.system.proxy... host`` prints one quoted value."""
    if re.search("(?i)proxy|bypass", text):
        for pattern in (_APT_PROXY, _PROXY_LINE, _PROXY_JSON):
            text = pattern.sub(_proxy_value, text)
    if argv and argv[0].rsplit("/", 1)[-1] == "gsettings" and \
            any("proxy" in a.lower() for a in argv[1:]):
        text = _QUOTED.sub(lambda m: m.group() if _PROXY_PLAIN.fullmatch(m.group("value"))
                           else f"'{REDACTED}'", text)
    return text


def in_text(text: str, argv: Sequence[str] = ()) -> str:
    """Global IP addresses in one recorded text (a command's output when ``argv`` is given),
    the addresses of connections in a connection table, and proxy hosts."""
    if not text:
        return text
    text = proxies(text, argv)
    if argv and re.split(r"[\\/]", argv[0])[-1].lower().removesuffix(".exe") in _TABLES:
        text = _connections(text)
    text = _V6.sub(_v6, text)
    if network_tool(argv):
        return _V4_ANY.sub(_v4_in_tool, text)
    return _V4_IN_CONTEXT.sub(_v4_in_context, text)
