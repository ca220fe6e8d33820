"""The Wi-Fi verdict: pure, from ``WifiFacts`` to an ``Outcome``."""

from __future__ import annotations

from collections.abc import Sequence

from checks.wifi.model import EXPECTED, PLAIN, Link, Reading, Security, WifiFacts, worst
from readiness.model import Outcome, Scalar, Status


def _observed_links(reading: Reading) -> dict[str, Scalar]:
    observed: dict[str, Scalar] = {"source": reading.source, "wifi_in_use": True}
    for i, link in enumerate(reading.links):
        suffix = "" if len(reading.links) == 1 else f"_{i + 1}"
        observed[f"security{suffix}"] = link.security.value
        observed[f"security_raw{suffix}"] = link.raw
        if link.ssid:
            observed[f"network_name{suffix}"] = link.ssid
        if link.interface:
            observed[f"interface{suffix}"] = link.interface
    return observed


def _name(links: Sequence[Link]) -> str:
    names = [link.ssid for link in links if link.ssid]
    return f" ('{names[0]}')" if len(names) == 1 else ""


def decide(facts: WifiFacts) -> Outcome:
    reading, vpn = facts.reading, facts.vpn
    if not reading.answered:
        why = (reading.problem or "no answer").rstrip(".")  # the steps end their own sentence
        return Outcome(Status.UNKNOWN, f"Could not tell how the Wi-Fi is secured: {why}.",
                       {"source": reading.source},
                       EXPECTED, reading.source)
    if not reading.in_use:
        return Outcome(Status.NOT_APPLICABLE,
                       "This computer is not connected to Wi-Fi, so its security does not apply.",
                       {"source": reading.source, "wifi_in_use": False}, EXPECTED,
                       reading.source)
    observed = _observed_links(reading)
    found = worst([link.security for link in reading.links])
    name = _name(reading.links)
    method = reading.source
    if found is Security.UNKNOWN:
        raw = ", ".join(link.raw for link in reading.links)
        return Outcome(Status.UNKNOWN,
                       f"Connected to Wi-Fi{name}, but its security ({raw}) was not recognised.",
                       observed, EXPECTED, method)
    if found in (Security.WPA2, Security.WPA3):
        return Outcome(Status.PASS,
                       f"The Wi-Fi connection{name} is protected with {PLAIN[found]}.",
                       observed, EXPECTED, method)
    if found is Security.WPA1:
        return Outcome(Status.WARN,
                       f"The Wi-Fi connection{name} uses {PLAIN[found]}; change the router to "
                       "WPA2 or WPA3.", observed, EXPECTED, method)
    if found is Security.OWE:
        return Outcome(Status.WARN,
                       f"The Wi-Fi connection{name} is {PLAIN[found]}; a password-protected "
                       "(WPA2 or WPA3) network is safer for sessions.", observed, EXPECTED,
                       method)
    if vpn is not None:
        observed["default_route_interface"] = vpn.interface
        observed["traffic_through_vpn"] = vpn.through_vpn
    if found is Security.OPEN and vpn is not None and vpn.through_vpn:
        return Outcome(Status.WARN,
                       f"The Wi-Fi{name} is open, but all traffic goes through a VPN "
                       f"({vpn.interface}); a password-protected network is still safer.",
                       observed, EXPECTED, method + "; default route checked for a VPN")
    return Outcome(Status.FAIL,
                   f"The Wi-Fi connection{name} is {PLAIN[found]}: others nearby can read or "
                   "tamper with what is sent.", observed, EXPECTED, method)
