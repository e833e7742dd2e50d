"""Gateway settings from environment variables, with local-stack defaults."""
from __future__ import annotations

from dataclasses import dataclass

from classe12_runtime.config import env, env_float, load_settings, required_context_key

from .secrets_policy import secret_problem

#: threads of a gateway process that stay free for healthy services while every service holds
#: its whole bulkhead (RPC_MAX_IN_FLIGHT calls waiting for it)
RESERVED_THREADS = 8
DEFAULT_MAX_IN_FLIGHT = 6


def gateway_threads(services: int) -> int:
    """GATEWAY_THREADS, by default `services` x RPC_MAX_IN_FLIGHT + the file transfers' own
    bulkheads + RESERVED_THREADS: with fewer, stuck services or long video downloads could take
    every thread and nothing would answer any more."""
    from .streaming import load_transfer_settings
    max_in_flight = int(env_float("RPC_MAX_IN_FLIGHT", DEFAULT_MAX_IN_FLIGHT))
    transfers = load_transfer_settings()
    default = services * max_in_flight + transfers.max_uploads + transfers.max_downloads + RESERVED_THREADS
    return int(env_float("GATEWAY_THREADS", default))


@dataclass(frozen=True)
class GatewaySettings:
    amqp_uri: str
    rpc_timeout: float
    health_timeout: float
    jwt_secret: str
    access_token_ttl: int
    max_body_bytes: int
    rpc_max_in_flight: int
    cors_origins: tuple[str, ...] = ()
    trusted_proxies: int = 0
    context_key: str = ""


def load_gateway_settings(**overrides) -> GatewaySettings:
    base = load_settings()
    secret = overrides.get("jwt_secret", env("JWT_SECRET", ""))
    problem = secret_problem(secret)
    if problem:
        # no built-in fallback: a secret anyone can read or guess lets anyone forge an admin token
        raise RuntimeError(f"JWT_SECRET refused: {problem}. Use a random value, e.g. "
                           f"python -c 'import secrets; print(secrets.token_hex(32))'")
    values = dict(
        amqp_uri=base.amqp_uri,
        rpc_timeout=base.rpc_timeout,
        health_timeout=env_float("HEALTH_TIMEOUT", 2.0),
        jwt_secret=secret,
        access_token_ttl=int(env_float("ACCESS_TOKEN_TTL", 900)),
        max_body_bytes=int(env_float("MAX_BODY_BYTES", 1024 * 1024)),
        # a bulkhead per service: at most this many requests of one process wait for one service
        rpc_max_in_flight=int(env_float("RPC_MAX_IN_FLIGHT", DEFAULT_MAX_IN_FLIGHT)),
        # web clients served from another origin, e.g. "https://classe12.example.fr" (none by default)
        cors_origins=tuple(o.strip().rstrip("/") for o in env("CORS_ORIGINS", "").split(",") if o.strip()),
        # reverse proxies in front of the gateway whose X-Forwarded-For/-Proto are to be believed
        trusted_proxies=int(env_float("TRUSTED_PROXIES", 0)),
    )
    values.update(overrides)
    if "context_key" not in overrides:
        values["context_key"] = required_context_key(base)  # signs who is acting in every call
    return GatewaySettings(**values)
