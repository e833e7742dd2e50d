"""Who may do what with a resource.

- Any signed-in member proposes resources: they are drafts, awaiting editorial review.
- Advisers (CPC) and admins are the editors: they see every draft and publish.
- A published resource is public, even to anonymous visitors.
- A draft is visible to its author and to editors only; to anybody else it does not exist.
"""
from __future__ import annotations

from classe12_runtime.context import Caller

from .model import PUBLISHED

EDITOR_ROLES = ("adviser", "admin")


def is_editor(caller: Caller) -> bool:
    return bool(caller.actor_id) and caller.has_role(*EDITOR_ROLES)


def can_read(caller: Caller, doc: dict) -> bool:
    if doc["status"] == PUBLISHED:
        return True
    return is_editor(caller) or (caller.actor_id is not None and caller.actor_id == doc["author_id"])


def require_editor(caller: Caller) -> str:
    """The editor's id; Unauthorized when anonymous, Forbidden for other roles."""
    return caller.require_role(*EDITOR_ROLES)
