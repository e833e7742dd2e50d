"""Member accounts: registration, authentication, role grants."""
from __future__ import annotations

from datetime import datetime

from classe12_kernel.clock import iso, utcnow
from classe12_kernel.context import Caller
from classe12_kernel.errors import Conflict, Invalid, NotFound, Unauthorized

from .passwords import hash_password, needs_rehash, verify_password
from .roles import PRIVILEGED_ROLES


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
        "levels": sorted(set(data.get("levels") or [])),
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


class Members:
    """Use cases over a repository offering find_by_email/get/insert/add_role/set_password_hash."""

    def __init__(self, repository, events=None):
        self.repository = repository
        self.events = events

    def register(self, data: dict) -> dict:
        if self.repository.find_by_email(normalise_email(data["email"])):
            raise Conflict("Un compte existe déjà avec cette adresse e-mail.", {"email": ["Adresse déjà utilisée."]})
        member = new_member(data)
        member = self.repository.insert_with_event(
            member, lambda saved: self.events.envelope("community.member_registered", registered_event(saved)),
            self.events.record)
        self.events.flush()
        return public_profile(member)

    def authenticate(self, email: str, password: str) -> dict:
        member = self.repository.find_by_email(normalise_email(email))
        if not verify_password(member["password_hash"] if member else None, password):
            raise Unauthorized("Adresse e-mail ou mot de passe incorrect.")
        if needs_rehash(member["password_hash"]):
            self.repository.set_password_hash(member["_id"], hash_password(password))
        return public_profile(member)

    def get(self, caller: Caller, member_id: str) -> dict:
        caller.require_member()
        if caller.actor_id != member_id and not caller.has_role("admin"):
            raise NotFound("Ce membre n'existe pas.")
        member = self.repository.get(member_id)
        if member is None:
            raise NotFound("Ce membre n'existe pas.")
        return public_profile(member)

    def grant_role(self, caller: Caller | None, member_id: str, role: str) -> dict:
        """Give a privileged role. caller None means the operator's command line."""
        if caller is not None:
            caller.require_role("admin")
        if role not in PRIVILEGED_ROLES:
            raise Invalid(fields={"role": [f"Seuls ces rôles s'attribuent : {', '.join(PRIVILEGED_ROLES)}."]})
        member = self.repository.add_role(member_id, role)
        if member is None:
            raise NotFound("Ce membre n'existe pas.")
        return public_profile(member)
