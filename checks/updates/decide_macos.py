"""The macOS update verdict: pure, from ``MacFacts`` to an ``Outcome``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from checks.updates.decide import combine, deep_parts
from checks.updates.model import SCAN_PASS_DAYS, MacFacts, Part, last_full_check
from readiness.model import Outcome, Scalar, Status
from readiness.words import are, plural

METHOD = "com.apple.SoftwareUpdate record (LastFullSuccessfulDate, recommended updates)"


def record_parts(data: Mapping[str, Any], today: date, observed: dict[str, Scalar]) -> list[Part]:
    """What the Software Update record says: when it last checked, and what is waiting."""
    waiting = data.get("LastRecommendedUpdatesAvailable")
    recommended = data.get("RecommendedUpdates")
    names = [
        str(r.get("Display Name") or r.get("Identifier"))
        for r in recommended if isinstance(r, dict)
    ] if isinstance(recommended, list) else []
    observed["recommended_updates"] = waiting if isinstance(waiting, int) else None
    if names:
        observed["recommended_names"] = "; ".join(names)[:300]
    when = last_full_check(data)
    if when is None:
        return [(Status.UNKNOWN, "The Mac has no record of a completed check for updates.")]
    parts: list[Part] = []
    age = (today - when.date()).days
    observed["last_full_check"] = when.date().isoformat()
    observed["days_since_check"] = age
    if age > SCAN_PASS_DAYS:
        parts.append((Status.WARN, f"The Mac last completed a check for updates {age} days ago "
                      f"({when.date().isoformat()}), so newer updates may be waiting."))
    counts = [n for n in (waiting, len(recommended) if isinstance(recommended, list) else None)
              if isinstance(n, int) and not isinstance(n, bool)]
    if not counts:
        parts.append((Status.UNKNOWN, "The Software Update record does not say whether "
                      "updates are waiting."))
    elif max(counts) > 0:
        waiting = max(counts)
        parts.append((Status.WARN, f"{plural(waiting, 'recommended update')} {are(waiting)} "
                      "waiting" + (f" ({'; '.join(names[:5])})." if names else ".")))
    elif age <= SCAN_PASS_DAYS:
        parts.append((Status.PASS, f"The last check for updates ({when.date().isoformat()}) "
                      "found nothing waiting."))
    return parts


def decide(facts: MacFacts) -> Outcome:
    observed: dict[str, Scalar] = {}
    if isinstance(facts.record, str):
        parts: list[Part] = [(Status.UNKNOWN, "Could not read the Software Update record "
                              f"({facts.record}).")]
    else:
        parts = record_parts(facts.record, facts.today, observed)
    deep_parts(facts.pending, parts, observed, "waiting macOS updates")
    method = METHOD + (", softwareupdate --list" if facts.pending is not None else "")
    return combine(parts, observed, method)
