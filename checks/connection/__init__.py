"""The connection will hold for a video call (GPiA 047 §3: a reliable service) — opt-in.

Off unless the practitioner turns it on and names their platform (Settings, or
``readiness check --connection zoom``): then a few timed connections are made to the platform
(name lookup, six TCP connects, one TLS handshake; see readiness/probe/connection.py). Nothing
else is sent, and the results stay in the evidence. With a measurement in hand, the link the
default route uses is read from this computer (cable, Wi-Fi and its signal: link_*.py), so the
summary can say "over Wi-Fi, signal 45% (weak)". Off: not applicable, and nothing is read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from checks.connection import link_linux, link_macos, link_windows
from checks.connection.decide import decide
from checks.connection.link import Link
from checks.connection.model import PLATFORMS, Measurement
from readiness.check import CheckContext, PlatformCheck
from readiness.model import Outcome, Status

OPTION = "connection_target"
NATIVE = "connection"  # the parameterised native probe: "connection:<host>"


def target_for(choice: str) -> str:
    """A named platform's host, or the host name given for "other" ("" when off)."""
    choice = choice.strip().lower()
    return PLATFORMS.get(choice, choice)


def _ms(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 60_000


def _measurement(host: str, value: Any) -> Measurement | None:
    if not isinstance(value, dict) or value.get("host") != host:
        return None
    samples = value.get("connect_ms", [])
    if not isinstance(samples, list) or not all(s is None or _ms(s) for s in samples):
        return None
    dns_error = value.get("dns_error", "")
    tls_ms = value.get("tls_ms")
    return Measurement(host=host, dns_error=str(dns_error) if dns_error else "",
                       samples=tuple(samples), tls_error=str(value.get("tls_error", "")),
                       tls_ms=tls_ms if isinstance(tls_ms, (int, float)) else None)


LINK_GATHERERS: dict[str, Callable[[CheckContext], Link]] = {
    "linux": link_linux.gather, "macos": link_macos.gather, "windows": link_windows.gather}


def evaluate(ctx: CheckContext) -> Outcome:
    host = target_for(ctx.option(OPTION))
    if not host:
        return decide(None)
    result = ctx.native(f"{NATIVE}:{host}")
    if not result.ok:
        return Outcome(Status.UNKNOWN, f"The connection to {host} could not be measured "
                       f"({result.reason}).", {"host": host})
    m = _measurement(host, result.value)
    if m is None:
        return Outcome(Status.UNKNOWN, "The connection measurement could not be read.",
                       {"host": host})
    return decide(m, LINK_GATHERERS[ctx.platform.os_key](ctx))


# The slowest run: every connect and the handshake timing out, then the slowest link reading.
BUDGET_S = 45.0
CONNECTION = PlatformCheck("connection_quality", windows=evaluate, macos=evaluate,
                           linux=evaluate, budget_s=BUDGET_S)
