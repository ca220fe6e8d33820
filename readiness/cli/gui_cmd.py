"""``readiness gui``: open the app, or render it after a replayed run and save a screenshot
(for the docs and tests: ``readiness gui --replay DIR --screenshot FILE.png --view check``)."""

from __future__ import annotations

import argparse
import os
import sys

from readiness.cli.common import EXIT_OK, EXIT_USAGE, error

NAME = "gui"
HELP = "open the app (or, with --screenshot, render it after a replayed run and save a PNG)"
VIEWS = ("check", "history", "verify")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--replay", metavar="DIR", help="answer every probe from a snapshot")
    parser.add_argument("--screenshot", metavar="FILE.png",
                        help="save a PNG of the window after the run and exit")
    parser.add_argument("--view", choices=VIEWS, default="check",
                        help="which screen to show in the screenshot (default: check)")
    parser.add_argument("--select", metavar="ID",
                        help="select this item in the screenshot (default: the first failing)")
    parser.add_argument("--size", metavar="WxH", default="1100x740",
                        help="window size for the screenshot (default: 1100x740)")


def run(args: argparse.Namespace) -> int:
    if args.screenshot is None:
        if args.replay is None:
            from readiness.gui.app import main as gui_main

            return gui_main([])
        from readiness.gui.screenshot import open_replayed

        return open_replayed(args.replay)
    try:
        width, height = (int(x) for x in args.size.lower().split("x"))
    except ValueError:
        error(f"--size must look like 1100x740, not {args.size!r}")
        return EXIT_USAGE
    # A screenshot never needs a visible window or a display.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Qt is imported only now, so the other subcommands never load it.
    from readiness.gui.screenshot import ScreenshotError, take

    try:
        take(args.replay, args.screenshot, view=args.view, select=args.select,
             size=(width, height))
    except ScreenshotError as exc:
        error(str(exc))
        return EXIT_USAGE
    print(f"saved {args.screenshot}", file=sys.stderr)
    return EXIT_OK
