"""This computer's id, the raw material of a signed statement's subject.

Read through the probe layer from the host the composition root (``readiness.engine``) gives;
the signer only ever sees the resulting string (and salts and hashes it: the raw id never
leaves the machine).
"""

from __future__ import annotations

import uuid

from readiness.files import atomic_write_text
from readiness.paths import data_dir
from readiness.probe.types import Host


def machine_id(host: Host) -> str:
    """The OS's own machine id, or "" when the OS gives none."""
    system = host.platform.system
    if system == "Linux":
        for path in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
            read = host.read_file(path)
            if read.text and read.text.strip():
                return read.text.strip()
    elif system == "Windows":
        reg = host.read_registry(r"HKLM\SOFTWARE\Microsoft\Cryptography\MachineGuid")
        if isinstance(reg.value, str):
            return reg.value.strip()
    elif system == "Darwin":
        res = host.run(["ioreg", "-rd1", "-c", "IOPlatformExpertDevice"], timeout=5.0)
        if res.ran:
            for line in res.stdout.splitlines():
                if "IOPlatformUUID" in line and "=" in line:
                    return line.split("=", 1)[1].strip().strip('"')
    return ""


def install_id() -> str:
    """A random id made once per installation (the subject is then stable for it only)."""
    path = data_dir() / "install-id"
    try:
        value = path.read_text(encoding="ascii").strip()
    except OSError:
        value = ""
    if not value:
        value = str(uuid.uuid4())
        atomic_write_text(path, value, mode=0o644)
    return value


def device_id(host: Host) -> str:
    """The machine id, or the per-install id when the OS gives none."""
    return machine_id(host) or install_id()
