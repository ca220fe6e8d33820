"""headphones: the attested question keeps working; the machine finding only upgrades it to a
pass (of kind machine, with the probe as evidence) when it positively sees headphones."""

from __future__ import annotations

import json
from typing import Any

import pytest

from checks import powershell
from checks.headphones import AttestedWithMachineCheck, facts_linux, facts_macos, facts_windows
from checks.headphones.model import Finding, Output
from checks.practice import HEADPHONES
from readiness.check import CheckContext
from readiness.model import CheckKind, Status
from readiness.probe import snapshot as snapshot_mod
from readiness.probe.replay import ReplayHost
from tests.helpers import cmd, make_snapshot, run_check

YES = {"headphones": {"answer": "yes", "answered_at": "2026-11-20"}}
NO = {"headphones": {"answer": "no"}}


def windows(*endpoints: tuple[str, str, int]) -> dict[str, Any]:
    out = [{"role": r, "id": "{0.0.0.00000000}.{x}", "name": n, "formFactor": f}
           for r, n, f in endpoints]
    return make_snapshot("windows", commands=[
        cmd(powershell.command(facts_windows.DEFAULT_OUTPUT_SCRIPT), json.dumps(out))])


HEADSET = ("console", "Headset Earphone (Jabra Evolve2 65)", 5)
SPEAKERS = ("console", "Speakers (Realtek(R) Audio)", 1)


def test_the_check_stays_an_attestation_with_room_to_look() -> None:
    assert HEADPHONES.kind is CheckKind.ATTESTATION
    assert isinstance(HEADPHONES, AttestedWithMachineCheck)
    assert HEADPHONES.budget_s >= 40  # the slowest look (two system_profiler calls) fits


def test_machine_sees_a_headset_passes_as_machine_even_unanswered() -> None:
    r = run_check("headphones", windows(HEADSET, ("communications", HEADSET[1], 5)))
    assert r.status is Status.PASS
    assert r.kind is CheckKind.MACHINE and not r.attested
    assert "seen by this computer" in r.summary and "Jabra" in r.summary
    assert r.method.startswith("seen by this computer")
    assert r.evidence[0].kind == "attestation"  # the question was still asked first
    assert any(e.kind == "command" for e in r.evidence)
    assert r.observed["machine_output_type"] == "form factor 5 (Headset)"
    assert r.remediation == ()


def test_machine_pass_says_when_the_recorded_answer_differs() -> None:
    r = run_check("headphones", windows(HEADSET), attestations=NO)
    assert r.status is Status.PASS and r.kind is CheckKind.MACHINE
    assert "record your answer again" in r.summary and r.observed["recorded_answer"] == "no"


def test_speakers_leave_the_answer_in_charge_and_say_what_was_found() -> None:
    yes = run_check("headphones", windows(SPEAKERS), attestations=YES)
    assert yes.status is Status.PASS and yes.kind is CheckKind.ATTESTATION
    assert "You stated" in yes.summary and "Speakers (Realtek(R) Audio)" in yes.summary
    assert yes.observed["attested"] is True and yes.observed["machine_sees_headphones"] is False
    no = run_check("headphones", windows(SPEAKERS), attestations=NO)
    assert no.status is Status.WARN and no.remediation
    unanswered = run_check("headphones", windows(SPEAKERS))
    assert unanswered.status is Status.UNKNOWN and unanswered.unanswered
    assert unanswered.label == "Not answered yet"


def test_a_headset_only_for_calls_is_not_enough() -> None:
    # Console default: speakers; communications default: a headset. Apps that use the
    # console default would play through the speakers, so the machine does not upgrade.
    r = run_check("headphones", windows(SPEAKERS, ("communications", HEADSET[1], 5)))
    assert r.status is Status.UNKNOWN and "for calls it is" in r.summary


@pytest.mark.parametrize(("form", "seen"), [
    (0, False), (1, False), (2, False), (3, True), (4, False), (5, True), (6, True),
    (7, False), (8, False), (9, False), (10, False), (11, False), (-1, False)])
def test_every_form_factor(form: int, seen: bool) -> None:
    out = facts_windows.output_of("x", form)
    assert out.headphones is seen
    assert str(form) in out.evidence


@pytest.mark.parametrize("text", ["", "garbage", "[{}]", json.dumps([{"role": "console",
                                  "name": "x", "formFactor": "3"}]),
                                  json.dumps([{"role": "communications", "name": "x",
                                               "formFactor": 3}])])
def test_windows_unrecognised_answers(text: str) -> None:
    assert facts_windows.parse_default_outputs(text) is None


