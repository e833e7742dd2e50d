"""What each gateway process knows of revoked sessions and changed roles, within seconds.

Access tokens are checked locally (signature, expiry): a revocation or a role change must not
wait for them to expire. Each gateway process listens to community's `sessions_revoked` and
`member_roles_changed` events on a queue of its own (exclusive: it lives with the process) and
keeps, for as long as an access token lives: the revoked sessions, when each member's sessions
were all revoked, and each member's roles since they last changed. When it (re)connects it asks
community what changed during that time (`community.access_changes`). If community or the
broker is down, tokens already issued keep working until they expire.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone

import kombu

from classe12_contracts.envelope import EnvelopeError, parse_envelope
from classe12_contracts.errors import AppError
from classe12_runtime.context import Caller

from .tokens import InvalidToken

log = logging.getLogger(__name__)

EVENTS = ("community.sessions_revoked", "community.member_roles_changed")
CLOSED = "Votre session a été fermée. Reconnectez-vous."
PLATFORM = Caller(actor_id="0" * 24, roles=("platform",), request_id="gateway-access-sync")


def _when(text: str | None) -> float | None:
    return datetime.fromisoformat(text).timestamp() if text else None


class AccessState:
    """Thread-safe; entries older than `horizon` seconds (an access token's life) are dropped."""

    def __init__(self, horizon: float):
        self.horizon = horizon
        self._lock = threading.Lock()
        self.revoked_sessions: dict[str, float] = {}
        self.all_revoked: dict[str, float] = {}
        self.roles: dict[str, tuple[tuple[str, ...], float]] = {}

    def session_revoked(self, member_id: str, session_id: str | None, at: float) -> None:
        with self._lock:
            if session_id is None:
                self.all_revoked[member_id] = max(at, self.all_revoked.get(member_id, 0))
            else:
                self.revoked_sessions[session_id] = at

    def roles_changed(self, member_id: str, roles, at: float) -> None:
        with self._lock:
            if at >= self.roles.get(member_id, ((), 0))[1]:
                self.roles[member_id] = (tuple(roles), at)

    def apply_envelope(self, envelope: dict) -> None:
        data = envelope["data"]
        if envelope["type"] == "community.sessions_revoked":
            self.session_revoked(data["member_id"], data["session_id"], _when(data["revoked_at"]))
        elif envelope["type"] == "community.member_roles_changed":
            self.roles_changed(data["member_id"], data["roles"], _when(data["changed_at"]))

    def apply_changes(self, changes: dict) -> None:
        for member in changes["members"]:
            if member["roles_changed_at"]:
                self.roles_changed(member["member_id"], member["roles"], _when(member["roles_changed_at"]))
            if member["sessions_revoked_at"]:
                self.session_revoked(member["member_id"], None, _when(member["sessions_revoked_at"]))
        for session in changes["sessions"]:
            self.session_revoked(session["member_id"], session["session_id"], _when(session["revoked_at"]))

    def check(self, claims: dict) -> tuple[str, ...]:
        """The roles an access token grants now; InvalidToken when its session was revoked."""
        issued, member_id = float(claims["iat"]), claims["sub"]
        with self._lock:
            if claims.get("sid") in self.revoked_sessions or issued <= self.all_revoked.get(member_id, 0):
                raise InvalidToken(CLOSED)
            roles, changed = self.roles.get(member_id, ((), 0))
        return roles if changed > issued else tuple(claims.get("roles") or ())

    def prune(self, now: float | None = None) -> None:
        limit = (now or time.time()) - self.horizon - 60
        with self._lock:
            self.revoked_sessions = {k: v for k, v in self.revoked_sessions.items() if v > limit}
            self.all_revoked = {k: v for k, v in self.all_revoked.items() if v > limit}
            self.roles = {k: v for k, v in self.roles.items() if v[1] > limit}


class AccessListener(threading.Thread):
    """Feeds an AccessState from community's events; catches up through RPC at each connection."""

    def __init__(self, amqp_uri: str, state: AccessState, rpc):
        super().__init__(name="classe12-access-listener", daemon=True)
        self.amqp_uri = amqp_uri
        self.state = state
        self.rpc = rpc
        self.ready = threading.Event()
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        # community's exchange: bound to, never declared here (the gateway may not be allowed to)
        exchange = kombu.Exchange("community.events", type="topic", durable=True, auto_delete=False, no_declare=True)
        while not self._stop.is_set():
            name = f"gateway.access-{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
            queue = kombu.Queue(name, exchange=exchange, bindings=[
                kombu.binding(exchange, routing_key=event.split(".", 1)[1]) for event in EVENTS],
                exclusive=True, auto_delete=True)
            try:
                with kombu.Connection(self.amqp_uri, connect_timeout=2, heartbeat=10) as connection:
                    with connection.Consumer([queue], callbacks=[self._on_event], accept=["json"]):
                        self._catch_up()
                        self.ready.set()
                        while not self._stop.is_set():
                            try:
                                connection.drain_events(timeout=1)
                            except socket.timeout:
                                connection.heartbeat_check()
                                self.state.prune()
            except Exception as exc:  # broker gone: known state stays, tokens keep working
                log.warning("access listener lost the broker; reconnecting", extra={"error": repr(exc)})
            self._stop.wait(1.0)

    def _catch_up(self) -> None:
        since = datetime.now(timezone.utc) - timedelta(seconds=self.state.horizon)
        try:
            changes = self.rpc.call("community", "access_changes",
                                    {"since": since.isoformat(timespec="milliseconds")}, caller=PLATFORM)
            self.state.apply_changes(changes)
        except AppError as exc:  # community down: what the events say from now on still counts
            log.warning("access changes not fetched", extra={"error": repr(exc)})

    def _on_event(self, body, message) -> None:
        message.ack()
        try:
            self.state.apply_envelope(parse_envelope(body, {1}))
        except EnvelopeError as exc:
            log.error("access event ignored", extra={"reason": exc.reason, "detail": exc.detail})


class ProcessAccess:
    """One state and one listener per gateway process, started at the first request after fork."""

    def __init__(self, amqp_uri: str, horizon: float, rpc):
        self.amqp_uri = amqp_uri
        self.horizon = horizon
        self.rpc = rpc
        self._lock = threading.Lock()
        self._pid: int | None = None
        self.state = AccessState(horizon)
        self.listener: AccessListener | None = None

    def current(self) -> AccessState:
        with self._lock:
            if self._pid != os.getpid():
                self.state = AccessState(self.horizon)
                self.listener = AccessListener(self.amqp_uri, self.state, self.rpc)
                self.listener.start()
                self._pid = os.getpid()
            return self.state

    def check(self, claims: dict) -> tuple[str, ...]:
        return self.current().check(claims)

    def close(self) -> None:
        if self.listener is not None and self._pid == os.getpid():
            self.listener.stop()
