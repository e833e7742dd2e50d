"""Benchmark (not a test): does registering an address in use take as long as a new one?

Registers, alternately, fresh addresses and addresses that already have an account, through the
gateway (HTTP -> community: password policy, argon2id hash, one transaction with one event), and
compares the latencies. Identical answers are checked by tests/system/test_accounts.py; this
measures that the time tells nothing either. Last line:

    accounts_enumeration ratio_existing_new=R new_p50_ms=N existing_p50_ms=E samples=S

Target: R between 0.9 and 1.1. Usage: .venv/bin/python bench/accounts.py [--samples 40]
Needs RabbitMQ (a private vhost is created); starts its own SecantusDB, services and gateway.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

from classe12_devstack.processes import Stack, StackConfig
from classe12_testing.servers import RabbitVhost

PASSWORD = "un mot de passe solide"


def register(base_url: str, email: str) -> float:
    started = time.perf_counter()
    response = requests.post(base_url + "/api/v1/auth/register", timeout=30, json={
        "email": email, "password": PASSWORD, "display_name": "Mesure", "role": "teacher", "levels": ["CP"]})
    elapsed = time.perf_counter() - started
    if response.status_code != 202:
        raise RuntimeError(f"register answered {response.status_code}: {response.text}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=40, help="registrations of each kind")
    args = parser.parse_args()
    vhost = RabbitVhost().create()
    config = StackConfig(var_dir=Path(tempfile.mkdtemp(prefix="classe12-bench-")), amqp_uri=vhost.uri,
                         extra_env={"GATEWAY_WORKERS": "1", "GATEWAY_THREADS": "4", "LOG_LEVEL": "WARNING"})
    stack = Stack(config)
    try:
        stack.start()
        stack.wait_healthy()
        existing = [f"existe-{uuid.uuid4().hex[:10]}@ac-bench.fr" for _ in range(args.samples)]
        for email in existing + [f"chauffe-{n}@ac-bench.fr" for n in range(5)]:  # the accounts, and a warm-up
            register(config.base_url, email)
        new, again = [], []
        for email in existing:  # alternate, so that drift affects both alike
            new.append(register(config.base_url, f"nouveau-{uuid.uuid4().hex[:10]}@ac-bench.fr"))
            again.append(register(config.base_url, email))
        new_p50, again_p50 = statistics.median(new) * 1000, statistics.median(again) * 1000
        print(f"new      p50_ms={new_p50:.1f} p90_ms={sorted(new)[int(0.9 * len(new))] * 1000:.1f}")
        print(f"existing p50_ms={again_p50:.1f} p90_ms={sorted(again)[int(0.9 * len(again))] * 1000:.1f}")
        print(f"accounts_enumeration ratio_existing_new={again_p50 / new_p50:.3f} new_p50_ms={new_p50:.1f} "
              f"existing_p50_ms={again_p50:.1f} samples={args.samples}", flush=True)
        return 0
    finally:
        stack.stop_all()
        vhost.delete()


if __name__ == "__main__":
    sys.exit(main())
