"""No remote-access or screen-recording software running (GPiA 047 §4: spyware and physical
intrusion, someone seeing the session without the client's knowledge).

Two sources: running processes matched by exact name against a dated, curated list in
``assets/remote_access/tools.json`` (handed to the run as reference data, never opened here),
and the operating system's own remote-login services (Windows Remote Desktop switched on; on
macOS and Linux, something listening for SSH, VNC/Screen Sharing, Apple Remote Management or
RDP on a non-loopback address). Outbound-only tools such as
TeamViewer do not listen on a port, which is why processes are read as well.

Finding something is a warning, never a failure: the practitioner may use it on purpose. An
empty or unreadable process list is not evidence that nothing runs, so it makes the result
unknown.

``facts`` gathers ``RemoteFacts`` through the context (``tools`` and ``listening`` hold the
pure parsers); ``decide`` is pure and shared by every OS.
"""

from __future__ import annotations

from checks.remote_access import decide as rules
from checks.remote_access import facts
from readiness.check import CheckContext, PlatformCheck
from readiness.model import Outcome

__all__ = ["REMOTE_ACCESS"]


def evaluate(ctx: CheckContext) -> Outcome:
    return rules.decide(facts.gather(ctx))


REMOTE_ACCESS = PlatformCheck("remote_access_absent", windows=evaluate, macos=evaluate,
                              linux=evaluate, budget_s=15.0)
