"""Plain English everywhere, one vocabulary (issue 12, item 9): a probe that failed is said in
words ("pactl is not installed", "the file does not exist") in every summary the practitioner
reads in the app, the quick window and the signed PDF; the machine tokens stay in ``error``
(logic and snapshots compare them) and in the evidence, never in the sentences."""

from __future__ import annotations

import re

import pytest

from readiness.probe.types import (
    NOT_INSTALLED,
    CommandResult,
    DirListing,
    FileRead,
    NativeResult,
    ProcessList,
    RegistryRead,
    plain_reason,
    program_name,
)
from tests.helpers import Case, fixture_cases, run_check
from tests.test_faults import _faults

CASES = list(fixture_cases())
# The fault variants that make a probe fail rather than answer oddly.
BROKEN = (" missing", " fails", " timed-out", " permission denied", " error")

# A read's machine tokens, as a sentence must never show them in brackets.
TOKENS = ("missing", "permission denied", "is a directory", "not a directory",
          "too many entries", "not on this system", "not available", "no such native probe",
          "unreadable")
RAW = [
    (re.compile(r"\((?:" + "|".join(TOKENS) + r")\)"), "a read's error token in brackets"),
    (re.compile(r": not installed"), "a raw 'not installed'"),
    (re.compile(r"exited with code"), "a raw exit code"),
    (re.compile(r"(?<![\w./-])([\w./-]+): \1(?![\w./-])"), "a program named twice ('X: X')"),
    (re.compile(r"\bTrue\b|\bFalse\b"), "a Python boolean"),
    (re.compile(r"(?<![\w./-])[\w./-]+: [^;:()]+; [\w./-]+: "), "a raw 'key: value;' run"),
]


def raw_words(text: str) -> list[str]:
    """What in ``text`` is a machine token rather than words (empty when it reads plainly)."""
    return [f"{what}: {m.group(0)!r}" for pattern, what in RAW
            for m in [pattern.search(text)] if m]


def _run(case: Case, snap: dict[str, object] | None = None) -> str:
    result = run_check(case.check, snap if snap is not None else case.snapshot(),
                       today=case.meta.get("today"), attestations=case.meta.get("attestations"),
                       options=case.meta.get("options"))
    return result.summary


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_fixture_summary_reads_plainly(case: Case) -> None:
    summary = _run(case)
    assert not raw_words(summary), summary


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_broken_probe_is_said_plainly(case: Case) -> None:
    """The same with each probe the check consulted missing, failing, timed out or refused
    (as tests/test_faults.py breaks them; garbled answers are its business): the failure
    sentences are the ones that carried the raw tokens."""
    found = []
    for label, snap in _faults(case):
        if not label.endswith(BROKEN):
            continue
        summary = _run(case, snap)
        if raw_words(summary):
            found.append(f"{label}: {raw_words(summary)}: {summary}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize(("text", "plain"), [
    ("Could not tell whether a microphone is present (the sound system did not list them "
     "(pactl: pactl: not installed, and then wpctl: wpctl: not installed)).", False),
    ("Could not tell whether a restart is waiting: the running kernel could not be read "
     "(missing); /proc/uptime could not be read (missing).", False),
    ("Could not tell (gsettings exited with code 1).", False),
    ("Could not tell whether the macOS firewall is on (socketfilterfw: timed out; "
     "system_profiler: not recognised).", False),
    ("automatic_login: False", False),
    ("Could not tell whether a microphone is present (the sound system did not list them: "
     "pactl is not installed, and then wpctl is not installed).", True),
    ("Some things could not be checked: the running kernel could not be read (the file does "
     "not exist); /proc/uptime could not be read (the file does not exist).", True),
    ("Sharing is switched on: AirPlay Receiver (or another program on port 5000); "
     "AirPlay Receiver.", True),
])
def test_the_rule_tells_tokens_from_words(text: str, plain: bool) -> None:
    assert (not raw_words(text)) is plain, raw_words(text)


@pytest.mark.parametrize(("result", "words"), [
    (CommandResult(("pactl", "info"), None, error=NOT_INSTALLED), "pactl is not installed"),
    (CommandResult(("pactl",), None, timed_out=True), "pactl did not answer in time"),
    (CommandResult(("gsettings", "get"), 1), "gsettings stopped with an error (code 1)"),
    (CommandResult(("/usr/sbin/x",), None, error="permission denied ([Errno 13] no)"),
     "x could not be started (permission was refused)"),
    (CommandResult(("x",), None, error="could not start ([Errno 8] Exec format error)"),
     "x could not be started ([Errno 8] Exec format error)"),
    (CommandResult(("x",), None, error="no exit code recorded"), "x did not say how it finished"),
    (CommandResult((r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", "-c"), 5),
     "powershell stopped with an error (code 5)"),
])
def test_a_command_problem_names_the_program_once(result: CommandResult, words: str) -> None:
    assert result.problem() == words


def test_a_command_that_worked_has_no_problem_and_tokens_stay() -> None:
    assert CommandResult(("true",), 0).problem() is None
    # Logic and snapshots compare the token, not the words.
    assert CommandResult(("pactl",), None, error=NOT_INSTALLED).error == "not installed"


def test_reads_give_a_reason_in_words_and_keep_their_token() -> None:
    assert FileRead("/proc/uptime", None, "missing").reason == "the file does not exist"
    assert FileRead("/proc/uptime", None, "missing").error == "missing"
    assert FileRead("/x", None, "permission denied").reason == \
        "permission to read the file was refused"
    assert FileRead("/x", None, "is a directory").reason == "there is a folder in its place"
    assert FileRead("/x", None, "unreadable (Input/output error)").reason == \
        "the system reported: Input/output error"
    assert FileRead("/x", "text").reason is None
    assert DirListing("/lib/modules", None, "missing").reason == "the folder does not exist"
    assert DirListing("/x", None, "not a directory").reason == "what is there is not a folder"
    assert DirListing("/x", None, "too many entries").reason == \
        "the folder holds too many entries to look through"
    assert DirListing("/x", ()).reason is None
    assert RegistryRead("HKLM\\A\\B", None, None, "missing").reason == \
        "the setting does not exist"
    assert RegistryRead("HKLM\\A\\B", None, None, "not on this system").reason == \
        "this system has no Windows registry"
    assert RegistryRead("HKLM\\A\\B", "REG_DWORD", 1).reason is None
    assert NativeResult("wlan", None, "not available").reason == "it is not available here"
    assert ProcessList((), "could not list processes (access denied)").reason == \
        "the system reported: access denied"


def test_words_pass_through_unchanged() -> None:
    assert plain_reason("no process list in the snapshot") == "no process list in the snapshot"
    assert program_name("kreadconfig6") == "kreadconfig6"
