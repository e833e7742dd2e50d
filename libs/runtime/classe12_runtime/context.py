"""Who is acting and for which request: the call context every RPC carries in its headers.

Header names and meanings: `classe12_contracts.headers` and docs/rpc-protocol.md. The context
is signed (`classe12_contracts.signing`): a service believes an acting member and roles only
when the signature made with the platform's key matches.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from classe12_contracts import signing
from classe12_contracts.errors import Forbidden, Unauthorized
from classe12_contracts.headers import (
    ACTOR_ID,
    ACTOR_ROLES,
    CLIENT_ADDRESS,
    DEADLINE,
    IDEMPOTENCY_KEY,
    REQUEST_ID,
)


@dataclass(frozen=True)
class Caller:
    actor_id: str | None = None
    roles: tuple[str, ...] = field(default_factory=tuple)
    request_id: str | None = None
    deadline: float | None = None
    idempotency_key: str | None = None
    client_address: str | None = None

    @classmethod
    def verified(cls, data: dict, key: str) -> "Caller":
        """The caller of a request whose context must be signed with `key` to name an actor."""
        caller = cls.from_context_data(data)
        if (caller.actor_id or caller.roles) and not signing.verify(data, key):
            raise Unauthorized("Contexte d'appel non signé ou altéré : l'appel est refusé.")
        return caller

    @classmethod
    def from_context_data(cls, data: dict) -> "Caller":
        roles = data.get(ACTOR_ROLES) or ()
        if isinstance(roles, str):
            roles = tuple(r for r in roles.split(",") if r)
        deadline = data.get(DEADLINE)
        try:
            deadline = float(deadline) if deadline not in (None, "") else None
        except (TypeError, ValueError):
            deadline = None
        return cls(actor_id=data.get(ACTOR_ID) or None, roles=tuple(roles),
                   request_id=data.get(REQUEST_ID) or None, deadline=deadline,
                   idempotency_key=data.get(IDEMPOTENCY_KEY) or None,
                   client_address=data.get(CLIENT_ADDRESS) or None)

    def to_context_data(self, key: str | None = None) -> dict:
        """The context headers (without the `nameko.` prefix), signed when `key` is given."""
        data = {ACTOR_ID: self.actor_id or "", ACTOR_ROLES: ",".join(self.roles),
                REQUEST_ID: self.request_id or "", DEADLINE: "" if self.deadline is None else repr(self.deadline)}
        if self.idempotency_key:
            data[IDEMPOTENCY_KEY] = self.idempotency_key
        if self.client_address:
            data[CLIENT_ADDRESS] = self.client_address
        if key:
            data[signing.SIGNATURE] = signing.sign(data, key)
        return data

    @property
    def actor(self) -> dict | None:
        return {"id": self.actor_id, "roles": list(self.roles)} if self.actor_id else None

    @property
    def expired(self) -> bool:
        return self.deadline is not None and time.time() > self.deadline

    def has_role(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    def require_member(self) -> str:
        if not self.actor_id:
            raise Unauthorized("Vous devez être connecté.")
        return self.actor_id

    def require_role(self, *roles: str) -> str:
        actor_id = self.require_member()
        if not self.has_role(*roles):
            raise Forbidden()
        return actor_id


ANONYMOUS = Caller()
