"""The words checklist layout 2 prints are frozen (readiness/evidence_text.py, words.py).

A verifier redraws a signed checklist with the code it has: if a label or a value's wording
changed, every checklist already signed with layout 2 that shows it would stop verifying. The
golden checklist (tests/signing/fixtures/golden/layout-2) shows only a few labels, so this pins
all of them, the fallback for keys without a label, and the value, date and evidence wording.
"""

from __future__ import annotations

import hashlib
import json
import locale
from typing import Any

from readiness import evidence_text
from readiness.evidence_text import (
    LABELS,
    evidence_line,
    label,
    long_date,
    observed_lines,
    utc_time,
    value_text,
)
from readiness.words import plural

# Change only together with a new checklist layout that keeps the old words for layout 2.
FROZEN = "c3d23c39e71d361be77a910a18096ba60aa7b6d4e42e75c2432bdd7872d352a5"

HINT = """
The words of readiness/evidence_text.py (or readiness/words.py) changed. Checklist layout 2
prints them, so checklists already signed with layout 2 would fail verification. Keep these
words as they are for layout 2: give new wording to a new LAYOUT in pdf_render (with its own
golden checklist), then update FROZEN here to the new digest: {digest}"""

FALLBACK_KEYS = ["AutomaticCheckEnabled_default", "policy_AUOptions", "swap0_layers",
                 "clamd@scan.service", "sleep_x_s", "xprotect_age_days", "some_new_fact", "",
                 "wdavdaemon", "ConfigDataInstall"]
VALUES: list[tuple[str, Any]] = [
    ("days_left", -144), ("days_left", 30), ("pending_total", 1), ("pending_total", 3),
    ("pending_security", 92), ("history_entries", 2), ("idle_delay_s", 600),
    ("sleep_ac_s", 0), ("password_delay_s", 28800), ("lock_grace_s", 5),
    ("timeout_minutes", "5"), ("eol", "2026-07-11"), ("quality_pause_until",
                                                     "2026-12-05T10:22:31Z"),
    ("channel", "second_platform"), ("last_tried", "never"), ("answer", "yes"),
    ("attested", True), ("wifi_in_use", False), ("ufw_unit", None),
    ("apt_unattended_upgrade", "1"), ("build", "19045"), ("root_layers", "vda:disk"),
]
EVIDENCE: list[dict[str, Any]] = [
    {"kind": "command", "source": "ufw status", "returncode": 0, "excerpt": "Status: active"},
    {"kind": "command", "source": "apt-check", "error": "not installed"},
    {"kind": "file", "source": "/etc/os-release", "excerpt": "ID=debian"},
    {"kind": "processes", "source": "process list", "value": 89},
    {"kind": "attestation", "source": "practitioner's statement: headphones",
     "error": "not answered"},
    {"kind": "registry", "source": "HKLM\\SOFTWARE\\X", "value": True},
    {"kind": "native", "source": "CoreWLAN"}, {"kind": "platform", "source": "uname"},
    {"kind": "something-new", "source": "x"},
]


def _words() -> dict[str, Any]:
    return {
        "labels": {k: label(k) for k in [*LABELS, *FALLBACK_KEYS]},
        "order": observed_lines(dict.fromkeys(reversed([*LABELS, *FALLBACK_KEYS]), 1)),
        "values": [value_text(k, v) for k, v in VALUES],
        "evidence": [evidence_line(e).__dict__ for e in EVIDENCE],
        "times": [utc_time("2026-11-21T15:00:00Z"), utc_time("2026-01-02T03:04:05+00:00"),
                  utc_time("not a time"), long_date("2026-02-29"), long_date("2026-13-01")],
        "plural": [plural(n, "update") for n in (0, 1, 2, 1000)] + [plural(2, "entry", "entries")],
        "months": list(evidence_text.MONTHS),
    }


def _digest() -> str:
    return hashlib.sha256(json.dumps(_words(), sort_keys=True).encode()).hexdigest()


def test_the_printed_words_have_not_changed() -> None:
    digest = _digest()
    assert digest == FROZEN, HINT.format(digest=digest)


def test_the_words_do_not_follow_the_machines_language() -> None:
    """A Qt app sets the C library's locale from the desktop; the signing app and a verifier
    on another machine must still print the same month names and numbers."""
    before, original = _digest(), locale.setlocale(locale.LC_ALL)
    for name in ("fr_FR.UTF-8", "de_DE.UTF-8", "cy_GB.UTF-8"):
        try:
            locale.setlocale(locale.LC_ALL, name)
        except locale.Error:
            continue
        try:
            assert _digest() == before, name
        finally:
            locale.setlocale(locale.LC_ALL, original)
