"""Privacy by construction: the audit read by the class's teachers, erasure on demand (a pupil
or a whole class), the retention purge and the export of a class (docs/privacy.md).

- The audit of a class is readable by its teachers only (anybody else: "does not exist"),
  newest first, by pages.
- Erasing a pupil removes their alias, positionings, repères scores, parent codes, parent links
  and observations from home; the audit records about them stay (ids only: once the alias is gone
  they point at nobody) until the class itself is erased or purged.
- Erasing a class (its owner) or purging it (past `retain_until`) removes the class and
  everything attached, its audit included; the purge log keeps the class id and counts only.
  The class document goes last, so a purge that stops half-way is finished by the next run.
"""
from __future__ import annotations

import csv
import io
import logging
from datetime import datetime
from typing import Callable

from classe12_contracts.errors import Forbidden, NotFound
from classe12_runtime.clock import iso, utcnow
from classe12_runtime.context import Caller
from classe12_runtime.uow import Outcome

from .classes import DENIED, NOT_FOUND, OK, REFUSED
from .framework import Frameworks, shipped
from .parents import PARENT_WORDING, home_items
from .positioning import PUPIL_NOT_FOUND

log = logging.getLogger(__name__)

GET_AUDIT = "get_audit"
ERASE_PUPIL = "erase_pupil"
ERASE_CLASS = "erase_class"
EXPORT_CLASS = "export_class"
EXPORT_REPORTS = "export_reports"
#: what erasing a class removes, collection by collection (the class document itself last)
ATTACHED = ("grids", "reperes", "invitations", "parent_links", "observations", "audit")


def audit_view(doc: dict) -> dict:
    return {"id": str(doc["_id"]), "actor_id": doc.get("actor_id"), "action": doc["action"],
            "outcome": doc["outcome"], "at": iso(doc["at"]), "request_id": doc.get("request_id"),
            "pupil_id": doc.get("pupil_id"), "cells": doc.get("cells")}


def erase_class_data(store, class_id: str) -> dict:
    """Remove a class and everything attached; {collection: documents removed}."""
    counts = {name: store.delete_attached(name, class_id) for name in ATTACHED}
    counts["classes"] = store.delete_class(class_id)
    return counts


def purge_expired(store, at: datetime, limit: int = 1000) -> dict:
    """Erase every class whose `retain_until` is before `at`, log what was purged; idempotent."""
    purged = []
    for class_id in store.expired_class_ids(at, limit):
        counts = erase_class_data(store, class_id)
        store.record_purge({"class_id": class_id, "at": at, "counts": counts})
        log.info("retention purge: class %s erased %s", class_id, counts)
        purged.append({"class_id": class_id, "counts": counts})
    log.info("retention purge at %s: %d class(es) erased", iso(at), len(purged))
    return {"at": iso(at), "classes": len(purged), "purged": purged}


