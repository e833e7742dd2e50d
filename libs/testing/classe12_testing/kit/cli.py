"""`classe12-contract-test <service> --amqp URI`: run a service's kit against whatever answers on the broker."""
from __future__ import annotations

import argparse
import os
import sys

from classe12_contracts.documents import contract_dir

from .runner import run_kit
from .scenarios import ScenarioError


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(
        prog="classe12-contract-test",
        description="Black-box contract tests of one Classe à 12 service, over AMQP only: every RPC "
                    "operation, emitted event and consumed event of its contract. Exit 0 when all pass.")
    cli.add_argument("service", help="the service whose contract is tested, e.g. resources")
    cli.add_argument("--amqp", default=os.environ.get("AMQP_URI"),
                     help="broker URI of the implementation under test (default: $AMQP_URI)")
    cli.add_argument("--contract", metavar="DIR",
                     help="the contract folder holding asyncapi.yaml and scenarios.yaml "
                          "(default: services/<service>/contract, or $CLASSE12_CONTRACTS_DIR/<service>/contract)")
    cli.add_argument("--only", metavar="SCENARIO", action="append",
                     help="run only this scenario (repeatable); the derived checks still run")
    cli.add_argument("--timeout", type=float, default=15.0,
                     help="seconds to wait for an event or an `eventually` expectation (default 15)")
    cli.add_argument("--rpc-timeout", type=float, default=5.0, help="seconds to wait for one RPC reply (default 5)")
    cli.add_argument("--no-checks", action="store_true", help="skip the checks derived from the contract")
    cli.add_argument("--http", metavar="URL", default=os.environ.get("CLASSE12_HTTP_URL"),
                     help="the implementation's HTTP endpoint, e.g. http://127.0.0.1:8101 (the resources file "
                          "endpoint); scenarios with http steps are skipped without it (default: $CLASSE12_HTTP_URL)")
    cli.add_argument("--context-key", default=os.environ.get("ACTOR_CONTEXT_KEY"),
                     help="the key that signs call contexts, as the implementation knows it (default: $ACTOR_CONTEXT_KEY)")
    return cli


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if not args.amqp:
        parser().error("--amqp is required when AMQP_URI is not set")
    try:
        folder = args.contract or contract_dir(args.service)
        result = run_kit(args.service, args.amqp, contract_folder=folder, only=args.only, timeout=args.timeout,
                         rpc_timeout=args.rpc_timeout, echo=lambda line: print(line, flush=True),
                         checks=not args.no_checks, context_key=args.context_key, http_url=args.http)
    except (FileNotFoundError, ScenarioError, KeyError) as exc:
        print(f"classe12-contract-test: {exc.args[0] if isinstance(exc, KeyError) else exc}", file=sys.stderr)
        return 2
    print(result.summary())
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
