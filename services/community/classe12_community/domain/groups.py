"""Groups: national thematic groups (seeded) and local groups (per département, and per
département and priority-education network), with roles and memberships.

A group document: `_id`, `key` (unique: "national:<slug>", "local:d:<dep>", "local:n:<dep>:<network>"),
scope, name, description, access (open, on_request, private), topics, levels, departement,
network, member_count, created_at, `list_tags` (filters it answers; none when private) and
`sort_key`. A membership: `_id` "<group_id>:<member_id>", state (member, requested, invited),
role (owner, moderator, member; None until a member), message, created_at, updated_at,
`list_key` (the member's list) and `group_list_key` (the group's lists).

Use cases take the repository (storage.CommunityStore) and return the events they cause.
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from bson import ObjectId

from classe12_contracts.errors import Conflict, Forbidden, Invalid, NotFound
from classe12_contracts.registry import in_order
from classe12_runtime.clock import iso, utcnow
from classe12_runtime.context import Caller
from classe12_runtime.pagination import list_key
from classe12_runtime.uow import Event, Outcome

from .avatar import avatar
from .schools import seed
from .text import decode_key, encode_key, page_by_key, sort_key

GROUP_JOINED = "community.group_joined"
LEVEL_FORMAT = ("urn:classe12:evaluation:formats:v1", "level")
NO_SUCH_GROUP = "Ce groupe n'existe pas."
NO_SUCH_MEMBER = "Ce membre n'existe pas."
MODERATORS_ONLY = "Réservé aux propriétaires et aux modérateurs du groupe."
OWNERS_ONLY = "Réservé aux propriétaires du groupe."
LAST_OWNER = "Le groupe n'aurait plus de propriétaire : nommez d'abord un autre propriétaire."
MAX_SUGGESTIONS = 20


def list_tags(group: dict) -> list[str]:
    if group["access"] == "private":
        return []
    tags = {"all", f"s:{group['scope']}"}
    if group.get("departement"):
        tags |= {f"d:{group['departement']}", f"s:{group['scope']}|d:{group['departement']}"}
    return sorted(tags)


def new_group(key: str, scope: str, name: str, description: str, now: datetime, *, access: str = "open",
              topics=(), levels=(), departement=None, network=None) -> dict:
    group_id = ObjectId()
    group = {"_id": group_id, "key": key, "scope": scope, "name": name, "description": description,
             "access": access, "topics": list(topics), "levels": list(levels), "departement": departement,
             "network": network, "member_count": 0, "created_at": now, "sort_key": sort_key(name, str(group_id))}
    group["list_tags"] = list_tags(group)
    return group


def local_groups(school: dict, now: datetime) -> list[dict]:
    """The local groups a school's members belong near: its département, and its network there."""
    dep, label, network = school["departement"], school["departement_label"], school.get("network")
    groups = [new_group(f"local:d:{dep}", "local", f"{label} ({dep}) : entraide locale",
                        f"Les membres de Classe à 12 du département {label} ({dep}).", now, departement=dep)]
    if network:
        groups.append(new_group(f"local:n:{dep}:{network}", "local", f"{network} {label} ({dep})",
                                f"Les écoles et collèges en {network} du département {label} ({dep}) : "
                                f"échanger entre collègues du réseau.", now, departement=dep, network=network))
    return groups


def local_keys(school: dict | None) -> list[str]:
    if not school:
        return []
    keys = [f"local:d:{school['departement']}"]
    if school.get("network"):
        keys.append(f"local:n:{school['departement']}:{school['network']}")
    return keys


def membership_view(m: dict) -> dict:
    return {"group_id": m["group_id"], "member_id": m["member_id"], "state": m["state"], "role": m.get("role"),
            "updated_at": iso(m["updated_at"])}


def no_membership(group_id: str, member_id: str, now: datetime) -> dict:
    return {"group_id": group_id, "member_id": member_id, "state": "none", "role": None, "updated_at": iso(now)}


def group_view(group: dict, membership: dict | None) -> dict:
    return {"id": str(group["_id"]), "scope": group["scope"], "name": group["name"],
            "description": group["description"], "access": group["access"], "topics": list(group["topics"]),
            "levels": list(group["levels"]), "departement": group.get("departement"), "network": group.get("network"),
            "member_count": max(int(group.get("member_count") or 0), 0), "created_at": iso(group["created_at"]),
            "membership": membership_view(membership) if membership else None}


