"""The probe layer: the only door through which checks see the machine.

Three hosts share one interface (``Host``): the real machine, a recorder that writes a snapshot
of everything asked and answered, and a replayer that answers only from such a snapshot.
"""

from readiness.probe.types import (
    CommandResult,
    DirListing,
    FileRead,
    Host,
    NativeResult,
    PlatformInfo,
    ProcessInfo,
    ProcessList,
    RegistryRead,
)

__all__ = [
    "CommandResult",
    "DirListing",
    "FileRead",
    "Host",
    "NativeResult",
    "PlatformInfo",
    "ProcessInfo",
    "ProcessList",
    "RegistryRead",
]
