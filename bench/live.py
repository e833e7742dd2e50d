"""Benchmark (not a test): live updates (Server-Sent Events) with 1,000 listeners.

Starts its own platform (SecantusDB, services, gateway, the live process) on a private vhost.
`--listeners` streams are opened on the live process (one per member, access tokens signed with
the stack's secret, from a process of their own using aiohttp). Then:

1. the p95 of two ordinary gateway endpoints (GET /api/v1/resources?limit=20 and
   GET /api/v1/notifications, signed in), `--clients` closed-loop clients for `--seconds`,
   first with no listener, then with every listener connected;
2. `--notifications` notifications, one every `--interval` s, each for another listener: a
   `community.member_registered` envelope is published on the broker for the listener's member
   id; notifications writes its welcome notification and signals the change; the time from the
   publication to the listener's frame (an upper bound of "written -> heard": it includes the
   consumer's handling) gives p50/p95.

Last line:

    live listeners=N connected=C latency_p50_ms=A latency_p95_ms=B p95_idle_ms=D p95_listening_ms=E ratio=F

Targets: C = N, B under 2,000, F at most 1.5. Usage: .venv/bin/python bench/live.py [--listeners 1000]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import threading
import time
import uuid

import requests
from _platform import member_token, private_platform, quantile
from bson import ObjectId

from classe12_contracts.envelope import make_envelope
from classe12_gateway.tokens import TokenIssuer
from classe12_runtime.outbox import EventPublisher

# -- the listeners, in a process of their own -------------------------------------------------

def listen(url: str, tokens: dict[str, str], connected, arrivals, stop) -> None:
    """Open one stream per member; put (member_id, time) in `arrivals` for each new notification."""
    import aiohttp

    async def one(session, member_id, token, opened):
        async with session.get(url, headers={"Authorization": f"Bearer {token}"}) as response:
            if response.status != 200:
                return
            opened.append(member_id)
            async for line in response.content:
                if line.startswith(b"data: ") and b'"notification"' in line:
                    arrivals.put((member_id, time.time()))

    async def main():
        opened: list[str] = []
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=None)) as session:
            tasks = []
            for member_id, token in tokens.items():
                tasks.append(asyncio.create_task(one(session, member_id, token, opened)))
                if len(tasks) % 50 == 0:
                    await asyncio.sleep(0.05)  # do not open them all in the same instant
            deadline = time.monotonic() + 60
            while len(opened) < len(tokens) and time.monotonic() < deadline:
                await asyncio.sleep(0.2)
            connected.value = len(opened)
            while not stop.is_set():
                await asyncio.sleep(0.2)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    asyncio.run(main())


# -- the gateway's endpoints ----------------------------------------------------------------

def p95_of_endpoints(base_url: str, token: str, clients: int, seconds: float) -> float:
    paths = ["/api/v1/resources?limit=20", "/api/v1/notifications"]
    timings: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(index: int):
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        n = index
        while time.monotonic() < deadline:
            started = time.perf_counter()
            response = session.get(base_url + paths[n % 2], timeout=30)
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, response.text
            with lock:
                timings.append(elapsed)
            n += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return quantile(timings, 0.95)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listeners", type=int, default=1000)
    parser.add_argument("--notifications", type=int, default=200)
    parser.add_argument("--interval", type=float, default=0.05)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=15)
    args = parser.parse_args()

    with private_platform() as stack:
        return measure(stack, args)


def measure(stack, args) -> int:
    stop = multiprocessing.Event()
    listener = None
    try:
        config = stack.config
        env = config.env()
        token = member_token(config.base_url, ["CP"])
        issuer = TokenIssuer(env["JWT_SECRET"], 3600)
        tokens = {}
        for _ in range(args.listeners):
            member_id = str(ObjectId())
            signed = issuer.issue({"member": {"id": member_id, "roles": ["teacher"]},
                                   "session": {"id": uuid.uuid4().hex, "token_id": uuid.uuid4().hex,
                                               "expires_at": "2100-01-01T00:00:00+00:00"}})
            tokens[member_id] = signed["access_token"]

        p95_of_endpoints(config.base_url, token, args.clients, 3)  # warm-up
        idle = p95_of_endpoints(config.base_url, token, args.clients, args.seconds)
        print(f"gateway p95, no listener: {idle:.1f} ms", flush=True)

        connected, arrivals = multiprocessing.Value("i", -1), multiprocessing.Queue()
        listener = multiprocessing.Process(target=listen, args=(
            config.live_url + "/api/v1/notifications/stream", tokens, connected, arrivals, stop), daemon=True)
        started = time.monotonic()
        listener.start()
        while connected.value < 0 and time.monotonic() - started < 90:
            time.sleep(0.2)
        health = requests.get(config.live_url + "/live/health", timeout=10).json()
        print(f"listeners: {connected.value} of {args.listeners} connected in {time.monotonic() - started:.1f} s "
              f"(live process counts {health['listeners']})", flush=True)

        listening = p95_of_endpoints(config.base_url, token, args.clients, args.seconds)
        print(f"gateway p95, {connected.value} listeners: {listening:.1f} ms", flush=True)

        publisher = EventPublisher(config.amqp_uri)
        sent: dict[str, float] = {}
        for member_id in list(tokens)[:args.notifications]:
            envelope = make_envelope("community.member_registered", 1, {
                "member_id": member_id, "display_name": "Mesure", "role": "teacher", "levels": ["CP"]})
            sent[member_id] = time.time()
            publisher.publish(envelope)
            time.sleep(args.interval)
        publisher.close()
        latencies, deadline = {}, time.monotonic() + 60
        while len(latencies) < len(sent) and time.monotonic() < deadline:
            try:
                member_id, at = arrivals.get(timeout=1)
            except Exception:  # queue.Empty
                continue
            if member_id in sent and member_id not in latencies:
                latencies[member_id] = at - sent[member_id]
        values = list(latencies.values())
        p50, p95 = quantile(values, 0.5), quantile(values, 0.95)
        print(f"notifications: {len(values)} of {len(sent)} heard; publication -> listener p50 {p50:.0f} ms, "
              f"p95 {p95:.0f} ms, max {max(values) * 1000 if values else float('nan'):.0f} ms", flush=True)
        print(json.dumps({"idle_p95_ms": round(idle, 1), "listening_p95_ms": round(listening, 1)}), flush=True)
        print(f"live listeners={args.listeners} connected={connected.value} latency_p50_ms={p50:.0f} "
              f"latency_p95_ms={p95:.0f} p95_idle_ms={idle:.1f} p95_listening_ms={listening:.1f} "
              f"ratio={listening / idle:.2f}", flush=True)
        return 0
    finally:
        stop.set()
        if listener is not None:
            listener.join(10)
            if listener.is_alive():
                listener.terminate()


if __name__ == "__main__":
    raise SystemExit(main())
