"""Write the Intune custom compliance rules files from the catalogue (one rule per machine
check): ``python packaging/mdm/make_intune_rules.py``. tests/packaging/test_mdm.py checks the
committed files equal what this writes, and that they keep Microsoft's documented limits.

Each rule reads the check's ``<id>_verdict`` setting and requires it to be exactly "ok". Intune
allows one operator per rule and none means "one of", so the app decides the verdict
(readiness.mdm_report.is_fine): "ok" only for a pass, or for "not applicable" on a check where
that shows nothing is wrong (Wi-Fi security on a computer not connected to Wi-Fi). A warning,
an unknown, a failure, any other not-applicable, or a setting missing from the discovery
output is not compliant. The raw status stays in the ``<id>`` setting for reports; a service
that wants a stricter rule (only "pass") can point its own copy's SettingName at it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from readiness import catalogue as catalogue_mod  # noqa: E402 (after the path is set)
from readiness.mdm_report import OK, OPT_IN, verdict_setting  # noqa: E402
from readiness.model import CheckKind  # noqa: E402

OUT = Path(__file__).resolve().parent / "intune"
# Intune runs custom compliance scripts on Windows and on Linux desktops (Ubuntu, RHEL).
PLATFORMS = ("windows", "linux")
MORE_INFO = ("https://www.bacp.co.uk/events-and-resources/ethics-and-standards/"
             "good-practice-in-action/")
DESCRIPTION_MAX = 1000


def rules(os_key: str) -> dict[str, object]:
    cat = catalogue_mod.load()
    out = []
    for entry in cat.entries:
        if entry.kind is not CheckKind.MACHINE or entry.id in OPT_IN:
            continue  # the practitioner's statements never go to a device manager
        steps = " ".join(entry.steps_for(os_key))
        if len(steps) > DESCRIPTION_MAX:
            steps = steps[:DESCRIPTION_MAX - 1].rsplit(" ", 1)[0] + "…"
        out.append({
            "SettingName": verdict_setting(entry.id),
            "Operator": "IsEquals",
            "DataType": "String",
            "Operand": OK,
            "MoreInfoUrl": MORE_INFO,
            "RemediationStrings": [{
                "Language": "en_US",
                "Title": f"Readiness: {entry.title} (not confirmed on this device)",
                "Description": steps or entry.why,
            }],
        })
    return {"Rules": out}


def write() -> list[Path]:
    written = []
    for os_key in PLATFORMS:
        path = OUT / f"rules-{os_key}.json"
        path.write_text(json.dumps(rules(os_key), indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for p in write():
        print(f"wrote {p.relative_to(ROOT)}")