def test_windows_no_output_at_all() -> None:
    assert facts_windows.parse_default_outputs("[]") == ()
    r = run_check("headphones", windows(), attestations=YES)
    assert r.status is Status.PASS and "reports no sound output" in r.summary
    assert r.kind is CheckKind.ATTESTATION


def test_the_script_carries_no_double_quote() -> None:
    assert '"' not in facts_windows.DEFAULT_OUTPUT_SCRIPT


# --- macOS ------------------------------------------------------------------------------------

def macos(default: dict[str, Any], bluetooth: dict[str, Any] | None = None) -> dict[str, Any]:
    audio = {"SPAudioDataType": [{"_name": "coreaudio_device", "_items": [
        {"_name": "MacBook Pro Microphone", "coreaudio_device_input": 1},
        {**default, "coreaudio_default_audio_output_device": "spaudio_yes",
         "coreaudio_device_output": 2}]}]}
    commands = [cmd(["system_profiler", "SPAudioDataType", "-json"], json.dumps(audio))]
    if bluetooth is not None:
        commands.append(cmd(["system_profiler", "SPBluetoothDataType", "-json"],
                            json.dumps(bluetooth)))
    return make_snapshot("macos", commands=commands)


def bt(name: str, minor: str) -> dict[str, Any]:
    return {"SPBluetoothDataType": [{"controller_properties": {"controller_state": "attrib_on"},
                                     "device_connected": [{name: {"device_minorType": minor}}]}]}


@pytest.mark.parametrize(("default", "bluetooth", "seen"), [
    ({"_name": "External Headphones",
      "coreaudio_device_transport": "coreaudio_device_type_builtin"}, None, True),
    ({"_name": "Built-in Output", "coreaudio_output_source": "Headphones",
      "coreaudio_device_transport": "coreaudio_device_type_builtin"}, None, True),
    ({"_name": "MacBook Pro Speakers", "coreaudio_output_source": "MacBook Pro Speakers",
      "coreaudio_device_transport": "coreaudio_device_type_builtin"}, None, False),
    ({"_name": "AirPods Pro", "coreaudio_device_transport": "coreaudio_device_type_bluetooth"},
     bt("AirPods Pro", "Headphones"), True),
    ({"_name": "Jabra Talk", "coreaudio_device_transport": "coreaudio_device_type_bluetooth"},
     bt("Jabra Talk", "Headset"), True),
    ({"_name": "JBL Flip 5", "coreaudio_device_transport": "coreaudio_device_type_bluetooth"},
     bt("JBL Flip 5", "Speaker"), False),
    # A Bluetooth output the Bluetooth report does not describe: not counted.
    ({"_name": "AirPods Pro", "coreaudio_device_transport": "coreaudio_device_type_bluetooth"},
     {"SPBluetoothDataType": [{"controller_properties": {}}]}, False),
    ({"_name": "Jabra Evolve 20", "coreaudio_device_transport": "coreaudio_device_type_usb"},
     None, False),
    ({"_name": "LG HDR WQHD",
      "coreaudio_device_transport": "coreaudio_device_type_displayport"}, None, False),
])
def test_macos_outputs(default: dict[str, Any], bluetooth: dict[str, Any] | None,
                       seen: bool) -> None:
    r = run_check("headphones", macos(default, bluetooth))
    assert (r.status is Status.PASS) is seen, r.summary
    assert default["_name"] in r.summary


def test_macos_bluetooth_report_unreadable_leaves_the_answer() -> None:
    snap = macos({"_name": "AirPods Pro",
                  "coreaudio_device_transport": "coreaudio_device_type_bluetooth"})
    r = run_check("headphones", snap, attestations=NO)
    assert r.status is Status.WARN and "unknown type" in r.summary


# --- Linux ------------------------------------------------------------------------------------

def sink(name: str, port: str = "", ptype: str = "", **props: str) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "description": name.replace("_", " "),
                           "properties": dict(props)}
    if port:
        out["ports"] = [{"name": port, "type": ptype, "availability": "available"}]
        out["active_port"] = port
    return out


def linux(default: str, *sinks: dict[str, Any]) -> dict[str, Any]:
    return make_snapshot("linux", commands=[
        cmd(["pactl", "get-default-sink"], default + "\n"),
        cmd(["pactl", "-f", "json", "list", "sinks"], json.dumps(list(sinks)))])


