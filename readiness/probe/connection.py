"""The connection check's measurement (opt-in): name resolution, a series of TCP connects and
one TLS handshake to the practitioner's video platform. Only ever called when the practitioner
turned the connection check on; sends nothing but connection set-ups (no data, no identity).

Each TCP connect's time is a round trip (SYN, SYN-ACK); a connect that does not complete within
its timeout counts as lost. Returned as plain JSON so a snapshot can replay it.
"""

from __future__ import annotations

import re
import socket
import ssl
import threading
import time
from typing import Any

SAMPLES = 6
CONNECT_TIMEOUT_S = 1.5
GAP_S = 0.05
DNS_TIMEOUT_S = 4.0
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
# A DNS name with at least one dot (or "localhost", which the loopback tests use).
_HOST = re.compile(rf"(?=.{{1,253}}$)(?:{_LABEL}(?:\.{_LABEL})+|localhost)")


def parse_target(target: str) -> tuple[str, int]:
    """``host`` or ``host:port`` (a public DNS name; no addresses, no user info)."""
    host, _, port_text = target.strip().lower().partition(":")
    port = int(port_text) if port_text.isdigit() else 443
    if not _HOST.fullmatch(host) or not 0 < port < 65536 or (port_text and not port_text.isdigit()):
        raise ValueError(f"not a host name: {target!r}")
    return host, port


def _resolve(host: str, port: int) -> tuple[list[Any], float]:
    """getaddrinfo has no timeout of its own: it runs on a thread we stop waiting for."""
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["v"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            box["e"] = exc

    t0 = time.perf_counter()
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(DNS_TIMEOUT_S)
    took = (time.perf_counter() - t0) * 1000
    if "v" in box:
        return box["v"], took
    raise OSError(box.get("e") or "name resolution timed out")


def _connect_ms(family: int, addr: Any) -> float | None:
    t0 = time.perf_counter()
    try:
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.settimeout(CONNECT_TIMEOUT_S)
            s.connect(addr)
    except OSError:
        return None
    return (time.perf_counter() - t0) * 1000


def _tls(family: int, addr: Any, host: str,
         context: ssl.SSLContext | None) -> tuple[float | None, str]:
    ctx = context or ssl.create_default_context()
    t0 = time.perf_counter()
    try:
        # The address already resolved: no second lookup, the same server as the connects.
        with socket.socket(family, socket.SOCK_STREAM) as raw:
            raw.settimeout(CONNECT_TIMEOUT_S * 2)
            raw.connect(addr)
            with ctx.wrap_socket(raw, server_hostname=host):
                return (time.perf_counter() - t0) * 1000, ""
    except (OSError, ssl.SSLError) as exc:
        reason = getattr(exc, "reason", None)  # ssl errors say why (e.g. the certificate)
        return None, type(exc).__name__ + (f": {reason}" if reason else "")


def measure(target: str, *, samples: int = SAMPLES,
            tls_context: ssl.SSLContext | None = None) -> dict[str, Any]:
    host, port = parse_target(target)
    out: dict[str, Any] = {"host": host, "port": port}
    try:
        infos, dns_ms = _resolve(host, port)
    except OSError as exc:
        out["dns_error"] = str(exc)[:200]
        return out
    out["dns_ms"] = round(dns_ms, 1)
    family, _type, _proto, _name, addr = infos[0]
    out["family"] = "ipv6" if family == socket.AF_INET6 else "ipv4"
    times = []
    for i in range(samples):
        if i:
            time.sleep(GAP_S)
        ms = _connect_ms(family, addr)
        times.append(None if ms is None else round(ms, 1))
    out["connect_ms"] = times
    tls_ms, tls_error = _tls(family, addr, host, tls_context)
    out["tls_ms"] = None if tls_ms is None else round(tls_ms, 1)
    if tls_error:
        out["tls_error"] = tls_error[:200]
    return out
