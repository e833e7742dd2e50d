"""Member accounts: registration, sign-in, roles.

Use cases take the repository (storage.MemberStore; unit tests use an in-memory fake):
    find_by_email(email) -> doc | None;  get(member_id) -> doc | None
    insert(member) -> doc with "_id" (Conflict when the address is taken meanwhile)
    set_roles(member_id, roles, now) -> doc | None;  set_password_hash(member_id, hash)
    failures(key) -> {failures, last_failure_at} | None;  add_failure(key, now, window);  forget_failures(key)
    update_member(member_id, changes) -> doc | None;  get_school(uai) -> doc | None
    + the session methods listed in sessions.py
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from classe12_contracts.errors import Invalid, NotFound, TooManyRequests, Unauthorized
from classe12_contracts.registry import in_order
from classe12_runtime.clock import iso, utcnow
from classe12_runtime.context import Caller
from classe12_runtime.uow import Event, Outcome

from . import throttle
from .charter import CHARTER_VERSION, WRONG_VERSION
from .emails import normalise_email, same_address_or_none
from .groups import local_groups
from .passwords import hash_password, needs_rehash, password_problems, verify_password
from .profiles import directory_fields, member_updated
from .roles import PRIVILEGED_ROLES
from .schools import school_view
from .sessions import Sessions

#: the shared format of a level, owned by the evaluation service's contract
LEVEL_FORMAT = ("urn:classe12:evaluation:formats:v1", "level")

MEMBER_REGISTERED = "community.member_registered"
DUPLICATE_REGISTRATION = "community.duplicate_registration"
ROLES_CHANGED = "community.member_roles_changed"

#: the one answer to a registration, whether the address was free or not
ACCEPTED = {"message": "Merci ! Si cette adresse n'avait pas encore de compte, il est créé : vous pouvez vous "
                       "connecter. Un e-mail vous a été envoyé à cette adresse."}
WRONG_CREDENTIALS = "Adresse e-mail ou mot de passe incorrect."


def new_member(data: dict, email: str, password_hash: str, now: datetime) -> dict:
    """The document of a new account; `data` is already validated by RegisterSchema."""
    return {
        "email": email,
        "password_hash": password_hash,
        "display_name": data["display_name"],
        "roles": [data["role"]],
        "school_uai": data.get("school_uai"),
        "levels": in_order(data.get("levels"), *LEVEL_FORMAT),
        "created_at": now,
        "updated_at": now,
        "roles_changed_at": None,
        "sessions_revoked_at": None,
        "email_verified_at": None,
        "charter_version": data.get("charter_version"),
        "charter_accepted_at": now if data.get("charter_version") else None,
    }


def public_profile(member: dict) -> dict:
    """What a member (or an admin) sees of an account: never the hash."""
    return {
        "id": str(member["_id"]),
        "email": member["email"],
        "display_name": member["display_name"],
        "roles": list(member["roles"]),
        "school_uai": member.get("school_uai"),
        "levels": list(member.get("levels") or []),
        "created_at": iso(member["created_at"]),
        "email_verified": bool(member.get("email_verified_at")),
    }


def registered_event(member: dict) -> dict:
    return {"member_id": str(member["_id"]), "display_name": member["display_name"],
            "role": member["roles"][0], "levels": list(member.get("levels") or []),
            "school_uai": member.get("school_uai")}


class Members:
    def __init__(self, account_policy: throttle.Policy, address_policy: throttle.Policy, sessions: Sessions,
                 clock: Callable[[], datetime] = utcnow, welcome: Callable[[object, dict], list] = lambda store, m: []):
        self.welcome = welcome  # the events that greet a new account (lifecycle: its verification e-mail)
        self.account_policy = account_policy
        self.address_policy = address_policy
        self.sessions = sessions
        self.clock = clock

    def register(self, store, data: dict) -> Outcome:
        """The same answer, after the same work (a password hash, one transaction with one
        event), whether the address is free or not: nobody learns who has an account."""
        email = normalise_email(data["email"])
        problems = password_problems(data["password"], email)
        if problems:
            raise Invalid(fields={"password": problems})
        if data.get("charter_version") not in (None, CHARTER_VERSION):
            raise Invalid(fields={"charter_version": [WRONG_VERSION]})
        password_hash = hash_password(data["password"])
        existing = store.find_by_email(email)
        if existing is not None:
            return Outcome(ACCEPTED, [Event(DUPLICATE_REGISTRATION, 1, {"member_id": str(existing["_id"])})])
        document = new_member(data, email, password_hash, self.clock())
        school = store.get_school(document["school_uai"]) if document["school_uai"] else None
        document["school"] = school_view(school) if school else None
        for group in local_groups(document["school"], document["created_at"]) if school else ():
            store.ensure_group(group)  # the local groups the member will be suggested
        member = store.insert(document)
        store.update_member(str(member["_id"]), directory_fields(member))  # found by the member directory
        return Outcome(ACCEPTED, [Event(MEMBER_REGISTERED, 1, registered_event(member)), *self.welcome(store, member)])

    def authenticate(self, store, email: str, password: str, client_address: str | None) -> Outcome:
        """Sign in: the member and a new session; throttled per account and per client address."""
        now = self.clock()
        address = same_address_or_none(email) or email.strip().lower()
        keys = [("account:" + address, self.account_policy)]
        if client_address:
            keys.append(("address:" + client_address, self.address_policy))
        wait = max(throttle.wait_seconds(policy, store.failures(key), now) for key, policy in keys)
        if wait:
            raise TooManyRequests(f"Trop de tentatives de connexion. Réessayez dans {wait} seconde"
                                  f"{'s' if wait > 1 else ''}.", details={"retry_after": wait})
        member = store.find_by_email(address)
        if not verify_password(member["password_hash"] if member else None, password):
            for key, policy in keys:
                store.add_failure(key, now, policy.window)
            raise Unauthorized(WRONG_CREDENTIALS)
        store.forget_failures(keys[0][0])
        if needs_rehash(member["password_hash"]):
            store.set_password_hash(member["_id"], hash_password(password))
        session = self.sessions.open(store, str(member["_id"]), now)
        return Outcome({"member": public_profile(member), "session": session})

    def get(self, store, caller: Caller, member_id: str) -> dict:
        caller.require_member()
        if caller.actor_id != member_id and not caller.has_role("admin"):
            raise NotFound("Ce membre n'existe pas.")
        member = store.get(member_id)
        if member is None:
            raise NotFound("Ce membre n'existe pas.")
        return public_profile(member)

    def grant_role(self, store, caller: Caller | None, member_id: str, role: str) -> Outcome:
        """Give a privileged role. caller None means the operator's command line."""
        return self._change_roles(store, caller, member_id, role, lambda roles: roles + [role])

    def revoke_role(self, store, caller: Caller, member_id: str, role: str) -> Outcome:
        return self._change_roles(store, caller, member_id, role, lambda roles: [r for r in roles if r != role])

    def _change_roles(self, store, caller: Caller | None, member_id: str, role: str, change) -> Outcome:
        if caller is not None:
            caller.require_role("admin")
        if role not in PRIVILEGED_ROLES:
            raise Invalid(fields={"role": [f"Seuls ces rôles s'attribuent : {', '.join(PRIVILEGED_ROLES)}."]})
        member = store.get(member_id)
        if member is None:
            raise NotFound("Ce membre n'existe pas.")
        roles = list(dict.fromkeys(change(list(member["roles"]))))
        if roles == member["roles"]:
            return Outcome(public_profile(member))
        now = self.clock()
        member = store.set_roles(member_id, roles, now)
        member = store.update_member(member_id, directory_fields(member)) or member
        return Outcome(public_profile(member), [Event(ROLES_CHANGED, 1, {
            "member_id": member_id, "roles": roles, "changed_at": iso(now)}), member_updated(member, now)])
