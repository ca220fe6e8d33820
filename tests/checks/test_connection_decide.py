"""The connection verdict with the link it was measured over (issue 13, item 6): a table.

The measurement decides; a weak Wi-Fi signal warns; a link (or a Wi-Fi signal) that could not
be read never fails and never lets a good measurement pass; a measurement that could not be
made is never rescued by the link.
"""

from __future__ import annotations

import pytest

from checks.connection.decide import decide
from checks.connection.link import WEAK_DBM, WEAK_PERCENT, Kind, Link, unreadable, wifi
from checks.connection.model import Measurement
from readiness.model import Status

GOOD = Measurement("zoom.us", samples=(20.0, 21.0, 19.0, 20.0, 22.0, 20.5))
SLOW = Measurement("zoom.us", samples=(150.0, 155.0, 149.0, 151.0, 150.0, 152.0))
LOSSY = Measurement("zoom.us", samples=(20.0, None, None, 20.0, 22.0, 20.5))
NO_DNS = Measurement("zoom.us", dns_error="Name or service not known")
NOTHING = Measurement("zoom.us")

CABLE = Link(Kind.WIRED, "eth0", "a wired network adapter")
VPN = Link(Kind.OTHER, "utun3", "a VPN or virtual link (utun3)")
STRONG = wifi("en0", dbm=-55)
WEAK = wifi("en0", dbm=-78)
WEAK_PCT = wifi("Wi-Fi", percent=45)
STRONG_PCT = wifi("Wi-Fi", percent=85)
HIDDEN = wifi("Wi-Fi", problem="netsh stopped with an error (code 1)")
UNREAD = unreadable("/proc/net/route could not be read (the file does not exist)")


@pytest.mark.parametrize(("m", "link", "status", "words"), [
    # A good measurement: the link adds to it.
    (GOOD, CABLE, Status.PASS, "over a cable"),
    (GOOD, VPN, Status.PASS, "over a VPN or virtual link (utun3)"),
    (GOOD, STRONG, Status.PASS, "over Wi-Fi, signal -55 dBm (good)"),
    (GOOD, STRONG_PCT, Status.PASS, "signal 85% (good)"),
    (GOOD, WEAK, Status.WARN, "signal -78 dBm (weak)"),
    (GOOD, WEAK_PCT, Status.WARN, "over Wi-Fi, signal 45% (weak)"),
    (GOOD, WEAK_PCT, Status.WARN, "move closer to the router or use a cable"),
    # Unreadable facts never pass and never fail.
    (GOOD, HIDDEN, Status.WARN, "signal strength could not be read (netsh stopped"),
    (GOOD, UNREAD, Status.WARN, "Wi-Fi or a cable could not be read (/proc/net/route"),
    # A poor measurement stays poor whatever the link; the link is said alongside.
    (SLOW, CABLE, Status.WARN, "connected over a cable"),
    (SLOW, WEAK, Status.WARN, "(weak): move closer to the router or use a cable"),
    (LOSSY, CABLE, Status.FAIL, "lost"),
    (LOSSY, WEAK_PCT, Status.FAIL, "signal 45% (weak): move closer"),
    (NO_DNS, STRONG, Status.FAIL, "could not be found"),
    (NO_DNS, UNREAD, Status.FAIL, "whose type could not be read"),
    # A measurement that could not be made is never rescued by a good link.
    (NOTHING, CABLE, Status.UNKNOWN, "could not be measured"),
    (NOTHING, STRONG, Status.UNKNOWN, "could not be measured"),
])
def test_decide_with_the_link(m: Measurement, link: Link, status: Status, words: str) -> None:
    out = decide(m, link)
    assert out.status is status and words in out.summary, out.summary


@pytest.mark.parametrize("link", [CABLE, VPN, STRONG, WEAK, WEAK_PCT, HIDDEN, UNREAD])
def test_the_link_is_in_the_evidence(link: Link) -> None:
    observed = decide(GOOD, link).observed
    assert observed["link"] == (link.kind.value if link.kind else "unknown")
    assert observed.get("wifi_signal_dbm") == link.signal_dbm
    assert observed.get("wifi_signal_percent") == link.signal_percent
    assert bool(observed.get("link_problem")) == bool(link.problem)


def test_no_link_never_makes_an_unmeasured_connection_pass() -> None:
    for link in (CABLE, STRONG, VPN, None):
        assert decide(NOTHING, link).status is Status.UNKNOWN
        assert decide(None, link).status is Status.NOT_APPLICABLE


@pytest.mark.parametrize(("dbm", "weak"), [(WEAK_DBM, False), (WEAK_DBM - 1, True),
                                           (-40, False), (-90, True)])
def test_weak_threshold_in_dbm(dbm: int, weak: bool) -> None:
    """-70 dBm: the minimum for reliable packet delivery (MetaGeek, 'Understanding WiFi
    Signal Strength')."""
    assert wifi("wlan0", dbm=dbm).weak is weak


@pytest.mark.parametrize(("percent", "weak"), [(WEAK_PERCENT, False), (WEAK_PERCENT - 1, True),
                                               (100, False), (0, True)])
def test_weak_threshold_in_percent(percent: int, weak: bool) -> None:
    """Windows: 0% is -100 dBm and 100% is -50 dBm, linearly, so -70 dBm is 60%."""
    assert -100 + WEAK_PERCENT / 2 == WEAK_DBM
    assert wifi("Wi-Fi", percent=percent).weak is weak


@pytest.mark.parametrize(("link", "complete"), [
    (CABLE, True), (VPN, True), (STRONG, True), (WEAK_PCT, True),
    (HIDDEN, False), (UNREAD, False),
    (wifi("wlan0", dbm=5), False),  # not a dBm value: a driver's own scale
    (wifi("wlan0", dbm=-300), False),
    (wifi("Wi-Fi", percent=140), False),
])
def test_implausible_signals_are_not_read(link: Link, complete: bool) -> None:
    assert link.complete is complete
    if not complete:
        assert decide(GOOD, link).status is Status.WARN


def test_without_a_link_only_the_measurement_is_judged() -> None:
    assert decide(GOOD).status is Status.PASS
    assert "link" not in decide(GOOD).observed
