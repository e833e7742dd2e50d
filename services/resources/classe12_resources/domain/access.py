"""Who may do what with a resource.

- Any signed-in member proposes resources (drafts) and submits them for review.
- Advisers (CPC) and admins are the editors: they see every resource in every state, publish,
  request changes, archive, and change any resource but an archived one.
- The author changes their resource while it is a draft or its changes were requested.
- A published resource is public, even to anonymous visitors; in any other state it is
  visible to its author and to editors only, and for anybody else it does not exist.
"""
from __future__ import annotations

from classe12_contracts.errors import Conflict, Forbidden
from classe12_runtime.context import Caller

from .model import ARCHIVED, AUTHOR_EDITABLE, PUBLISHED, SUBMITTED

EDITOR_ROLES = ("adviser", "admin")


def is_editor(caller: Caller) -> bool:
    return bool(caller.actor_id) and caller.has_role(*EDITOR_ROLES)


def is_author(caller: Caller, doc: dict) -> bool:
    return caller.actor_id is not None and caller.actor_id == doc["author_id"]


def can_read(caller: Caller, doc: dict) -> bool:
    return doc["status"] == PUBLISHED or is_editor(caller) or is_author(caller, doc)


def can_edit(caller: Caller, doc: dict) -> bool:
    """Change its fields or its files."""
    if is_editor(caller):
        return doc["status"] != ARCHIVED
    return is_author(caller, doc) and doc["status"] in AUTHOR_EDITABLE


def require_edit(caller: Caller, doc: dict) -> str:
    """The member changing `doc` (which the caller can read): Unauthorized when anonymous;
    Conflict when its state forbids it (archived; in review, for its author); Forbidden when
    the caller may not change it at all."""
    member_id = caller.require_member()
    if can_edit(caller, doc):
        return member_id
    if doc["status"] == ARCHIVED and is_editor(caller):
        raise Conflict("Cette ressource est archivée : publiez-la de nouveau pour la modifier.")
    if is_author(caller, doc) and doc["status"] == SUBMITTED:
        raise Conflict("Votre ressource est en relecture : vous pourrez la modifier si des changements sont demandés.")
    raise Forbidden("Seuls son auteur (avant publication) et les conseillers et administrateurs modifient cette ressource.")


def require_editor(caller: Caller) -> str:
    """The editor's id; Unauthorized when anonymous, Forbidden for other roles."""
    return caller.require_role(*EDITOR_ROLES)
