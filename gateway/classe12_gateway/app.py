"""Flask app factory of the gateway (run under gunicorn gthread: see gunicorn_conf.py)."""
from __future__ import annotations

import re
import uuid

from flask import Flask, g, request
from werkzeug.middleware.proxy_fix import ProxyFix

from classe12_runtime.config import load_settings
from classe12_runtime.logs import bind, configure_logging

from . import limits, session_cookie, web
from .access import ProcessAccess
from .api import (
    account,
    auth,
    avatars,
    children,
    class_files,
    classes,
    collections,
    community,
    docs,
    files,
    health,
    members,
    notifications,
    resources,
    unsubscribe_page,
)
from .endpoints import PlatformId
from .problems import install_error_handlers
from .rpc import ProcessRpc
from .settings import GatewaySettings, load_gateway_settings
from .tokens import TokenIssuer

REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
BLUEPRINTS = (auth.bp, account.bp, avatars.bp, members.bp, community.bp, resources.bp, collections.bp, files.bp,
              classes.bp, class_files.bp, children.bp, notifications.bp, unsubscribe_page.bp, health.bp,
              docs.bp)


def create_app(settings: GatewaySettings | None = None, configure_logs: bool = True) -> Flask:
    settings = settings or load_gateway_settings()
    if configure_logs:
        configure_logging("gateway", load_settings().log_level)
    app = Flask(__name__)
    app.config.update(CLASSE12=settings, MAX_CONTENT_LENGTH=settings.max_body_bytes, JSON_SORT_KEYS=False)
    app.json.ensure_ascii = False
    app.extensions["classe12.rpc"] = ProcessRpc(settings.amqp_uri, settings.rpc_timeout, settings.rpc_max_in_flight,
                                                  settings.context_key)
    app.extensions["classe12.tokens"] = TokenIssuer(settings.jwt_secret, settings.access_token_ttl)
    app.extensions["classe12.access"] = ProcessAccess(settings.amqp_uri, settings.access_token_ttl,
                                                      app.extensions["classe12.rpc"])
    if settings.trusted_proxies:
        # client address and scheme as the proxies in front of us saw them (X-Forwarded-For/-Proto)
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.trusted_proxies, x_proto=settings.trusted_proxies)
    files.install(app)  # before web.install: served files get `sandbox` after the gateway's JSON policy
    app.url_map.converters["platform_id"] = PlatformId
    web.install(app, settings.cors_origins)
    session_cookie.install(app)
    limits.install(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    install_error_handlers(app)

    @app.before_request
    def identify_request():
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        bind(g.request_id, None)

    @app.after_request
    def tag_response(response):
        response.headers["X-Request-ID"] = g.get("request_id", "")
        response.headers.setdefault("Cache-Control", "no-store")
        caller = g.get("caller")
        app.logger.info("request", extra={
            "method": request.method, "path": request.path, "status": response.status_code,
            "user_id": caller.actor_id if caller else None})
        return response

    @app.teardown_request
    def unbind(_exc):
        bind(None, None)

    return app