class Privacy:
    """Use cases over a repository offering, beside the Classes repository:

    - audit_page(class_id, limit, before_id) -> audit docs newest first
    - delete_attached(collection, class_id) -> int, delete_class(class_id) -> int
    - erase_pupil(class_id, pupil_id) -> {collection: count}
    - grid_columns(class_id), get_reperes(class_id, period), observations_of_pupil(class_id, pupil_id)
    """

    def __init__(self, frameworks: Frameworks | None = None, clock: Callable[[], datetime] = utcnow):
        self._frameworks = frameworks
        self.clock = clock

    @property
    def frameworks(self) -> Frameworks:
        return self._frameworks or shipped()

    def audit(self, store, caller: Caller, class_id: str, limit: int, cursor: str | None) -> Outcome:
        doc = store.get_for_teacher(class_id, caller.require_member())
        now = self.clock()
        if doc is None:
            store.record_audit(self._audit(caller, GET_AUDIT, class_id, DENIED, now))
            return Outcome(error=NotFound(NOT_FOUND))
        page = store.audit_page(class_id, limit + 1, cursor)
        more = len(page) > limit
        page = page[:limit]
        result = {"items": [audit_view(d) for d in page], "next_cursor": str(page[-1]["_id"]) if more else None}
        store.record_audit(self._audit(caller, GET_AUDIT, class_id, OK, now))
        return Outcome(result)

    def erase_pupil(self, store, caller: Caller, class_id: str, pupil_id: str) -> Outcome:
        doc = store.get_for_teacher(class_id, caller.require_member())
        now = self.clock()
        if doc is None or not any(str(p["id"]) == pupil_id for p in doc["pupils"]):
            store.record_audit(self._audit(caller, ERASE_PUPIL, class_id, DENIED, now, pupil_id=pupil_id))
            return Outcome(error=NotFound(NOT_FOUND if doc is None else PUPIL_NOT_FOUND))
        counts = store.erase_pupil(class_id, pupil_id, now)
        store.record_audit(self._audit(caller, ERASE_PUPIL, class_id, OK, now, pupil_id=pupil_id))
        return Outcome({"class_id": class_id, "pupil_id": pupil_id, "erased": counts})

    def erase_class(self, store, caller: Caller, class_id: str) -> Outcome:
        actor_id = caller.require_member()
        doc = store.get_for_teacher(class_id, actor_id)
        now = self.clock()
        if doc is None:
            store.record_audit(self._audit(caller, ERASE_CLASS, class_id, DENIED, now))
            return Outcome(error=NotFound(NOT_FOUND))
        if doc["teacher_ids"][0] != actor_id:
            store.record_audit(self._audit(caller, ERASE_CLASS, class_id, REFUSED, now))
            return Outcome(error=Forbidden("Seul l'enseignant qui a créé la classe peut l'effacer."))
        counts = erase_class_data(store, class_id)
        log.info("class %s erased on demand by %s: %s", class_id, actor_id, counts)
        return Outcome({"class_id": class_id, "erased": counts})

    # -- export ------------------------------------------------------------------------------

    def export(self, store, caller: Caller, class_id: str, action: str = EXPORT_CLASS) -> Outcome:
        """The class's data as the rows of a CSV and, per pupil, what a printable report says."""
        doc = store.get_for_teacher(class_id, caller.require_member())
        now = self.clock()
        store.record_audit(self._audit(caller, action, class_id, OK if doc else DENIED, now))
        if doc is None:
            return Outcome(error=NotFound(NOT_FOUND))
        return Outcome(self.export_data(store, doc, now))

    def export_data(self, store, doc: dict, now: datetime) -> dict:
        class_id = str(doc["_id"])
        current = self.frameworks.current
        aliases = {str(p["id"]): p["alias"] for p in doc["pupils"]}
        rows = []
        reports = {pid: {"pupil_id": pid, "alias": alias, "items": [], "observations": []}
                   for pid, alias in aliases.items()}
        for column in store.grid_columns(class_id, None):
            for entry in sorted(column["entries"], key=lambda e: (e["pupil_id"], e["date"])):
                if entry["pupil_id"] not in aliases:
                    continue
                framework = self.frameworks.get(entry["framework_version"]) or current
                item = framework.items.get(column["item_id"]) or {"label": column["item_id"]}
                rows.append([aliases[entry["pupil_id"]], "positionnement", column["item_id"], item["label"],
                             entry["date"], framework.scale_labels[entry["level"]], entry.get("comment") or ""])
                reports[entry["pupil_id"]]["items"].append(
                    {"label": item["label"], "date": entry["date"], "level": framework.scale_labels[entry["level"]],
                     "message": PARENT_WORDING[entry["level"]]})
        for pid in aliases:
            for obs in store.observations_of_pupil(class_id, pid):
                label = (home_items().get(obs.get("home_item_id") or "") or {}).get("label", "")
                rows.append([aliases[pid], "observation de la famille", obs.get("home_item_id") or "", label,
                             obs["date"], "", obs.get("note") or ""])
                reports[pid]["observations"].append({"label": label, "date": obs["date"], "note": obs.get("note")})
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["élève", "type", "identifiant", "libellé", "date", "niveau", "commentaire ou note"])
        writer.writerows(rows)
        return {"class_id": class_id, "class_name": doc["name"], "level": doc["level"],
                "school_year": doc["school_year"], "exported_at": iso(now), "rows": len(rows),
                "csv": out.getvalue(), "reports": list(reports.values())}

    def _audit(self, caller: Caller, action: str, class_id: str | None, outcome: str, at: datetime,
               **extra) -> dict:
        return {"actor_id": caller.actor_id, "action": action, "class_id": class_id, "outcome": outcome,
                "at": at, "request_id": caller.request_id, **extra}
