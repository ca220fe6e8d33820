"""Entry point of the frozen app: the same ``readiness`` command as the installed package.

No arguments opens the app; arguments run a subcommand (``--version``, ``check --json``...).
"""

import multiprocessing
import sys

from readiness.cli.main import main

if __name__ == "__main__":
    # Harmless when unused; required if any library ever starts a process pool in a frozen app.
    multiprocessing.freeze_support()
    sys.exit(main())
