"""What members follow: levels, topics, groups, resources, members (threads come later).

A follow is a record with `since` and `until` (OPEN while it lasts), never deleted: the
audience of an event is who followed one of its keys *when it happened*, whatever order the
events arrive in. Kinds the member chooses (`FOLLOW_KINDS`) and kinds the service keeps from
community's events (`role:editor`, `manager:<group>`) share the same records.
"""
from __future__ import annotations

from datetime import datetime, timezone

from .audience import ordered_levels
from .rules import EDITOR_ROLES, MANAGER_ROLES

#: member-facing kind -> key prefix
FOLLOW_KINDS = {"levels": "level", "topics": "topic", "groups": "group", "resources": "resource", "members": "member"}
PREFIX_KIND = {prefix: kind for kind, prefix in FOLLOW_KINDS.items()}
#: until of a follow that lasts
OPEN = datetime(9999, 12, 31, tzinfo=timezone.utc)

#: who set a follow: the member (PUT /me/follows), their profile (levels, roles), a membership
MEMBER, PROFILE, MEMBERSHIP, AUTHORSHIP = "member", "profile", "membership", "authorship"


def follow(member_id: str, key: str, since: datetime, origin: str) -> dict:
    """A follow record; its `_id` makes the same follow written twice (a redelivery) one record."""
    return {"_id": f"{member_id}|{key}|{since.isoformat(timespec='milliseconds')}", "member_id": member_id,
            "key": key, "since": since, "until": OPEN, "origin": origin}


def default_keys(role: str | None, roles, levels) -> set[str]:
    """At registration: the levels of the profile; editors follow the review queue."""
    keys = {f"level:{level}" for level in ordered_levels(levels or ())}
    if role in EDITOR_ROLES or any(r in EDITOR_ROLES for r in roles or ()):
        keys.add("role:editor")
    return keys


def group_keys(group_id: str, role: str) -> set[str]:
    keys = {f"group:{group_id}"}
    if role in MANAGER_ROLES:
        keys.add(f"manager:{group_id}")
    return keys


def as_view(keys) -> dict:
    """Open keys -> what GET /me/follows answers (member-facing kinds only, sorted)."""
    view = {kind: [] for kind in FOLLOW_KINDS}
    for key in keys:
        prefix, _, value = key.partition(":")
        if prefix in PREFIX_KIND:
            view[PREFIX_KIND[prefix]].append(value)
    view["levels"] = ordered_levels(view["levels"])
    for kind in ("topics", "groups", "resources", "members"):
        view[kind] = sorted(set(view[kind]))
    return view


def keys_of(view: dict) -> set[str]:
    return {f"{FOLLOW_KINDS[kind]}:{value}" for kind, values in view.items() if kind in FOLLOW_KINDS
            for value in values}


def member_facing(key: str) -> bool:
    return key.partition(":")[0] in PREFIX_KIND
