"""Profiles: what members tell about themselves, who may see it, and the member directory.

Stored on the member document: `bio`, `interests` (taxonomy subdomain slugs), `visibility`
(per field: members, groups, nobody), `school` (a copy of the directory's School when it was
chosen), and the directory keys `dir_tags` (one per combination of filters the member answers,
built from the fields they show to every member only), `name_prefixes` and `sort_key`.
"""
from __future__ import annotations

from datetime import datetime
from itertools import product
from typing import Callable

from classe12_contracts.errors import Invalid, NotFound
from classe12_contracts.registry import in_order
from classe12_runtime.clock import iso, utcnow
from classe12_runtime.context import Caller
from classe12_runtime.uow import Event, Outcome

from .avatar import avatar
from .groups import local_groups
from .schools import school_view
from .text import decode_key, page_by_key, prefixes, query_words, sort_key
from .uai import academie_of, uai_problem

LEVEL_FORMAT = ("urn:classe12:evaluation:formats:v1", "level")
MEMBER_UPDATED = "community.member_updated"
FIELDS = ("school", "levels", "interests", "bio")
DEFAULT_VISIBILITY = {name: "members" for name in FIELDS}
NO_SUCH_MEMBER = "Ce membre n'existe pas."
UNKNOWN_SCHOOL = "École inconnue de l'annuaire : cherchez-la par son nom ou sa commune."
UNKNOWN_TOPIC = "Thème inconnu."
NOTHING_TO_CHANGE = "Indiquez au moins un champ à modifier."
NO_TAXONOMY = "Les thèmes ne sont pas encore disponibles : réessayez dans un instant."


def visibility_of(member: dict) -> dict:
    return {**DEFAULT_VISIBILITY, **(member.get("visibility") or {})}


def directory_tag(departement=None, network=None, level=None, role=None) -> str:
    parts = [f"d:{departement}" if departement else "", f"n:{network}" if network else "",
             f"l:{level}" if level else "", f"r:{role}" if role else ""]
    return "|".join(p for p in parts if p) or "all"


def location(member: dict) -> tuple[str | None, str | None]:
    """(département, académie): the school's, else the département the member chose."""
    school = member.get("school")
    if school:
        return school["departement"], school["academie"]
    departement = member.get("departement")
    return departement, academie_of(departement)


def directory_fields(member: dict) -> dict:
    """The keys that let the directory find a member, from what they show to every member."""
    shown = visibility_of(member)
    school = member.get("school") if shown["school"] == "members" else None
    departement = location(member)[0] if shown["school"] == "members" else None
    departements = [None, departement] if departement else [None]
    networks = [None, school["network"]] if school and school.get("network") else [None]
    levels = [None, *(member.get("levels") or [])] if shown["levels"] == "members" else [None]
    roles = [None, *member["roles"]]
    tags = {directory_tag(*combination) for combination in product(departements, networks, levels, roles)}
    return {"dir_tags": sorted(tags), "name_prefixes": prefixes(member["display_name"]),
            "sort_key": sort_key(member["display_name"], str(member["_id"]))}


def interests_view(slugs, taxonomy: dict | None) -> list[dict]:
    labels = (taxonomy or {}).get("subdomains") or {}
    return [{"slug": slug, "label": labels[slug]} for slug in slugs or () if slug in labels]


def my_profile(member: dict, taxonomy: dict | None) -> dict:
    member_id = str(member["_id"])
    return {"id": member_id, "display_name": member["display_name"], "roles": list(member["roles"]),
            "avatar": avatar(member_id, member["display_name"]), "school": member.get("school"),
            "departement": location(member)[0], "academie": location(member)[1],
            "levels": list(member.get("levels") or []), "interests": interests_view(member.get("interests"), taxonomy),
            "bio": member.get("bio") or "", "visibility": visibility_of(member),
            "updated_at": iso(member.get("updated_at") or member["created_at"])}


def profile_as_seen(member: dict, taxonomy: dict | None, sees: Callable[[str], bool]) -> dict:
    """`sees(visibility)`: whether the caller sees a field shown to that audience."""
    mine = my_profile(member, taxonomy)
    shown = visibility_of(member)
    hidden = [name for name in FIELDS if not sees(shown[name])
              or (name == "bio" and member.get("bio_hidden") and not sees("nobody"))]  # hidden by moderation
    view = {k: mine[k] for k in ("id", "display_name", "roles", "avatar")}
    view.update({name: (None if name in hidden else mine[name]) for name in FIELDS})
    view.update({name: (None if "school" in hidden else mine[name]) for name in ("departement", "academie")})
    view["hidden"] = hidden
    return view


def member_updated(member: dict, now: datetime) -> Event:
    return Event(MEMBER_UPDATED, 1, {"member_id": str(member["_id"]), "display_name": member["display_name"],
                                     "roles": list(member["roles"]), "levels": list(member.get("levels") or []),
                                     "school_uai": (member.get("school") or {}).get("uai") or member.get("school_uai"),
                                     "updated_at": iso(now)})


