"""Redaction tables (issue 13): a secret in every escaping a recorded tool prints it in, people's
names with their possessives and without wiping out ordinary words, owners in device names,
and hardware addresses zeroed in the shape they were printed. Inputs are handmade strings in
the forms the named tools print."""

from __future__ import annotations

from collections.abc import Set as AbstractSet

import pytest

from readiness.probe import snapshot as snapshot_mod

R = "<redacted>"


def _text(value: str, secrets: AbstractSet[str] = frozenset(),
          names: AbstractSet[str] = frozenset(),
          argv: tuple[str, ...] = ()) -> str:
    return snapshot_mod.text_redactor(set(secrets), set(names))(value, argv)


@pytest.mark.parametrize(("secret", "printed", "why"), [
    ("Jane:Home", "*:Jane\\:Home:Infra", "nmcli -t escapes ':'"),
    ("Back\\slash", "*:Back\\\\slash:Infra", "nmcli -t escapes '\\'"),
    ('Say "hi"', '"_name" : "Say \\"hi\\""', "JSON escapes '\"'"),
    ("a/b net", '"_name" : "a\\/b net"', "Apple's JSON escapes '/'"),
    ("Jane\u2019s Wi-Fi", '"Jane\\u2019s Wi-Fi"', "JSON \\u escape (ensure_ascii)"),
    ("Jane\u2019s Wi-Fi", '"Jane\\U2019s Wi-Fi"', "old-style plist \\U escape"),
    ("Jane's Wi-Fi", '"Jane\\u0027s Wi-Fi"', "Windows PowerShell ConvertTo-Json escapes '"),
    ("Jane's Wi-Fi", "Jane\u2019s Wi-Fi", "a curly apostrophe for a straight one"),
    ("Tom & Jerry", "<string>Tom &amp; Jerry</string>", "plist/XML entity"),
    ("<Home>", "<string>&lt;Home&gt;</string>", "XML entities"),
    ("Jane's", "<string>Jane&apos;s</string>", "XML &apos;"),
    ("Jane's", "Jane&#39;s", "decimal character reference"),
    ("Jane's", "Jane&#x27;s", "hex character reference"),
    ("Caf\u00e9 Net", "Cafe\u0301 Net", "macOS decomposed accent (NFD)"),
    ("Caf\u00e9 Net", "SSID: Caf\\xc3\\xa9 Net", "iw prints bytes as \\x"),
    ("Caf\u00e9 Net", "Caf\\303\\251 Net", "octal byte escapes"),
    ("Caf\u00e9 Net", "file:///Caf%C3%A9%20Net", "URL percent-encoding"),
    ("Caf\u00e9 \U0001F600", '"Caf\\u00e9 \\ud83d\\ude00"', "JSON surrogate pair"),
    ("JANE-HOME", "jane-home", "any case"),
    ("My Net", "/Volumes/My\\ Net", "shell escaping"),
])
def test_a_secret_is_redacted_in_every_escaping(secret: str, printed: str, why: str) -> None:
    out = _text(printed, {secret})
    assert R in out, why
    for part in ("Jane", "Home", "Back", "slash", "hi", "a\\/b", "Tom", "Caf", "My"):
        if part in secret:
            assert part.lower() not in out.lower(), why


def test_a_short_secret_is_not_replaced_inside_words() -> None:
    assert _text("ab absolutely", {"ab"}) == "ab absolutely"


@pytest.mark.parametrize("printed", [
    "Jane Doe", "jane doe", "JANE DOE", "Jane Doe\u2019s iPhone", "Jane Doe's iPad",
    "Jane-Does-iPhone", "Jane_Doe", "Jane\\u00a0Doe", "Jane%20Doe", "Jane&#160;Doe",
    '"_name":"Jane Doe\\u2019s AirPods"', "line1\\nJane Doe", "Jane\u2019s AirPods",
    "jane's MacBook", "Jane", "Hi JANE.",
])
def test_the_owners_name_is_redacted(printed: str) -> None:
    out = _text(printed, names={"Jane Doe"})
    assert "jane" not in out.lower() and "doe" not in out.lower().replace("does", ""), out


