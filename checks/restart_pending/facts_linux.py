"""Linux restart facts, all readable without root.

- ``/proc/uptime``: seconds since the start (first number).
- ``/var/run/reboot-required``: created by Debian's and Ubuntu's package hooks (kernel, libc,
  firmware and others) and removed at the next start; ``reboot-required.pkgs`` names the
  packages that asked.
- ``needs-restarting -r`` (dnf-utils / yum-utils on RHEL, Fedora and derivatives): exit 1 with
  "Reboot is required to fully utilize these updates." (dnf) or "... to ensure that your system
  benefits from these updates." (yum-utils: RHEL 7, Amazon Linux 2), exit 0 with "Reboot should
  not be necessary." (dnf) or "Reboot is probably not necessary." (yum-utils); not installed
  elsewhere, which is not a problem: the kernel comparison below still applies, so a Fedora
  without dnf-utils passes on its kernels, uptime and (absent) flag alone.
- the running kernel (``/proc/sys/kernel/osrelease``) against the installed ones (the folders
  in ``/lib/modules``): a newer one of the same flavour is used only after a restart; the
  running one missing means an update removed it (Arch does this).
"""

from __future__ import annotations

from checks.restart_pending.kernels import kernel_releases
from checks.restart_pending.model import LinuxFacts, Uptime
from readiness.check import CheckContext
from readiness.probe.types import NOT_INSTALLED

UPTIME = "/proc/uptime"
FLAG = "/var/run/reboot-required"
FLAG_PACKAGES = "/var/run/reboot-required.pkgs"
OSRELEASE = "/proc/sys/kernel/osrelease"
MODULES = "/lib/modules"
NEEDS_RESTARTING = ["needs-restarting", "-r"]
REQUIRED = frozenset({"Reboot is required to fully utilize these updates.",
                      "Reboot is required to ensure that your system benefits from these updates."})
NOT_NEEDED = frozenset({"Reboot should not be necessary.", "Reboot is probably not necessary."})


def parse_uptime(text: str) -> int | None:
    """Whole days from ``/proc/uptime`` (``350735.47 234388.90``)."""
    parts = text.split()
    if len(parts) != 2:
        return None
    try:
        seconds = float(parts[0])
        float(parts[1])
    except ValueError:
        return None
    return int(seconds // 86400) if 0 <= seconds < 1e10 else None


def parse_needs_restarting(stdout: str, returncode: int | None) -> bool | None:
    """True when it says a restart is required (exit 1), False when not (exit 0), else None."""
    lines = {ln.strip() for ln in stdout.splitlines()}
    required, not_needed = bool(lines & REQUIRED), bool(lines & NOT_NEEDED)
    if returncode == 1 and required and not not_needed:
        return True
    if returncode == 0 and not_needed and not required:
        return False
    return None


def _uptime(ctx: CheckContext) -> Uptime:
    read = ctx.read_file(UPTIME)
    days = parse_uptime(read.text) if read.text is not None else None
    if days is None:
        return Uptime(None, f"{UPTIME} could not be read "
                      f"({read.reason or 'its contents were not recognised'})")
    return Uptime(days)


def _flag(ctx: CheckContext) -> tuple[bool | None, tuple[str, ...], str]:
    read = ctx.read_file(FLAG)
    if read.error == "missing":
        return False, (), ""
    if not read.ok:
        return None, (), f"{FLAG} could not be read ({read.reason})"
    pkgs = ctx.read_file(FLAG_PACKAGES)
    names = tuple(dict.fromkeys(ln.strip() for ln in (pkgs.text or "").splitlines()
                                if ln.strip()))
    return True, names, ""


def _needs_restarting(ctx: CheckContext) -> tuple[bool | None, str]:
    res = ctx.run(NEEDS_RESTARTING, timeout=30)
    if res.error == NOT_INSTALLED:
        return None, ""
    answer = parse_needs_restarting(res.stdout, res.returncode) if res.ran else None
    if answer is None:
        return None, f"needs-restarting gave no usable answer " \
            f"({res.problem() or 'its answer was not recognised'})"
    return answer, ""


def _kernels(ctx: CheckContext) -> tuple[str | None, tuple[str, ...] | None, str]:
    read = ctx.read_file(OSRELEASE)
    running = (read.text or "").strip()
    if not running or len(running.split()) != 1 or not running[:1].isdigit():
        return None, None, ("the running kernel could not be read "
                            f"({read.reason or 'it does not hold a kernel version'})")
    listing = ctx.list_dir(MODULES)
    if listing.names is None:
        return running, None, f"the installed kernels could not be listed ({listing.reason})"
    return running, kernel_releases(listing.names), ""


def gather(ctx: CheckContext) -> LinuxFacts:
    up = _uptime(ctx)
    flag, packages, flag_problem = _flag(ctx)
    needs, needs_problem = _needs_restarting(ctx)
    running, installed, kernel_problem = _kernels(ctx)
    return LinuxFacts(up, flag, packages, flag_problem, needs, needs_problem, running,
                      installed, kernel_problem)
