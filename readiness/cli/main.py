"""``readiness``: opens the app with no arguments; runs a subcommand otherwise."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from readiness import __version__
from readiness.cli.common import EXIT_USAGE

# Each module has NAME, HELP, add_arguments(parser) and run(args) -> int. Imported only when a
# subcommand is given: `readiness` with no arguments opens the app, which must not wait for
# the signing, checks and PDF libraries the subcommands pull in.
COMMAND_MODULES = (
    "check_cmd", "snapshot_cmd", "catalogue_cmd", "gui_cmd", "attest_cmd", "lifecycle_cmd",
    "keys_cmd", "sign_cmd", "verify_cmd", "signers_cmd",
)


def commands() -> tuple[ModuleType, ...]:
    return tuple(importlib.import_module(f"readiness.cli.{name}") for name in COMMAND_MODULES)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"readiness: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="readiness",
        description="Check this computer against BACP GPiA 047 (Working Online) before "
        "online client work.",
    )
    parser.add_argument("--version", action="version", version=f"readiness {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for mod in commands():
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=mod.HELP)
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list:
        from readiness.gui.app import main as gui_main

        return gui_main([])
    if args_list[0] == "--quick":
        return _quick(args_list[1:])
    parser = build_parser()
    args = parser.parse_args(args_list)
    if not getattr(args, "_run", None):
        parser.print_help()
        return EXIT_USAGE
    _quiet_libraries()
    try:
        result: int = args._run(args)
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error worth a traceback.
        sys.stderr.close()
        return EXIT_USAGE
    return result


def _quiet_libraries() -> None:
    """Libraries' own warnings and tracebacks (pyHanko logs one for every odd PDF it is
    handed) go to the app's log file, never to the user's terminal: the command says what
    went wrong in its own words. Without a handler Python would print them to stderr."""
    import logging

    from readiness.logs import setup_logging

    try:
        setup_logging(logging.WARNING)
    except OSError:  # no writable log folder: drop them rather than show them
        logging.getLogger().addHandler(logging.NullHandler())


def _quick(rest: list[str]) -> int:
    """``readiness --quick [--replay DIR]``: the small go/no-go window (Qt loaded only now)."""
    quick = _Parser(prog="readiness --quick", description="Run the checks in a small window "
                    "and show go or no-go, right before a session.")
    quick.add_argument("--replay", metavar="DIR", help="answer every probe from a snapshot")
    args = quick.parse_args(rest)
    from readiness.gui.app import quick_main

    return quick_main([], replay=args.replay)


if __name__ == "__main__":
    sys.exit(main())
