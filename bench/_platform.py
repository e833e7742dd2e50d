"""What the benchmarks share: a platform of their own and the quantile they report."""
from __future__ import annotations

import math
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

import requests

from classe12_devstack.broker_users import delete_users
from classe12_devstack.processes import Stack, StackConfig
from classe12_testing.servers import RabbitVhost

PASSWORD = "un mot de passe de mesure"


def quantile(values: list[float], q: float) -> float:
    """Nearest-rank quantile of `values` (seconds), in milliseconds; nan when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)] * 1000


@contextmanager
def private_platform(extra_env: dict | None = None):
    """SecantusDB, the services, the gateway and the live process on a private RabbitMQ vhost,
    healthy; stopped and the vhost deleted afterwards. Yields the Stack."""
    vhost = RabbitVhost().create()
    config = StackConfig(var_dir=Path(tempfile.mkdtemp(prefix="classe12-bench-")), amqp_uri=vhost.uri,
                         extra_env={"LOG_LEVEL": "WARNING", "LOGIN_ADDRESS_FREE_FAILURES": "100000",
                                    **(extra_env or {})})
    stack = Stack(config)
    try:
        stack.start()
        stack.wait_healthy()
        yield stack
    finally:
        stack.stop_all()
        delete_users(config.amqp_uri)
        vhost.delete()


def member_token(base_url: str, levels: list[str], role: str = "teacher") -> str:
    """A new member, signed in through the gateway: their access token."""
    email = f"mesure-{uuid.uuid4().hex[:8]}@ac-bench.fr"
    api = base_url + "/api/v1"
    registered = requests.post(api + "/auth/register", timeout=30, json={
        "email": email, "password": PASSWORD, "display_name": "Mesure", "role": role, "levels": levels})
    assert registered.status_code == 202, registered.text
    login = requests.post(api + "/auth/login", json={"email": email, "password": PASSWORD}, timeout=30)
    assert login.status_code == 200, login.text
    return login.json()["access_token"]
