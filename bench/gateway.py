"""Benchmark (not a test): GET /api/v1/resources?limit=20 through gateway -> RPC -> database,
against the same query served by a minimal single-process Flask + pymongo app, on the same
data, in one run. Prints requests/s and p50/p99 latency of both, then as the last line:

    gateway_vs_monolith rps_ratio=R gateway_rps=G monolith_rps=M gateway_p99_ms=P

Usage: .venv/bin/python bench/gateway.py [--resources 200] [--seconds 10] [--concurrency 8]
Needs RabbitMQ (a private vhost is created); starts its own SecantusDB, services and gateway.
Both HTTP servers get one process with 8 threads (gunicorn gthread). A "database" line gives
the same query straight from pymongo, sequentially: the ceiling both are measured against.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from classe12_devstack.accounts import verify_emails
from classe12_devstack.demo import Api
from classe12_devstack.processes import REPO, Stack, StackConfig
from classe12_testing.servers import RabbitVhost, free_port, wait_for_port

PATH = "/api/v1/resources?limit=20"


def seed(stack: Stack, count: int) -> None:
    api = Api(stack.config.base_url)
    email, password = "bench-adviser@ac-bench.fr", "bench-password-123"
    api.call("POST", "/auth/register", email=email, password=password, display_name="Bench", role="coordinator",
             levels=["CP", "CE1"])
    subprocess.run([sys.executable, "-m", "classe12_community.cli", "grant-role", "--email", email, "--role", "adviser"],
                   env=stack.config.env(), check=True, capture_output=True)
    verify_emails(stack.config.env(), [email])  # publishing is for verified addresses
    token = api.call("POST", "/auth/login", email=email, password=password)["access_token"]
    for n in range(count):
        created = api.call("POST", "/resources", token, title=f"Ressource de mesure {n}",
                           summary="Résumé d'une ressource de mesure.", body="Corps " * 200, kind="fiche",
                           levels=["CP"] if n % 2 else ["CE1"], topics=["mesure"])
        api.call("POST", f"/resources/{created['id']}/publish", token)


def load(port: int, seconds: float, concurrency: int) -> dict:
    """Closed-loop load: `concurrency` keep-alive connections, each sending requests back to back."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            conn.request("GET", PATH)
            response = conn.getresponse()
            body = response.read()
            elapsed = time.perf_counter() - started
            if response.status != 200 or len(json.loads(body)["items"]) != 20:
                with lock:
                    errors[0] += 1
                continue
            mine.append(elapsed)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()
    quantile = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    return {"requests": len(latencies), "errors": errors[0], "rps": len(latencies) / wall,
            "p50_ms": statistics.median(latencies) * 1000, "p99_ms": quantile(0.99)}


def database_alone(config: StackConfig, queries: int = 200) -> dict:
    """The same query straight from pymongo, one at a time: the database's own ceiling."""
    import pymongo
    resources = pymongo.MongoClient(config.mongo_uri)[config.env()["RESOURCES_DB"]]["resources"]
    latencies = []
    for _ in range(queries):
        started = time.perf_counter()
        list(resources.find({"status": "published", "list_tags": "*"}, {"body": 0, "list_tags": 0})
             .sort("list_key", -1).limit(21))
        latencies.append(time.perf_counter() - started)
    latencies.sort()
    return {"requests": queries, "errors": 0, "rps": queries / sum(latencies),
            "p50_ms": statistics.median(latencies) * 1000, "p99_ms": latencies[int(0.99 * queries)] * 1000}


def start_monolith(config: StackConfig, logs: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = config.env()
    env.pop("GATEWAY_BIND", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--chdir", str(REPO / "bench"), "-k", "gthread", "-w", "1",
         "--threads", "8", "-b", f"127.0.0.1:{port}", "monolith_app:create_app()"],
        env=env, stdout=open(logs / "monolith.log", "ab"), stderr=subprocess.STDOUT, start_new_session=True)
    wait_for_port("127.0.0.1", port)
    return process, port


def report(name: str, result: dict) -> None:
    print(f"{name:<9} requests={result['requests']} errors={result['errors']} rps={result['rps']:.1f} "
          f"p50_ms={result['p50_ms']:.2f} p99_ms={result['p99_ms']:.2f}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--resources", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()

    vhost = RabbitVhost().create()
    workdir = Path(tempfile.mkdtemp(prefix="classe12-bench-"))
    config = StackConfig(var_dir=workdir, amqp_uri=vhost.uri, extra_env={
        "GATEWAY_WORKERS": "1", "GATEWAY_THREADS": "8", "LOG_LEVEL": "WARNING"})
    stack = Stack(config)
    monolith = None
    try:
        stack.start()
        stack.wait_healthy()
        seed(stack, args.resources)
        monolith, monolith_port = start_monolith(config, stack.logs)
        print(f"data: {args.resources} published resources; {args.concurrency} connections; "
              f"{args.seconds:.0f} s per target after {args.warmup:.0f} s warm-up; cpus={os.cpu_count()}", flush=True)
        report("database", database_alone(config))
        results = {}
        for name, port in (("gateway", config.http_port), ("monolith", monolith_port)):
            load(port, args.warmup, args.concurrency)
            results[name] = load(port, args.seconds, args.concurrency)
            report(name, results[name])
        gateway, mono = results["gateway"], results["monolith"]
        print(f"gateway_vs_monolith rps_ratio={gateway['rps'] / mono['rps']:.3f} gateway_rps={gateway['rps']:.1f} "
              f"monolith_rps={mono['rps']:.1f} gateway_p99_ms={gateway['p99_ms']:.2f}", flush=True)
        return 0
    finally:
        if monolith is not None:
            monolith.terminate()
            monolith.wait(10)
        stack.stop_all()
        vhost.delete()


if __name__ == "__main__":
    sys.exit(main())
