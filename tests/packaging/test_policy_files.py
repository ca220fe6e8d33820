"""The example managed-settings files an organisation starts from (packaging/policy/): the
ADMX/ADML keep the structure Microsoft documents and every policy writes a setting the schema
knows, where Readiness reads it; the configuration profile and the JSON file hold settings
the schema accepts; and each, read the way Readiness reads its system's channel, gives the
same settings (issue 14)."""

from __future__ import annotations

import json
import plistlib
import re
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from readiness import policy
from readiness.probe import snapshot
from readiness.probe.replay import ReplayHost

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "packaging" / "policy"
NS = "{http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions}"
KEY = "Software\\Policies\\Readiness"
# The child elements Microsoft documents for <policy>, in their required order.
POLICY_CHILDREN = ("parentCategory", "seeAlso", "keywords", "supportedOn", "enabledValue",
                   "disabledValue", "enabledList", "disabledList", "elements")
ELEMENT_KINDS = {"boolean", "decimal", "enum", "text", "list", "longDecimal", "multiText"}
PRESENTATION_FOR = {"decimal": "decimalTextBox", "text": "textBox", "list": "listBox",
                    "boolean": "checkBox", "enum": "dropdownList",
                    "longDecimal": "longDecimalTextBox", "multiText": "multiTextBox"}
EXAMPLE = json.loads((POLICY / "policy.example.json").read_text(encoding="utf-8"))


def _parse(path: Path) -> ET.Element:
    return ET.parse(path).getroot()  # noqa: S314 (our own file, in the repository)


def _tag(el: ET.Element) -> str:
    return el.tag.removeprefix(NS)


def _ref(text: str, kind: str) -> str:
    match = re.fullmatch(rf"\$\({kind}\.([A-Za-z0-9_]+)\)", text)
    assert match, f"{text!r} is not a $({kind}.id) reference"
    return match.group(1)


ADMX = _parse(POLICY / "readiness.admx")
ADML = _parse(POLICY / "en-US" / "readiness.adml")
STRINGS = {s.get("id"): s.text or "" for s in ADML.iter(f"{NS}string")}
PRESENTATIONS = {p.get("id"): p for p in ADML.iter(f"{NS}presentation")}
POLICIES = list(ADMX.iter(f"{NS}policy"))


def test_admx_and_adml_documents() -> None:
    assert _tag(ADMX) == "policyDefinitions" and _tag(ADML) == "policyDefinitionResources"
    for root in (ADMX, ADML):
        assert root.get("revision") and root.get("schemaVersion") == "1.0"
    assert [_tag(c) for c in ADMX] == ["policyNamespaces", "resources", "supportedOn",
                                       "categories", "policies"]
    target = ADMX.find(f"{NS}policyNamespaces/{NS}target")
    assert target is not None and target.get("prefix") and target.get("namespace")
    assert [_tag(c) for c in ADML] == ["displayName", "description", "resources"]
    resources = ADML.find(f"{NS}resources")
    assert resources is not None
    assert [_tag(c) for c in resources] == ["stringTable", "presentationTable"]
    # Each string defined once; each one used.
    ids = [s.get("id") for s in ADML.iter(f"{NS}string")]
    assert len(ids) == len(set(ids))
    used = set(re.findall(r"\$\(string\.([A-Za-z0-9_]+)\)",
                          (POLICY / "readiness.admx").read_text(encoding="utf-8")))
    assert used == set(ids)


def test_every_policy_is_well_formed_and_its_strings_exist() -> None:
    categories = {c.get("name") for c in ADMX.iter(f"{NS}category")}
    supported = {d.get("name") for d in ADMX.iter(f"{NS}definition")}
    names = [p.get("name") for p in POLICIES]
    assert len(names) == len(set(names))
    for p in POLICIES:
        assert p.get("class") == "Machine" and p.get("key") == KEY
        assert STRINGS.get(_ref(p.get("displayName", ""), "string"))
        assert STRINGS.get(_ref(p.get("explainText", ""), "string"))
        children = [_tag(c) for c in p]
        assert children == [c for c in POLICY_CHILDREN if c in children], p.get("name")
        parent = p.find(f"{NS}parentCategory")
        assert parent is not None and parent.get("ref") in categories
        sup = p.find(f"{NS}supportedOn")
        assert sup is not None and sup.get("ref") in supported
        elements = p.find(f"{NS}elements")
        if elements is None:
            assert p.get("valueName") and p.find(f"{NS}enabledValue") is not None
            continue
        presentation = PRESENTATIONS[_ref(p.get("presentation", ""), "presentation")]
        refs = {c.get("refId"): _tag(c) for c in presentation}
        for el in elements:
            assert _tag(el) in ELEMENT_KINDS
            assert refs.get(el.get("id")) == PRESENTATION_FOR[_tag(el)], el.get("id")


def _schema_name(p: ET.Element) -> tuple[str, ET.Element | None]:
    """The schema setting a policy writes, and its element (None: an on/off policy)."""
    if p.find(f"{NS}elements") is None:
        return p.get("valueName", ""), None
    (el,) = list(p.find(f"{NS}elements") or [])
    if _tag(el) == "list":
        key = el.get("key", "")
        assert key.startswith(KEY + "\\") and el.get("valuePrefix") == ""
        return key.removeprefix(KEY + "\\"), el
    return el.get("valueName", ""), el


