"""Operator command line: `classe12-community grant-role --email X --role admin`.

Creates the first admin (and any privileged role) directly against the community database,
using the same settings as the service (MONGO_URI, COMMUNITY_DB). The change and its event
(`community.member_roles_changed`) are written in one transaction; the running service relays
the event.
"""
from __future__ import annotations

import argparse
import sys

from classe12_contracts.errors import AppError
from classe12_runtime import mongo
from classe12_runtime.context import Caller
from classe12_runtime.outbox import Outbox
from classe12_runtime.uow import MongoUnitOfWork

from .domain.emails import same_address_or_none
from .domain.members import Members
from .domain.roles import PRIVILEGED_ROLES
from .domain.sessions import Sessions
from .settings import load_community_settings
from .storage import CommunityStore


class LeaveToTheService:
    """The service's relay publishes the outbox; this command only writes it."""

    def publish_now(self, envelope_ids) -> None:
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="classe12-community", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    grant = commands.add_parser("grant-role", help="give a privileged role to an existing member")
    grant.add_argument("--email", required=True)
    grant.add_argument("--role", required=True, choices=PRIVILEGED_ROLES)
    args = parser.parse_args(argv)

    db = mongo.database("community")
    member = CommunityStore(db).find_by_email(same_address_or_none(args.email) or "")
    if member is None:
        print(f"Aucun compte avec l'adresse {args.email}. Créez-le d'abord (inscription).", file=sys.stderr)
        return 1
    settings = load_community_settings()
    members = Members(settings.account_policy, settings.address_policy, Sessions(settings.session_ttl))
    uow = MongoUnitOfWork(db, CommunityStore, Outbox(db), LeaveToTheService(), Caller(request_id="cli-grant-role"))
    try:
        profile = uow.run(lambda store: members.grant_role(store, None, str(member["_id"]), args.role))
    except AppError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    print(f"{profile['email']} a maintenant les rôles : {', '.join(profile['roles'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