@pytest.mark.parametrize(("the_sink", "seen"), [
    (sink("alsa_output.pci.analog-stereo", "analog-output-headphones", "Headphones"), True),
    (sink("alsa_output.pci.analog-stereo", "analog-output-headphones"), True),  # older pactl
    (sink("alsa_output.pci.analog-stereo", "analog-output-speaker", "Speaker"), False),
    (sink("bluez_output.AA_BB.1", **{"device.bus": "bluetooth",
                                      "device.form_factor": "headphone"}), True),
    (sink("bluez_output.CC_DD.1", **{"device.bus": "bluetooth",
                                      "device.form_factor": "speaker"}), False),
    (sink("bluez_output.EE_FF.1", **{"device.bus": "bluetooth"}), False),
    (sink("alsa_output.usb-Jabra.analog-stereo", **{"device.form_factor": "headset"}), True),
    (sink("alsa_output.pci.hdmi-stereo", "hdmi-output-0", "HDMI"), False),
])
def test_linux_default_sinks(the_sink: dict[str, Any], seen: bool) -> None:
    other = sink("alsa_output.other", "analog-output-headphones", "Headphones")
    r = run_check("headphones", linux(the_sink["name"], other, the_sink))
    assert (r.status is Status.PASS) is seen, r.summary


def test_linux_default_not_listed_or_pactl_missing() -> None:
    r = run_check("headphones", linux("alsa_output.gone", sink("alsa_output.other")),
                  attestations=YES)
    assert r.status is Status.PASS and r.kind is CheckKind.ATTESTATION
    assert "is not in pactl's list" in r.summary
    r = run_check("headphones", make_snapshot("linux"), attestations=NO)
    assert r.status is Status.WARN and "could not tell" in r.summary


def test_linux_pure_output() -> None:
    out = facts_linux.output_of(sink("s", "analog-output-speaker", "Speaker"))
    assert (out.kind, out.headphones) == ("speakers", False)


# --- the hybrid itself ------------------------------------------------------------------------

def context(os_key: str = "linux", attestations: dict[str, Any] | None = None) -> CheckContext:
    host = ReplayHost(snapshot_mod.parse(make_snapshot(os_key)))
    return CheckContext(host, attestations=attestations)


def test_a_broken_look_never_loses_the_answer() -> None:
    def broken(ctx: CheckContext) -> Finding:
        raise RuntimeError("bug")

    check = AttestedWithMachineCheck("headphones", HEADPHONES.decide, looks={"linux": broken})
    out = check.evaluate(context(attestations=YES))
    assert out.status is Status.PASS and out.kind is None
    assert "internal error (RuntimeError)" in out.summary


def test_an_os_without_a_look_is_decided_by_the_answer() -> None:
    check = AttestedWithMachineCheck("headphones", HEADPHONES.decide, looks={})
    out = check.evaluate(context(attestations=NO))
    assert out.status is Status.WARN and "cannot read the sound output" in out.summary


def test_several_defaults_must_all_be_headphones() -> None:
    both = Finding((Output("A", "headphones", True, "x"), Output("B", "speakers", False, "y")))
    assert not both.sees_headphones
    assert Finding((Output("A", "headphones", True, "x"),)).sees_headphones
    assert not Finding((Output("A", "headphones", True, "x"),), problem="odd").sees_headphones
    assert not Finding().sees_headphones


def test_macos_bluetooth_report_parser() -> None:
    assert facts_macos.bluetooth_types(json.dumps(bt("AirPods", "Headphones"))) == {
        "AirPods": "Headphones"}
    assert facts_macos.bluetooth_types("[]") is None
    assert facts_macos.bluetooth_types('{"SPBluetoothDataType": [{"device_connected": 1}]}') \
        is None


def test_a_machine_pass_is_signed_as_a_check_never_as_a_statement() -> None:
    from readiness.model import RunReport
    from readiness.signing.statement import build_statement

    seen = run_check("headphones", windows(HEADSET))
    stated = run_check("headphones", windows(SPEAKERS), attestations=YES)
    for result, machine in ((seen, True), (stated, False)):
        report = RunReport("2026-12-02T12:00:00Z", "0", "0", {"system": "Windows"}, (result,))
        st = build_statement(report, report_id="r", sequence=1, previous_sha256=None,
                             signed_at="2026-12-02T12:00:00Z", practitioner_name="A",
                             registration="", fingerprint="f", subject_digest="d")
        pred = st.get("predicate", st)
        checks, attested = pred["checks"], pred["attestations"]
        assert [c["id"] for c in (checks if machine else attested)] == ["headphones"]
        assert not (attested if machine else checks)
        assert ("attested" in (checks + attested)[0]) is not machine
