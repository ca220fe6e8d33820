"""Each vendor's version scheme, as a table: what line a version belongs to, and how two
versions of the same product compare."""

from __future__ import annotations

import pytest

from checks.session_apps import schemes

# product, version as the system reports it, line, key, exact, pre-release
PARSED = [
    ("chrome", "156.0.8078.47", "156", (156, 0, 8078, 47), True, False),
    ("edge", "152.0.4191.52", "152", (152, 0, 4191, 52), True, False),
    ("firefox", "154.0", "154", (154, 0, 0), True, False),
    ("firefox", "145.0.2", "145", (145, 0, 2), True, False),
    ("firefox", "140.12.0esr", "140", (140, 12, 0), True, False),
    ("firefox", "153.8.0", "153", (153, 8, 0), True, False),
    ("firefox", "157.0b5", "157", (), True, True),
    ("firefox", "159.0a1", "159", (), True, True),
    ("zoom", "6.2.11 (43613)", "6", (6, 2, 11), True, False),
    ("zoom", "6.2.11.43613", "6", (6, 2, 11), True, False),
    ("zoom", "6.2.11", "6", (6, 2, 11), True, False),
    ("zoom", "6.2.49583", "6", (6, 2), False, False),  # an installer's major.minor.build
    ("teams", "25290.205.4069.4894", "new", (25290, 205, 4069, 4894), True, False),
    ("teams_classic", "1.6.00.4472", "classic", (1, 6, 0, 4472), True, False),
    ("skype", "8.150.0.125", "skype", (8, 150, 0, 125), True, False),
    ("skype", "15.146.3200.0", "skype", (15, 146, 3200, 0), True, False),  # the Store app
    ("safari", "27.2", "27", (27, 2), True, False),
    ("safari", "26.6.1", "26", (26, 6, 1), True, False),
]


@pytest.mark.parametrize(("product", "version", "line", "key", "exact", "pre"), PARSED,
                         ids=[f"{p}-{v}" for p, v, *_ in PARSED])
def test_parse(product: str, version: str, line: str, key: tuple[int, ...], exact: bool,
               pre: bool) -> None:
    parsed = schemes.parse(product, version)
    assert parsed is not None
    assert (parsed.line, parsed.key, parsed.exact, parsed.prerelease) == (line, key, exact, pre)


UNREADABLE = [
    ("chrome", "156.0.8078"), ("chrome", "156.0.8078.47.1"), ("chrome", "latest"),
    ("edge", ""), ("firefox", "1:1snap1"), ("firefox", "154"), ("zoom", "6.2"),
    ("teams", "1.6.00.4472"),  # classic numbering is not new Teams
    ("teams_classic", "25290.205.4069.4894"), ("safari", "27.2.1.1"), ("unknown", "1.0"),
    ("chrome", "\x00\x1b[31m??"),
]


@pytest.mark.parametrize(("product", "version"), UNREADABLE,
                         ids=[f"{p}-{v!r}" for p, v in UNREADABLE])
def test_unreadable_versions_are_none(product: str, version: str) -> None:
    assert schemes.parse(product, version) is None


# product, a, b, expected compare(a, b)
ORDER = [
    ("chrome", "156.0.8078.47", "156.0.8078.47", 0),
    ("chrome", "156.0.8078.9", "156.0.8078.47", -1),  # numbers, not text
    ("chrome", "156.0.8079.1", "156.0.8078.47", 1),
    ("edge", "152.0.4191.52", "152.0.4191.97", -1),
    ("firefox", "154.0", "154.0.1", -1),
    ("firefox", "140.14.0esr", "140.14.0", 0),
    ("firefox", "140.9.0", "140.14.0", -1),
    ("zoom", "6.2.11 (43613)", "6.2.11.5069", 0),  # builds differ per system
    ("zoom", "6.10.0", "6.9.12", 1),
    ("teams", "25290.205.4069.4894", "25306.804.4102.7193", -1),
    ("safari", "27.2", "27.2.0", 0),
    ("safari", "26.6.1", "27.2", -1),
]


@pytest.mark.parametrize(("product", "a", "b", "expected"), ORDER,
                         ids=[f"{p}-{a}-vs-{b}" for p, a, b, _ in ORDER])
def test_compare(product: str, a: str, b: str, expected: int) -> None:
    pa, pb = schemes.parse(product, a), schemes.parse(product, b)
    assert pa is not None and pb is not None
    assert schemes.compare(pa.key, pb.key) == expected
    assert schemes.compare(pb.key, pa.key) == -expected
