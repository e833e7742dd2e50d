"""What a kit run found: one case per scenario, derived check or coverage gap, and the total."""
from __future__ import annotations

from dataclasses import dataclass, field

PASS, FAIL, SKIP = "PASS", "FAIL", "SKIP"


class KitFailure(AssertionError):
    """An implementation broke its contract; the message names the contract part."""


@dataclass
class CaseResult:
    kind: str                   # scenario | check | coverage | scenarios
    name: str
    status: str                 # PASS | FAIL | SKIP
    messages: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return self.status != FAIL

    def lines(self) -> list[str]:
        timing = f" ({self.seconds:.2f} s)" if self.kind == "scenario" else ""
        return [f"{self.status}  {self.kind}: {self.name}{timing}"] + [f"      {m}" for m in self.messages]


@dataclass
class KitResult:
    service: str
    contract_version: str
    cases: list[CaseResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[CaseResult]:
        return [case for case in self.cases if case.status == FAIL]

    @property
    def passed(self) -> list[CaseResult]:
        return [case for case in self.cases if case.status == PASS]

    @property
    def skipped(self) -> list[CaseResult]:
        return [case for case in self.cases if case.status == SKIP]

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def messages(self) -> list[str]:
        """Every failure message, each naming the broken contract part."""
        return [message for case in self.failed for message in case.messages]

    def summary(self) -> str:
        return (f"{self.service} (contract {self.contract_version}): {len(self.passed)} passed, "
                f"{len(self.failed)} failed, {len(self.skipped)} skipped in {self.seconds:.2f} s")

    def report(self) -> str:
        return "\n".join([line for case in self.cases for line in case.lines()] + [self.summary()])
