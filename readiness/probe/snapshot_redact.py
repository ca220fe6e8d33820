"""Finding identifying text in recorded outputs however a tool printed it.

A secret (a host, user or network name) is matched in every escaping the tools we record use:
nmcli's terse ``\\:`` and ``\\\\``, JSON's ``\\"``, ``\\/`` and ``\\u2019`` (system_profiler,
PowerShell's ConvertTo-Json, which also writes ``'`` as ``\\u0027``), XML and plist entities,
URL percent-encoding, ``iw``'s ``\\xe2\\x80\\x99`` bytes and octal bytes, and macOS's decomposed
accents. Letters and digits are matched as they are: no tool we record escapes them.

A person's name is matched on word boundaries (a short first name must not wipe out ordinary
words), with possessives ("Jane Doe’s iPhone", "Jane-Does-iPhone"). Device names carry their
owners' names even when the owner is not this account ("Tom’s AirPods" nearby), so an owner
in front of a device word is replaced whoever it is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

REDACTED = "<redacted>"
APOSTROPHES = "'\u2019\u2018\u02bc"
_NAMED_ENTITIES = {"&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos", "\u00a0": "nbsp"}
# A secret shorter than this would match inside ordinary words.
MIN_SECRET = 3
# A first name alone (no possessive) is replaced only from this length, only as written (Jane,
# JANE) and never when it is also a common word or an account or system name.
MIN_BARE_NAME = 4
COMMON_WORDS = frozenset("""
admin administrator user users guest owner root test tester default student staff office home
work family support system local service build docker vagrant runner ubuntu debian fedora linux
windows apple microsoft google android macbook computer laptop desktop server client public
private shared unknown nobody daemon operator backup mail news main master
will mark bill frank grace hope faith joy june april august may summer autumn winter dawn rose
ruby amber pearl crystal iris ivy lily holly violet daisy jade angel chase chance hunter lane
page rich drew gene jack jean lance miles nick ray rob victor wade sandy penny dean earl norm
art max guy sue pat don ben bob gay hazel heather olive jasmine crystal sky river storm
christian king prince baker taylor cook smith carter mason porter miller gray grey brown green
white black young long short""".split())
# Words that name a device after its owner ("Jane’s iPhone", "iPhone de Jane", "太郎のiPhone").
DEVICE_WORDS = (
    "iPhone", "iPad", "iPod", "iMac", "MacBook", "Mac", "AirPods", "Apple Watch", "Watch",
    "HomePod", "Beats", "Powerbeats", "Galaxy", "Pixel", "Surface", "Kindle", "Echo",
    "ThinkPad", "Chromebook", "Android", "OnePlus", "Xperia", "Phone", "Laptop", "PC",
    "Computer", "Tablet", "Headphones", "Headset", "Earbuds", "Buds", "Speaker", "Camera",
    "Webcam", "Keyboard", "Mouse", "Trackpad", "Magic", "Desktop", "Studio Display",
)


def hide_values(pattern: re.Pattern[str], text: str, *also_keep: str) -> str:
    """Replace each match's ``value`` group, between its ``key`` and ``end`` groups, with
    REDACTED; an empty value, one already redacted, or one of ``also_keep`` stays."""
    def repl(m: re.Match[str]) -> str:
        value = m.group("value")
        keep = not value.strip() or value == REDACTED or value.strip() in also_keep
        return m.group("key") + (value if keep else REDACTED) + m.group("end")
    return pattern.sub(repl, text)


def _one_char(ch: str) -> set[str]:
    """Regex alternatives for ``ch`` in each escaping a recorded tool may print it in."""
    forms = {re.escape(ch)}
    if ch.isascii() and ch.isalnum():
        return forms
    cp = ord(ch)
    nfd = unicodedata.normalize("NFD", ch)
    if nfd != ch:
        forms.add(re.escape(nfd))
    if cp < 0x10000:
        forms.add(rf"\\u{cp:04x}")
    else:  # JSON writes astral characters as a surrogate pair
        hi, lo = 0xD800 + ((cp - 0x10000) >> 10), 0xDC00 + ((cp - 0x10000) & 0x3FF)
        forms.update({rf"\\u{hi:04x}\\u{lo:04x}", rf"\\U{cp:08x}"})
    forms.update({rf"&#0*{cp};", rf"&#x0*{cp:x};"})
    if ch in _NAMED_ENTITIES:
        forms.add(f"&{_NAMED_ENTITIES[ch]};")
    data = ch.encode("utf-8")
    forms.add("".join(f"%{b:02x}" for b in data))
    if ch.isascii():
        forms.add(r"\\+" + re.escape(ch))  # nmcli '\:', JSON '\"' '\/' '\\', shell '\ '
    else:
        forms.add("".join(rf"\\x{b:02x}" for b in data))
        forms.add("".join(rf"\\{b:03o}" for b in data))
    return forms


def _char_group(ch: str) -> str:
    forms = set().union(*(_one_char(a) for a in APOSTROPHES)) if ch in APOSTROPHES \
        else _one_char(ch)
    if len(forms) == 1:
        return next(iter(forms))
    return "(?:" + "|".join(sorted(forms, key=lambda f: (-len(f), f))) + ")"


def secret_pattern(secret: str) -> str:
    """A regex for ``secret`` however it was escaped (use with re.IGNORECASE)."""
    return "".join(_char_group(ch) for ch in secret)


# Names computers and accounts get by default ("ubuntu", "fedora", "localhost"): they
# identify no one, and replacing them would wipe out facts checks read (os-release's
# ID=ubuntu, a package's name).
# Not COMMON_WORDS as a whole: a login name "grace" or "mark" is a person's and stays secret.
GENERIC_NAMES = frozenset("""
admin administrator user users guest owner root test tester default student staff office home
work family support system local service build docker vagrant runner ubuntu debian fedora linux
windows apple microsoft google android macbook computer laptop desktop server client public
private shared unknown nobody daemon operator backup
localhost localhost.localdomain localdomain raspberrypi archlinux arch manjaro mint linuxmint
pop-os pop opensuse suse centos rhel almalinux kali elementary zorin endeavouros
garuda nixos gentoo void alpine solus mageia deepin parrot tails qubes neon kubuntu xubuntu
lubuntu ubuntu-mate freebsd darwin mac macos windows-pc pc desktop-pc home-pc""".split())


def secrets_regex(secrets: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for every secret long enough to be safe to replace and not a generic
    name, longest first, matched as a whole token: a host called "jane" is not replaced
    inside "janet", nor a computer called "fedora" inside "fedoraproject"."""
    ordered = sorted({v for s in secrets if len(s) >= MIN_SECRET
                      and s.strip().lower() not in GENERIC_NAMES for v in spellings(s)},
                     key=len, reverse=True)
    if not ordered:
        return None
    # Case-insensitive: tools print host names in their own case (JANES-MACBOOK-PRO).
    return re.compile("|".join(_token(s) for s in ordered), re.IGNORECASE)


