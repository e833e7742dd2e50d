"""Operator command line of the evaluation service, against its database (same settings as the
service: MONGO_URI, EVALUATION_DB, DATABASE_SUFFIX).

    classe12-evaluation purge [--at 2027-09-01T00:00:00Z]
        Erases every class whose retention ended (`retain_until`) before the given moment (now by
        default) with everything attached: pupils, positionings, repères, codes, parent links,
        observations from home, the class's audit. Prints what it erased (ids and counts) and
        logs it in `purges`. The service's daily timer runs the same code. Idempotent.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone

from classe12_runtime import mongo
from classe12_runtime.clock import utcnow

from .domain.privacy import purge_expired
from .storage import ClassStore


def moment(text: str) -> datetime:
    """An ISO 8601 date or date-time; UTC when it names no zone."""
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"date invalide : {text!r} (ex. 2027-09-01 ou 2027-09-01T00:00:00Z)") from None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def main(argv: list[str] | None = None, db=None, out=sys.stdout) -> int:
    parser = argparse.ArgumentParser(prog="classe12-evaluation", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    purge = commands.add_parser("purge", help="erase the classes past their retention date")
    purge.add_argument("--at", type=moment, default=None, help="the moment to purge at (default: now)")
    args = parser.parse_args(argv)
    store = ClassStore(db if db is not None else mongo.database("evaluation"))
    store.ensure_indexes()
    report = purge_expired(store, args.at or utcnow())
    print(json.dumps(report, ensure_ascii=False), file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
