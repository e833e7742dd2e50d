"""Use cases of the catalogue's resources: propose, change, the editorial workflow, read, versions.

Each use case takes the repository (storage.ResourceStore; unit tests use an in-memory fake)
and returns the caller's answer, or an `Outcome` carrying the events it causes.

    draft ──submit (author)──▶ submitted ──publish (editor)──▶ published ──archive (editor)──▶ archived
                                   └─request_changes (editor)─▶ changes_requested ──submit──▶ submitted

An editor may also publish from any other state (without review; an archived resource comes
back), and archive from any state. Status changes keep the version; each change of content
adds one, and each published content is kept as a readable version.
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from classe12_contracts.errors import Conflict, Forbidden, Invalid, NotFound
from classe12_runtime.clock import utcnow
from classe12_runtime.context import Caller
from classe12_runtime.pagination import decode_cursor, page_of
from classe12_runtime.uow import Event, Outcome
from classe12_runtime.validation import is_object_id

from .access import can_read, is_author, require_edit, require_editor
from .model import (
    ARCHIVED,
    AUTHOR_EDITABLE,
    CHANGES_REQUESTED,
    DRAFT,
    LAYOUT_KIND,
    PUBLISHED,
    SUBMITTED,
    archived_event,
    canonical_content,
    changes_requested_event,
    full_view,
    new_resource,
    published_event,
    submitted_event,
    summary_view,
    updated_event,
    version_document,
    version_summary_view,
    version_view,
)
from .taxonomy import Taxonomy, current_taxonomy

RESOURCE_SUBMITTED = "resources.resource_submitted"
RESOURCE_PUBLISHED = "resources.resource_published"
RESOURCE_UPDATED = "resources.resource_updated"
RESOURCE_CHANGES_REQUESTED = "resources.resource_changes_requested"
RESOURCE_ARCHIVED = "resources.resource_archived"

STATE_NAMES = {DRAFT: "un brouillon", SUBMITTED: "en relecture", CHANGES_REQUESTED: "à modifier par son auteur",
               PUBLISHED: "publiée", ARCHIVED: "archivée"}


def not_found() -> NotFound:
    return NotFound("Cette ressource n'existe pas ou n'est pas accessible.")


def load(store, resource_id: str) -> dict:
    """The stored resource; NotFound for an unknown or malformed id."""
    doc = store.get(resource_id) if is_object_id(resource_id) else None
    if doc is None:
        raise not_found()
    return doc


def load_readable(store, caller: Caller, resource_id: str) -> dict:
    """The resource if the caller may read it; NotFound otherwise (it does not exist for them)."""
    doc = load(store, resource_id)
    if not can_read(caller, doc):
        raise not_found()
    return doc


def not_now(doc: dict, action: str) -> Conflict:
    return Conflict(f"Impossible de {action} : cette ressource est {STATE_NAMES[doc['status']]}.")


def check_content(content: dict, kind: str, taxonomy: Taxonomy) -> None:
    """Rules across fields and against the taxonomy (Invalid, field by field)."""
    problems: dict[str, list[str]] = {}
    known = taxonomy.subdomains
    for index, topic in enumerate(content.get("topics") or []):
        if topic not in known:
            problems[f"topics.{index}"] = [f"Thème inconnu : « {topic} » n'est pas un sous-domaine de la taxonomie."]
    layout = content.get("layout")
    if kind == LAYOUT_KIND and not layout:
        problems["layout"] = ["Un guide d'aménagement décrit la salle : surface, nombre d'élèves et zones."]
    elif kind != LAYOUT_KIND and layout:
        problems["layout"] = ["Seuls les guides d'aménagement (type amenagement) décrivent une salle."]
    if problems:
        raise Invalid(fields=problems)


def with_plan(layout: dict, doc: dict | None) -> dict:
    """A layout whose plan is one of the resource's files (role plan); not named: the current one."""
    if "plan_file_id" not in layout:
        return {**layout, "plan_file_id": ((doc or {}).get("layout") or {}).get("plan_file_id")}
    plan = layout["plan_file_id"]
    if plan is not None and not any(f["id"] == plan and f["role"] == "plan" for f in (doc or {}).get("files") or []):
        raise Invalid(fields={"layout.plan_file_id": ["Ce n'est pas un plan joint à cette ressource."]})
    return layout


