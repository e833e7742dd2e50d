"""Members' addresses, asked from community at send time (`community.get_contacts`, reserved
to the platform): no address is kept here nor travels on the bus."""
from __future__ import annotations

import threading

from classe12_runtime.config import load_settings, required_context_key
from classe12_runtime.context import Caller
from classe12_runtime.rpc_client import RpcClient

PLATFORM = Caller(actor_id="0" * 24, roles=("platform",), request_id="notifications-mail")
ASK = 100  # the operation's limit per call

_client: RpcClient | None = None
_lock = threading.Lock()


def client() -> RpcClient:
    global _client
    with _lock:
        if _client is None:
            settings = load_settings()
            _client = RpcClient(settings.amqp_uri, timeout=settings.rpc_timeout, name="notifications",
                                context_key=required_context_key(settings))
        return _client


def community_contacts(member_ids: list[str]) -> dict[str, dict]:
    """{member id: {"email", "display_name"}} for the members community knows."""
    found = {}
    for offset in range(0, len(member_ids), ASK):
        reply = client().call("community", "get_contacts", {"member_ids": member_ids[offset:offset + ASK]},
                              caller=PLATFORM)
        found.update({item["member_id"]: item for item in reply["items"]})
    return found


def community_account_mail(mail_id: str) -> dict:
    """community's get_account_mail: {"status": "ready", "email", "display_name", "purpose", "link",
    "expires_at"} or {"status": "gone"}."""
    return client().call("community", "get_account_mail", {"mail_id": mail_id}, caller=PLATFORM)
