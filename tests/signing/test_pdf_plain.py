"""Plain English on the signed checklist (issue 12, item 9).

The text of a signed checklist, as pdftotext (and pypdf) read it, holds no ``snake_case``
identifiers, no True/False/None and no ``key: value;`` runs, and shows each result with the
same word as the app and ``readiness check``. The evidence appendix is the one place where the
computer's own raw text (command output, file lines, paths) appears, as it came: everywhere
else the words are Readiness's own.

Reports come from every replay fixture (the real checks on recorded machines), so the labels
of every fact a check reports are covered, not just hand-picked ones."""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from readiness.cli import check_cmd
from readiness.evidence_text import evidence_line, label, observed_lines
from readiness.gui.status import result_key, status_word
from readiness.model import CheckKind, CheckResult, RunReport
from readiness.signing import checklist, keys, pdf_render
from readiness.signing.pdf_sign import read_attachments
from readiness.signing.statement import build_statement
from tests.helpers import fixture_cases, run_check
from tests.keychain import MemoryKeyring
from tests.signing.helpers import HANDMADE_CATALOGUE

IDENTIFIER = re.compile(r"\b[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+\b")
# Python's words for a value; "None" only where a value would be ("None of the apps" is English).
RAW_WORDS = re.compile(r"\b(True|False)\b|(?<=: )None\b")
KEY_VALUE_RUN = re.compile(r"[\w-]+: [^;\n]{0,80}; [\w-]+: ")
APPENDIX = "Appendix: the evidence"