class Profiles:
    def __init__(self, clock: Callable[[], datetime] = utcnow):
        self.clock = clock

    @staticmethod
    def refresh_school(store, school_doc: dict) -> int:
        """Members of a school the directory changed get its new copy and their directory keys."""
        view = school_view(school_doc)
        refreshed = 0
        for member in store.members_of_school(view["uai"]):
            if member.get("school") != view:
                store.update_member(str(member["_id"]), {"school": view, **directory_fields({**member, "school": view})})
                refreshed += 1
        return refreshed

    def _me(self, store, caller: Caller) -> dict:
        caller.require_member()
        member = store.get(caller.actor_id)
        if member is None:
            raise NotFound(NO_SUCH_MEMBER)
        return member

    def mine(self, store, caller: Caller) -> dict:
        return my_profile(self._me(store, caller), store.taxonomy())

    def update(self, store, caller: Caller, data: dict) -> Outcome:
        member = self._me(store, caller)
        if not data:
            raise Invalid(fields={"_schema": [NOTHING_TO_CHANGE]})
        now = self.clock()
        taxonomy = store.taxonomy()
        changes: dict = {}
        if "display_name" in data:
            changes["display_name"] = data["display_name"]
        if "levels" in data:
            changes["levels"] = in_order(data["levels"], *LEVEL_FORMAT)
        if "bio" in data:
            changes["bio"] = data["bio"]
        if "interests" in data:
            changes["interests"] = self._interests(data["interests"], taxonomy)
        if "visibility" in data:
            changes["visibility"] = {**visibility_of(member), **data["visibility"]}
        if "school_uai" in data:
            changes.update(self._school(store, data["school_uai"], now))
        if "departement" in data:
            school = changes["school"] if "school" in changes else member.get("school")
            if school and data["departement"] not in (None, school["departement"]):
                raise Invalid(fields={"departement": [
                    f"Votre école est dans le département {school['departement']} : changez d'école, ou retirez-la."]})
            changes["departement"] = data["departement"]
        updated = {**member, **changes}
        if updated == member:
            return Outcome(my_profile(member, taxonomy))
        changes.update(directory_fields(updated), updated_at=now)
        updated = store.update_member(caller.actor_id, changes)
        events = []
        if any(member.get(k) != updated.get(k) for k in ("display_name", "levels", "school_uai")):
            events.append(member_updated(updated, now))
        return Outcome(my_profile(updated, taxonomy), events)

    @staticmethod
    def _interests(slugs: list[str], taxonomy: dict | None) -> list[str]:
        slugs = list(dict.fromkeys(slugs))
        if not slugs:
            return []
        if taxonomy is None:
            raise Invalid(fields={"interests": [NO_TAXONOMY]})
        unknown = {f"interests.{i}": [UNKNOWN_TOPIC] for i, slug in enumerate(slugs) if slug not in taxonomy["subdomains"]}
        if unknown:
            raise Invalid(fields=unknown)
        return slugs

    @staticmethod
    def _school(store, uai: str | None, now: datetime) -> dict:
        if uai is None:
            return {"school_uai": None, "school": None}
        problem = uai_problem(uai)
        if problem:
            raise Invalid(fields={"school_uai": [problem]})
        doc = store.get_school(uai)
        if doc is None:
            raise Invalid(fields={"school_uai": [UNKNOWN_SCHOOL]})
        school = school_view(doc)
        for group in local_groups(school, now):
            store.ensure_group(group)
        return {"school_uai": uai, "school": school}

    def get(self, store, caller: Caller, member_id: str) -> dict:
        caller.require_member()
        member = store.get(member_id)
        if member is None:
            raise NotFound(NO_SUCH_MEMBER)
        return profile_as_seen(member, store.taxonomy(), self._audience(store, caller, [member_id]).get(member_id))

    def _audience(self, store, caller: Caller, member_ids: list[str]) -> dict:
        """member id -> sees(visibility) for the caller."""
        sharing = store.members_sharing_a_group(caller.actor_id, [m for m in member_ids if m != caller.actor_id])

        def for_member(member_id):
            if member_id == caller.actor_id:
                return lambda visibility: True
            return lambda visibility: visibility == "members" or (visibility == "groups" and member_id in sharing)
        return {member_id: for_member(member_id) for member_id in member_ids}

    def search(self, store, caller: Caller, data: dict) -> dict:
        caller.require_member()
        tag = directory_tag(data.get("departement"), data.get("network"), data.get("level"), data.get("role"))
        after = decode_key(data.get("cursor"))
        name_words = query_words(data.get("name") or "")
        if data.get("name") and not name_words:  # punctuation only: no name has no word
            return {"items": [], "next_cursor": None}
        docs = store.search_members(tag, name_words, after, data["limit"] + 1)
        audience = self._audience(store, caller, [str(d["_id"]) for d in docs[:data["limit"]]])
        taxonomy = store.taxonomy()
        return page_by_key(docs, data["limit"], lambda d: profile_as_seen(d, taxonomy, audience[str(d["_id"])]))
