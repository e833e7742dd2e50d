"""Operator command line of the resources service.

    classe12-resources import FILE [--editor-id ID] [--files-from DIR] [--dry-run]

FILE is a JSON file (a list of resources), a CSV file (one per line) or a folder of Markdown
files with a YAML front matter (see importer/sources.py). Every row is checked as the service
checks a new resource; the rows refused are listed with their reasons and the others imported,
idempotently (a row's `slug` finds it again). Uses the service's settings (MONGO_URI,
RESOURCES_DB); the running service relays the events written.
Exit status: 0 when every row was imported, 1 when some were refused, 2 when FILE is unreadable.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from classe12_contracts.errors import AppError
from classe12_runtime import mongo
from classe12_runtime.context import Caller
from classe12_runtime.outbox import Outbox
from classe12_runtime.progress import Progress
from classe12_runtime.uow import MongoUnitOfWork
from classe12_runtime.validation import is_object_id

from .domain.taxonomy import current_taxonomy
from .files.importing import attach_files
from .importer.apply import SKIPPED, UNCHANGED, UPDATED, Importer
from .importer.rows import Rejected, checked
from .importer.sources import SourceError, read_rows
from .storage import ResourceStore

PLATFORM_ID = "0" * 24


class LeaveToTheService:
    """The service's relay publishes the outbox; this command only writes it."""

    def publish_now(self, envelope_ids) -> None:
        pass


def import_command(path: Path, editor_id: str, dry_run: bool, files_from: Path | None = None, out=sys.stdout) -> int:
    try:
        rows = read_rows(path, files_from)
    except SourceError as exc:
        print(exc, file=sys.stderr)
        return 2
    taxonomy = current_taxonomy()
    items, refused = [], []
    for row in rows:
        try:
            items.append((row, checked(row, taxonomy)))
        except Rejected as exc:
            refused.append((row.where, exc.reasons))
    counts = Counter()
    if not dry_run and items:
        db = mongo.database("resources")
        ResourceStore(db).ensure_indexes()
        importer = Importer(editor_id)
        progress = Progress(len(items))
        for row, item in items:
            uow = MongoUnitOfWork(db, ResourceStore, Outbox(db), LeaveToTheService(),
                                  Caller(request_id=f"import-{item.slug}"))
            try:
                applied = uow.run(lambda store, item=item: importer.apply(store, item))
                added = (attach_files(db, importer.editor, applied.resource_id, item.files)
                         if item.files and applied.outcome != SKIPPED else 0)
                counts[UPDATED if added and applied.outcome == UNCHANGED else applied.outcome] += 1
                if applied.note:
                    print(f"{row.where} : {applied.note}", file=out)
            except AppError as exc:
                refused.append((row.where, [exc.message, *(f"{k} : {' '.join(v)}" for k, v in exc.fields.items())]))
            progress.advance(label=item.slug)
    for where, reasons in refused:
        print(f"refusé — {where} : " + " ; ".join(reasons), file=out)
    verb = "à importer" if dry_run else "importées"
    summary = ", ".join(f"{n} {label}" for label, n in (("créées", counts["created"]), ("mises à jour", counts["updated"]),
                                                          ("inchangées", counts["unchanged"]), ("ignorées", counts["skipped"])))
    print(f"{len(items)} ressources {verb}" + ("" if dry_run else f" ({summary})") + f", {len(refused)} refusées.",
          file=out)
    return 1 if refused else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="classe12-resources", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    importing = commands.add_parser("import", help="import resources from a JSON or CSV file or a Markdown folder")
    importing.add_argument("file", type=Path)
    importing.add_argument("--editor-id", default=PLATFORM_ID,
                           help="member id of the editor the import acts as (default: the platform)")
    importing.add_argument("--dry-run", action="store_true", help="check every row, import nothing")
    importing.add_argument("--files-from", type=Path, default=None,
                           help="folder the rows' file paths are relative to (default: the file's folder)")
    args = parser.parse_args(argv)
    if not is_object_id(args.editor_id):
        parser.error("--editor-id: 24 caractères hexadécimaux")
    return import_command(args.file, args.editor_id, args.dry_run, args.files_from)


if __name__ == "__main__":
    sys.exit(main())
