"""Settings read from environment variables (12-factor), with defaults for the local stack."""
from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_AMQP_URI = "amqp://guest:guest@127.0.0.1:5672/"
DEFAULT_MONGO_URI = "mongodb://127.0.0.1:27017/"


def env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise RuntimeError(f"setting {name} must be a number, got {raw!r}") from exc


def database_name(service: str) -> str:
    """`<SERVICE>_DB` (default: the service's name), then `DATABASE_SUFFIX` (parallel stacks, tests)."""
    return env(f"{service.upper()}_DB", service) + os.environ.get("DATABASE_SUFFIX", "").strip()


@dataclass(frozen=True)
class Settings:
    amqp_uri: str
    mongo_uri: str
    rpc_timeout: float
    mongo_timeout_ms: int
    log_level: str
    context_key: str

    def database_name(self, service: str) -> str:
        return database_name(service)


def load_settings() -> Settings:
    return Settings(
        amqp_uri=env("AMQP_URI", DEFAULT_AMQP_URI),
        mongo_uri=env("MONGO_URI", DEFAULT_MONGO_URI),
        rpc_timeout=env_float("RPC_TIMEOUT", 5.0),
        mongo_timeout_ms=int(env_float("MONGO_TIMEOUT_MS", 2000)),
        log_level=env("LOG_LEVEL", "INFO"),
        # signs the call context (who is acting): shared by the gateway and the services only
        context_key=env("ACTOR_CONTEXT_KEY", ""),
    )


def required_context_key(settings: Settings | None = None) -> str:
    key = (settings or load_settings()).context_key
    if len(key) < 32:
        raise RuntimeError("ACTOR_CONTEXT_KEY must be set to a random value of at least 32 characters, the same "
                           "for the gateway and every service (it signs who is acting in each call)")
    return key


def nameko_config(settings: Settings | None = None) -> dict:
    """The configuration dict nameko containers and standalone proxies expect."""
    settings = settings or load_settings()
    return {
        "AMQP_URI": settings.amqp_uri,
        "serializer": "json",
        # heartbeats let both sides notice a dead broker connection quickly
        "HEARTBEAT": 10,
    }
