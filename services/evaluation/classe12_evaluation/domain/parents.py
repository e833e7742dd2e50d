"""Parents: a one-time code per pupil, a parent account linked to their own child only, what
they see of their child's progress (positive, plain wording) and their observations from home.

Who sees what (DOMAIN.md): a pupil's results are visible to the class's teachers and to the
pupil's own parents, nobody else. A parent sees their own child only, never another pupil, a
rank or a class aggregate; anything else they probe is "does not exist". The class's teachers
give the code, see the links and revoke them; they see the observations from home next to their
own positionings. Every read and write is audited.

Codes are the co-teachers' (decision 27): 60 random bits, stored as their SHA-256 only, valid 14
days and once, kind "parent" and the pupil they are for; an unknown, expired, used or
co-teacher code gets one and the same answer (no oracle).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources as package_files
from typing import Callable

import yaml

from classe12_contracts.errors import Conflict, Invalid, NotFound
from classe12_runtime.clock import iso, utcnow
from classe12_runtime.context import Caller
from classe12_runtime.uow import Outcome

from .classes import ARCHIVED, BAD_CODE, DENIED, INVALID, NOT_FOUND, OK, REFUSED, _aware, code_hash, new_code
from .framework import Frameworks, shipped
from .positioning import PUPIL_NOT_FOUND, latest_by_pupil, school_year_bounds

PARENT_INVITATION_TTL = timedelta(days=14)
#: linked parents per pupil (two households of two)
MAX_PARENTS = 4
NOTE_MAX = 500
CHILD_NOT_FOUND = "Cet enfant n'est pas lié à votre compte."
KIND_PARENT = "parent"

#: what a family reads for each level of the LSU scale: plain and positive, never a grade
PARENT_WORDING = {
    "non_atteint": "C'est en cours d'apprentissage : nous y travaillons ensemble.",
    "partiellement_atteint": "En bonne voie : les progrès sont là.",
    "atteint": "Acquis : bravo !",
    "depasse": "Très bien acquis : bravo !",
}

# audit actions
INVITE_PARENT = "invite_parent"
JOIN_AS_PARENT = "join_as_parent"
LIST_PARENT_LINKS = "list_parent_links"
REVOKE_PARENT = "revoke_parent"
LIST_CHILDREN = "list_children"
GET_CHILD = "get_child"
ADD_OBSERVATION = "add_observation"


@lru_cache(maxsize=1)
def home_items() -> dict[str, dict]:
    """The parent-friendly items (framework/home.v1.yaml), by id."""
    text = package_files.files("classe12_evaluation").joinpath("framework/home.v1.yaml").read_text("utf-8")
    return {item["id"]: item for item in yaml.safe_load(text)["items"]}


def home_items_list() -> list[dict]:
    return [{"id": i["id"], "label": i["label"]} for i in home_items().values()]


def observation_view(doc: dict) -> dict:
    item = home_items().get(doc.get("home_item_id") or "")
    return {"id": str(doc["_id"]), "pupil_id": doc["pupil_id"], "home_item_id": doc.get("home_item_id"),
            "home_item_label": item["label"] if item else None, "note": doc.get("note"),
            "date": doc["date"], "parent_id": doc["parent_id"], "at": iso(doc["at"])}


def link_view(doc: dict) -> dict:
    return {"id": str(doc["_id"]), "class_id": str(doc["class_id"]), "pupil_id": doc["pupil_id"],
            "parent_id": doc["parent_id"], "linked_at": iso(doc["linked_at"])}


class Parents:
    """Use cases over a repository offering, beside the Classes repository:

    - insert_invitation(doc), find_invitation(code_hash), use_invitation(code_hash, actor_id, now)
    - insert_link(doc) -> doc with "_id" (unique class_id + pupil_id + parent_id),
      links_of_pupil(class_id, pupil_id), links_of_parent(parent_id), get_link(link_id, parent_id),
      delete_link(class_id, pupil_id, link_id) -> bool
    - insert_observation(doc), observations_of_pupil(class_id, pupil_id)
    - grid_columns(class_id), get_class(class_id), get_for_teacher(class_id, teacher_id)
    - record_audit(entry)
    """

    def __init__(self, frameworks: Frameworks | None = None, clock: Callable[[], datetime] = utcnow):
        self._frameworks = frameworks
        self.clock = clock

    @property
    def frameworks(self) -> Frameworks:
        return self._frameworks or shipped()

    # -- the teacher's side ------------------------------------------------------------------

    def _pupil_of_teacher(self, store, caller: Caller, action: str, class_id: str, pupil_id: str, now):
        """(class doc, refusal Outcome | None): the class's teachers only, a pupil of the class."""
        doc = store.get_for_teacher(class_id, caller.require_member())
        pupil = next((p for p in doc["pupils"] if str(p["id"]) == pupil_id), None) if doc else None
        if pupil is None:
            store.record_audit(self._audit(caller, action, class_id, DENIED, now, pupil_id=pupil_id))
            return doc, Outcome(error=NotFound(NOT_FOUND if doc is None else PUPIL_NOT_FOUND))
        return doc, None

    def invite_parent(self, store, caller: Caller, class_id: str, pupil_id: str) -> Outcome:
        now = self.clock()
        doc, refusal = self._pupil_of_teacher(store, caller, INVITE_PARENT, class_id, pupil_id, now)
        if refusal:
            return refusal
        if doc.get("archived_at"):
            store.record_audit(self._audit(caller, INVITE_PARENT, class_id, REFUSED, now, pupil_id=pupil_id))
            return Outcome(error=Conflict(ARCHIVED))
        code = new_code()
        expires_at = now + PARENT_INVITATION_TTL
        store.insert_invitation({"_id": code_hash(code), "kind": KIND_PARENT, "class_id": class_id,
                                 "pupil_id": pupil_id, "created_by": caller.actor_id, "created_at": now,
                                 "expires_at": expires_at, "used_at": None, "used_by": None})
        store.record_audit(self._audit(caller, INVITE_PARENT, class_id, OK, now, pupil_id=pupil_id))
        return Outcome({"class_id": class_id, "pupil_id": pupil_id, "code": code, "expires_at": iso(expires_at)})

    def list_links(self, store, caller: Caller, class_id: str, pupil_id: str) -> Outcome:
        now = self.clock()
        _, refusal = self._pupil_of_teacher(store, caller, LIST_PARENT_LINKS, class_id, pupil_id, now)
        if refusal:
            return refusal
        store.record_audit(self._audit(caller, LIST_PARENT_LINKS, class_id, OK, now, pupil_id=pupil_id))
        return Outcome({"items": [link_view(d) for d in store.links_of_pupil(class_id, pupil_id)]})

    def revoke(self, store, caller: Caller, class_id: str, pupil_id: str, link_id: str) -> Outcome:
        now = self.clock()
        _, refusal = self._pupil_of_teacher(store, caller, REVOKE_PARENT, class_id, pupil_id, now)
        if refusal:
            return refusal
        if not store.delete_link(class_id, pupil_id, link_id):
            store.record_audit(self._audit(caller, REVOKE_PARENT, class_id, DENIED, now, pupil_id=pupil_id))
            return Outcome(error=NotFound("Ce lien avec un parent n'existe pas."))
        store.record_audit(self._audit(caller, REVOKE_PARENT, class_id, OK, now, pupil_id=pupil_id))
        return Outcome({"class_id": class_id, "pupil_id": pupil_id, "revoked": link_id})

    def observations_for_teacher(self, store, class_id: str, pupil_id: str) -> list[dict]:
        """What the families wrote about a pupil (the caller is already checked a teacher of the class)."""
        return [observation_view(d) for d in store.observations_of_pupil(class_id, pupil_id)]

    # -- the parent's side -------------------------------------------------------------------

    def join(self, store, caller: Caller, code: str) -> Outcome:
        """A parent links their account to their child with the code the teacher gave (run in a
        transaction: the code is spent and the link written together, or neither)."""
        actor_id = caller.require_role("parent")
        now = self.clock()
        hashed = code_hash(code)
        invitation = store.find_invitation(hashed)
        usable = (invitation is not None and invitation.get("kind") == KIND_PARENT
                  and invitation["used_at"] is None and _aware(invitation["expires_at"]) > now)
        bad = Outcome(error=Invalid(BAD_CODE, {"code": [BAD_CODE]}))
        class_id = invitation["class_id"] if invitation and invitation.get("kind") == KIND_PARENT else None
        if not usable:
            store.record_audit(self._audit(caller, JOIN_AS_PARENT, class_id, INVALID, now))
            return bad
        pupil_id = invitation["pupil_id"]
        doc = store.get_class(class_id)
        if doc is None or not any(str(p["id"]) == pupil_id for p in doc["pupils"]):
            store.record_audit(self._audit(caller, JOIN_AS_PARENT, class_id, INVALID, now, pupil_id=pupil_id))
            return bad
        existing = store.links_of_pupil(class_id, pupil_id)
        mine = next((d for d in existing if d["parent_id"] == actor_id), None)
        if mine is not None:  # already linked: the code stays for whom it was meant
            store.record_audit(self._audit(caller, JOIN_AS_PARENT, class_id, OK, now, pupil_id=pupil_id))
            return Outcome(self._child_summary(mine, doc))
        if len(existing) >= MAX_PARENTS:
            store.record_audit(self._audit(caller, JOIN_AS_PARENT, class_id, REFUSED, now, pupil_id=pupil_id))
            return Outcome(error=Conflict(f"{MAX_PARENTS} comptes de parents sont déjà liés à cet enfant, le maximum."))
        if not store.use_invitation(hashed, actor_id, now):  # spent meanwhile
            store.record_audit(self._audit(caller, JOIN_AS_PARENT, class_id, INVALID, now, pupil_id=pupil_id))
            return bad
        link = store.insert_link({"class_id": class_id, "pupil_id": pupil_id, "parent_id": actor_id,
                                  "linked_at": now, "invitation": hashed})
        store.record_audit(self._audit(caller, JOIN_AS_PARENT, class_id, OK, now, pupil_id=pupil_id))
        return Outcome(self._child_summary(link, doc))

    def list_children(self, store, caller: Caller) -> Outcome:
        actor_id = caller.require_member()
        now = self.clock()
        children = []
        for link in store.links_of_parent(actor_id):
            doc = store.get_class(str(link["class_id"]))
            if doc is not None and any(str(p["id"]) == link["pupil_id"] for p in doc["pupils"]):
                children.append(self._child_summary(link, doc))
                store.record_audit(self._audit(caller, LIST_CHILDREN, str(link["class_id"]), OK, now,
                                               pupil_id=link["pupil_id"]))
        return Outcome({"items": children})

    def _child_of_parent(self, store, caller: Caller, action: str, link_id: str, now):
        """(link, class doc, pupil, refusal Outcome | None): the parent's own child only."""
        actor_id = caller.require_member()
        link = store.get_link(link_id, actor_id)
        doc = store.get_class(str(link["class_id"])) if link else None
        pupil = next((p for p in doc["pupils"] if str(p["id"]) == link["pupil_id"]), None) if doc else None
        if pupil is None:
            class_id = str(link["class_id"]) if link else None
            store.record_audit(self._audit(caller, action, class_id, DENIED, now, link_id=link_id))
            return None, None, None, Outcome(error=NotFound(CHILD_NOT_FOUND))
        return link, doc, pupil, None

    def child(self, store, caller: Caller, link_id: str) -> Outcome:
        """The child's progress for the family: each item positioned, its latest state in plain
        positive words; the family's observations; the items they can observe at home."""
        now = self.clock()
        link, doc, pupil, refusal = self._child_of_parent(store, caller, GET_CHILD, link_id, now)
        if refusal:
            return refusal
        class_id, pupil_id = str(link["class_id"]), link["pupil_id"]
        store.record_audit(self._audit(caller, GET_CHILD, class_id, OK, now, pupil_id=pupil_id))
        current = self.frameworks.current
        competences = current.competences
        progress = []
        for column in store.grid_columns(class_id, None):
            entry = latest_by_pupil([e for e in column["entries"] if e["pupil_id"] == pupil_id]).get(pupil_id)
            if entry is None:
                continue
            framework = self.frameworks.get(entry["framework_version"]) or current
            item = framework.items.get(column["item_id"]) or current.items.get(column["item_id"])
            if item is None:
                continue
            competence = competences.get(item["competence_id"]) or {"label": ""}
            progress.append({"item_id": column["item_id"], "label": item["label"],
                             "competence_label": competence["label"], "date": entry["date"],
                             "status": entry["level"], "message": PARENT_WORDING[entry["level"]]})
        order = list(current.items)
        progress.sort(key=lambda p: order.index(p["item_id"]) if p["item_id"] in current.items else len(order))
        observations = [observation_view(d) for d in store.observations_of_pupil(class_id, pupil_id)]
        return Outcome(dict(self._child_summary(link, doc), progress=progress, observations=observations,
                            home_items=home_items_list()))

    def add_observation(self, store, caller: Caller, link_id: str, data: dict) -> Outcome:
        now = self.clock()
        link, doc, _, refusal = self._child_of_parent(store, caller, ADD_OBSERVATION, link_id, now)
        if refusal:
            return refusal
        class_id, pupil_id = str(link["class_id"]), link["pupil_id"]
        if doc.get("archived_at"):
            store.record_audit(self._audit(caller, ADD_OBSERVATION, class_id, REFUSED, now, pupil_id=pupil_id))
            return Outcome(error=Conflict(ARCHIVED))
        problems: dict[str, list[str]] = {}
        item_id, note = data.get("home_item_id"), (data.get("note") or "").strip() or None
        if item_id is not None and item_id not in home_items():
            problems["home_item_id"] = ["Cette observation n'est pas dans la liste proposée."]
        if item_id is None and note is None:
            problems["note"] = ["Choisissez une observation dans la liste ou écrivez une note."]
        day: date = data["date"]
        start, end = school_year_bounds(doc["school_year"])
        if day > (now + timedelta(days=1)).date():
            problems["date"] = ["La date ne peut pas être dans le futur."]
        elif not start <= day <= end:
            problems["date"] = [f"La date doit être dans l'année scolaire de la classe ({doc['school_year']})."]
        if problems:
            store.record_audit(self._audit(caller, ADD_OBSERVATION, class_id, INVALID, now, pupil_id=pupil_id))
            return Outcome(error=Invalid("L'observation n'a pas été enregistrée.", problems))
        saved = store.insert_observation({"class_id": class_id, "pupil_id": pupil_id, "parent_id": caller.actor_id,
                                          "link_id": str(link["_id"]), "home_item_id": item_id, "note": note,
                                          "date": day.isoformat(), "at": now})
        store.record_audit(self._audit(caller, ADD_OBSERVATION, class_id, OK, now, pupil_id=pupil_id))
        return Outcome(observation_view(saved))

    @staticmethod
    def _child_summary(link: dict, doc: dict) -> dict:
        pupil = next(p for p in doc["pupils"] if str(p["id"]) == link["pupil_id"])
        return {"link_id": str(link["_id"]), "class_id": str(doc["_id"]), "pupil_id": link["pupil_id"],
                "alias": pupil["alias"], "class_name": doc["name"], "level": doc["level"],
                "school_year": doc["school_year"]}

    # -- audit -------------------------------------------------------------------------------

    def _audit(self, caller: Caller, action: str, class_id: str | None, outcome: str, at: datetime,
               **extra) -> dict:
        return {"actor_id": caller.actor_id, "action": action, "class_id": class_id, "outcome": outcome,
                "at": at, "request_id": caller.request_id, **extra}