def spellings(secret: str) -> set[str]:
    """``secret`` and the forms tools make of a host or user name: device-mapper doubles
    hyphens in LVM names (a Debian volume group "janes-laptop-vg" is
    /dev/mapper/janes--laptop--vg-root), and names are written with '_' for '-' and back
    (a volume group, a Samba or D-Bus name). Case is matched anyway."""
    found = {secret}
    if " " in secret or "/" in secret or "\\" in secret:
        return found  # a full name or a folder: not a host name
    for form in (secret, secret.replace("_", "-")):
        found |= {form, form.replace("-", "_"), form.replace("-", "--")}
    return found


def _token(secret: str) -> str:
    """``secret``'s pattern, bounded where it starts or ends with a letter or digit (a
    secret such as "/home/jane" needs no boundary before its '/')."""
    before = _TOKEN_BEFORE if secret[0].isalnum() else ""
    after = _TOKEN_AFTER if secret[-1].isalnum() else ""
    return f"{before}(?:{secret_pattern(secret)}){after}"


APOSTROPHE = _char_group("'")
# Not just after a letter or digit; an escape such as "\n" or "\u2019" just before counts as
# a boundary, since its letters are not part of the text.
_BEFORE = r"(?:(?<![^\W_])|(?<=\\[nrtbf])|(?<=\\u[0-9A-Fa-f]{4}))"
_AFTER = r"(?![^\W_])"
# A secret's token boundaries: also after a percent-encoded byte or a character reference
# ("%2Fjane", "&#47;jane"), whose letters are not part of the text either.
_TOKEN_BEFORE = (r"(?:(?<![^\W_])|(?<=\\[nrtbf])|(?<=\\u[0-9A-Fa-f]{4})|"
                 r"(?<=%[0-9A-Fa-f]{2})|(?<=;))")
