"""Firewall verdicts from facts alone: no host, no probes."""

from __future__ import annotations

import pytest

from checks.firewall.decide import decide_linux, decide_macos, decide_windows
from checks.firewall.model import LinuxFacts, MacFacts, WindowsFacts
from readiness.model import Status

ALL_ON = {"Domain": True, "Private": True, "Public": True}
PUBLIC_OFF = {"Domain": True, "Private": True, "Public": False}
ALL_OFF = {"Domain": False, "Private": False, "Public": False}
DOMAIN_OFF = {"Domain": False, "Private": True, "Public": True}
DOMAIN_ON_ONLY = {"Domain": True, "Private": False, "Public": False}
DOMAIN_PUBLIC_OFF = {"Domain": False, "Private": True, "Public": False}
THIRD_ON = (("Example Firewall", True),)
THIRD_OFF = (("Example Firewall", False),)


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        (WindowsFacts(ALL_ON), Status.PASS),
        (WindowsFacts(ALL_ON, from_registry=True), Status.PASS),
        (WindowsFacts(None, True, "powershell is not installed", "unreadable"), Status.UNKNOWN),
        (WindowsFacts(PUBLIC_OFF, products=()), Status.WARN),
        (WindowsFacts(PUBLIC_OFF, products=None, products_problem="timed out"), Status.WARN),
        (WindowsFacts(DOMAIN_OFF, products=()), Status.WARN),  # membership not asked: counts
        (WindowsFacts(PUBLIC_OFF, products=THIRD_ON), Status.PASS),
        (WindowsFacts(ALL_OFF, products=THIRD_ON), Status.PASS),
        (WindowsFacts(ALL_OFF, products=THIRD_OFF), Status.FAIL),
        (WindowsFacts(ALL_OFF, products=()), Status.FAIL),
        # Everything off and Security Center silent: another firewall may be on.
        (WindowsFacts(ALL_OFF, products=None, products_problem="timed out"), Status.UNKNOWN),
        # Issue 11, decision 6: the Domain profile applies only on a domain-joined computer.
        (WindowsFacts(DOMAIN_OFF, domain_joined=False), Status.PASS),
        (WindowsFacts(DOMAIN_OFF, domain_joined=True, products=()), Status.WARN),
        (WindowsFacts(DOMAIN_OFF, domain_joined=True, products=THIRD_ON), Status.PASS),
        # Membership unreadable: never a pass by assumption, and not a warning either.
        (WindowsFacts(DOMAIN_OFF, domain_problem="timed out", products=()), Status.UNKNOWN),
        (WindowsFacts(DOMAIN_OFF, domain_problem="timed out", products=THIRD_ON), Status.PASS),
        # Not joined: Private and Public off are every profile that applies.
        (WindowsFacts(DOMAIN_ON_ONLY, domain_joined=False, products=()), Status.FAIL),
        (WindowsFacts(DOMAIN_ON_ONLY, products=()), Status.WARN),  # membership not asked
        (WindowsFacts(DOMAIN_PUBLIC_OFF, products=()), Status.WARN),
        (WindowsFacts(ALL_OFF, domain_joined=False, products=()), Status.FAIL),
        (WindowsFacts(ALL_OFF, domain_problem="timed out", products=()), Status.FAIL),
        (WindowsFacts(DOMAIN_PUBLIC_OFF, domain_joined=False, products=()), Status.WARN),
        (WindowsFacts(DOMAIN_PUBLIC_OFF, domain_problem="timed out", products=()), Status.WARN),
    ],
)
def test_decide_windows(facts: WindowsFacts, status: Status) -> None:
    outcome = decide_windows(facts)
    assert outcome.status is status, outcome.summary
    assert outcome.summary and outcome.expected and outcome.method


def test_windows_names_the_off_profiles_and_the_source() -> None:
    outcome = decide_windows(WindowsFacts(PUBLIC_OFF, from_registry=True, products=()))
    assert "Public profile (on for Domain and Private)" in outcome.summary
    assert outcome.method.startswith("registry EnableFirewall")
    assert outcome.observed["public_profile_on"] is False
    assert outcome.observed["third_party_firewalls"] == "none"


def test_windows_unknown_gives_both_reasons() -> None:
    outcome = decide_windows(WindowsFacts(None, True, "powershell is not installed",
                                          "the firewall service's start type could not be read"))
    assert "powershell is not installed" in outcome.summary
    assert "start type" in outcome.summary
    assert outcome.observed == {"profiles_read": False}


def test_windows_domain_profile_off_on_a_computer_not_joined() -> None:
    outcome = decide_windows(WindowsFacts(DOMAIN_OFF, domain_joined=False))
    assert "not joined to a domain" in outcome.summary
    assert outcome.observed["domain_joined"] is False
    assert outcome.observed["domain_profile_on"] is False
    assert "PartOfDomain" in outcome.method


def test_windows_domain_membership_unreadable_says_so() -> None:
    outcome = decide_windows(WindowsFacts(DOMAIN_OFF, domain_problem="powershell stopped with "
                                          "an error (code 1)", products=()))
    assert "domain" in outcome.summary and "(code 1)" in outcome.summary
    assert outcome.observed["domain_joined"] is None
    warn = decide_windows(WindowsFacts(DOMAIN_PUBLIC_OFF, domain_problem="timed out",
                                       products=()))
    assert "Public profile" in warn.summary and "domain" in warn.summary.lower()


