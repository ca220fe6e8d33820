"""Linux automatic-updates facts: apt's unattended-upgrades, dnf-automatic, GNOME Software."""

from __future__ import annotations

from checks.answer import Answer
from checks.auto_updates import decide_linux as rules
from checks.auto_updates.model import AptFacts, DnfFacts, GnomeFacts, LinuxFacts
from checks.os_release import family as os_family
from checks.os_release import read_os_release
from checks.systemd import unit_state
from readiness.check import CheckContext

DNF_CONFS = ("/etc/dnf/automatic.conf", "/etc/dnf/dnf5-plugins/automatic.conf")


def _apt(ctx: CheckContext) -> AptFacts:
    dump = Answer.of(ctx.run(["apt-config", "dump"], timeout=10))
    if rules.apt_config(dump, {}) is not None:
        return AptFacts(dump)
    # Switched on in the configuration: the tool must also exist and its timer be active.
    tool = ctx.read_file("/usr/bin/unattended-upgrade")
    if rules.apt_tool(tool) is not None:
        return AptFacts(dump, tool)
    return AptFacts(dump, tool, unit_state(ctx, "apt-daily-upgrade.timer"))


def _dnf(ctx: CheckContext) -> DnfFacts:
    facts = DnfFacts(unit_state(ctx, "dnf-automatic-install.timer"),
                     unit_state(ctx, "dnf-automatic.timer"))
    if not rules.dnf_reads_conf(facts):
        return facts
    for path in DNF_CONFS:
        conf = ctx.read_file(path)
        if conf.text is not None:
            return DnfFacts(facts.install_timer, facts.timer, conf.text)
    return facts


def _gnome(ctx: CheckContext) -> GnomeFacts:
    allow = Answer.of(ctx.run(["gsettings", "get", "org.gnome.software", "allow-updates"],
                              timeout=5))
    if allow.error == "not installed":
        return GnomeFacts(allow)
    dl = Answer.of(ctx.run(["gsettings", "get", "org.gnome.software", "download-updates"],
                           timeout=5))
    values = rules.gnome_values(allow, dl)
    if None in values or not all(values):
        return GnomeFacts(allow, dl)
    procs = ctx.processes()
    running = any(p.name == "gnome-software" for p in procs.processes) if procs.ok else None
    return GnomeFacts(allow, dl, running)


def gather(ctx: CheckContext) -> LinuxFacts:
    # Ask only about the update tools of this distribution's family (all of them when the
    # release cannot be read), so a Debian machine is not "unknown" for lack of dnf.
    info, _ = read_os_release(ctx)
    family = os_family(info)
    debian = bool(family & {"debian", "ubuntu"})
    fedora = not debian and bool(family & {"fedora", "rhel", "centos"})
    apt = _apt(ctx) if not fedora else None
    if apt is not None and rules.apt(apt, {})[0] is True:
        return LinuxFacts(apt)
    dnf = _dnf(ctx) if not debian else None
    if dnf is not None and rules.dnf(dnf, {})[0] is True:
        return LinuxFacts(apt, dnf)
    return LinuxFacts(apt, dnf, _gnome(ctx))