@pytest.mark.parametrize(("gecos", "printed"), [
    ("Doe, Jane", "Jane Doe\u2019s iPhone"),  # directory "Last, First" display names
    ("Jane Q. Doe", "Jane Doe\u2019s iPhone"),  # middle name left out on the device
])
def test_name_orders_and_middle_names(gecos: str, printed: str) -> None:
    assert "Jane" not in _text(printed, names={gecos})


@pytest.mark.parametrize(("name", "printed"), [
    ("Al Smith", "Alarm set; al dente; ALL"),  # under the minimum length: never bare
    ("Will Smith", "This will restart. Will restart in 5 minutes"),  # a common word
    ("Mark Jones", "bookmark Marks remark"),
    ("Ubuntu", "Ubuntu 24.04 LTS"),  # an account named after the system
    ("J", "J and j and Jane"),  # one letter
    ("Jane Doe", "Janeway Janet"),  # a longer word is another word
    ("Jane Doe", "Doe"),  # the surname alone is too often an ordinary word
])
def test_names_do_not_wipe_out_ordinary_words(name: str, printed: str) -> None:
    assert _text(printed, names={name}) == printed


@pytest.mark.parametrize(("name", "printed"), [
    ("Al Smith", "Al\u2019s iPhone"),
    ("Will Smith", "Will's AirPods"),
    ("Jo", "Jo\u2019s iPad"),
])
def test_a_short_or_common_first_name_is_redacted_as_a_possessive(name: str,
                                                                  printed: str) -> None:
    out = _text(printed, names={name})
    assert out.startswith(R), out


@pytest.mark.parametrize(("printed", "kept"), [
    ("Tom\u2019s AirPods", "\u2019s AirPods"),
    ("Jane Doe's iPhone Camera", "'s iPhone Camera"),
    ('"_name" : "Priya Raman\u2019s MacBook Pro"', "\u2019s MacBook Pro"),
    ("Connected to Sam\u2019s Galaxy Buds", "\u2019s Galaxy Buds"),
    ("iPhone de Marie Curie", "iPhone de "),
    ("\u592a\u90ce\u306eiPhone", "\u306eiPhone"),
])
def test_owners_in_device_names_are_redacted_whoever_they_are(printed: str, kept: str) -> None:
    out = _text(printed)
    assert R in out and kept in out, out
    for name in ("Tom", "Jane", "Doe", "Priya", "Raman", "Sam", "Marie", "\u592a\u90ce"):
        assert name not in out


@pytest.mark.parametrize("printed", [
    "MacBook Pro Camera", "FaceTime HD Camera", "Wireless Mouse", "Studio Display Camera",
    "Magic Keyboard with Touch ID", "USB Audio Device", "It's iPhone time", "Logi Webcam",
])
def test_device_names_without_an_owner_are_kept(printed: str) -> None:
    assert _text(printed) == printed


@pytest.mark.parametrize(("printed", "zeroed"), [
    ("*:3C\\:A6\\:2F\\:11\\:22\\:33:Net", "*:00\\:00\\:00\\:00\\:00\\:00:Net"),
    ("a1-b2-c3-d4-e5-f6", "00-00-00-00-00-00"),
    ("a1b2.c3d4.e5f6", "0000.0000.0000"),
    ("0:1c:42:a:b:c", "0:00:00:0:0:0"),
])
def test_hardware_addresses_are_zeroed_in_the_shape_printed(printed: str, zeroed: str) -> None:
    assert _text(printed) == zeroed


def test_a_guid_is_not_taken_for_a_hardware_address() -> None:
    guid = "{4d36e972-e325-11ce-bfc1-08002be10318}"
    assert _text(guid) == guid