def _pdftotext(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def _pypdf(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


EXTRACTORS = [
    pytest.param(_pdftotext, id="pdftotext", marks=pytest.mark.skipif(
        shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")),
    pytest.param(_pypdf, id="pypdf"),
]


@functools.cache
def _reports() -> tuple[RunReport, ...]:
    """Every fixture's result, a dozen to a report (one check id at most once in each)."""
    batches: list[list[CheckResult]] = []
    for case in fixture_cases():
        result = run_check(case.check, case.snapshot(), today=case.meta.get("today"),
                           attestations=case.meta.get("attestations"))
        batch = next((b for b in batches if len(b) < 12
                      and all(r.check_id != result.check_id for r in b)), None)
        if batch is None:
            batches.append(batch := [])
        batch.append(result)
    return tuple(RunReport("2026-11-21T15:00:00Z", "0.1.0", "handmade-1",
                        {"system": "Linux", "release": "6.1.0-18-amd64",
                         "version": "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)",
                         "machine": "x86_64"}, tuple(batch)) for batch in batches)


def _statement(report: RunReport) -> dict[str, Any]:
    return build_statement(report, report_id="r-1", sequence=4, previous_sha256="ab" * 32,
                           signed_at="2026-11-21T15:02:00Z", practitioner_name="Jane Doe",
                           registration="BACP 012345", fingerprint="SHA256:x",
                           subject_digest="0" * 64, catalogue=HANDMADE_CATALOGUE)



# Names the checks' own sentences quote, which a reader may need to find as written: a program
# and a setting. Quoted names ('Home_WiFi') and paths (.../kde_settings.conf) are names too.
NAMES = {"wpa_cli", "apply_updates", "system_profiler"}
# Known wording of another module, left to its owner (issue 12, item 9): the backup channel
# check lists its channel codes when a stored answer names none of them (a hand-edited file).
KNOWN = {"second_platform"}


def _identifiers(text: str) -> list[str]:
    text = re.sub(r"'[^'\n]*'|\S*/\S*", " ", text)
    return [m for m in IDENTIFIER.findall(text) if m not in NAMES | KNOWN]


def _assert_plain(text: str, where: str) -> None:
    assert not _identifiers(text), f"{where}: {_identifiers(text)[:5]}"
    assert not RAW_WORDS.findall(text), f"{where}: {RAW_WORDS.findall(text)[:5]}"
    assert not KEY_VALUE_RUN.findall(text), f"{where}: {KEY_VALUE_RUN.findall(text)[:5]}"


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _ordered(observed: Mapping[str, Any]) -> list[Any]:
    """The observed values in the order ``observed_lines`` prints them (by label order)."""
    lines = observed_lines(observed)
    by_label = {label(str(k)): v for k, v in observed.items()}
    return [by_label[name] for name, _ in lines]


def _assert_appendix_plain(statement: Mapping[str, Any], appendix: str) -> None:
    """The appendix's own words (labels, values, what was run or read) are plain and printed;
    the computer's text it quotes (output, paths, commands, facts as reported) is not judged."""
    shown = _squeezed(appendix)
    pred = statement["predicate"]
    for c in [*pred["checks"], *pred["attestations"]]:
        for (name, value), raw in zip(observed_lines(c["observed"]),
                                       _ordered(c["observed"]), strict=True):
            assert not IDENTIFIER.search(name), name
            assert _squeezed(name) in shown, name
            if not isinstance(raw, str):  # a string is the computer's (or check's) own text
                assert not RAW_WORDS.search(value), (name, value)
        for entry in c["evidence"]:
            line = evidence_line(entry)
            words = " ".join([line.heading, *line.notes])
            assert line.heading in appendix and not RAW_WORDS.search(words), words
            if entry["kind"] == "attestation":
                assert line.source == ""  # a question's code is never printed


def _text(pdf: bytes) -> str:
    return _pdftotext(pdf) if shutil.which("pdftotext") else _pypdf(pdf)


def test_the_pages_are_plain_english_outside_the_raw_evidence() -> None:
    # Every fourth report is drawn (drawing all ~400 fixture results takes half a minute);
    # the words of every fixture's facts are checked without drawing, below.
    for report in _reports()[::4]:
        statement = _statement(report)
        pdf = pdf_render.render_checklist(statement, statement_sha256="0" * 64,
                                          timestamp_note="the computer's own clock "
                                                         "(no trusted timestamp)")
        main, appendix = _text(pdf).split(APPENDIX)
        _assert_plain(main, "summary and details")
        assert "6.1.0-18-amd64" not in main  # the kernel build: the appendix only
        _assert_appendix_plain(statement, appendix)


HEADINGS = {"What needs fixing", "Could not be checked", "What the practitioner attested",
            "Checks made by the computer", "Attested by the practitioner", "Declaration",
            "Signature details", "What this proves, and what it does not", "How to check it",
            APPENDIX, "This computer, as it describes itself", "What it found",
            "What it ran or read"}
_ITEM_HEAD = re.compile(r": (Pass|Warning|Fail|Unknown|Not applicable|Not answered yet)$")


def test_no_heading_is_left_at_the_foot_of_a_page() -> None:
    for report in _reports()[::4]:
        pdf = pdf_render.render_checklist(_statement(report), statement_sha256="0" * 64,
                                          timestamp_note="x")
        pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]
        for number, page in enumerate(pages[:-1], 1):
            lines = [line.strip() for line in page.splitlines() if line.strip()
                     and not line.startswith("Pre-session device checklist - page")]
            last = lines[-1]
            assert last not in HEADINGS and not _ITEM_HEAD.search(last), (number, last)
            assert not last.startswith(("Ran the command", "Read the file")), (number, last)
        # The appendix's pages are filled (a KeepTogether inside another one pushes every
        # block to a page of its own).
        start = next(n for n, page in enumerate(pages) if APPENDIX in page)
        filled = [len([line for line in page.splitlines() if line.strip()])
                  for page in pages[start + 1:-1]]
        assert all(n >= 25 for n in filled), filled


def test_every_fixture_reads_plainly_on_the_summary_and_in_the_evidence() -> None:
    for report in _reports():
        for r in report.results:
            _assert_plain("\n".join((r.title, r.summary, r.expected)), r.check_id)
            for (name, value), raw in zip(observed_lines(r.observed), _ordered(r.observed),
                                          strict=True):
                assert not IDENTIFIER.search(name), name
                assert isinstance(raw, str) or not RAW_WORDS.search(value), (name, value)


def _counts(text: str) -> Counter[str]:
    """The page's count line (``Pass: 2, Warning: 1, Not answered yet: 8``) as counts."""
    line = next(line.strip() for line in text.splitlines()
                if re.match(r"(Pass|Warning|Fail|Unknown|Not applicable|Not answered yet): \d",
                            line.strip()))
    return Counter({w: int(n) for w, n in (part.rsplit(": ", 1) for part in line.split(", "))})


@pytest.mark.parametrize("extract", EXTRACTORS)
def test_a_signed_checklist_uses_the_words_of_the_app_and_the_cli(
        memory_keyring: MemoryKeyring, tmp_path: Path, extract: Any) -> None:
    keys.init_key("Jane Doe", "BACP 012345")
    report = _reports()[0]
    signed = checklist.sign_report(report, tmp_path, catalogue=HANDMADE_CATALOGUE)
    pdf = Path(signed.pdf_path).read_bytes()
    text = extract(pdf)
    main, appendix = text.split(APPENDIX)
    _assert_plain(main, "signed checklist")

    gui = {r.check_id: status_word(result_key(r)) for r in report.results}
    cli = check_cmd.render_table(report).splitlines()
    flat = " ".join(appendix.split())
    for r in report.results:
        cli_word = next(line for line in cli if r.title in line).split(r.title)[0].strip()
        assert gui[r.check_id] == cli_word == r.label
        attested = " (attested)" if r.kind is CheckKind.ATTESTATION else ""
        assert f"{' '.join(r.title.split())}{attested}: {gui[r.check_id]}" in flat, r.title
    assert _counts(main) == Counter(gui.values())
    statement = read_attachments(pdf)[checklist.STATEMENT_NAME]
    assert b"_" in statement  # the signed statement keeps its keys; only the pages read plainly


def test_times_are_utc_and_say_so() -> None:
    report = _reports()[0]
    pdf = pdf_render.render_checklist(_statement(report), statement_sha256="0" * 64,
                                      timestamp_note="trusted timestamp from Test TSA: "
                                                     "2026-11-21T15:02:07Z")
    text = " ".join(_pypdf(pdf).split())
    assert "Signed 21 November 2026, 15:02 UTC" in text
    assert "Checks run 21 November 2026, 15:00 UTC" in text
    assert "trusted timestamp from Test TSA: 21 November 2026, 15:02 UTC" in text
    assert "2026-11-21T" not in text
