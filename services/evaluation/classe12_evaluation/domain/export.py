"""A member's own data (`export_member_data`, the right of access and portability): the classes
they teach with the pupils' aliases they entered, their links to their children and their
observations from home, and what the audit recorded of their own actions. Never another
member's id: co-teachers and other parents are left out. Reading the aliases is audited on
each class, like every read of pupil data.
"""
from __future__ import annotations

from datetime import datetime

from classe12_runtime.clock import iso
from classe12_runtime.context import Caller

from .classes import OK, class_view
from .parents import observation_view

FORMAT_VERSION = 1
EXPORT_MEMBER_DATA = "export_member_data"


def class_entry(doc: dict, member_id: str) -> dict:
    view = class_view(doc)
    view.pop("teacher_ids")
    return dict(view, role="owner" if doc["teacher_ids"][0] == member_id else "coteacher")


def _child_entry(link: dict, doc: dict | None) -> dict:
    pupil = next((p for p in (doc or {}).get("pupils", ()) if str(p["id"]) == link["pupil_id"]), None)
    return {"link_id": str(link["_id"]), "class_id": str(link["class_id"]), "pupil_id": link["pupil_id"],
            "alias": pupil["alias"] if pupil else None, "class_name": doc["name"] if doc else None,
            "linked_at": iso(link["linked_at"])}


def _audit_entry(doc: dict) -> dict:
    return {"id": str(doc["_id"]), "action": doc["action"], "outcome": doc["outcome"], "at": iso(doc["at"]),
            "class_id": str(doc["class_id"]) if doc.get("class_id") else None, "pupil_id": doc.get("pupil_id"),
            "request_id": doc.get("request_id")}


def export_member_data(store, caller: Caller, now: datetime) -> dict:
    member_id = caller.require_member()
    classes, position = [], None
    while page := list(store.list_for_teacher(member_id, 100, position)):
        classes += [store.get_for_teacher(str(s["_id"]), member_id) for s in page]
        if len(page) < 100:
            break
        position = (page[-1]["created_at"], str(page[-1]["_id"]))
    classes = [doc for doc in classes if doc is not None]
    links = store.links_of_parent(member_id)
    children = [_child_entry(link, store.get_class(str(link["class_id"]))) for link in links]
    data = {
        "classes": [class_entry(doc, member_id) for doc in classes],
        "children": children,
        "observations": [observation_view(doc) for doc in store.observations_of_parent(member_id)],
        "audit": [_audit_entry(doc) for doc in store.audit_of_actor(member_id)],
    }
    for class_id in [str(doc["_id"]) for doc in classes] + [c["class_id"] for c in children]:
        store.record_audit({"actor_id": member_id, "action": EXPORT_MEMBER_DATA, "class_id": class_id,
                            "outcome": OK, "at": now, "request_id": caller.request_id})
    return {"service": "evaluation", "format_version": FORMAT_VERSION, "exported_at": iso(now), "data": data}
