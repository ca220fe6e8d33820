"""The connection verdict: pure, from a Measurement (or None when the check is off) and the
link it was made over (see link.py).

The measurement decides; the link adds to it. A weak Wi-Fi signal is a warning even when the
measurement was good (a signal that weak drops packets as it dips, and a few connects cannot
show that). A link that could not be read (or a Wi-Fi signal that could not be) never fails
the check, but it keeps a good measurement from passing: a pass vouches for every fact it was
drawn from. A measurement that could not be made is never rescued by the link.
"""

from __future__ import annotations

from checks.connection.link import WEAK_DBM, WEAK_PERCENT, Link
from checks.connection.model import (
    FAIL_LOSS,
    PASS_JITTER_MS,
    PASS_RTT_MS,
    WARN_RTT_MS,
    Measurement,
)
from readiness.model import Outcome, Scalar, Status

EXPECTED = (f"the video platform reachable with round trips under {PASS_RTT_MS:.0f} ms, jitter "
            f"under {PASS_JITTER_MS:.0f} ms and no lost connections, over a cable or a Wi-Fi "
            f"signal of {WEAK_DBM} dBm ({WEAK_PERCENT}%) or stronger")
METHOD = ("a few timed connections to your video platform (opt-in; nothing else is sent), "
          "and the link the default route uses")
ADVICE = "move closer to the router or use a cable"


def _problems(m: Measurement, obs: dict[str, Scalar]) -> list[str]:
    rtt, jitter = m.rtt_ms or 0.0, m.jitter_ms
    problems = []
    if rtt > PASS_RTT_MS:
        problems.append(f"round trips take {rtt:.0f} ms (under 100 ms is good)")
    if jitter is not None and jitter > PASS_JITTER_MS:
        problems.append(f"the delay varies by {jitter:.0f} ms (under 30 ms is good)")
    if m.loss > 0:
        problems.append(f"{obs['lost']} connections were lost")
    if m.tls_error:
        obs["tls_error"] = m.tls_error
        problems.append("a secure connection could not be set up (a network filter or "
                        "sign-in page may be in the way)")
    return problems


def _link_note(link: Link | None) -> str:
    """A sentence on the link for a summary that is not a pass ("" when not asked)."""
    if link is None:
        return ""
    if link.weak:
        return f" This computer is connected {link.describe()}: {ADVICE}."
    return f" This computer is connected {link.describe()}."


def _good(m: Measurement, link: Link | None) -> tuple[Status, str]:
    rtt, jitter = m.rtt_ms or 0.0, m.jitter_ms or 0.0
    steady = (f"{m.host} answers quickly and steadily: round trips of {rtt:.0f} ms, varying "
              f"by {jitter:.0f} ms, none lost")
    if link is None:
        return Status.PASS, steady + "."
    if link.weak:
        return Status.WARN, (f"{steady} now, but this computer is connected "
                             f"{link.describe()}: a call may break up when the signal dips; "
                             f"{ADVICE}.")
    if link.kind is None:
        return Status.WARN, (f"{steady}, but whether this computer is on Wi-Fi or a cable "
                             f"could not be read ({link.problem}). On Wi-Fi, {ADVICE} for "
                             "the session.")
    if not link.complete:
        return Status.WARN, (f"{steady}, over Wi-Fi, but its signal strength could not be "
                             f"read ({link.problem}). If calls break up, {ADVICE}.")
    return Status.PASS, f"{steady}, {link.describe()}."


def decide(m: Measurement | None, link: Link | None = None) -> Outcome:
    """``link`` None: not part of this decision (only the measurement is judged)."""
    if m is None:
        return Outcome(Status.NOT_APPLICABLE, "The connection check is off. Turn it on in "
                       "Settings and name your video platform to include it.",
                       expected=EXPECTED, method=METHOD)
    obs: dict[str, Scalar] = {"host": m.host}
    if link is not None:
        obs.update(link.observed())
    note = _link_note(link)

    def out(status: Status, summary: str) -> Outcome:
        return Outcome(status, summary, obs, EXPECTED, METHOD)

    if m.dns_error:
        obs["dns_error"] = m.dns_error
        return out(Status.FAIL, f"{m.host} could not be found: this computer seems not to be "
                                "online, or its name lookup is failing." + note)
    if not m.samples:
        return out(Status.UNKNOWN, "The connection could not be measured." + note)
    rtt, jitter = m.rtt_ms, m.jitter_ms
    obs.update({"round_trip_ms": None if rtt is None else round(rtt),
                "jitter_ms": None if jitter is None else round(jitter),
                "lost": f"{len(m.samples) - len(m.answered)} of {len(m.samples)}"})
    if rtt is None or m.loss >= FAIL_LOSS:
        return out(Status.FAIL, f"{obs['lost']} connections to {m.host} were lost: a video "
                                "call would drop or freeze." + note)
    if rtt > WARN_RTT_MS:
        return out(Status.FAIL, f"Round trips to {m.host} take {rtt:.0f} ms: a call would lag "
                                "badly (under 100 ms is good)." + note)
    problems = _problems(m, obs)
    if problems:
        return out(Status.WARN, f"{m.host} answers, but " + "; ".join(problems) + "." + note)
    status, summary = _good(m, link)
    return out(status, summary)
