"""The gateway's RPC client: one per worker process, created after gunicorn forks.

A thin holder around `classe12_runtime.rpc_client.RpcClient` (plain kombu, docs/rpc-protocol.md):
one reply queue and one background consumer per process, a bulkhead per service. Tests replace
it with a fake offering the same `call(service, method, caller, timeout=None, **kwargs)`.
"""
from __future__ import annotations

import os
import threading

from classe12_runtime.context import Caller
from classe12_runtime.rpc_client import RpcClient


class ProcessRpc:
    def __init__(self, amqp_uri: str, timeout: float, max_in_flight: int, context_key: str):
        self.amqp_uri = amqp_uri
        self.context_key = context_key
        self.timeout = timeout
        self.max_in_flight = max_in_flight
        self._client: RpcClient | None = None
        self._pid: int | None = None
        self._lock = threading.Lock()

    def client(self) -> RpcClient:
        with self._lock:
            if self._client is None or self._pid != os.getpid():  # never share one across a fork
                self._client = RpcClient(self.amqp_uri, self.timeout, self.max_in_flight, name="gateway",
                                         context_key=self.context_key)
                self._pid = os.getpid()
            return self._client

    def call(self, service: str, method: str, arguments: dict | None = None, *, caller: Caller,
             timeout: float | None = None):
        return self.client().call(service, method, arguments, caller=caller, timeout=timeout)

    def close(self) -> None:
        with self._lock:
            if self._client is not None and self._pid == os.getpid():
                self._client.close()
            self._client = None
