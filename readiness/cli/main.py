"""``readiness``: opens the app with no arguments; runs a subcommand otherwise.

Start-up is kept lean: ``--version`` answers before argparse is even imported, and a subcommand
imports only its own module (``readiness check`` never loads signing, PDF or network code).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from readiness import __version__

if TYPE_CHECKING:
    import argparse
    from types import ModuleType

EXIT_USAGE = 2  # the same as readiness.cli.common.EXIT_USAGE, without importing it first

# Each module has NAME, HELP, add_arguments(parser) and run(args) -> int; command name ->
# module. Only the module of the command given is imported: `readiness` with no arguments
# opens the app and `readiness check` runs the checks, neither waiting for the signing, PDF
# and network libraries other subcommands pull in. Only the top-level help imports them all.
COMMANDS = {
    "check": "check_cmd", "snapshot": "snapshot_cmd", "catalogue": "catalogue_cmd",
    "gui": "gui_cmd", "attest": "attest_cmd", "lifecycle": "lifecycle_cmd",
    "keys": "keys_cmd", "sign": "sign_cmd", "verify": "verify_cmd", "signers": "signers_cmd",
    "report-problem": "report_problem_cmd", "versions": "versions_cmd",
}
COMMAND_MODULES = tuple(COMMANDS.values())
VERSION_FLAGS = ("--version",)


def _module(module_name: str) -> ModuleType:
    import importlib

    return importlib.import_module(f"readiness.cli.{module_name}")


def commands() -> tuple[ModuleType, ...]:
    return tuple(_module(name) for name in COMMAND_MODULES)


def _parser_class() -> type[argparse.ArgumentParser]:
    import argparse  # not needed by --version

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> None:  # type: ignore[override]
            self.print_usage(sys.stderr)
            self.exit(EXIT_USAGE, f"readiness: error: {message}\n")

    return _Parser


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser, or with ``only`` one command's arguments (the others are listed by
    name alone, so a mistyped command still gets argparse's own "invalid choice")."""
    _Parser = _parser_class()
    parser = _Parser(
        prog="readiness",
        description="Check this computer against BACP GPiA 047 (Working Online) before "
        "online client work.",
    )
    parser.add_argument("--version", action="version", version=f"readiness {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, module_name in COMMANDS.items():
        if only is not None and name != only:
            sub.add_parser(name)
            continue
        mod = _module(module_name)
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=mod.HELP)
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list:
        from readiness.gui.app import main as gui_main

        return gui_main([])
    if args_list[0] in VERSION_FLAGS:
        if len(args_list) == 1:  # as argparse's version action does, without argparse
            print(f"readiness {__version__}")
            raise SystemExit(0)
    elif args_list[0] == "--quick":
        return _quick(args_list[1:])
    parser = build_parser(args_list[0] if args_list[0] in COMMANDS else None)
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
    quick = _parser_class()(prog="readiness --quick", description="Run the checks in a "
                                 "small window and show go or no-go, right before a session.")
    quick.add_argument("--replay", metavar="DIR", help="answer every probe from a snapshot")
    args = quick.parse_args(rest)
    from readiness.gui.app import quick_main

    return quick_main([], replay=args.replay)


if __name__ == "__main__":
    sys.exit(main())