class Groups:
    def __init__(self, clock: Callable[[], datetime] = utcnow):
        self.clock = clock

    # --- reference data ---------------------------------------------------------------------

    def load_seed(self, store, now: datetime) -> None:
        for g in seed()["national_groups"]:
            store.ensure_group(new_group(f"national:{g['key']}", "national", g["name"], g["description"], now,
                                         topics=g.get("topics") or (), levels=g.get("levels") or ()))

    # --- reading ------------------------------------------------------------------------------

    def _visible(self, store, caller: Caller, group_id: str) -> tuple[dict, dict | None]:
        """The group and the caller's membership; a private group is not found by outsiders."""
        caller.require_member()
        group = store.get_group(group_id)
        membership = store.membership(group_id, caller.actor_id) if group else None
        if group is None or (group["access"] == "private" and not caller.has_role("admin")
                             and (membership is None or membership["state"] == "requested")):
            raise NotFound(NO_SUCH_GROUP)
        return group, membership

    def get(self, store, caller: Caller, group_id: str) -> dict:
        group, membership = self._visible(store, caller, group_id)
        return group_view(group, membership)

    def list(self, store, caller: Caller, data: dict) -> dict:
        caller.require_member()
        tag = "|".join(p for p in (f"s:{data['scope']}" if data.get("scope") else "",
                                   f"d:{data['departement']}" if data.get("departement") else "") if p) or "all"
        docs = store.list_groups(tag, decode_key(data.get("cursor")), data["limit"] + 1)
        mine = store.memberships_of(caller.actor_id, [str(d["_id"]) for d in docs])
        return page_by_key(docs, data["limit"], lambda g: group_view(g, mine.get(str(g["_id"]))))

    def mine(self, store, caller: Caller, limit: int, cursor: str | None) -> dict:
        caller.require_member()
        memberships = store.my_memberships(caller.actor_id, decode_key(cursor), limit + 1)
        shown = memberships[:limit]
        groups = store.groups_by_ids([m["group_id"] for m in shown])
        items = [group_view(groups[m["group_id"]], m) for m in shown if m["group_id"] in groups]
        next_cursor = encode_key(shown[-1]["list_key"]) if len(memberships) > limit else None
        return {"items": items, "next_cursor": next_cursor}

    def suggest(self, store, caller: Caller) -> dict:
        caller.require_member()
        me = store.get(caller.actor_id)
        if me is None:
            raise NotFound(NO_SUCH_MEMBER)
        local = store.groups_by_keys(local_keys(me.get("school")))
        national = store.list_groups("s:national", None, 200)
        interests, levels = set(me.get("interests") or ()), set(me.get("levels") or ())
        national.sort(key=lambda g: (not (set(g["topics"]) & interests or set(g["levels"]) & levels),))
        candidates = [g for g in local if g["access"] != "private"] + national
        mine = store.memberships_of(caller.actor_id, [str(g["_id"]) for g in candidates])
        items = [group_view(g, mine.get(str(g["_id"]))) for g in candidates
                 if (mine.get(str(g["_id"])) or {}).get("state") != "member"]
        return {"items": items[:MAX_SUGGESTIONS]}

    def members(self, store, caller: Caller, data: dict) -> dict:
        group, membership = self._visible(store, caller, data["group_id"])
        is_member = membership is not None and membership["state"] == "member"
        if group["access"] == "private" and not is_member and not caller.has_role("admin"):
            raise NotFound(NO_SUCH_GROUP)
        if data["state"] != "member" and not self._moderates(caller, membership):
            raise Forbidden(MODERATORS_ONLY)
        docs = store.group_memberships(data["group_id"], data["state"], decode_key(data.get("cursor")),
                                       data["limit"] + 1)
        shown = docs[:data["limit"]]
        people = store.get_members([m["member_id"] for m in shown])
        items = []
        for m in shown:
            person = people.get(m["member_id"])
            name = person["display_name"] if person else "Membre parti"
            items.append({"member_id": m["member_id"], "display_name": name, "avatar": avatar(m["member_id"], name),
                          "state": m["state"], "role": m.get("role"), "message": m.get("message"),
                          "updated_at": iso(m["updated_at"])})
        next_cursor = encode_key(shown[-1]["group_list_key"]) if len(docs) > data["limit"] else None
        return {"items": items, "next_cursor": next_cursor}

    # --- changing -----------------------------------------------------------------------------

    @staticmethod
    def _moderates(caller: Caller, membership: dict | None) -> bool:
        return caller.has_role("admin") or (membership is not None and membership["state"] == "member"
                                             and membership.get("role") in ("owner", "moderator"))

    @staticmethod
    def _owns(caller: Caller, membership: dict | None) -> bool:
        return caller.has_role("admin") or (membership is not None and membership["state"] == "member"
                                             and membership.get("role") == "owner")

    def _put(self, store, group_id: str, member_id: str, state: str, role: str | None, now: datetime,
             message: str | None = None, created_at: datetime | None = None) -> dict:
        doc = {"_id": f"{group_id}:{member_id}", "group_id": group_id, "member_id": member_id, "state": state,
               "role": role, "message": message, "created_at": created_at or now, "updated_at": now,
               "list_key": list_key(now, group_id), "group_list_key": list_key(now, member_id)}
        store.put_membership(doc)
        return doc

    def _joined(self, store, group: dict, member_id: str, role: str, now: datetime, created_at=None) -> Outcome:
        group_id = str(group["_id"])
        doc = self._put(store, group_id, member_id, "member", role, now, created_at=created_at)
        store.add_to_member_count(group_id, 1)
        return Outcome(membership_view(doc), [Event(GROUP_JOINED, 1, {
            "group_id": group_id, "member_id": member_id, "scope": group["scope"], "role": role,
            "joined_at": iso(now)})])

    def create(self, store, caller: Caller, data: dict) -> Outcome:
        caller.require_member()
        if store.get(caller.actor_id) is None:
            raise NotFound(NO_SUCH_MEMBER)
        topics = list(dict.fromkeys(data["topics"]))
        known = (store.taxonomy() or {}).get("subdomains") or {}
        unknown = {f"topics.{i}": ["Thème inconnu."] for i, slug in enumerate(topics) if slug not in known}
        if unknown:
            raise Invalid(fields=unknown)
        now = self.clock()
        group = new_group("", "national", data["name"], data["description"], now, access=data["access"],
                          topics=topics, levels=in_order(data["levels"], *LEVEL_FORMAT))
        group["key"] = f"national:{group['_id']}"
        store.ensure_group(group)
        outcome = self._joined(store, group, caller.actor_id, "owner", now)
        group["member_count"] = 1
        return Outcome(group_view(group, store.membership(str(group["_id"]), caller.actor_id)), outcome.events)

    def join(self, store, caller: Caller, group_id: str, message: str | None) -> Outcome:
        group, membership = self._visible(store, caller, group_id)
        if store.get(caller.actor_id) is None:
            raise NotFound(NO_SUCH_MEMBER)
        now = self.clock()
        state = membership["state"] if membership else None
        if state == "member":
            raise Conflict("Vous êtes déjà membre de ce groupe.")
        if state == "requested":
            raise Conflict("Votre demande pour rejoindre ce groupe est déjà en attente.")
        if state == "invited" or group["access"] == "open":
            return self._joined(store, group, caller.actor_id, "member", now,
                                created_at=membership["created_at"] if membership else None)
        if group["access"] == "private":  # admins see private groups, but join them by invitation too
            raise NotFound(NO_SUCH_GROUP)
        doc = self._put(store, group_id, caller.actor_id, "requested", None, now, message=message or None)
        return Outcome(membership_view(doc))

    def leave(self, store, caller: Caller, group_id: str) -> dict:
        group, membership = self._visible(store, caller, group_id)
        if membership is None:
            raise NotFound("Vous n'avez ni adhésion, ni demande, ni invitation dans ce groupe.")
        if membership["state"] == "member":
            if membership.get("role") == "owner" and store.count_owners(group_id) <= 1:
                raise Conflict(LAST_OWNER)
            store.add_to_member_count(group_id, -1)
        store.delete_membership(group_id, caller.actor_id)
        return no_membership(group_id, caller.actor_id, self.clock())

    def decide(self, store, caller: Caller, group_id: str, member_id: str, accept: bool) -> Outcome:
        group, mine = self._visible(store, caller, group_id)
        if not self._moderates(caller, mine):
            raise Forbidden(MODERATORS_ONLY)
        request = store.membership(group_id, member_id)
        if request is None or request["state"] != "requested":
            raise NotFound("Ce membre n'a pas de demande en attente dans ce groupe.")
        now = self.clock()
        if accept:
            return self._joined(store, group, member_id, "member", now, created_at=request["created_at"])
        store.delete_membership(group_id, member_id)
        return Outcome(no_membership(group_id, member_id, now))

    def invite(self, store, caller: Caller, group_id: str, member_id: str) -> dict:
        group, mine = self._visible(store, caller, group_id)
        if not self._moderates(caller, mine):
            raise Forbidden(MODERATORS_ONLY)
        if store.get(member_id) is None:
            raise NotFound(NO_SUCH_MEMBER)
        existing = store.membership(group_id, member_id)
        state = existing["state"] if existing else None
        if state == "member":
            raise Conflict("Ce membre fait déjà partie du groupe.")
        if state == "invited":
            raise Conflict("Ce membre est déjà invité.")
        if state == "requested":
            raise Conflict("Ce membre a déjà demandé à rejoindre le groupe : acceptez sa demande.")
        return membership_view(self._put(store, group_id, member_id, "invited", None, self.clock()))

    def set_role(self, store, caller: Caller, group_id: str, member_id: str, role: str) -> dict:
        group, mine = self._visible(store, caller, group_id)
        if not self._owns(caller, mine):
            raise Forbidden(OWNERS_ONLY)
        target = store.membership(group_id, member_id)
        if target is None or target["state"] != "member":
            raise NotFound("Ce membre ne fait pas partie du groupe.")
        if target.get("role") == role:
            return membership_view(target)
        if target.get("role") == "owner" and store.count_owners(group_id) <= 1:
            raise Conflict(LAST_OWNER)
        doc = dict(target, role=role, updated_at=self.clock())
        store.put_membership(doc)
        return membership_view(doc)