_TOKEN_AFTER = _AFTER
_SEP = "(?:" + "|".join((_char_group(" "), _char_group("\u00a0"), "[._-]")) + ")"
# "Jane’s", and "Janes-" as macOS turns "Jane’s MacBook" into a local host name.
_POSSESSIVE = rf"(?:{APOSTROPHE}s|s(?=[\s_-]))"


def _name_tokens(full: str) -> list[list[str]]:
    """The ways a full name is written: as given, "Doe, Jane" turned round, without middles."""
    full = unicodedata.normalize("NFC", " ".join(full.split()))
    if "," in full:
        last, _, first = full.partition(",")
        full = f"{first.strip()} {last.strip()}".strip()
    tokens = full.split()
    found = [tokens] if tokens else []
    if len(tokens) > 2:
        found.append([tokens[0], tokens[-1]])
    return found


def name_regexes(names: Iterable[str]) -> list[re.Pattern[str]]:
    """Patterns for people's names (the account's full name): the whole name in any case,
    its first name with a possessive in any case, and the first name alone only as written,
    from MIN_BARE_NAME letters and when it is not a common word."""
    whole: set[str] = set()
    possessive: set[str] = set()
    bare: set[str] = set()
    for name in names:
        for tokens in _name_tokens(name):
            first = tokens[0]
            if len(tokens) > 1 and len("".join(tokens)) >= MIN_SECRET:
                whole.add(_SEP.join(secret_pattern(t) for t in tokens))
            if len(first) >= 2 and any(c.isalpha() for c in first):
                possessive.add(secret_pattern(first))
            if (len(first) >= MIN_BARE_NAME and first.isalpha()
                    and first.lower() not in COMMON_WORDS):
                bare.update(re.escape(v) for v in (first, first.capitalize(), first.upper()))
    found = []
    # The first name only with an apostrophe: "Marks" and "Wills" are ordinary words.
    if whole:
        found.append(re.compile(rf"{_BEFORE}(?:{'|'.join(sorted(whole, key=len, reverse=True))})"
                                rf"{_POSSESSIVE}?{_AFTER}", re.IGNORECASE))
    if possessive:
        found.append(re.compile(rf"{_BEFORE}(?:{'|'.join(sorted(possessive))}){APOSTROPHE}s"
                                f"{_AFTER}", re.IGNORECASE))
    if bare:
        found.append(re.compile(rf"{_BEFORE}(?:{'|'.join(sorted(bare))}){_AFTER}"))
    return found


_DEVICE = "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s?") for w in DEVICE_WORDS) + \
    r")(?![a-z])"