def test_windows_domain_joined_names_the_domain_profile() -> None:
    outcome = decide_windows(WindowsFacts(DOMAIN_OFF, domain_joined=True, products=()))
    assert "Domain profile (on for Private and Public)" in outcome.summary


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        (MacFacts(1), Status.PASS),
        (MacFacts(2), Status.PASS),  # block all incoming is on, not off
        (MacFacts(0), Status.FAIL),
        (MacFacts(1, from_profiler=True), Status.PASS),
        (MacFacts(0, from_profiler=True), Status.FAIL),
        (MacFacts(None, True, "refused", "timed out"), Status.UNKNOWN),
    ],
)
def test_decide_macos(facts: MacFacts, status: Status) -> None:
    outcome = decide_macos(facts)
    assert outcome.status is status, outcome.summary
    assert outcome.expected and outcome.method


def test_macos_method_names_the_source() -> None:
    assert decide_macos(MacFacts(1)).method == "socketfilterfw --getglobalstate"
    assert decide_macos(MacFacts(1, from_profiler=True)).method.startswith("system_profiler")


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        (LinuxFacts(True, "active", ufw_incoming="DROP"), Status.PASS),
        (LinuxFacts(True, "active", ufw_incoming="REJECT"), Status.PASS),
        (LinuxFacts(False, "inactive", "active", firewalld_zone="public"), Status.PASS),
        # Issue 11, decision 7: running but letting everything in is not protecting.
        (LinuxFacts(True, "active", "inactive", "inactive", ufw_incoming="ACCEPT"), Status.FAIL),
        (LinuxFacts(True, "active", "inactive", "inactive", ufw_incoming="ACCEPT_NO_TRACK"),
         Status.FAIL),
        (LinuxFacts(True, "active", "inactive", "inactive", ufw_incoming=None), Status.UNKNOWN),
        (LinuxFacts(False, "inactive", "active", "inactive", firewalld_zone="trusted"),
         Status.FAIL),
        (LinuxFacts(False, "inactive", "active", "inactive", firewalld_zone=None),
         Status.UNKNOWN),
        # Something else protecting still passes.
        (LinuxFacts(True, "active", "active", ufw_incoming="ACCEPT", firewalld_zone="public"),
         Status.PASS),
        (LinuxFacts(False, "inactive", "active", "active", True, firewalld_zone="trusted"),
         Status.PASS),
        (LinuxFacts(True, "active", "inactive", None, ufw_incoming="ACCEPT"), Status.UNKNOWN),
        (LinuxFacts(False, "inactive", "inactive", "active", True), Status.PASS),
        (LinuxFacts(False, "inactive", "inactive", "inactive"), Status.FAIL),
        # ufw's unit running with ufw disabled in its config is not a firewall.
        (LinuxFacts(False, "active", "inactive", "inactive"), Status.FAIL),
        # Debian's accept-everything nftables skeleton is not a firewall either.
        (LinuxFacts(False, "inactive", "inactive", "active", False), Status.FAIL),
        (LinuxFacts(False, "inactive", "inactive", "active", None), Status.UNKNOWN),
        (LinuxFacts(None, "inactive", "inactive", "inactive"), Status.UNKNOWN),
        (LinuxFacts(True, None, "inactive", "inactive"), Status.UNKNOWN),
        (LinuxFacts(False, "inactive", None, "inactive"), Status.UNKNOWN),
        (LinuxFacts(False, "inactive", "inactive", None), Status.UNKNOWN),
        # No systemd at all (a container): nothing can be told.
        (LinuxFacts(False, None, None, None), Status.UNKNOWN),
    ],
)
def test_decide_linux(facts: LinuxFacts, status: Status) -> None:
    outcome = decide_linux(facts)
    assert outcome.status is status, outcome.summary
    assert outcome.expected and outcome.method


def test_linux_unknown_names_what_could_not_be_checked() -> None:
    outcome = decide_linux(LinuxFacts(None, "inactive", None, "active", None))
    assert outcome.summary == ("Could not tell whether a firewall is running: ufw, firewalld, "
                               "nftables could not be checked.")


def test_linux_pass_records_only_what_was_asked() -> None:
    assert decide_linux(LinuxFacts(True, "active", ufw_incoming="DROP")).observed == {
        "ufw_enabled_in_config": True, "ufw_unit": "active", "ufw_default_incoming": "DROP"}


def test_linux_permissive_front_ends_are_named() -> None:
    outcome = decide_linux(LinuxFacts(True, "active", "active", "inactive",
                                      ufw_incoming="ACCEPT", firewalld_zone="trusted"))
    assert outcome.status is Status.FAIL
    assert "ufw" in outcome.summary and "ACCEPT" in outcome.summary
    assert "trusted" in outcome.summary
    assert outcome.observed["firewalld_default_zone"] == "trusted"


def test_linux_unreadable_policy_is_named() -> None:
    outcome = decide_linux(LinuxFacts(True, "active", "inactive", "inactive"))
    assert outcome.status is Status.UNKNOWN
    assert "default incoming policy" in outcome.summary
