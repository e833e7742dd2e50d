"""A member's account was deleted (`community.member_deleted`): what evaluation forgets, hands
over or pseudonymises (docs/privacy.md, "Account deletion", evaluation).

- Each class they taught: with a co-teacher left, the class stays with its pupils and goes to
  the first co-teacher (the next in `teacher_ids`, who becomes its owner); without one, it is
  erased with everything attached, as its owner's `erase_class` does (`erase_class_data`).
- As a parent: their links to pupils and their observations from home are erased (the free
  notes describe the family: no pseudonym would make them anonymous).
- Their trace in the classes that remain: the audit entries of their actions, the grid entries
  and repères they wrote, the codes they issued or used keep their place and dates, with one
  random pseudonym ("deleted:<hex>") instead of their id: the class's audit still tells the
  teachers that one (former) person did these things, and nobody can tell who any more.

Idempotent: a second run finds the member nowhere (the pseudonym is new each time, but has
nothing left to replace). Returns counts only; no pupil data in logs or events.
"""
from __future__ import annotations

import logging
import secrets
from datetime import datetime

from .privacy import erase_class_data

log = logging.getLogger(__name__)

#: classes handled per read (each one leaves the list once handled)
BATCH = 100


def new_pseudonym() -> str:
    return f"deleted:{secrets.token_hex(6)}"


def _pseudonymise_grids(store, class_id: str, member_id: str, pseudonym: str, now: datetime) -> int:
    """The grid entries the member wrote in a class that stays: `by` becomes the pseudonym."""
    changed = 0
    for column in store.grid_columns(class_id):
        entries = column["entries"]
        if any(entry.get("by") == member_id for entry in entries):
            store.save_grid_column(class_id, column["item_id"],
                                   [dict(e, by=pseudonym) if e.get("by") == member_id else e for e in entries], now)
            changed += 1
    return changed


def forget_member(store, member_id: str, now: datetime) -> dict:
    """Hand over, erase or pseudonymise everything evaluation holds about `member_id`; counts."""
    pseudonym = new_pseudonym()
    counts = {"classes_handed_over": 0, "classes_erased": 0, "grids": 0, "parent_links": 0}
    kept: list[str] = []
    while batch := store.list_for_teacher(member_id, BATCH):
        for summary in batch:
            class_id = str(summary["_id"])
            if summary["teacher_ids"] == [member_id]:
                erase_class_data(store, class_id)
                counts["classes_erased"] += 1
                continue
            counts["grids"] += _pseudonymise_grids(store, class_id, member_id, pseudonym, now)
            store.remove_teacher(class_id, member_id, now)
            counts["classes_handed_over"] += 1
            kept.append(class_id)
    while links := store.links_of_parent(member_id):
        for link in links:
            kept.append(str(link["class_id"]))
            store.delete_link(str(link["class_id"]), link["pupil_id"], str(link["_id"]))
            counts["parent_links"] += 1
    counts["observations"] = store.delete_observations_of_parent(member_id)
    counts.update(store.pseudonymise_actor(member_id, pseudonym, sorted(set(kept))))
    log.info("deleted member forgotten", extra={"counts": counts})
    return counts
