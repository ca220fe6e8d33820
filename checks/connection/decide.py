"""The connection verdict: pure, from a Measurement (or None when the check is off)."""

from __future__ import annotations

from checks.connection.model import (
    FAIL_LOSS,
    PASS_JITTER_MS,
    PASS_RTT_MS,
    WARN_JITTER_MS,
    WARN_RTT_MS,
    Measurement,
)
from readiness.model import Outcome, Scalar, Status

EXPECTED = (f"the video platform reachable with round trips under {PASS_RTT_MS:.0f} ms, jitter "
            f"under {PASS_JITTER_MS:.0f} ms and no lost connections")
METHOD = "a few timed connections to your video platform (opt-in; nothing else is sent)"


def decide(m: Measurement | None) -> Outcome:
    if m is None:
        return Outcome(Status.NOT_APPLICABLE, "The connection check is off. Turn it on in "
                       "Settings and name your video platform to include it.",
                       expected=EXPECTED, method=METHOD)
    obs: dict[str, Scalar] = {"host": m.host}

    def out(status: Status, summary: str) -> Outcome:
        return Outcome(status, summary, obs, EXPECTED, METHOD)

    if m.dns_error:
        obs["dns_error"] = m.dns_error
        return out(Status.FAIL, f"{m.host} could not be found: this computer seems not to be "
                                "online, or its name lookup is failing.")
    if not m.samples:
        return out(Status.UNKNOWN, "The connection could not be measured.")
    rtt, jitter, loss = m.rtt_ms, m.jitter_ms, m.loss
    obs.update({"round_trip_ms": None if rtt is None else round(rtt),
                "jitter_ms": None if jitter is None else round(jitter),
                "lost": f"{len(m.samples) - len(m.answered)} of {len(m.samples)}"})
    if rtt is None or loss >= FAIL_LOSS:
        return out(Status.FAIL, f"{obs['lost']} connections to {m.host} were lost: a video "
                                "call would drop or freeze.")
    problems = []
    if rtt > WARN_RTT_MS:
        return out(Status.FAIL, f"Round trips to {m.host} take {rtt:.0f} ms: a call would lag "
                                "badly (under 100 ms is good).")
    if rtt > PASS_RTT_MS:
        problems.append(f"round trips take {rtt:.0f} ms (under 100 ms is good)")
    if jitter is not None and jitter > WARN_JITTER_MS:
        problems.append(f"the delay varies by {jitter:.0f} ms (under 30 ms is good)")
    elif jitter is not None and jitter > PASS_JITTER_MS:
        problems.append(f"the delay varies by {jitter:.0f} ms (under 30 ms is good)")
    if loss > 0:
        problems.append(f"{obs['lost']} connections were lost")
    if m.tls_error:
        obs["tls_error"] = m.tls_error
        problems.append("a secure connection could not be set up (a network filter or "
                        "sign-in page may be in the way)")
    if problems:
        return out(Status.WARN, f"{m.host} answers, but " + "; ".join(problems) + ".")
    return out(Status.PASS, f"{m.host} answers quickly and steadily: round trips of "
                            f"{rtt:.0f} ms, varying by {jitter or 0:.0f} ms, none lost.")
