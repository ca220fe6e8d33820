"""The remote-access verdict: pure, from ``RemoteFacts`` to an ``Outcome``.

Finding something is a warning, never a failure (the practitioner may use it on purpose);
anything that could not be checked makes a clean result unknown.
"""

from __future__ import annotations

from checks.remote_access.listening import LINUX_PORTS, MACOS_PORTS, services_from_ports
from checks.remote_access.model import EXPECTED, RdpSetting, RemoteFacts
from checks.remote_access.tools import match_processes
from readiness.model import Outcome, Scalar, Status
from readiness.probe.types import plain_reason

METHOD = ("running processes matched against a dated list of remote-access and "
          "screen-recording tools; remote-login services")


def rdp_services(rdp: RdpSetting) -> tuple[list[str], list[str]]:
    """(services found, reasons Readiness could not tell)."""
    if rdp.problem is not None:
        return [], [rdp.problem]
    value = rdp.value
    if isinstance(value, bool) or not isinstance(value, int) or value not in (0, 1):
        return [], [f"the Remote Desktop setting has an unexpected value ({value!r} at "
                    f"{rdp.key})"]
    return (["Windows Remote Desktop (switched on)"] if value == 0 else []), []


def services(facts: RemoteFacts) -> tuple[list[str], list[str]]:
    if facts.rdp is not None:
        return rdp_services(facts.rdp)
    heard = facts.listening
    if heard is None or heard.sockets is None:
        why = heard.problem if heard is not None else "they were not asked for"
        return [], [f"listening network services could not be listed ({why})"]
    return services_from_ports(heard.sockets,
                               MACOS_PORTS if facts.os_key == "macos" else LINUX_PORTS), []


def _programs(facts: RemoteFacts, observed: dict[str, Scalar], problems: list[str],
              remote: list[str], recording: list[str]) -> None:
    if facts.processes is None:
        why = plain_reason(facts.processes_error or "no list was given")
        problems.append(f"the running programs could not be listed ({why})")
    elif not facts.processes:
        # A real system always runs something: an empty list means we were not shown it.
        problems.append("the list of running programs came back empty")
    elif facts.tools is not None:
        observed["processes_checked"] = len(facts.processes)
        for tool in match_processes(facts.os_key, list(facts.processes), facts.tools):
            (remote if tool.kind == "remote_access" else recording).append(tool.name)


def decide(facts: RemoteFacts) -> Outcome:
    observed: dict[str, Scalar] = {}
    problems: list[str] = []
    remote: list[str] = []
    recording: list[str] = []
    if facts.tools is not None:
        observed["tool_list_updated"] = facts.tools.updated
    else:
        problems.append(facts.tools_problem or "the remote-access tool list was not given")
    _programs(facts, observed, problems, remote, recording)
    found, why = services(facts)
    remote.extend(s for s in found if s not in remote)
    problems.extend(why)

    if remote:
        observed["remote_access_found"] = "; ".join(remote)
    if recording:
        observed["screen_recording_found"] = "; ".join(recording)
    if problems:
        observed["could_not_check"] = "; ".join(problems)

    if remote or recording:
        parts = []
        if remote:
            parts.append("remote access: " + ", ".join(remote))
        if recording:
            parts.append("screen recording: " + ", ".join(recording))
        tail = (" Some things could not be checked: " + "; ".join(problems) + "."
                if problems else "")
        return Outcome(Status.WARN,
                       "Found " + "; ".join(parts) + ". If you did not set this up yourself, or "
                       "do not need it during sessions, close or switch it off." + tail,
                       observed, EXPECTED, METHOD)
    if problems:
        return Outcome(Status.UNKNOWN,
                       "Could not tell whether remote-access software is running: "
                       + "; ".join(problems) + ".", observed, EXPECTED, METHOD)
    return Outcome(Status.PASS,
                   "No known remote-access or screen-recording software is running, and remote "
                   "login is switched off.", observed, EXPECTED, METHOD)
