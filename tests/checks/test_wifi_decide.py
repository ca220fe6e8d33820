"""The Wi-Fi verdict from facts alone: no host, no probes."""

from __future__ import annotations

import pytest

from checks.wifi.decide import decide
from checks.wifi.model import Link, Reading, Security, VpnRoute, WifiFacts
from readiness.model import Status


def _on(*securities: Security, vpn: VpnRoute | None = None) -> WifiFacts:
    links = tuple(Link(s, s.value, "Home" if i == 0 else None) for i, s in enumerate(securities))
    return WifiFacts(Reading(links, in_use=True, source="test"), vpn)


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        (WifiFacts(Reading(problem="no tool", source="t")), Status.UNKNOWN),
        (WifiFacts(Reading(source="t")), Status.UNKNOWN),  # no answer either way
        (WifiFacts(Reading(in_use=False, source="t")), Status.NOT_APPLICABLE),
        (_on(Security.WPA3), Status.PASS),
        (_on(Security.WPA2), Status.PASS),
        (_on(Security.WPA1), Status.WARN),
        (_on(Security.OWE), Status.WARN),
        (_on(Security.WEP), Status.FAIL),
        (_on(Security.OPEN), Status.FAIL),
        (_on(Security.OPEN, vpn=VpnRoute("wg0", True)), Status.WARN),
        (_on(Security.OPEN, vpn=VpnRoute("wlan0", False)), Status.FAIL),
        (_on(Security.WEP, vpn=VpnRoute("wg0", True)), Status.FAIL),  # a VPN excuses only open
        (_on(Security.UNKNOWN), Status.UNKNOWN),
        # The worst link decides; an unrecognised one stops a pass.
        (_on(Security.WPA3, Security.UNKNOWN), Status.UNKNOWN),
        (_on(Security.WPA2, Security.OPEN), Status.FAIL),
        (_on(Security.WPA2, Security.WPA1), Status.WARN),
    ],
)
def test_decide(facts: WifiFacts, status: Status) -> None:
    outcome = decide(facts)
    assert outcome.status is status, outcome.summary
    assert outcome.summary and outcome.expected


def test_observed_names_each_link_when_several() -> None:
    outcome = decide(_on(Security.WPA2, Security.WPA3))
    assert outcome.observed["security_1"] == "wpa2"
    assert outcome.observed["security_2"] == "wpa3"
    assert outcome.observed["network_name_1"] == "Home"


def test_open_under_vpn_records_the_route() -> None:
    outcome = decide(_on(Security.OPEN, vpn=VpnRoute("tun0", True)))
    assert outcome.observed["default_route_interface"] == "tun0"
    assert outcome.observed["traffic_through_vpn"] is True
