"""Benchmark (not a test): evaluation's hot paths through the gateway on a national-size store.

It starts a platform of its own (SecantusDB, the services, the gateway; a private RabbitMQ vhost)
and bulk-seeds, with the service's storage code (`ClassStore.insert_classes`,
`ClassStore.insert_grid_columns`), `--classes` classes (default 6,000: every halved class of
priority education) x 12 pupils x 40 items of the framework, one positioning per pupil and item
(6,000 x 12 x 40 = 2.88 M positionings, in 240,000 grid documents). One teacher signed in through
the gateway owns `--measured` of those classes, spread over the collection; the others belong to
other teachers. Then, through the gateway, sequentially on one keep-alive connection:

- the class view per competence (GET /classes/<id>/competences: the whole framework, the latest
  level of every pupil on every item), `--requests` times on random measured classes;
- a pupil's history (GET /classes/<id>/pupils/<pupil>/positionings), `--requests` times;
- whole-class grid entry (PUT /classes/<id>/grid: 12 pupils x 40 items = 480 cells, each
  request changing every cell so that every cell is written), `--grids` requests from
  `--concurrency` connections: cells written per second.

Hot paths are equalities on the class (grids: index class_id + item_id; classes: _id), no
`hint()`, `$or` or `$text`. Last line:

    evaluation class_view_p95_ms=A pupil_history_p95_ms=B grid_cells_per_s=C

Target: A under 200.
Usage: .venv/bin/python bench/evaluation.py [--classes 6000] [--measured 200] [--requests 200]
       [--grids 60] [--concurrency 4] [--seed 9]
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import pymongo
from bson import ObjectId

from classe12_devstack.demo import Api
from classe12_devstack.processes import Stack, StackConfig
from classe12_evaluation.domain.classes import new_class
from classe12_evaluation.domain.framework import SCALE, shipped
from classe12_evaluation.domain.rules import alias_key
from classe12_evaluation.storage import ClassStore
from classe12_testing.servers import RabbitVhost

PUPILS = 12
ITEMS = 40
SCHOOL_YEAR = "2025-2026"
SEEDED_ON = "2025-10-06"
BATCH = 200  # classes per bulk insert


def register_teacher(api: Api) -> tuple[str, str]:
    email, password = "bench-teacher@ac-bench.fr", "bench-password-123-Classe"
    api.call("POST", "/auth/register", email=email, password=password, display_name="Bench", role="teacher",
             levels=["CP"])
    token = api.call("POST", "/auth/login", email=email, password=password)["access_token"]
    return token, api.call("GET", "/me", token)["id"]


def seed(db, classes: int, measured: int, teacher_id: str, items: list[str], rng: random.Random) -> list[dict]:
    """Bulk-seed through the storage code; returns the measured classes (id and pupil ids)."""
    store = ClassStore(db)
    store.ensure_indexes()
    mine = set(rng.sample(range(classes), measured))
    now = datetime.now(timezone.utc)
    measured_classes = []
    started = time.perf_counter()
    for start in range(0, classes, BATCH):
        docs = []
        for n in range(start, min(start + BATCH, classes)):
            owner = teacher_id if n in mine else f"{n:024x}"
            doc = new_class({"name": f"CP {n}", "level": "CP", "school_year": SCHOOL_YEAR}, owner, now)
            doc["pupils"] = [{"id": ObjectId(), "alias": f"Élève {p + 1}", "alias_key": alias_key(f"Élève {p + 1}"),
                              "added_at": now} for p in range(PUPILS)]
            doc["pupils_count"] = PUPILS
            docs.append(doc)
        docs = store.insert_classes(docs)
        columns = []
        for doc in docs:
            for item in items:
                columns.append({"class_id": str(doc["_id"]), "item_id": item, "updated_at": now, "entries": [
                    {"pupil_id": str(p["id"]), "date": SEEDED_ON, "level": rng.choice(SCALE), "comment": None,
                     "framework_version": 1, "by": doc["teacher_ids"][0], "at": now} for p in doc["pupils"]]})
            if doc["teacher_ids"][0] == teacher_id:
                measured_classes.append({"id": str(doc["_id"]), "pupils": [str(p["id"]) for p in doc["pupils"]]})
        store.insert_grid_columns(columns)
        done = min(start + BATCH, classes)
        if done % 1000 == 0 or done == classes:
            elapsed = time.perf_counter() - started
            print(f"seeded {done} classes, {done * PUPILS * ITEMS:,} positionings in {elapsed:.0f} s", flush=True)
    return measured_classes


def timed_gets(port: int, token: str, paths: list[str]) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {token}"}
    latencies = []
    for path in paths:
        started = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        latencies.append(time.perf_counter() - started)
        if response.status != 200:
            raise RuntimeError(f"GET {path}: {response.status} {body[:300]!r}")
    conn.close()
    return latencies


def grid_entry(port: int, token: str, classes: list[dict], items: list[str], requests: int,
               concurrency: int) -> tuple[int, float, list[float]]:
    """`requests` whole-class grids (12 x 40 cells) from `concurrency` connections; every request
    moves every cell one step on the scale, so each cell is a write."""
    queue = list(range(requests))
    lock = threading.Lock()
    written, latencies, errors = [0], [], []

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        while True:
            with lock:
                if not queue:
                    break
                n = queue.pop()
            target = classes[n % len(classes)]
            level = SCALE[(n // len(classes)) % len(SCALE)]
            body = json.dumps({"date": "2026-01-12", "cells": [
                {"pupil_id": pupil, "item_id": item, "level": level} for pupil in target["pupils"] for item in items]})
            started = time.perf_counter()
            conn.request("PUT", f"/api/v1/classes/{target['id']}/grid", body=body, headers=headers)
            response = conn.getresponse()
            answer = response.read()
            with lock:
                latencies.append(time.perf_counter() - started)
                if response.status == 200:
                    written[0] += json.loads(answer)["written"]
                else:
                    errors.append(f"{response.status} {answer[:200]!r}")
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{len(errors)} grid requests failed, e.g. {errors[0]}")
    return written[0], elapsed, latencies


def ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def summary(name: str, latencies: list[float]) -> None:
    print(f"{name}: n={len(latencies)} p50={ms(latencies, 0.5):.1f} ms p95={ms(latencies, 0.95):.1f} ms "
          f"max={max(latencies) * 1000:.1f} ms mean={statistics.mean(latencies) * 1000:.1f} ms", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--classes", type=int, default=6000)
    parser.add_argument("--measured", type=int, default=200)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--grids", type=int, default=60)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    framework = shipped().current
    items = [i for i, item in framework.items.items() if "CP" in item["levels"]][:ITEMS]

    vhost = RabbitVhost().create()
    workdir = Path(tempfile.mkdtemp(prefix="classe12-bench-evaluation-"))
    config = StackConfig(var_dir=workdir, amqp_uri=vhost.uri, extra_env={
        "GATEWAY_WORKERS": "1", "GATEWAY_THREADS": "8", "LOG_LEVEL": "WARNING"})
    stack = Stack(config)
    try:
        stack.start()
        stack.wait_healthy()
        token, teacher_id = register_teacher(Api(config.base_url))
        db = pymongo.MongoClient(config.mongo_uri)[os.environ.get("EVALUATION_DB", "evaluation")]
        started = time.perf_counter()
        classes = seed(db, args.classes, min(args.measured, args.classes), teacher_id, items, rng)
        seeding = time.perf_counter() - started
        positionings = args.classes * PUPILS * ITEMS
        print(f"data: {args.classes} classes x {PUPILS} pupils x {len(items)} items = {positionings:,} positionings "
              f"({db['grids'].estimated_document_count():,} grid documents) seeded in {seeding:.0f} s; "
              f"{len(classes)} classes measured; cpus={os.cpu_count()}", flush=True)

        views = [f"/api/v1/classes/{rng.choice(classes)['id']}/competences" for _ in range(args.requests)]
        timed_gets(config.http_port, token, views[:10])  # warm-up
        class_view = timed_gets(config.http_port, token, views)
        summary("class view per competence", class_view)
        histories = []
        for _ in range(args.requests):
            chosen = rng.choice(classes)
            histories.append(f"/api/v1/classes/{chosen['id']}/pupils/{rng.choice(chosen['pupils'])}/positionings")
        timed_gets(config.http_port, token, histories[:10])
        history = timed_gets(config.http_port, token, histories)
        summary("pupil history", history)
        written, elapsed, grid_latencies = grid_entry(config.http_port, token, classes, items, args.grids,
                                                      args.concurrency)
        summary(f"grid entry ({PUPILS * len(items)} cells, {args.concurrency} connections)", grid_latencies)
        print(f"grid entry: {written:,} cells written in {elapsed:.1f} s", flush=True)
        print(f"evaluation class_view_p95_ms={ms(class_view, 0.95):.1f} pupil_history_p95_ms={ms(history, 0.95):.1f} "
              f"grid_cells_per_s={written / elapsed:.0f}", flush=True)
        return 0
    finally:
        stack.stop_all()
        vhost.delete()


if __name__ == "__main__":
    sys.exit(main())
