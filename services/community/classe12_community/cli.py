"""Operator command line: `classe12-community grant-role --email X --role admin`.

Creates the first admin (and any privileged role) directly against the community database,
using the same settings as the service (MONGO_URI, COMMUNITY_DB).
"""
from __future__ import annotations

import argparse
import sys

from classe12_contracts.errors import AppError
from classe12_runtime import mongo

from .domain.members import Members, normalise_email
from .domain.roles import PRIVILEGED_ROLES
from .storage import MemberStore


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="classe12-community", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    grant = commands.add_parser("grant-role", help="give a privileged role to an existing member")
    grant.add_argument("--email", required=True)
    grant.add_argument("--role", required=True, choices=PRIVILEGED_ROLES)
    args = parser.parse_args(argv)

    store = MemberStore(mongo.database("community"))
    member = store.find_by_email(normalise_email(args.email))
    if member is None:
        print(f"Aucun compte avec l'adresse {args.email}. Créez-le d'abord (inscription).", file=sys.stderr)
        return 1
    try:
        profile = Members().grant_role(store, None, str(member["_id"]), args.role)
    except AppError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    print(f"{profile['email']} a maintenant les rôles : {', '.join(profile['roles'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
