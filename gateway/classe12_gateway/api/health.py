"""Health of the platform: the broker and every service (with its database)."""
from concurrent.futures import ThreadPoolExecutor

import kombu
from flask import Blueprint, current_app

from classe12_kernel.context import Caller
from classe12_kernel.errors import AppError

from .. import __version__
from ..endpoints import AUTH_NONE, Reply, endpoint
from ..problems import RETRY_AFTER_SECONDS
from ..schemas import Health

bp = Blueprint("health", __name__, url_prefix="/api/v1")

SERVICES = ("community", "resources", "evaluation", "notifications")


def _broker(amqp_uri: str, timeout: float) -> dict:
    try:
        with kombu.Connection(amqp_uri, connect_timeout=timeout) as connection:
            connection.ensure_connection(max_retries=1)
        return {"status": "ok"}
    except Exception:
        return {"status": "unavailable"}


def _service(pool, name: str, caller: Caller, timeout: float) -> dict:
    try:
        return pool.call(name, "health", caller, timeout=timeout)
    except AppError:
        return {"service": name, "status": "unavailable"}


@endpoint(bp, "GET", "/health", summary="État du service (courtier de messages, services, bases)",
          auth=AUTH_NONE, response=Health, errors=(503,))
def health(caller):
    settings = current_app.config["CLASSE12"]
    pool = current_app.extensions["classe12.rpc"]
    with ThreadPoolExecutor(max_workers=len(SERVICES) + 1) as executor:
        broker = executor.submit(_broker, settings.amqp_uri, settings.health_timeout)
        services = {name: executor.submit(_service, pool, name, caller, settings.health_timeout)
                    for name in SERVICES}
        report = {"broker": broker.result(), "services": {n: f.result() for n, f in services.items()}}
    healthy = report["broker"]["status"] == "ok" and all(
        s.get("status") == "ok" for s in report["services"].values())
    report.update(status="ok" if healthy else "unavailable", version=__version__)
    if healthy:
        return report
    return Reply(report, 503, {"Retry-After": RETRY_AFTER_SECONDS})
