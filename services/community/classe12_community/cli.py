"""Operator command line of the community service, against its database (same settings as
the service: MONGO_URI, COMMUNITY_DB).

    classe12-community grant-role --email X --role admin
        Creates the first admin (and any privileged role). The change and its events are written
        in one transaction; the running service relays the events.
    classe12-community verify-email --email X [--email Y ...]
        Marks addresses as verified, as if their owners had followed the link of their
        verification e-mail (community.member_verified is emitted): for an operator who checked
        the address another way, and for the local stack's demo accounts. The API has no such
        door: members verify through the link only.
    classe12-community import-schools FILE.csv [--dry-run]
        Imports the official school directory, the open-data CSV "Annuaire de l'éducation"
        (data.education.gouv.fr, fr-en-annuaire-education; its own column names, `;` or `,`).
        Écoles and collèges are imported, other types skipped; refused rows are listed with
        their reasons. Idempotent: a school is found again by its UAI, and importing the same
        file twice changes nothing. Exit status: 0 when no row was refused, 1 when some were,
        2 when the file is unreadable or not that CSV.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from classe12_contracts.errors import AppError
from classe12_runtime import mongo
from classe12_runtime.clock import utcnow
from classe12_runtime.context import Caller
from classe12_runtime.outbox import Outbox
from classe12_runtime.progress import Progress
from classe12_runtime.uow import MongoUnitOfWork

from .accounts import members_from
from .domain.emails import same_address_or_none
from .domain.profiles import Profiles
from .domain.roles import PRIVILEGED_ROLES
from .domain.schools import school_doc
from .importer.annuaire import SourceError, parse, read_rows
from .settings import load_community_settings
from .storage import CommunityStore

BATCH = 500


class LeaveToTheService:
    """The service's relay publishes the outbox; this command only writes it."""

    def publish_now(self, envelope_ids) -> None:
        pass


def import_schools(path: Path, dry_run: bool, out=sys.stdout, progress_stream=None) -> int:
    try:
        parsed = parse(read_rows(path))
    except SourceError as exc:
        print(exc, file=sys.stderr)
        return 2
    counts, refreshed = {"created": 0, "updated": 0, "unchanged": 0}, 0
    if not dry_run and parsed.schools:
        store = CommunityStore(mongo.database("community"))
        store.ensure_indexes()
        progress = Progress(len(parsed.schools), stream=progress_stream)
        now = utcnow()
        for start in range(0, len(parsed.schools), BATCH):
            batch = parsed.schools[start:start + BATCH]
            written = store.put_schools([school_doc(s, "import", now) for s in batch])
            for outcome in counts:
                counts[outcome] += written[outcome]
            for school in written["changed"]:
                refreshed += Profiles.refresh_school(store, school)
            progress.advance(len(batch), batch[-1]["uai"])
    for line, reasons in parsed.refused:
        print(f"refusée — ligne {line} : " + " ; ".join(reasons), file=out)
    verb = "à importer" if dry_run else "importées"
    summary = "" if dry_run else (f" ({counts['created']} créées, {counts['updated']} mises à jour, "
                                  f"{counts['unchanged']} inchangées)")
    if refreshed:
        print(f"{refreshed} profils de membres mis à jour avec leur école.", file=out)
    print(f"{len(parsed.schools)} écoles et collèges {verb}{summary}, {parsed.skipped} autres établissements "
          f"ignorés, {len(parsed.refused)} lignes refusées.", file=out)
    return 1 if parsed.refused else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="classe12-community", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    grant = commands.add_parser("grant-role", help="give a privileged role to an existing member")
    grant.add_argument("--email", required=True)
    grant.add_argument("--role", required=True, choices=PRIVILEGED_ROLES)
    verify = commands.add_parser("verify-email", help="mark addresses as verified (the operator vouches for them)")
    verify.add_argument("--email", required=True, action="append")
    schools = commands.add_parser("import-schools", help="import the official school directory (open-data CSV)")
    schools.add_argument("file", type=Path)
    schools.add_argument("--dry-run", action="store_true", help="check every row, import nothing")
    args = parser.parse_args(argv)
    if args.command == "import-schools":
        return import_schools(args.file, args.dry_run)
    members = members_from(load_community_settings())
    if args.command == "verify-email":
        return max(on_member(email, "cli-verify-email", lambda store, member: members.lifecycle.verify_by_operator(
            store, member), lambda profile: f"{profile['email']} est vérifiée.") for email in args.email)
    return on_member(args.email, "cli-grant-role",
                     lambda store, member: members.grant_role(store, None, str(member["_id"]), args.role),
                     lambda profile: f"{profile['email']} a maintenant les rôles : {', '.join(profile['roles'])}")


def on_member(email: str, request_id: str, use_case, said) -> int:
    """Run `use_case(store, member)` in one transaction with its events; 0, or 1 (said why)."""
    db = mongo.database("community")
    member = CommunityStore(db).find_by_email(same_address_or_none(email) or "")
    if member is None:
        print(f"Aucun compte avec l'adresse {email}. Créez-le d'abord (inscription).", file=sys.stderr)
        return 1
    uow = MongoUnitOfWork(db, CommunityStore, Outbox(db), LeaveToTheService(), Caller(request_id=request_id))
    try:
        profile = uow.run(lambda store: use_case(store, member))
    except AppError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    print(said(profile))
    return 0


if __name__ == "__main__":
    sys.exit(main())
