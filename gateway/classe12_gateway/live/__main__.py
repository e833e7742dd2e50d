"""`classe12-live`: run the live-updates process (settings from the environment)."""
from __future__ import annotations

import logging

from aiohttp import web

from classe12_runtime.config import env, env_float

from ..settings import load_gateway_settings
from ..tokens import TokenIssuer
from .app import create_app


def main() -> None:
    logging.basicConfig(level=env("LOG_LEVEL", "INFO"))
    settings = load_gateway_settings()  # the same secret and token lifetime as the gateway
    host, _, port = env("LIVE_BIND", "127.0.0.1:8002").rpartition(":")
    app = create_app(settings.amqp_uri, TokenIssuer(settings.jwt_secret, settings.access_token_ttl),
                     heartbeat=env_float("LIVE_HEARTBEAT", 15.0), max_age=settings.access_token_ttl,
                     upstream=env("LIVE_UPSTREAM", "") or None)
    # SIGTERM/SIGINT: on_shutdown ends the streams, then the process exits within the grace period
    web.run_app(app, host=host or "127.0.0.1", port=int(port), access_log=None, shutdown_timeout=5,
                print=None)


if __name__ == "__main__":
    main()
