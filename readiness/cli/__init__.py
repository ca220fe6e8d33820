"""The command line. Each subcommand lives in its own module, listed by name in
``main.COMMAND_MODULES``."""
