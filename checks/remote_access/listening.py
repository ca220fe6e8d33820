"""Listening TCP sockets from ``ss`` (Linux) and ``netstat`` (macOS), and which remote-login
services they stand for (pure parsers)."""

from __future__ import annotations

import ipaddress

MACOS_PORTS = {
    22: "Remote Login (SSH)",
    5900: "Screen Sharing or another VNC server",
    3283: "Remote Management (Apple Remote Desktop)",
    3389: "a Remote Desktop (RDP) server",
}
LINUX_PORTS = {
    22: "an SSH server (remote login)",
    3389: "a Remote Desktop (RDP) server, such as xrdp or GNOME Remote Desktop",
    **{p: "a VNC (screen-sharing) server" for p in range(5900, 5910)},
}


def host_is_loopback(host: str) -> bool:
    host = host.strip("[]").split("%", 1)[0]
    if host in ("*", "", "0.0.0.0", "::"):  # noqa: S104 - reading, not binding
        return False
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name we cannot place: count it, better a warning than a miss


def parse_ss_listen(text: str) -> list[tuple[str, int]] | None:
    """``ss -ltn`` → (local host, port) pairs; None when the output is not recognisable."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines or not lines[0].split()[0:1] == ["State"]:
        return None
    out: list[tuple[str, int]] = []
    for ln in lines[1:]:
        parts = ln.split()
        if len(parts) < 5 or parts[0] != "LISTEN":
            return None
        host, _, port = parts[3].rpartition(":")
        if not port.isdigit() or not host:
            return None
        out.append((host, int(port)))
    return out


def parse_netstat_listen(text: str) -> list[tuple[str, int]] | None:
    """macOS ``netstat -an -p tcp`` → listening (host, port); None when unrecognisable."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    header = [i for i, ln in enumerate(lines) if ln.split()[:3] == ["Proto", "Recv-Q", "Send-Q"]]
    if not header:
        return None
    out: list[tuple[str, int]] = []
    for ln in lines[header[0] + 1:]:
        parts = ln.split()
        if not parts[0].startswith("tcp") or len(parts) < 5:
            return None
        if parts[-1] != "LISTEN":
            continue
        host, _, port = parts[3].rpartition(".")
        if not port.isdigit() or not host:
            return None
        out.append((host, int(port)))
    return out


def services_from_ports(listening: tuple[tuple[str, int], ...] | list[tuple[str, int]],
                        table: dict[int, str]) -> list[str]:
    found: list[str] = []
    for host, port in listening:
        label = table.get(port)
        if label and not host_is_loopback(host) and label not in found:
            found.append(label)
    return found
