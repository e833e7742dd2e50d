"""RPC use cases of files: grants to upload or read one over the HTTP endpoint, and removal.

Who may do what is the resource's rule (domain/access.py): whoever may read a resource may
read its files (a draft's files: its author and the editors only); whoever may change it may
add and remove files. A resource the caller may not read does not exist for them (not_found),
nor does a file id that names no file of the resource. A video or photo showing pupils needs
the contributor's attestation that the families' image-rights consent is held (checked again
when an editor publishes).

`store` is the unit of work's ResourceStore (`db`, `session`, `get`); the grants are written in
its transaction.
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from classe12_contracts.errors import Conflict, Invalid, NotFound
from classe12_runtime.clock import iso, utcnow
from classe12_runtime.context import Caller
from classe12_runtime.validation import is_object_id

from ..domain.access import can_read, require_edit
from ..domain.model import full_view
from .disposition import clean_filename
from .grants import GrantStore, download_grant, new_token, upload_grant
from .repository import MAX_FILES, FileRepository, find_file
from .settings import FileSettings, load_file_settings

ATTESTATION_NEEDED = ("Une vidéo ou une photo où l'on voit des élèves n'est acceptée que si vous attestez "
                      "détenir l'autorisation de droit à l'image de leurs familles.")


def resource_not_found() -> NotFound:
    return NotFound("Cette ressource n'existe pas ou n'est pas accessible.")


def file_not_found() -> NotFound:
    return NotFound("Ce fichier n'existe pas ou n'est pas accessible.")


def readable(store, caller: Caller, resource_id: str) -> dict:
    doc = store.get(resource_id) if is_object_id(resource_id) else None
    if doc is None or not can_read(caller, doc):
        raise resource_not_found()
    return doc


def mine_of(store, caller: Caller, doc: dict) -> dict | None:
    """The caller's rating and bookmark, as get_resource shows them."""
    if not caller.actor_id:
        return None
    resource_id = str(doc["_id"])
    rating = store.get_rating(resource_id, caller.actor_id)
    return {"stars": rating["stars"] if rating else None, "bookmarked": store.is_bookmarked(caller.actor_id, resource_id)}


class Files:
    def __init__(self, settings: Callable[[], FileSettings] = load_file_settings,
                 clock: Callable[[], datetime] = utcnow, token: Callable[[], str] = new_token):
        self._settings = settings
        self.clock = clock
        self.token = token

    @property
    def settings(self) -> FileSettings:
        """Read at each call (a few environment variables): a process never keeps stale limits."""
        return self._settings()

    def grant_upload(self, store, caller: Caller, data: dict) -> dict:
        """FileGrant to upload one file to the resource (those who may change it)."""
        caller.require_member()  # anonymous: unauthorized, whatever the resource
        doc = readable(store, caller, data["resource_id"])
        member_id = require_edit(caller, doc)
        if data.get("shows_pupils") and not data.get("image_rights_attested"):
            raise Invalid(fields={"image_rights_attested": [ATTESTATION_NEEDED]})
        if len(doc.get("files") or []) >= MAX_FILES:
            raise Conflict(f"Cette ressource a déjà {MAX_FILES} fichiers : supprimez-en un avant d'en ajouter un autre.")
        now, token = self.clock(), self.token()
        grant = upload_grant(token, str(doc["_id"]), member_id, caller.roles,
                             {**data, "filename": clean_filename(data["filename"])}, now, self.settings.grant_ttl)
        GrantStore(store.db, store.session).insert(grant)
        return {"grant": token, "expires_at": iso(grant["expires_at"]), "max_bytes": self.settings.max_bytes}

    def grant_download(self, store, caller: Caller, data: dict) -> dict:
        """FileGrant to read one file of the resource (whoever may read the resource)."""
        doc = readable(store, caller, data["resource_id"])
        if find_file(doc, data["file_id"]) is None:
            raise file_not_found()
        now, token = self.clock(), self.token()
        grant = download_grant(token, str(doc["_id"]), data["file_id"], caller.actor_id, caller.roles, now,
                               self.settings.grant_ttl)
        GrantStore(store.db, store.session).insert(grant)
        return {"grant": token, "expires_at": iso(grant["expires_at"]), "max_bytes": None}

    def delete_file(self, store, caller: Caller, data: dict) -> dict:
        """Remove a file and its contents; the resource as get_resource shows it."""
        caller.require_member()
        doc = readable(store, caller, data["resource_id"])
        require_edit(caller, doc)
        entry = find_file(doc, data["file_id"])
        if entry is None:
            raise file_not_found()
        saved = FileRepository(store.db, store.session).remove_file(doc, entry, self.clock())
        if saved is None:  # removed by somebody else meanwhile
            raise file_not_found()
        return full_view(saved, mine=mine_of(store, caller, saved))
