"""Reference data another service owns and announces once per version (resources' taxonomy):
a database created after the announcement would never have it, so a service asks the owner
until it keeps one (docs/decisions.md 28, 29 and 34).

- `OwnerQuery(service, method, client_name)`: a nameko dependency giving `fetch()`, which calls
  `<service>.<method>` anonymously with a plain-kombu RPC client created on first use (most
  databases got the announcement and never need it);
- `fetch_when_missing(kept, fetch, keep, what)`: the body of a service's timer: nothing when
  `kept()`, otherwise `keep(fetch())`; an owner that does not answer yet is logged, and the next
  tick asks again.
"""
from __future__ import annotations

import logging
from typing import Callable

from nameko.extensions import DependencyProvider

from classe12_contracts.errors import AppError

from .context import Caller
from .rpc_client import RemoteFailure, RpcClient

log = logging.getLogger(__name__)


class OwnerQuery(DependencyProvider):
    client = None

    def __init__(self, service: str, method: str, client_name: str):
        self.service = service
        self.method = method
        self.client_name = client_name

    def fetch(self) -> dict:
        if self.client is None:
            self.client = RpcClient(self.container.config["AMQP_URI"], timeout=5.0, max_in_flight=1,
                                    name=self.client_name)
        return self.client.call(self.service, self.method, {},
                                caller=Caller(request_id=f"{self.client_name}-{self.method}"))

    def stop(self):
        if self.client is not None:
            self.client.close()
            self.client = None

    def kill(self):
        self.stop()

    def get_dependency(self, worker_ctx):
        return self.fetch


def fetch_when_missing(kept: Callable[[], bool], fetch: Callable[[], dict], keep: Callable[[dict], object],
                       what: str) -> bool:
    """Ask the owner for `what` unless it is kept already; returns whether it was fetched now."""
    try:
        if kept():
            return False
        reply = fetch()
        keep(reply)
    except (AppError, RemoteFailure) as exc:
        log.info(f"{what} not fetched yet", extra={"error": repr(exc)})
        return False
    log.info(f"{what} fetched", extra={"version": reply.get("version")})
    return True
