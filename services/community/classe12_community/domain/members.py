"""Member accounts: registration, authentication, role grants.

Use cases take the repository (storage.MemberStore; unit tests use an in-memory fake):
    find_by_email(email) -> doc | None;  get(member_id) -> doc | None
    insert(member) -> doc with "_id" (Conflict when the e-mail address is taken)
    add_role(member_id, role) -> doc | None;  set_password_hash(member_id, hash)
"""
from __future__ import annotations

from datetime import datetime

from classe12_contracts.errors import Conflict, Invalid, NotFound, Unauthorized
from classe12_contracts.registry import in_order
from classe12_runtime.clock import iso, utcnow
from classe12_runtime.context import Caller
from classe12_runtime.uow import Event, Outcome

from .passwords import hash_password, needs_rehash, verify_password
from .roles import PRIVILEGED_ROLES

#: the shared format of a level, owned by the evaluation service's contract
LEVEL_FORMAT = ("urn:classe12:evaluation:formats:v1", "level")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def new_member(data: dict, now: datetime | None = None) -> dict:
    """The document for a new account; `data` is already validated by RegisterSchema."""
    now = now or utcnow()
    return {
        "email": normalise_email(data["email"]),
        "password_hash": hash_password(data["password"]),
        "display_name": data["display_name"],
        "roles": [data["role"]],
        "school_uai": data.get("school_uai"),
        "levels": in_order(data.get("levels"), *LEVEL_FORMAT),
        "created_at": now,
        "updated_at": now,
    }


def public_profile(member: dict) -> dict:
    """What anybody calling the service may see of a member (never the hash)."""
    return {
        "id": str(member["_id"]),
        "email": member["email"],
        "display_name": member["display_name"],
        "roles": list(member["roles"]),
        "school_uai": member.get("school_uai"),
        "levels": list(member.get("levels") or []),
        "created_at": iso(member["created_at"]),
    }


def registered_event(member: dict) -> dict:
    return {"member_id": str(member["_id"]), "display_name": member["display_name"],
            "role": member["roles"][0], "levels": list(member.get("levels") or []),
            "school_uai": member.get("school_uai")}


MEMBER_REGISTERED = "community.member_registered"
EMAIL_TAKEN = Conflict("Un compte existe déjà avec cette adresse e-mail.", {"email": ["Adresse déjà utilisée."]})


class Members:
    def register(self, store, data: dict) -> Outcome:
        if store.find_by_email(normalise_email(data["email"])):
            raise Conflict(EMAIL_TAKEN.message, EMAIL_TAKEN.fields)
        member = store.insert(new_member(data))
        return Outcome(public_profile(member), [Event(MEMBER_REGISTERED, 1, registered_event(member))])

    def authenticate(self, store, email: str, password: str) -> dict:
        member = store.find_by_email(normalise_email(email))
        if not verify_password(member["password_hash"] if member else None, password):
            raise Unauthorized("Adresse e-mail ou mot de passe incorrect.")
        if needs_rehash(member["password_hash"]):
            store.set_password_hash(member["_id"], hash_password(password))
        return public_profile(member)

    def get(self, store, caller: Caller, member_id: str) -> dict:
        caller.require_member()
        if caller.actor_id != member_id and not caller.has_role("admin"):
            raise NotFound("Ce membre n'existe pas.")
        member = store.get(member_id)
        if member is None:
            raise NotFound("Ce membre n'existe pas.")
        return public_profile(member)

    def grant_role(self, store, caller: Caller | None, member_id: str, role: str) -> dict:
        """Give a privileged role. caller None means the operator's command line."""
        if caller is not None:
            caller.require_role("admin")
        if role not in PRIVILEGED_ROLES:
            raise Invalid(fields={"role": [f"Seuls ces rôles s'attribuent : {', '.join(PRIVILEGED_ROLES)}."]})
        member = store.add_role(member_id, role)
        if member is None:
            raise NotFound("Ce membre n'existe pas.")
        return public_profile(member)
