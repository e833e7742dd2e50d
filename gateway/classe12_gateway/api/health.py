"""Health of the platform: the broker and every service (with its database)."""
from concurrent.futures import ThreadPoolExecutor

from flask import Blueprint, current_app

from classe12_contracts.errors import AppError
from classe12_runtime.broker import broker_reachable
from classe12_runtime.context import Caller

from .. import __version__
from ..contracts import SERVICES
from ..endpoints import AUTH_OPTIONAL, Reply, endpoint
from ..own_schemas import ref
from ..problems import RETRY_AFTER_SECONDS

bp = Blueprint("health", __name__, url_prefix="/api/v1")


def _service(rpc, name: str, caller: Caller, timeout: float) -> dict:
    try:
        return rpc.call(name, "health", caller=caller, timeout=timeout)
    except AppError:
        return {"service": name, "status": "unavailable"}


@endpoint(bp, "GET", "/health", summary="État du service : en marche ou non (le détail pour les administrateurs)",
          auth=AUTH_OPTIONAL, response=ref("Health"), errors=(401, 503),
          description="Sans jeton, seulement `status` (ok ou unavailable). Avec un jeton d'administrateur, "
                      "l'état du courtier de messages et de chaque service avec sa base.")
def health(caller, data):
    settings = current_app.config["CLASSE12"]
    rpc = current_app.extensions["classe12.rpc"]
    with ThreadPoolExecutor(max_workers=len(SERVICES) + 1) as executor:
        broker = executor.submit(broker_reachable, settings.amqp_uri, settings.health_timeout)
        services = {name: executor.submit(_service, rpc, name, caller, settings.health_timeout)
                    for name in SERVICES}
        broker_ok = broker.result()
        report = {"broker": {"status": "ok" if broker_ok else "unavailable"},
                  "services": {name: future.result() for name, future in services.items()}}
    healthy = broker_ok and all(s.get("status") == "ok" for s in report["services"].values())
    report.update(status="ok" if healthy else "unavailable", version=__version__)
    if not caller.has_role("admin"):
        report = {"status": report["status"]}  # anonymous: up or down, no internals
    if healthy:
        return report
    return Reply(report, 503, {"Retry-After": RETRY_AFTER_SECONDS})
