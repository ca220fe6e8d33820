"""``readiness``: opens the app with no arguments; runs a subcommand otherwise."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

from readiness import __version__
from readiness.cli import catalogue_cmd, check_cmd, lifecycle_cmd, snapshot_cmd
from readiness.cli.common import EXIT_USAGE

# Each module has NAME, HELP, add_arguments(parser) and run(args) -> int.
COMMANDS: tuple[ModuleType, ...] = (check_cmd, snapshot_cmd, catalogue_cmd, lifecycle_cmd)


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
    for mod in COMMANDS:
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=mod.HELP)
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list:
        from readiness.gui.app import main as gui_main

        return gui_main([])
    parser = build_parser()
    args = parser.parse_args(args_list)
    if not getattr(args, "_run", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        result: int = args._run(args)
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error worth a traceback.
        sys.stderr.close()
        return EXIT_USAGE
    return result


if __name__ == "__main__":
    sys.exit(main())
