"""Gateway settings from environment variables, with local-stack defaults."""
from __future__ import annotations

from dataclasses import dataclass

from classe12_runtime.config import env, env_float, load_settings

MIN_SECRET_LENGTH = 32


@dataclass(frozen=True)
class GatewaySettings:
    amqp_uri: str
    rpc_timeout: float
    health_timeout: float
    jwt_secret: str
    access_token_ttl: int
    refresh_token_ttl: int
    max_body_bytes: int
    rpc_max_in_flight: int


def load_gateway_settings(**overrides) -> GatewaySettings:
    base = load_settings()
    secret = env("JWT_SECRET", "")
    if len(secret) < MIN_SECRET_LENGTH and "jwt_secret" not in overrides:
        # no built-in fallback: a secret written in the source would let anyone forge tokens
        raise RuntimeError(f"JWT_SECRET must be set to a random value of at least {MIN_SECRET_LENGTH} characters")
    values = dict(
        amqp_uri=base.amqp_uri,
        rpc_timeout=base.rpc_timeout,
        health_timeout=env_float("HEALTH_TIMEOUT", 2.0),
        jwt_secret=secret,
        access_token_ttl=int(env_float("ACCESS_TOKEN_TTL", 900)),
        refresh_token_ttl=int(env_float("REFRESH_TOKEN_TTL", 14 * 24 * 3600)),
        max_body_bytes=int(env_float("MAX_BODY_BYTES", 1024 * 1024)),
        # a bulkhead per service: at most this many requests of one process wait for one service
        rpc_max_in_flight=int(env_float("RPC_MAX_IN_FLIGHT", 6)),
    )
    values.update(overrides)
    return GatewaySettings(**values)