class Resources:
    def __init__(self, clock: Callable[[], datetime] = utcnow, taxonomy: Callable[[], Taxonomy] = current_taxonomy):
        self.clock = clock
        self.taxonomy = taxonomy

    # -- proposing and changing ------------------------------------------------------------

    def create(self, store, caller: Caller, data: dict) -> dict:
        """Any member proposes a resource: a draft, version 1."""
        author_id = caller.require_member()
        check_content(data, data["kind"], self.taxonomy())
        if data.get("layout") is not None:
            data = {**data, "layout": with_plan(data["layout"], None)}
        return full_view(store.insert(new_resource(data, author_id, self.clock())), mine=self._mine(caller))

    def update(self, store, caller: Caller, data: dict) -> Outcome:
        data = dict(data)
        doc = load_readable(store, caller, data.pop("resource_id"))
        member_id = require_edit(caller, doc)
        expected = data.pop("expected_version", None)
        note = data.pop("change_note", None)
        if not data:
            raise Invalid(fields={"_schema": ["Indiquez au moins un champ à modifier."]})
        if expected is not None and expected != doc["version"]:
            raise Conflict("Cette ressource a été modifiée entre-temps : rechargez-la avant de la modifier.",
                           {"expected_version": [f"La version actuelle est la {doc['version']}."]})
        changes = canonical_content(data, doc["author_id"])
        if changes.get("layout") is not None:
            changes["layout"] = with_plan(changes["layout"], doc)
        kind = changes.get("kind", doc["kind"])
        merged = {**doc, **changes}
        if "kind" in changes and kind != LAYOUT_KIND and "layout" not in changes:
            merged["layout"] = None  # a guide that becomes an article no longer describes a room
        check_content({"topics": changes.get("topics"), "layout": merged.get("layout")}, kind, self.taxonomy())
        now = self.clock()
        merged.update(version=doc["version"] + 1, updated_at=now)
        saved = store.replace_if_version(merged, doc["version"])
        if saved is None:
            raise Conflict("Cette ressource vient d'être modifiée par quelqu'un d'autre : rechargez-la.")
        events = []
        if saved["status"] == PUBLISHED:
            store.add_version(version_document(saved, member_id, now, note))
            events.append(Event(RESOURCE_UPDATED, 1, updated_event(saved, member_id, note)))
        return Outcome(full_view(saved, mine=self._mine_of(store, caller, saved)), events)

    # -- the editorial workflow ------------------------------------------------------------

    def submit(self, store, caller: Caller, resource_id: str) -> Outcome:
        doc = load_readable(store, caller, resource_id)
        caller.require_member()
        if not is_author(caller, doc):
            raise Forbidden("Seul son auteur soumet une ressource.")
        if doc["status"] not in AUTHOR_EDITABLE:
            raise not_now(doc, "la soumettre")
        saved = self._transition(store, doc, status=SUBMITTED, submitted_at=self.clock())
        return Outcome(full_view(saved, mine=self._mine_of(store, caller, saved)),
                       [Event(RESOURCE_SUBMITTED, 1, submitted_event(saved))])

    def publish(self, store, caller: Caller, resource_id: str) -> Outcome:
        editor_id = require_editor(caller)
        doc = load(store, resource_id)
        if doc["status"] == PUBLISHED:
            raise Conflict("Cette ressource est déjà publiée.")
        unattested = [f["filename"] for f in doc.get("files") or [] if f["shows_pupils"] and not f["image_rights_attested"]]
        if unattested:
            raise Conflict("Des fichiers montrent des élèves sans attestation du droit à l'image : "
                           + ", ".join(unattested) + ".")
        now = self.clock()
        saved = self._transition(store, doc, status=PUBLISHED, published_at=now, published_by=editor_id,
                                 archived_at=None, review=None)
        if store.get_version(str(saved["_id"]), saved["version"]) is None:  # not when archived then back
            store.add_version(version_document(saved, editor_id, now, None))
        return Outcome(full_view(saved, mine=self._mine_of(store, caller, saved)),
                       [Event(RESOURCE_PUBLISHED, 1, published_event(saved))])

    def request_changes(self, store, caller: Caller, resource_id: str, comment: str) -> Outcome:
        editor_id = require_editor(caller)
        doc = load(store, resource_id)
        if doc["status"] != SUBMITTED:
            raise not_now(doc, "demander des modifications")
        saved = self._transition(store, doc, status=CHANGES_REQUESTED,
                                 review={"comment": comment, "by": editor_id, "at": self.clock()})
        return Outcome(full_view(saved, mine=self._mine_of(store, caller, saved)),
                       [Event(RESOURCE_CHANGES_REQUESTED, 1, changes_requested_event(saved))])

    def archive(self, store, caller: Caller, resource_id: str, reason: str | None) -> Outcome:
        editor_id = require_editor(caller)
        doc = load(store, resource_id)
        if doc["status"] == ARCHIVED:
            raise Conflict("Cette ressource est déjà archivée.")
        saved = self._transition(store, doc, status=ARCHIVED, archived_at=self.clock())
        return Outcome(full_view(saved, mine=self._mine_of(store, caller, saved)),
                       [Event(RESOURCE_ARCHIVED, 1, archived_event(saved, editor_id, reason))])

    def _transition(self, store, doc: dict, **changes) -> dict:
        """The resource in its new state, saved only if nobody changed it meanwhile."""
        now = self.clock()
        saved = store.replace_if_version({**doc, **changes, "version": doc["version"], "updated_at": now},
                                         doc["version"])
        if saved is None:
            raise Conflict("Cette ressource vient d'être modifiée par quelqu'un d'autre : rechargez-la.")
        return saved

    # -- reading ---------------------------------------------------------------------------

    def get(self, store, caller: Caller, resource_id: str) -> dict:
        doc = load_readable(store, caller, resource_id)
        if doc["status"] == PUBLISHED and not is_author(caller, doc):
            store.count_view(doc["_id"])
            doc["stats"] = {**doc.get("stats", {}), "views": doc.get("stats", {}).get("views", 0) + 1}
        return full_view(doc, mine=self._mine_of(store, caller, doc))

    def versions(self, store, caller: Caller, resource_id: str) -> dict:
        doc = load_readable(store, caller, resource_id)
        return {"items": [version_summary_view(v) for v in store.list_versions(str(doc["_id"]))]}

    def version(self, store, caller: Caller, resource_id: str, version: int) -> dict:
        doc = load_readable(store, caller, resource_id)
        found = store.get_version(str(doc["_id"]), version)
        if found is None:
            raise NotFound(f"Cette ressource n'a pas été publiée dans une version {version}.")
        return version_view(found)

    def mine(self, store, caller: Caller, limit: int, cursor: str | None = None, status: str | None = None) -> dict:
        author_id = caller.require_member()
        position = decode_cursor(cursor) if cursor is not None else None
        docs = store.list_mine(author_id, limit + 1, position, status)
        return page_of(docs, limit, "updated_at", summary_view)

    def review_queue(self, store, caller: Caller, limit: int, cursor: str | None = None) -> dict:
        require_editor(caller)
        position = decode_cursor(cursor) if cursor is not None else None
        return page_of(store.list_submitted(limit + 1, position), limit, "submitted_at", summary_view)

    # -- the caller's own marks ------------------------------------------------------------

    @staticmethod
    def _mine(caller: Caller) -> dict | None:
        return {"stars": None, "bookmarked": False} if caller.actor_id else None

    @staticmethod
    def _mine_of(store, caller: Caller, doc: dict) -> dict | None:
        if not caller.actor_id:
            return None
        resource_id = str(doc["_id"])
        rating = store.get_rating(resource_id, caller.actor_id)
        return {"stars": rating["stars"] if rating else None,
                "bookmarked": store.is_bookmarked(caller.actor_id, resource_id)}
