"""Fakes for unit tests of use cases: an in-memory unit of work using the real envelope code.

`FakeUnitOfWork(repository)` runs use cases like `MongoUnitOfWork` does: `run` commits the
events the use case returns (envelopes built and validated by the real contract code, so a
payload that breaks the published schema fails the unit test) and rolls the repository back
when the use case raises; `query` runs without events. Committed envelopes are in `.events`.
"""
from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone

from classe12_runtime.context import Caller
from classe12_runtime.uow import as_outcome, envelopes_for


class FakeUnitOfWork:
    def __init__(self, repository, caller: Caller | None = None):
        self.repository = repository
        self.caller = caller or Caller(request_id="unit-test")
        self.events: list[dict] = []
        self.commits = 0

    def query(self, use_case):
        outcome = as_outcome(use_case(self.repository))
        if outcome.events:
            raise AssertionError("a use case that emits events must run with run(), in a transaction")
        return outcome.unwrap()

    def run(self, use_case, caller: Caller | None = None):
        saved = copy.deepcopy(vars(self.repository))
        try:
            outcome = as_outcome(use_case(self.repository))
            envelopes = envelopes_for(outcome.events, caller or self.caller)
        except BaseException:
            vars(self.repository).clear()
            vars(self.repository).update(saved)  # the transaction is aborted
            raise
        self.events += envelopes
        self.commits += 1
        return outcome.unwrap()

    def event_data(self, event_type: str) -> list[dict]:
        return [e["data"] for e in self.events if e["type"] == event_type]


class Bound:
    """A domain object whose use cases get `repository` as their first argument, so unit tests
    call `notifications.on_member_registered(envelope)` as the service would through its uow."""

    def __init__(self, domain, repository):
        self._domain = domain
        self.repository = repository

    def __getattr__(self, name):
        use_case = getattr(self._domain, name)
        return lambda *args, **kwargs: use_case(self.repository, *args, **kwargs)


class TickingClock:
    """A clock for use cases: each reading one `step` after the previous one, from `start`."""

    def __init__(self, start: datetime = datetime(2025, 9, 1, 8, 0, tzinfo=timezone.utc),
                 step: timedelta = timedelta(seconds=1)):
        self.now, self.step = start, step

    def __call__(self) -> datetime:
        self.now += self.step
        return self.now
