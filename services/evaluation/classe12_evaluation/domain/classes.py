"""Classes and their pupils: creation, adding a pupil, listing, reading, co-teachers. Access is
audited.

Who sees what (DOMAIN.md): a class and its pupils are visible to the class's teachers only.
Anybody else, admins included (no hierarchy access to pupil data), is told the class does not
exist. Every read of pupil data and every addition of a pupil leaves an audit record.

Co-teachers (co-intervention): the class's owner (its first teacher, who created it) gives a
one-time code to a colleague, who joins with it and then has the same access. Codes are
random (60 bits), stored hashed, valid 7 days and once; an unknown, expired or used code gets
one and the same answer.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone
from typing import Callable

from classe12_contracts.errors import Conflict, Forbidden, Invalid, NotFound
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
#: co-teachers: the owner and at most two colleagues
MAX_TEACHERS = 3
INVITATION_TTL = timedelta(days=7)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or copied by hand
CODE_LENGTH = 12
COTEACHER = "coteacher"  # the kind of a colleague's code (a parent's is "parent")
BAD_CODE = "Ce code n'est pas valide : il a peut-être expiré ou déjà servi. Demandez-en un nouveau."
CLASS_FULL = f"La classe compte déjà {MAX_PUPILS} élèves, le maximum."
ALIAS_TAKEN = "Un élève de la classe porte déjà ce prénom ou ce pseudonyme."
ARCHIVED = "Cette classe est archivée : elle se consulte et s'exporte, mais ne se modifie plus."

# audit actions and outcomes
GET_CLASS = "get_class"
ADD_PUPIL = "add_pupil"
INVITE_COTEACHER = "invite_coteacher"
JOIN_CLASS = "join_class"
ARCHIVE_CLASS = "archive_class"
COPY_PUPILS = "copy_pupils"
OK, DENIED, REFUSED, INVALID = "ok", "not_found", "conflict", "invalid"


def new_code() -> str:
    """XXXX-XXXX-XXXX from a 32-letter alphabet: 60 random bits."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def code_hash(code: str) -> str:
    """What is stored of a code: the hash of its normalised form (case, blanks and dashes ignored)."""
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


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
        "archived_at": iso(doc["archived_at"]) if doc.get("archived_at") else None,
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
    - get_class(class_id) -> doc | None (whoever asks: for joining with a code only)
    - insert_invitation(doc), find_invitation(code_hash) -> doc | None,
      use_invitation(code_hash, teacher_id, now) -> bool (True once, for an unused, unexpired code),
      add_teacher(class_id, teacher_id, now)

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
        elif current.get("archived_at"):
            outcome, error = REFUSED, Conflict(ARCHIVED)
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

    def invite_coteacher(self, store, caller: Caller, class_id: str) -> Outcome:
        """The owner gets a one-time code for a colleague (run in a transaction)."""
        actor_id = caller.require_member()
        now = self.clock()
        doc = store.get_for_teacher(class_id, actor_id)
        if doc is None:
            store.record_audit(self._audit(caller, INVITE_COTEACHER, class_id, DENIED, now))
            return Outcome(error=NotFound(NOT_FOUND))
        if doc["teacher_ids"][0] != actor_id:
            store.record_audit(self._audit(caller, INVITE_COTEACHER, class_id, REFUSED, now))
            return Outcome(error=Forbidden("Seul l'enseignant qui a créé la classe peut inviter un collègue."))
        if doc.get("archived_at"):
            store.record_audit(self._audit(caller, INVITE_COTEACHER, class_id, REFUSED, now))
            return Outcome(error=Conflict(ARCHIVED))
        if len(doc["teacher_ids"]) >= MAX_TEACHERS:
            store.record_audit(self._audit(caller, INVITE_COTEACHER, class_id, REFUSED, now))
            return Outcome(error=Conflict(f"La classe a déjà {MAX_TEACHERS} enseignants, le maximum."))
        code = new_code()
        expires_at = now + INVITATION_TTL
        store.insert_invitation({"_id": code_hash(code), "kind": COTEACHER, "class_id": class_id, "created_by": actor_id,
                                 "created_at": now, "expires_at": expires_at, "used_at": None, "used_by": None})
        store.record_audit(self._audit(caller, INVITE_COTEACHER, class_id, OK, now))
        return Outcome({"class_id": class_id, "code": code, "expires_at": iso(expires_at)})

    def join(self, store, caller: Caller, code: str) -> Outcome:
        """A teacher joins a class with a code (run in a transaction: the code is spent and the
        teacher added together, or neither)."""
        actor_id = caller.require_role("teacher")
        now = self.clock()
        hashed = code_hash(code)
        invitation = store.find_invitation(hashed)
        usable = (invitation is not None and invitation.get("kind", COTEACHER) == COTEACHER
                  and invitation["used_at"] is None and _aware(invitation["expires_at"]) > now)
        if not usable:  # a parent's code is no colleague's: the same answer as an unknown one
            class_id = invitation["class_id"] if invitation and invitation.get("kind", COTEACHER) == COTEACHER else None
            store.record_audit(self._audit(caller, JOIN_CLASS, class_id, INVALID, now))
            return Outcome(error=Invalid(BAD_CODE, {"code": [BAD_CODE]}))
        class_id = invitation["class_id"]
        doc = store.get_class(class_id)
        if doc is None:
            store.record_audit(self._audit(caller, JOIN_CLASS, class_id, INVALID, now))
            return Outcome(error=Invalid(BAD_CODE, {"code": [BAD_CODE]}))
        if actor_id in doc["teacher_ids"]:
            store.record_audit(self._audit(caller, JOIN_CLASS, class_id, OK, now))
            return Outcome(class_view(doc))  # already in: the code stays for whom it was meant
        if len(doc["teacher_ids"]) >= MAX_TEACHERS:
            store.record_audit(self._audit(caller, JOIN_CLASS, class_id, REFUSED, now))
            return Outcome(error=Conflict(f"La classe a déjà {MAX_TEACHERS} enseignants, le maximum."))
        if not store.use_invitation(hashed, actor_id, now):  # spent meanwhile
            store.record_audit(self._audit(caller, JOIN_CLASS, class_id, INVALID, now))
            return Outcome(error=Invalid(BAD_CODE, {"code": [BAD_CODE]}))
        doc = store.add_teacher(class_id, actor_id, now)
        store.record_audit(self._audit(caller, JOIN_CLASS, class_id, OK, now))
        return Outcome(class_view(doc))

    def archive(self, store, caller: Caller, class_id: str) -> Outcome:
        """The owner archives the class at the end of its year: still read and exported by its
        teachers and seen by its parents, never changed again. Again: the same class."""
        actor_id = caller.require_member()
        now = self.clock()
        doc = store.get_for_teacher(class_id, actor_id)
        if doc is None:
            store.record_audit(self._audit(caller, ARCHIVE_CLASS, class_id, DENIED, now))
            return Outcome(error=NotFound(NOT_FOUND))
        if doc["teacher_ids"][0] != actor_id:
            store.record_audit(self._audit(caller, ARCHIVE_CLASS, class_id, REFUSED, now))
            return Outcome(error=Forbidden("Seul l'enseignant qui a créé la classe peut l'archiver."))
        if not doc.get("archived_at"):
            doc = store.archive_class(class_id, now)
        store.record_audit(self._audit(caller, ARCHIVE_CLASS, class_id, OK, now))
        return Outcome(class_view(doc))

    def copy_pupils(self, store, caller: Caller, class_id: str, from_class_id: str) -> Outcome:
        """Next year's class gets the pupils of last year's (aliases only: no result follows them);
        a pupil already there (same alias key) is skipped, and so are those past 30 pupils."""
        actor_id = caller.require_member()
        now = self.clock()
        target = store.get_for_teacher(class_id, actor_id)
        source = store.get_for_teacher(from_class_id, actor_id) if target is not None else None
        if target is None or source is None:
            store.record_audit(self._audit(caller, COPY_PUPILS, class_id, DENIED, now))
            return Outcome(error=NotFound(NOT_FOUND))
        if target.get("archived_at"):
            store.record_audit(self._audit(caller, COPY_PUPILS, class_id, REFUSED, now))
            return Outcome(error=Conflict(ARCHIVED))
        first = int(source["school_year"].split("-")[0])
        if int(target["school_year"].split("-")[0]) != first + 1:
            store.record_audit(self._audit(caller, COPY_PUPILS, class_id, INVALID, now))
            return Outcome(error=Invalid(fields={"from_class_id": [
                f"La classe d'origine doit être de l'année scolaire précédente ({first}-{first + 1} pour "
                f"{first + 1}-{first + 2}) ; celle-ci est de {target['school_year']}."]}))
        copied = skipped = 0
        for pupil in source["pupils"]:
            done = store.add_pupil(class_id, actor_id, {"alias": pupil["alias"], "alias_key": pupil["alias_key"],
                                                        "added_at": now}, MAX_PUPILS)
            copied, skipped = (copied + 1, skipped) if done is not None else (copied, skipped + 1)
        store.record_audit(self._audit(caller, COPY_PUPILS, class_id, OK, now))
        store.record_audit(self._audit(caller, COPY_PUPILS, from_class_id, OK, now))
        doc = store.get_for_teacher(class_id, actor_id)
        return Outcome({"class_id": class_id, "from_class_id": from_class_id, "copied": copied, "skipped": skipped,
                        "pupils_count": doc["pupils_count"]})

    def list_own(self, store, caller: Caller, limit: int = 20, cursor: str | None = None) -> dict:
        actor_id = caller.require_member()
        after = decode_cursor(cursor) if cursor else None
        docs = list(store.list_for_teacher(actor_id, limit + 1, after))
        return page_of(docs, limit, "created_at", class_summary)

    # -- audit -----------------------------------------------------------------------------

    def _audit(self, caller: Caller, action: str, class_id: str | None, outcome: str,
               at: datetime | None = None) -> dict:
        return {"actor_id": caller.actor_id, "action": action, "class_id": class_id,
                "outcome": outcome, "at": at or self.clock(), "request_id": caller.request_id}


def _aware(value: datetime) -> datetime:
    """A naive datetime read back from a database is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
