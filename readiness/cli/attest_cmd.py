"""``readiness attest``: record the practitioner's statements (attestations) in the local profile.

    readiness attest list
    readiness attest ID --answer yes|no|not_applicable [--reason TEXT]
    readiness attest backup_channel --channel phone --description "work mobile" \\
        --clients-told yes --last-tried 2026-11-01 [--same-connection no]

Answers are statements, never verified by the computer, and never hold client data: free text
that looks like a phone number, an email or a web address is refused.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from datetime import date
from typing import Any

from readiness import answers, profile
from readiness.catalogue import Catalogue, CatalogueError
from readiness.catalogue import load as load_catalogue
from readiness.cli.common import EXIT_OK, EXIT_USAGE, error

NAME = "attest"
HELP = "record your answers to the practice questions (attested, not checked by the computer)"

PRACTICE_IDS = answers.PRACTICE_IDS
BACKUP_ID = answers.BACKUP_CHANNEL_ID
YES_NO = ("yes", "no")


class InputError(Exception):
    """The user's input cannot be saved; the message says how to fix it."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "target", metavar="ID|list",
        help="'list' to show every question and your current answer, or the id to answer",
    )
    generic = parser.add_argument_group("practice questions")
    generic.add_argument("--answer", choices=answers.ANSWERS,
                         help="your answer: yes, no or not_applicable")
    generic.add_argument("--reason", help="why it does not apply (needed for not_applicable)")
    backup = parser.add_argument_group("backup_channel")
    backup.add_argument("--channel", choices=answers.CHANNELS,
                        help="how clients reach you if the session platform fails")
    backup.add_argument("--description",
                        help="the channel in words, e.g. 'my work mobile' (no numbers or "
                        "addresses)")
    backup.add_argument("--clients-told", choices=YES_NO, dest="clients_told",
                        help="whether your clients have been told about it")
    backup.add_argument("--last-tried", dest="last_tried", metavar="YYYY-MM-DD|never",
                        help="when you last tried it ('never' if you have not tried it yet)")
    backup.add_argument("--same-connection", choices=YES_NO, dest="same_connection",
                        help="whether it needs the same internet connection as your sessions "
                        "(default: yes for email and second_platform, no for phone and sms)")


def _backup_options_used(args: argparse.Namespace) -> list[str]:
    names = {"channel": "--channel", "description": "--description",
             "clients_told": "--clients-told", "last_tried": "--last-tried",
             "same_connection": "--same-connection"}
    return [flag for attr, flag in names.items() if getattr(args, attr) is not None]


def practice_answer(args: argparse.Namespace) -> dict[str, Any]:
    if used := _backup_options_used(args):
        raise InputError(f"{', '.join(used)} only apply to {BACKUP_ID}")
    if args.answer is None:
        raise InputError("give --answer yes, no or not_applicable")
    if args.answer == "not_applicable" and args.reason is None:
        raise InputError("not_applicable needs --reason saying why it does not apply to you")
    return answers.practice_answer(args.answer, args.reason)


def backup_answer(args: argparse.Namespace, today: date | None = None) -> dict[str, Any]:
    if args.answer is not None or args.reason is not None:
        raise InputError(f"--answer and --reason do not apply to {BACKUP_ID}; use --channel, "
                         "--description, --clients-told and --last-tried")
    missing = [flag for flag, value in (
        ("--channel", args.channel), ("--description", args.description),
        ("--clients-told", args.clients_told), ("--last-tried", args.last_tried),
    ) if value is None]
    if missing:
        raise InputError(f"{BACKUP_ID} needs {', '.join(missing)}")
    same = None if args.same_connection is None else args.same_connection == "yes"
    return answers.backup_answer(
        channel=args.channel, description=args.description,
        clients_told=args.clients_told == "yes", last_tried=args.last_tried,
        same_connection=same, today=today)


def _describe(check_id: str, answer: Mapping[str, Any] | None) -> str:
    if answer is None:
        return "not answered yet"
    if check_id == BACKUP_ID:
        parts = [f"channel: {answer.get('channel')}", f"description: {answer.get('description')}",
                 f"clients told: {_yn(answer.get('clients_told'))}",
                 f"last tried: {answer.get('last_tried')}"]
        if "same_connection" in answer:
            parts.append(f"same connection: {_yn(answer.get('same_connection'))}")
    else:
        parts = [str(answer.get("answer"))]
        if answer.get("reason"):
            parts.append(f"reason: {answer['reason']}")
    if answer.get("answered_at"):
        parts.append(f"recorded {answer['answered_at']}")
    return "; ".join(parts)


def _yn(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def list_answers(cat: Catalogue, answers: Mapping[str, Mapping[str, Any]]) -> str:
    lines: list[str] = []
    for entry in cat.entries:
        if entry.kind != "attestation":
            continue
        sections = ", ".join("§" + s for s in cat.sections(entry.id))
        lines.append(f"{entry.id}  ({sections})" if sections else entry.id)
        lines.append(f"  {entry.question or entry.title}")
        lines.append(f"  Your answer: {_describe(entry.id, answers.get(entry.id))}")
        lines.append("")
    lines.append("Answers are your own statements; Readiness labels them as attested.")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    try:
        cat = load_catalogue()
    except CatalogueError as exc:
        error(str(exc))
        return EXIT_USAGE
    attestable = {e.id for e in cat.entries if e.kind == "attestation"}
    target = args.target.strip()
    try:
        if target == "list":
            if args.answer or args.reason or _backup_options_used(args):
                raise InputError("'list' takes no other options")
            print(list_answers(cat, profile.attestations()))
            return EXIT_OK
        if target not in attestable:
            machine = {e.id for e in cat.entries}
            if target in machine:
                raise InputError(f"{target} is checked by the computer, not answered by you")
            raise InputError(f"unknown question id {target!r}; see 'readiness attest list'")
        if target == BACKUP_ID:
            record = backup_answer(args)
        elif target in PRACTICE_IDS:
            record = practice_answer(args)
        else:
            raise InputError(f"{target} cannot be answered from the command line yet")
        try:
            profile.save_attestation(target, record)
        except profile.ProfileError:
            raise  # already says what could not be saved, and where
        except OSError as exc:
            raise InputError(f"could not save your answer: {exc}") from None
    except (InputError, answers.AnswerError, profile.ProfileError) as exc:
        error(str(exc))
        return EXIT_USAGE
    saved = profile.attestations().get(target)
    print(f"Saved your answer for {target}: {_describe(target, saved)}", file=sys.stdout)
    return EXIT_OK
