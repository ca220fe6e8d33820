"""The one PowerShell command line every Windows check uses.

One set of flags, so a check cannot drift (a profile script or a prompt would change what a
command prints) and replay keys stay the same everywhere. ``-Command`` strings are not subject
to the execution policy, so no ``-ExecutionPolicy`` flag is needed.
"""

from __future__ import annotations

FLAGS = ("-NoProfile", "-NonInteractive", "-Command")
EXECUTABLE = "powershell"


def command(script: str) -> list[str]:
    """The argv that runs ``script`` in Windows PowerShell."""
    return [EXECUTABLE, *FLAGS, script]