_CAPWORD = r"[^\W\d_a-z][\w.-]*"
# "It’s iPhone time": a contraction, not an owner.
_NOT_OWNER = r"(?!(?:It|That|There|Here|What|Who|He|She|This|Where|How|Let)(?![\w.-]))"
_GAP = r"(?:[ \t]|\\u00a0|\u00a0)"
_OWNER_FIRST = re.compile(
    rf"(?:(?<![\w.-])|(?<=\\[nrt])|(?<=\\u[0-9A-Fa-f]{{4}}))"
    rf"{_NOT_OWNER}{_CAPWORD}(?:{_GAP}{_CAPWORD}){{0,2}}(?={APOSTROPHE}s(?:{_GAP}|[-_])+{_DEVICE})")
_OWNER_AFTER = re.compile(
    rf"(?P<dev>{_DEVICE}{_GAP}(?:de|di|da|do|du|von|van|del|della){_GAP})"
    rf"{_CAPWORD}(?:{_GAP}{_CAPWORD}){{0,2}}")
_OWNER_CJK = re.compile(rf"[^\W\d_a-zA-Z]{{1,12}}(?P<of>\s?[的の]\s?{_DEVICE})")


# Host-name forms macOS and phones make of "Jane’s iPhone": the apostrophe dropped
# ("Janes-iPhone", "toms-macbook-pro"); and a possessive written in lower case ("jane's
# airpods"). Only before the device words such names are made of, and never words that
# merely end in "s" ("Wireless-Mouse", "iOS") or pronouns ("it's iphone time").
_HOST_DEVICE = r"(?:iPhone|iPad|iPod|MacBook|iMac|Mac|AirPods|HomePod|Apple-Watch|Watch|MBP|MBA)"
_OWNER_HOST = re.compile(
    rf"(?<![\w.-])(?P<name>[^\W\d_]{{2,}}s)(?=[-_]{_HOST_DEVICE}(?![a-z]))", re.IGNORECASE)
_OWNER_LOWER = re.compile(
    rf"(?:(?<![\w.-])|(?<=\\[nrt])|(?<=\\u[0-9A-Fa-f]{{4}}))(?P<name>[a-z][^\W\d_]+)"
    rf"(?={APOSTROPHE}s(?:{_GAP}|[-_])+(?i:{_DEVICE}))")
_NOT_NAMES = frozenset("""
it that there here what who he she this where how let one everyone someone anyone today
ios macos ipados watchos tvos visionos wireless series express access its his hers ours
yours theirs is was has does goes gps sms mms dns usb plus pros maps apps news airpods
""".split())


def _owner(m: re.Match[str]) -> str:
    name = m.group("name")
    return m.group() if name.lower() in _NOT_NAMES else REDACTED


def redact_owners(text: str) -> str:
    """Replace the owner in device names: "Jane Doe’s iPhone", "iPhone de Jane", "花子のiPad",
    "Janes-iPhone", "jane's airpods"."""
    text = _OWNER_FIRST.sub(REDACTED, text)
    text = _OWNER_HOST.sub(_owner, text)
    text = _OWNER_LOWER.sub(_owner, text)
    text = _OWNER_AFTER.sub(lambda m: m.group("dev") + REDACTED, text)
    return _OWNER_CJK.sub(lambda m: REDACTED + m.group("of"), text)


# In a device's own name (a Bluetooth alias, an audio device's description) a possessive
# names the owner whatever model follows: "Priya’s Bose QC45", "Headset (Tom's WH-1000XM4)".
# Only applied to such names (snapshot_devices finds them by key), so "It’s time" elsewhere
# is never touched, and pronouns are not owners there either.
_OWNER_OF_DEVICE = re.compile(
    rf"(?:(?<![\w.-])|(?<=\\u[0-9A-Fa-f]{{4}}))"
    rf"{_NOT_OWNER}{_CAPWORD}(?:{_GAP}{_CAPWORD}){{0,2}}(?={APOSTROPHE}s(?:{_GAP}|[-_])+\S)")


def redact_device_owner(name: str) -> str:
    """The owner in one device name, whatever the model after the possessive."""
    return _OWNER_OF_DEVICE.sub(REDACTED, name)