def test_every_policy_maps_to_a_schema_setting_of_its_type() -> None:
    props = policy.schema()["properties"]
    mapped = {}
    for p in POLICIES:
        name, el = _schema_name(p)
        assert name == p.get("name") and name in props
        kind = props[name].get("type", "string")
        expected = {None: "boolean", "list": "array", "decimal": "integer", "text": "string"}
        assert kind == expected[None if el is None else _tag(el)], name
        if el is not None and _tag(el) == "decimal":
            allowed = props[name]["enum"]
            assert (int(el.get("minValue", "0")), int(el.get("maxValue", "0"))) == (
                min(allowed), max(allowed))
        if el is not None and _tag(el) == "text":
            spec = props[name]
            if "$ref" in spec:
                spec = policy.schema()["$defs"][spec["$ref"].rsplit("/", 1)[-1]]
            assert 0 < int(el.get("maxLength", "0")) <= spec["maxLength"], name
        mapped[name] = p
    assert set(mapped) == set(props)  # every setting can be set by Group Policy


def _as_group_policy_writes(values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The registry values the ADMX makes Group Policy write, every policy enabled with
    ``values``."""
    out: dict[str, dict[str, Any]] = {}
    for p in POLICIES:
        name, el = _schema_name(p)
        value = values[name]
        if el is None:
            on = p.find(f"{NS}enabledValue/{NS}decimal" if value else
                        f"{NS}disabledValue/{NS}decimal")
            assert on is not None
            out[f"HKLM\\{KEY}\\{name}"] = {"type": "REG_DWORD", "value": int(on.get("value", ""))}
        elif _tag(el) == "list":
            for n, item in enumerate(value, 1):
                out[f"HKLM\\{KEY}\\{name}\\{n}"] = {"type": "REG_SZ", "value": item}
        elif _tag(el) == "decimal":
            out[f"HKLM\\{KEY}\\{name}"] = {"type": "REG_DWORD", "value": value}
        else:
            kind = "REG_EXPAND_SZ" if el.get("expandable") == "true" else "REG_SZ"
            out[f"HKLM\\{KEY}\\{name}"] = {"type": kind, "value": value}
    return out


def _host(system: str, **parts: Any) -> ReplayHost:
    return ReplayHost(snapshot.parse({"format": "readiness-snapshot/1", "platform": {
        "system": system, "release": "", "version": "", "machine": ""}, **parts}))


def _settings(report: policy.PolicyReport) -> dict[str, Any]:
    assert not report.problems, report.problems
    back = {attr: name for name, attr in policy.NAMES.items()}
    return {back[a]: list(v) if isinstance(v, tuple) else v
            for a in report.policy.managed for v in [getattr(report.policy, a)]}


def test_the_admx_written_to_the_registry_reads_back_as_the_example() -> None:
    values = {**EXAMPLE, "ChecklistFolder": "%USERPROFILE%\\Documents\\Readiness",
              "TrustedKeyCards": ["\\\\fileserver\\readiness\\clinical-lead.pdf"]}
    report = policy.read(_host("Windows", registry=_as_group_policy_writes(values)))
    assert _settings(report) == values
    off = policy.read(_host("Windows", registry=_as_group_policy_writes(
        {**values, "TrustedTimestamps": False})))
    assert off.policy.trusted_timestamps is False  # Disabled is managed: forced off


def test_the_json_example_is_valid_and_reads_back_on_linux() -> None:
    assert not policy.from_dict(EXAMPLE, "example").problems
    host = _host("Linux", files={policy.LINUX_PATH: json.dumps(EXAMPLE)})
    assert _settings(policy.read(host)) == EXAMPLE


def test_the_configuration_profile() -> None:
    profile = plistlib.loads((POLICY / "readiness.mobileconfig").read_bytes())
    assert profile["PayloadType"] == "Configuration" and profile["PayloadVersion"] == 1
    assert profile["PayloadScope"] == "System" and profile["PayloadDisplayName"]
    (payload,) = profile["PayloadContent"]
    assert payload["PayloadType"] == policy.MAC_DOMAIN  # a custom settings payload
    uuids = [profile["PayloadUUID"], payload["PayloadUUID"]]
    assert len({str(uuid.UUID(u)) for u in uuids}) == 2
    assert payload["PayloadIdentifier"].startswith(profile["PayloadIdentifier"] + ".")
    settings = {k: v for k, v in payload.items() if not k.startswith("Payload")}
    assert not policy.from_dict(settings, "profile").problems
    assert set(settings) == set(policy.schema()["properties"])
    # What macOS puts in the managed preferences domain, read as Readiness reads it.
    xml = plistlib.dumps(settings).decode()
    host = _host("Darwin", files={policy.MAC_PATH: "bplist00"}, commands=[{
        "argv": ["plutil", "-convert", "xml1", "-o", "-", policy.MAC_PATH],
        "returncode": 0, "stdout": xml, "stderr": ""}])
    assert _settings(policy.read(host)) == settings


def test_the_domain_is_the_apps_bundle_identifier() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("app_metadata",
                                                  ROOT / "packaging" / "app_metadata.py")
    assert spec and spec.loader
    meta = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(meta)
    assert meta.APP_ID == policy.MAC_DOMAIN


@pytest.mark.parametrize("name", ["readiness.admx", "en-US/readiness.adml",
                                  "readiness.mobileconfig", "policy.example.json"])
def test_no_machine_paths_in_the_examples(name: str) -> None:
    text = (POLICY / name).read_text(encoding="utf-8")
    assert "/work/" not in text and "/home/" not in text and "/root/" not in text
