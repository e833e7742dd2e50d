"""Classes and their pupils: creation, adding a pupil, listing, reading. Access is audited.

Who sees what (DOMAIN.md): a class and its pupils are visible to the class's teachers only.
Anybody else, admins included (no hierarchy access to pupil data), is told the class does not
exist. Every read of pupil data and every addition of a pupil leaves an audit record.
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from classe12_contracts.errors import Conflict, Invalid, NotFound
from classe12_runtime.clock import iso, utcnow
from classe12_runtime.context import Caller
from classe12_runtime.pagination import decode_cursor, page_of
from classe12_runtime.uow import Outcome

from .rules import (
    MAX_PUPILS,
    alias_error,
    alias_key,
    clean_alias,
    retain_until,
    school_year_error,
)

NOT_FOUND = "Cette classe n'existe pas."
CLASS_FULL = f"La classe compte déjà {MAX_PUPILS} élèves, le maximum."
ALIAS_TAKEN = "Un élève de la classe porte déjà ce prénom ou ce pseudonyme."

# audit actions and outcomes
GET_CLASS = "get_class"
ADD_PUPIL = "add_pupil"
OK, DENIED, REFUSED = "ok", "not_found", "conflict"


def pupil_view(pupil: dict) -> dict:
    return {"id": str(pupil["id"]), "alias": pupil["alias"], "added_at": iso(pupil["added_at"])}


def class_summary(doc: dict) -> dict:
    """A class without its pupils (no pupil data: lists need no audit)."""
    return {
        "id": str(doc["_id"]),
        "name": doc["name"],
        "level": doc["level"],
        "school_year": doc["school_year"],
        "teacher_ids": list(doc["teacher_ids"]),
        "pupils_count": doc["pupils_count"],
        "retain_until": iso(doc["retain_until"]),
        "created_at": iso(doc["created_at"]),
        "updated_at": iso(doc["updated_at"]),
    }


def class_view(doc: dict) -> dict:
    """A class with its pupils, in the order they were added."""
    return dict(class_summary(doc), pupils=[pupil_view(p) for p in doc["pupils"]])


def new_class(data: dict, teacher_id: str, now: datetime) -> dict:
    return {
        "name": data["name"],
        "level": data["level"],
        "school_year": data["school_year"],
        "teacher_ids": [teacher_id],
        "pupils": [],
        "pupils_count": 0,
        "retain_until": retain_until(data["school_year"]),
        "created_at": now,
        "updated_at": now,
    }


class Classes:
    """Use cases over a repository offering:

    - insert_class(doc) -> doc with "_id"
    - get_for_teacher(class_id, teacher_id) -> doc | None (None also for unknown ids)
    - add_pupil(class_id, teacher_id, pupil, max_pupils) -> doc | None: pushes the pupil
      (giving it an "id") only if the class has fewer than max_pupils pupils and none with
      pupil["alias_key"], and sets updated_at to pupil["added_at"], atomically; None when
      nothing matched
    - list_for_teacher(teacher_id, limit, after) -> docs without "pupils", newest first,
      strictly after the (created_at, id) key `after` when given
    - record_audit(entry)

    Refusals that must leave an audit record are returned as `Outcome(error=...)`: the unit of
    work commits the record, then raises.
    """

    def __init__(self, clock: Callable[[], datetime] = utcnow):
        self.clock = clock

    # -- use cases -------------------------------------------------------------------------

    def create(self, store, caller: Caller, data: dict) -> dict:
        teacher_id = caller.require_role("teacher")
        problem = school_year_error(data["school_year"])
        if problem:
            raise Invalid(fields={"school_year": [problem]})
        return class_view(store.insert_class(new_class(data, teacher_id, self.clock())))

    def add_pupil(self, store, caller: Caller, class_id: str, alias: str) -> Outcome:
        """Run in a transaction: the pupil and its audit record are written together."""
        actor_id = caller.require_member()
        problem = alias_error(alias)
        if problem:
            raise Invalid(fields={"alias": [problem]})
        alias = clean_alias(alias)
        key = alias_key(alias)
        now = self.clock()
        doc = store.add_pupil(class_id, actor_id, {"alias": alias, "alias_key": key, "added_at": now}, MAX_PUPILS)
        if doc is not None:
            store.record_audit(self._audit(caller, ADD_PUPIL, class_id, OK, now))
            return Outcome(class_view(doc))
        # nothing matched: say why (what the transaction sees cannot change under it)
        current = store.get_for_teacher(class_id, actor_id)
        if current is None:
            outcome, error = DENIED, NotFound(NOT_FOUND)
        elif any(p.get("alias_key") == key for p in current["pupils"]):
            outcome, error = REFUSED, Conflict(ALIAS_TAKEN, {"alias": ["Prénom ou pseudonyme déjà utilisé dans la classe."]})
        elif current["pupils_count"] >= MAX_PUPILS:
            outcome, error = REFUSED, Conflict(CLASS_FULL)
        else:
            outcome, error = REFUSED, Conflict("La classe vient d'être modifiée ; réessayez.")
        store.record_audit(self._audit(caller, ADD_PUPIL, class_id, outcome, now))
        return Outcome(error=error)

    def get(self, store, caller: Caller, class_id: str) -> Outcome:
        actor_id = caller.require_member()
        doc = store.get_for_teacher(class_id, actor_id)
        # audited before anything is returned: no unaudited read of pupil data
        store.record_audit(self._audit(caller, GET_CLASS, class_id, OK if doc is not None else DENIED))
        if doc is None:
            return Outcome(error=NotFound(NOT_FOUND))
        return Outcome(class_view(doc))

    def list_own(self, store, caller: Caller, limit: int = 20, cursor: str | None = None) -> dict:
        actor_id = caller.require_member()
        after = decode_cursor(cursor) if cursor else None
        docs = list(store.list_for_teacher(actor_id, limit + 1, after))
        return page_of(docs, limit, "created_at", class_summary)

    # -- audit -----------------------------------------------------------------------------

    def _audit(self, caller: Caller, action: str, class_id: str, outcome: str,
               at: datetime | None = None) -> dict:
        return {"actor_id": caller.actor_id, "action": action, "class_id": class_id,
                "outcome": outcome, "at": at or self.clock(), "request_id": caller.request_id}
