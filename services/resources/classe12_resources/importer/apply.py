"""Import one checked row: create it, or change what differs, then publish it if asked.

Idempotent: a row is found again by its slug (stored as `import_slug`); importing the same
file twice changes nothing the second time. The importer acts as an editor (`--editor-id`,
the platform's id by default), so a published row's changes become a new version, as any
editor's would, and events are written as usual (the running service relays them). Its
files are added afterwards, each in its own transaction (files/importing.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from classe12_runtime.context import Caller
from classe12_runtime.uow import Outcome

from ..domain.model import ARCHIVED, PUBLISHED, canonical_content
from ..domain.resources import Resources
from .rows import Item

CREATED, UPDATED, UNCHANGED, SKIPPED = "created", "updated", "unchanged", "skipped"


@dataclass
class Applied:
    outcome: str
    resource_id: str
    note: str = ""


class Importer:
    def __init__(self, editor_id: str, resources: Resources | None = None):
        self.editor = Caller(actor_id=editor_id, roles=("admin",), request_id="import")
        self.resources = resources or Resources()

    def apply(self, store, item: Item) -> Outcome:
        """The row applied, as an Outcome whose result is the Applied and whose events are those
        of the changes made (the version's update, the publication), for the unit of work's outbox."""
        events = []
        existing = store.find_imported(item.slug)
        if existing is None:
            doc = self.resources.create(store, self.editor, item.content)  # a draft: no event
            store.set_import_slug(doc["id"], item.slug)
            outcome = CREATED
        elif existing["status"] == ARCHIVED:
            return Outcome(Applied(SKIPPED, str(existing["_id"]), "archivée : publiez-la de nouveau pour la réimporter"))
        else:
            changes = self._changes(existing, item)
            if changes:
                events += self.resources.update(store, self.editor, {"resource_id": str(existing["_id"]), **changes,
                                                                     "change_note": "Import"}).events
            outcome = UPDATED if changes else UNCHANGED
        resource_id = str(existing["_id"]) if existing else doc["id"]
        current = store.get(resource_id)
        if item.status == PUBLISHED and current["status"] != PUBLISHED:
            events += self.resources.publish(store, self.editor, resource_id).events
        return Outcome(Applied(outcome, resource_id), events)

    @staticmethod
    def _changes(existing: dict, item: Item) -> dict:
        wanted = canonical_content(item.content, existing["author_id"])
        if wanted.get("layout") and "plan_file_id" not in wanted["layout"]:  # the plan comes as a file
            wanted["layout"] = {**wanted["layout"], "plan_file_id": (existing.get("layout") or {}).get("plan_file_id")}
        return {name: value for name, value in wanted.items() if existing.get(name) != value}
