"""RabbitMQ reachability, as the health endpoint and the local stack check it."""
from __future__ import annotations

import kombu


def broker_reachable(amqp_uri: str, timeout: float = 2.0) -> bool:
    """True when one connection to `amqp_uri` opens within `timeout` seconds (no retry)."""
    try:
        with kombu.Connection(amqp_uri, connect_timeout=timeout) as connection:
            connection.ensure_connection(max_retries=1)
        return True
    except Exception:  # refused, timed out, bad credentials: all mean "not usable now"
        return False
