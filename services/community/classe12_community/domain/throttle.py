"""Sign-in throttling: failures make the next attempt wait, a little longer each time.

Counted per account (the normalised address, existing or not, so the throttle reveals nothing)
and per client address. Below `free_failures` nothing happens; beyond, each new attempt must
wait `base_delay * 2**(failures - free_failures)` seconds after the last failure, at most
`max_delay`: an attacker slows to a crawl, and a member an attacker targets waits `max_delay`
at most before the right password works again. Counts start again `window` seconds after the
last failure, and an account's count after a success.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Policy:
    free_failures: int
    base_delay: float
    max_delay: float
    window: float


def delay(policy: Policy, failures: int) -> float:
    """Seconds to wait after the last of `failures` before the next attempt."""
    if failures < policy.free_failures:
        return 0.0
    return min(policy.base_delay * 2 ** (failures - policy.free_failures), policy.max_delay)


def wait_seconds(policy: Policy, record: dict | None, now: datetime) -> int:
    """Whole seconds still to wait (0: go ahead) given a counter {failures, last_failure_at}."""
    if not record or now - record["last_failure_at"] > timedelta(seconds=policy.window):
        return 0
    ready_at = record["last_failure_at"] + timedelta(seconds=delay(policy, record["failures"]))
    return max(0, math.ceil((ready_at - now).total_seconds()))
