"""Classes and their pupils: creation, adding a pupil, listing, reading. Access is audited.

Who sees what (DOMAIN.md): a class and its pupils are visible to the class's teachers only.
Anybody else, admins included (no hierarchy access to pupil data), is told the class does not
exist. Every read of pupil data and every addition of a pupil leaves an audit record.
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from classe12_kernel.clock import iso, utcnow
from classe12_kernel.context import Caller
from classe12_kernel.errors import Conflict, Invalid, NotFound
from classe12_kernel.pagination import decode_cursor, page_of

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

_ADD_ATTEMPTS = 3


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
    - add_pupil(class_id, teacher_id, pupil, max_pupils, audit) -> doc | None: pushes the
      pupil (giving it an "id") only if the class has fewer than max_pupils pupils and none
      with pupil["alias_key"], sets updated_at to pupil["added_at"] and records `audit`, all
      atomically; None when nothing matched
    - list_for_teacher(teacher_id, limit, after) -> docs without "pupils", newest first,
      strictly after the (created_at, id) key `after` when given
    - record_audit(entry)
    """

    def __init__(self, repository, clock: Callable[[], datetime] = utcnow):
        self.repository = repository
        self.clock = clock

    # -- use cases -------------------------------------------------------------------------

    def create(self, caller: Caller, data: dict) -> dict:
        teacher_id = caller.require_role("teacher")
        problem = school_year_error(data["school_year"])
        if problem:
            raise Invalid(fields={"school_year": [problem]})
        doc = self.repository.insert_class(new_class(data, teacher_id, self.clock()))
        return class_view(doc)

    def add_pupil(self, caller: Caller, class_id: str, alias: str) -> dict:
        actor_id = caller.require_member()
        problem = alias_error(alias)
        if problem:
            raise Invalid(fields={"alias": [problem]})
        alias = clean_alias(alias)
        key = alias_key(alias)
        for _ in range(_ADD_ATTEMPTS):
            now = self.clock()
            pupil = {"alias": alias, "alias_key": key, "added_at": now}
            doc = self.repository.add_pupil(class_id, actor_id, pupil, MAX_PUPILS,
                                            self._audit(caller, ADD_PUPIL, class_id, OK, now))
            if doc is not None:
                return class_view(doc)
            # nothing matched: say why (the class may have changed meanwhile: then try again)
            current = self.repository.get_for_teacher(class_id, actor_id)
            if current is None:
                self._record(caller, ADD_PUPIL, class_id, DENIED)
                raise NotFound(NOT_FOUND)
            if any(p.get("alias_key") == key for p in current["pupils"]):
                self._record(caller, ADD_PUPIL, class_id, REFUSED)
                raise Conflict(ALIAS_TAKEN, {"alias": ["Prénom ou pseudonyme déjà utilisé dans la classe."]})
            if current["pupils_count"] >= MAX_PUPILS:
                self._record(caller, ADD_PUPIL, class_id, REFUSED)
                raise Conflict(CLASS_FULL)
        self._record(caller, ADD_PUPIL, class_id, REFUSED)
        raise Conflict("La classe vient d'être modifiée ; réessayez.")

    def get(self, caller: Caller, class_id: str) -> dict:
        actor_id = caller.require_member()
        doc = self.repository.get_for_teacher(class_id, actor_id)
        # audited before anything is returned: no unaudited read of pupil data
        self._record(caller, GET_CLASS, class_id, OK if doc is not None else DENIED)
        if doc is None:
            raise NotFound(NOT_FOUND)
        return class_view(doc)

    def list_own(self, caller: Caller, limit: int = 20, cursor: str | None = None) -> dict:
        actor_id = caller.require_member()
        after = decode_cursor(cursor) if cursor else None
        docs = list(self.repository.list_for_teacher(actor_id, limit + 1, after))
        return page_of(docs, limit, "created_at", class_summary)

    # -- audit -----------------------------------------------------------------------------

    def _audit(self, caller: Caller, action: str, class_id: str, outcome: str,
               at: datetime | None = None) -> dict:
        return {"actor_id": caller.actor_id, "action": action, "class_id": class_id,
                "outcome": outcome, "at": at or self.clock(), "request_id": caller.request_id}

    def _record(self, caller: Caller, action: str, class_id: str, outcome: str) -> None:
        self.repository.record_audit(self._audit(caller, action, class_id, outcome))
