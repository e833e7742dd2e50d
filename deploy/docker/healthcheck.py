"""Container healthcheck shared by every Classe à 12 image (copied to /app/healthcheck.py).

    python /app/healthcheck.py rpc <service>   call `<service>.health` over RabbitMQ
    python /app/healthcheck.py http <url>      GET <url> (the gateway: /api/v1/health)

`rpc`: healthy when the service answers its `health` RPC with status "ok", which proves
end to end that the broker is reachable, that a `nameko run` process of the service consumes
its RPC queue and that the service's database answers its ping. It reads AMQP_URI and
RPC_TIMEOUT exactly as the services do (classe12_runtime.config). Each probe is one short-lived
RPC client (classe12_runtime.rpc_client) whose exclusive reply queue disappears with it.
With several replicas of a service, any replica may answer: this checks the service, not one
container (see deploy/k8s/README.md for why Kubernetes does not use it as a liveness probe).

`http`: healthy when the URL answers 2xx within RPC_TIMEOUT seconds (proxies ignored).

The probe gives up after RPC_TIMEOUT + 5 s, so the container's healthcheck timeout must be
longer (15 s with the default RPC_TIMEOUT of 5). Exit status 0 = healthy, 1 = unhealthy; one
line saying why goes to stdout (Docker keeps it: `docker inspect <container>`, State.Health).
"""
from __future__ import annotations

import json
import os
import signal
import sys


def check_rpc(service: str) -> tuple[bool, str]:
    from classe12_runtime.config import load_settings
    from classe12_runtime.rpc_client import RpcClient

    settings = load_settings()
    # named after the service: its broker user may only make reply queues rpc.reply-<service>-*
    client = RpcClient(settings.amqp_uri, timeout=settings.rpc_timeout, name=f"{service}-healthcheck")
    try:
        report = client.call(service, "health")
    finally:
        client.close()
    return report.get("status") == "ok", json.dumps(report, ensure_ascii=False)


def check_http(url: str) -> tuple[bool, str]:
    import urllib.request

    from classe12_runtime.config import load_settings

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=load_settings().rpc_timeout) as response:
        return 200 <= response.status < 300, f"HTTP {response.status}"


CHECKS = {"rpc": check_rpc, "http": check_http}


def _give_up(*_):
    print("unhealthy: no answer in time", flush=True)
    os._exit(1)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in CHECKS:
        print("usage: healthcheck.py rpc <service> | http <url>", file=sys.stderr)
        return 2
    from classe12_runtime.config import load_settings

    # never hang (a broker that does not answer): give up a little after RPC_TIMEOUT
    signal.signal(signal.SIGALRM, _give_up)
    signal.alarm(int(load_settings().rpc_timeout) + 5)
    try:
        healthy, detail = CHECKS[argv[0]](argv[1])
    except Exception as exc:  # broker down, RPC timeout, connection refused, HTTP 503...
        healthy, detail = False, repr(exc)
    print(("healthy: " if healthy else "unhealthy: ") + detail)
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
