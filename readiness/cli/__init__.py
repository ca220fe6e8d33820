"""The command line. Each subcommand lives in its own module and is listed in ``main.COMMANDS``."""
