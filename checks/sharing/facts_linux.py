"""Linux sharing facts: listening TCP sockets (``ss -l -t -n``, the remote-access check's
command), read against ``model.LINUX_PORTS``. Samba, the NFS server, netatalk, MiniDLNA and a
CUPS that shares printers all listen beyond the loopback while they serve; without root the
services' own configuration (smb.conf shares, /etc/exports) is not needed to see that.

Not covered: GNOME's personal file sharing and media sharing (gnome-user-share, Rygel) listen
on ports chosen at start-up, so a port cannot name them.
"""

from __future__ import annotations

from checks.remote_access.listening import parse_ss_listen
from checks.sharing.model import LinuxFacts, Listening
from readiness.check import CheckContext

SS = ["ss", "-l", "-t", "-n"]


def gather(ctx: CheckContext) -> LinuxFacts:
    res = ctx.run(SS, timeout=10)
    parsed = parse_ss_listen(res.stdout) if res.ok else None
    if parsed is None:
        return LinuxFacts(Listening(None, res.problem() or "its output was not recognised"))
    return LinuxFacts(Listening(tuple(parsed)))
