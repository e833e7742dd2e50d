"""One warning when the database goes away (or a bulkhead fills up), one line when it is back:
not one per request.

While a service's database is down every call and every event fails the same way and is
handled the same way (503, message requeued). `DATABASE.down(...)` logs a warning the first time
only; `DATABASE.up()` logs the recovery once. `ExpectedErrors` drops nameko's own traceback of
each handled, expected failure ("(expected) error handling worker"), which says nothing more.
"""
from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)


class Outage:
    def __init__(self, what: str, down_text: str | None = None, up_text: str | None = None):
        self.what = what
        self.down_text = down_text or f"{what} unavailable: requests answer 503 and events wait until it is back"
        self.up_text = up_text or f"{what} available again"
        self._down = False
        self._lock = threading.Lock()

    def down(self, error: BaseException, **context) -> None:
        with self._lock:
            first, self._down = not self._down, True
        if first:
            log.warning(self.down_text, extra={"error": repr(error), **context})

    def up(self) -> None:
        if self._down:
            with self._lock:
                was, self._down = self._down, False
            if was:
                log.info(self.up_text)

    @property
    def is_down(self) -> bool:
        return self._down


DATABASE = Outage("database")


class ExpectedErrors(logging.Filter):
    """Drops nameko's log of a worker that ended with an expected (typed, handled) error."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("(expected) error handling worker")
