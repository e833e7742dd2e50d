"""Use cases return what happened; a unit of work commits it.

A use case is a plain function of the repositories that returns an `Outcome`: the value for
the caller, the events the change causes and, possibly, a refusal to raise once the rest is
committed (a refused access is still audited). `MongoUnitOfWork.run` executes it in one
MongoDB transaction, writes its events to the outbox in that same transaction, commits, then
wakes the relay. Domain code never opens sessions, builds envelopes or flushes anything.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from pymongo.errors import DuplicateKeyError

from classe12_contracts.envelope import make_envelope
from classe12_contracts.errors import AppError

from .clock import utcnow
from .context import Caller
from .mongo import run_in_transaction
from .outage import DATABASE
from .requests import RequestKey, RequestLog


@dataclass(frozen=True)
class Event:
    """An event a use case causes: its type, payload version and payload."""

    type: str
    version: int
    data: dict


@dataclass
class Outcome:
    result: Any = None
    events: list[Event] = field(default_factory=list)
    error: Exception | None = None  # raised after commit (e.g. NotFound whose audit record must stay)

    def unwrap(self):
        if self.error is not None:
            raise self.error
        return self.result


def as_outcome(value) -> Outcome:
    return value if isinstance(value, Outcome) else Outcome(value)


def envelopes_for(events, caller: Caller, registry=None) -> list[dict]:
    """The envelopes of `events` as `caller` caused them (payloads checked against the contract)."""
    return [make_envelope(e.type, e.version, e.data, actor=caller.actor, request_id=caller.request_id,
                          registry=registry) for e in events]


class MongoUnitOfWork:
    """One call's access to the service's database: transactional writes with their outbox,
    at most once per request (`request`: see requests.py; None outside an RPC)."""

    def __init__(self, db, repositories: Callable, outbox, relay, caller: Caller, request: RequestKey | None = None):
        self.db = db
        self.repositories = repositories  # (db, session) -> the service's repository
        self.outbox = outbox
        self.relay = relay
        self.caller = caller
        self.request = request
        self.requests = RequestLog(db)

    def query(self, use_case: Callable):
        """Run a use case without a transaction: reads, and single-document writes that cause
        no event (each is atomic on its own)."""
        outcome = as_outcome(use_case(self.repositories(self.db, None)))
        if outcome.events:
            raise RuntimeError("a use case that emits events must run with run(), in a transaction")
        DATABASE.up()
        return outcome.unwrap()

    def run(self, use_case: Callable):
        """Run `use_case(repository)` in a transaction with its events; return its result.

        A request already done (redelivered, or repeated with the same Idempotency-Key) answers
        what it answered the first time and writes nothing."""
        def work(session):
            if self.request is not None:
                done, result = self.requests.replay(self.request, session)
                if done:
                    return Outcome(result), []
            outcome = as_outcome(use_case(self.repositories(self.db, session)))
            envelopes = envelopes_for(outcome.events, self.caller)
            for envelope in envelopes:
                self.outbox.add(envelope, session=session)
            if self.request is not None:
                error = outcome.error.to_wire() if isinstance(outcome.error, AppError) else None
                self.requests.record(self.request, None if error else outcome.result, error, utcnow(), session)
            return outcome, envelopes

        try:
            outcome, envelopes = run_in_transaction(self.db, work)
        except DuplicateKeyError:
            if self.request is None:
                raise
            outcome, envelopes = run_in_transaction(self.db, work)  # the same request ran meanwhile
        DATABASE.up()
        if envelopes:
            self.relay.publish_now([envelope["id"] for envelope in envelopes])
        return outcome.unwrap()
