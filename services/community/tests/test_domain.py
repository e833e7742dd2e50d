"""Unit tests of the community rules (pure Python, in-memory repository, shared fake unit of work)."""
from datetime import datetime, timedelta, timezone

import pytest

from classe12_community.domain import throttle
from classe12_community.domain.emails import normalise_email
from classe12_community.domain.members import ACCEPTED, Members
from classe12_community.domain.passwords import (
    IS_THE_ADDRESS,
    TOO_COMMON,
    TOO_GUESSABLE,
    TOO_SHORT,
    hash_password,
    password_problems,
    verify_password,
)
from classe12_community.domain.sessions import Sessions
from classe12_community.schemas import RegisterSchema
from classe12_community.service import profile_of
from classe12_contracts.errors import Conflict, Forbidden, Invalid, NotFound, TooManyRequests, Unauthorized
from classe12_runtime.context import Caller
from classe12_runtime.validation import load_or_invalid
from classe12_testing.fakes import FakeUnitOfWork

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
PASSWORD = "un mot de passe long"
ACCOUNT = throttle.Policy(free_failures=5, base_delay=1, max_delay=60, window=900)
ADDRESS = throttle.Policy(free_failures=30, base_delay=1, max_delay=300, window=900)


class MemoryMembers:
    """The repository of domain/members.py and domain/sessions.py, in memory."""

    def __init__(self):
        self.docs, self.sessions, self.attempts = {}, {}, {}

    def find_by_email(self, email):
        return next((d for d in self.docs.values() if d["email"] == email), None)

    def get(self, member_id):
        return self.docs.get(member_id)

    def insert(self, member):
        if self.find_by_email(member["email"]):
            raise Conflict("Un compte existe déjà avec cette adresse e-mail.")
        doc = dict(member, _id=f"{len(self.docs) + 1:024x}")
        self.docs[doc["_id"]] = doc
        return doc

    def set_roles(self, member_id, roles, now):
        doc = self.docs.get(member_id)
        if doc:
            doc.update(roles=list(roles), roles_changed_at=now)
        return doc

    def update_member(self, member_id, changes):
        doc = self.docs.get(member_id)
        if doc is not None:
            doc.update(changes)
        return doc

    def get_school(self, uai):
        return None

    def set_password_hash(self, member_id, password_hash):
        self.docs[member_id]["password_hash"] = password_hash

    def failures(self, key):
        return self.attempts.get(key)

    def add_failure(self, key, now, window):
        record = self.attempts.setdefault(key, {"failures": 0, "last_failure_at": now})
        if now - record["last_failure_at"] > timedelta(seconds=window):
            record["failures"] = 0
        record.update(failures=record["failures"] + 1, last_failure_at=now)

    def forget_failures(self, key):
        self.attempts.pop(key, None)

    def insert_session(self, doc):
        self.sessions[doc["_id"]] = dict(doc)

    def get_session(self, session_id):
        return self.sessions.get(session_id)

    def rotate_token(self, session_id, token_id, new_token_id, now):
        session = self.sessions.get(session_id)
        if session is None or session["token_id"] != token_id or session["revoked_at"] is not None:
            return None
        session.update(token_id=new_token_id, refreshed_at=now)
        return dict(session)

    def revoke_session(self, session_id, now):
        session = self.sessions.get(session_id)
        if session is None or session["revoked_at"] is not None:
            return False
        session["revoked_at"] = now
        return True

    def revoke_sessions(self, member_id, now):
        closed = [s for s in self.sessions.values() if s["member_id"] == member_id and s["revoked_at"] is None]
        for session in closed:
            session["revoked_at"] = now
        self.docs[member_id]["sessions_revoked_at"] = now
        return len(closed)

    def changes_since(self, since):
        members = [m for m in self.docs.values()
                   if any((m.get(f) or datetime.min.replace(tzinfo=timezone.utc)) >= since
                          for f in ("roles_changed_at", "sessions_revoked_at"))]
        return members, [s for s in self.sessions.values() if s["revoked_at"] and s["revoked_at"] >= since]


class Clock:
    def __init__(self):
        self.now = T0

    def __call__(self):
        return self.now


class Community:
    """The use cases as the service runs them (in a unit of work), over the in-memory repository."""

    def __init__(self):
        self.clock = Clock()
        self.sessions = Sessions(ttl_seconds=3600, clock=self.clock)
        self.domain = Members(ACCOUNT, ADDRESS, self.sessions, clock=self.clock)
        self.repository = MemoryMembers()
        self.uow = FakeUnitOfWork(self.repository)

    @property
    def events(self):
        return self.uow.events

    def register(self, data):
        return self.uow.run(lambda store: self.domain.register(store, data))

    def authenticate(self, email, password, address="203.0.113.7"):
        return self.uow.query(lambda store: self.domain.authenticate(store, email, password, address))

    def get(self, caller, member_id):
        return self.uow.query(lambda store: self.domain.get(store, caller, member_id))

    def grant_role(self, caller, member_id, role):
        return self.uow.run(lambda store: self.domain.grant_role(store, caller, member_id, role))

    def revoke_role(self, caller, member_id, role):
        return self.uow.run(lambda store: self.domain.revoke_role(store, caller, member_id, role))

    def refresh(self, session_id, token_id):
        return self.uow.run(lambda store: self.sessions.refresh(store, session_id, token_id, profile_of))

    def close(self, caller, session_id):
        return self.uow.run(lambda store: self.sessions.close(store, caller, session_id))

    def close_all(self, caller):
        return self.uow.run(lambda store: self.sessions.close_all(store, caller))

    def changes(self, caller, since):
        return self.uow.query(lambda store: self.sessions.changes_since(store, caller, since))


def registration(**overrides):
    data = {"email": "Anne.Martin@ac-lille.fr", "password": PASSWORD, "display_name": "Anne Martin",
            "role": "teacher", "levels": ["CP"]}
    data.update(overrides)
    return load_or_invalid(RegisterSchema(), data)


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """argon2id as configured costs ~0.1 s a hash, on purpose; unit tests need the rules, not the cost."""
    from argon2 import PasswordHasher

    from classe12_community.domain import passwords
    cheap = PasswordHasher(time_cost=1, memory_cost=256, parallelism=1)
    monkeypatch.setattr(passwords, "_hasher", cheap)
    monkeypatch.setattr(passwords, "_DECOY", cheap.hash("decoy"))


@pytest.fixture
def members():
    return Community()


def member_id(members, email="anne.martin@ac-lille.fr"):
    return str(members.repository.find_by_email(email)["_id"])


# --- registration -------------------------------------------------------------------------------

def test_register_normalises_the_address_and_announces_the_member(members):
    assert members.register(registration()) == ACCEPTED
    stored = members.repository.find_by_email("anne.martin@ac-lille.fr")
    assert stored["password_hash"].startswith("$argon2id$") and stored["roles"] == ["teacher"]
    [event] = members.events
    assert event["type"] == "community.member_registered"
    assert event["data"]["levels"] == ["CP"] and event["data"]["role"] == "teacher"
    assert "email" not in event["data"]  # no address on the bus


def test_an_existing_address_gets_the_same_answer_and_its_owner_is_told(members):
    first = members.register(registration())
    again = members.register(registration(email="ANNE.martin@ac-lille.fr", password="un autre mot de passe",
                                          display_name="Quelqu'un"))
    assert again == first == ACCEPTED
    assert len(members.repository.docs) == 1
    assert members.repository.find_by_email("anne.martin@ac-lille.fr")["display_name"] == "Anne Martin"
    assert [e["type"] for e in members.events] == ["community.member_registered", "community.duplicate_registration"]
    assert members.events[1]["data"] == {"member_id": member_id(members)}


def test_internationalised_domains_are_one_address():
    assert normalise_email("A@École.FR") == normalise_email("a@xn--cole-9oa.fr") == "a@xn--cole-9oa.fr"
    assert normalise_email("ａnne@ac-lille.fr") == "anne@ac-lille.fr"  # NFKC: a full-width letter
    with pytest.raises(Invalid):
        normalise_email("anne@")


def test_the_same_account_whatever_the_spelling_of_its_domain(members):
    members.register(registration(email="anne@école.fr"))
    members.register(registration(email="anne@xn--cole-9oa.fr"))
    assert len(members.repository.docs) == 1
    assert members.authenticate("Anne@ÉCOLE.fr", PASSWORD)["member"]["email"] == "anne@xn--cole-9oa.fr"


@pytest.mark.parametrize("password, message", [
    ("1234567890", TOO_COMMON), ("password12", TOO_COMMON), ("azertyuiop", TOO_COMMON),
    ("Azertyuiop2024!", TOO_COMMON), ("anne.martin@ac-lille.fr", IS_THE_ADDRESS),
    ("mon-anne.martin-2026", IS_THE_ADDRESS), ("Court12!", TOO_SHORT), ("courtcourt12", TOO_GUESSABLE),
    ("abcdefghijklm", TOO_GUESSABLE),
])
def test_weak_passwords_are_refused_with_what_to_change(members, password, message):
    assert password_problems(password, "anne.martin@ac-lille.fr") == [message]
    with pytest.raises(Invalid) as err:
        members.register(dict(registration(), password=password))  # the domain checks, whatever came before
    assert err.value.fields == {"password": [message]}
    assert members.repository.docs == {}


def test_the_schema_says_the_length_first():
    with pytest.raises(Invalid) as err:
        registration(password="court")
    assert err.value.fields == {"password": [TOO_SHORT + " 200 au plus."]}


@pytest.mark.parametrize("password", ["un mot de passe long", "Lecture-en-binôme-2026", "G7#kq!2Lm@9z"])
def test_strong_passwords_are_accepted(password):
    assert password_problems(password, "anne.martin@ac-lille.fr") == []


@pytest.mark.parametrize("role", ["adviser", "researcher", "admin", "superuser"])
def test_privileged_roles_cannot_be_self_chosen(role):
    with pytest.raises(Invalid) as err:
        registration(role=role)
    assert "role" in err.value.fields


def test_bad_uai_and_trailing_newlines_are_refused_in_french():
    with pytest.raises(Invalid) as err:
        registration(school_uai="12")
    assert "UAI" in err.value.fields["school_uai"][0]
    with pytest.raises(Invalid):
        registration(school_uai="0751234A\n")  # anchored at the true end of the string


# --- sign-in ------------------------------------------------------------------------------------

def test_authenticate_opens_a_session(members):
    members.register(registration())
    signed_in = members.authenticate("ANNE.martin@ac-lille.fr", PASSWORD)
    assert signed_in["member"]["display_name"] == "Anne Martin"
    session = signed_in["session"]
    assert members.repository.get_session(session["id"])["token_id"] == session["token_id"]
    assert session["expires_at"] == (T0 + timedelta(hours=1)).isoformat(timespec="milliseconds")
    with pytest.raises(Unauthorized):
        members.authenticate("anne.martin@ac-lille.fr", "mauvais mot de passe")
    with pytest.raises(Unauthorized):
        members.authenticate("personne@ac-lille.fr", PASSWORD)


def test_failures_make_attempts_wait_longer_then_let_the_member_in(members):
    members.register(registration())
    for _ in range(ACCOUNT.free_failures):
        with pytest.raises(Unauthorized):
            members.authenticate("anne.martin@ac-lille.fr", "mauvais mot de passe", address=None)
    with pytest.raises(TooManyRequests) as err:  # even the right password must wait
        members.authenticate("anne.martin@ac-lille.fr", PASSWORD, address=None)
    assert err.value.details == {"retry_after": 1} and "1 seconde" in err.value.message
    members.clock.now += timedelta(seconds=1)
    with pytest.raises(Unauthorized):
        members.authenticate("anne.martin@ac-lille.fr", "mauvais mot de passe", address=None)
    with pytest.raises(TooManyRequests) as err:
        members.authenticate("anne.martin@ac-lille.fr", PASSWORD, address=None)
    assert err.value.details == {"retry_after": 2}
    # however long an attacker insists, the member waits at most max_delay
    for _ in range(20):
        members.clock.now += timedelta(seconds=ACCOUNT.max_delay)
        with pytest.raises(Unauthorized):
            members.authenticate("anne.martin@ac-lille.fr", "mauvais mot de passe", address=None)
    with pytest.raises(TooManyRequests) as err:
        members.authenticate("anne.martin@ac-lille.fr", PASSWORD, address=None)
    assert err.value.details["retry_after"] == ACCOUNT.max_delay
    members.clock.now += timedelta(seconds=ACCOUNT.max_delay)
    assert members.authenticate("anne.martin@ac-lille.fr", PASSWORD, address=None)["member"]
    assert members.repository.failures("account:anne.martin@ac-lille.fr") is None  # counted again from zero


def test_unknown_addresses_are_throttled_alike(members):
    for _ in range(ACCOUNT.free_failures):
        with pytest.raises(Unauthorized):
            members.authenticate("personne@ac-lille.fr", PASSWORD, address=None)
    with pytest.raises(TooManyRequests):
        members.authenticate("personne@ac-lille.fr", PASSWORD, address=None)


def test_one_client_address_trying_many_accounts_is_slowed(members):
    for n in range(ADDRESS.free_failures):
        with pytest.raises(Unauthorized):
            members.authenticate(f"cible{n}@ac-lille.fr", PASSWORD)
    with pytest.raises(TooManyRequests):
        members.authenticate("encore@ac-lille.fr", PASSWORD)
    members.register(registration())
    assert members.authenticate("anne.martin@ac-lille.fr", PASSWORD, address="198.51.100.1")["member"]


def test_counts_start_again_after_the_window(members):
    for _ in range(ACCOUNT.free_failures):
        with pytest.raises(Unauthorized):
            members.authenticate("anne@ac-lille.fr", "x", address=None)
    members.clock.now += timedelta(seconds=ACCOUNT.window + 1)
    with pytest.raises(Unauthorized):  # not TooManyRequests
        members.authenticate("anne@ac-lille.fr", "x", address=None)


# --- sessions -----------------------------------------------------------------------------------

def signed_in(members):
    members.register(registration())
    return members.authenticate("anne.martin@ac-lille.fr", PASSWORD)


def test_refresh_rotates_the_token(members):
    first = signed_in(members)["session"]
    second = members.refresh(first["id"], first["token_id"])
    assert second["session"]["id"] == first["id"] and second["session"]["token_id"] != first["token_id"]
    assert second["member"]["roles"] == ["teacher"]
    third = members.refresh(first["id"], second["session"]["token_id"])
    assert third["session"]["token_id"] not in (first["token_id"], second["session"]["token_id"])


def test_a_replayed_refresh_token_revokes_the_whole_session(members):
    session = signed_in(members)["session"]
    rotated = members.refresh(session["id"], session["token_id"])["session"]
    with pytest.raises(Unauthorized):
        members.refresh(session["id"], session["token_id"])  # the old one, replayed
    [event] = [e for e in members.events if e["type"] == "community.sessions_revoked"]
    assert event["data"]["session_id"] == session["id"]
    with pytest.raises(Unauthorized):  # the thief's rotated token is dead too
        members.refresh(session["id"], rotated["token_id"])


def test_expired_closed_and_unknown_sessions_do_not_refresh(members):
    session = signed_in(members)["session"]
    with pytest.raises(Unauthorized):
        members.refresh("inconnue", session["token_id"])
    members.clock.now += timedelta(hours=2)
    with pytest.raises(Unauthorized):
        members.refresh(session["id"], session["token_id"])


def test_sign_out_here_and_everywhere(members):
    first = signed_in(members)
    second = members.authenticate("anne.martin@ac-lille.fr", PASSWORD)
    anne = Caller(actor_id=first["member"]["id"], roles=("teacher",))
    stranger = Caller(actor_id="f" * 24, roles=("teacher",))
    with pytest.raises(NotFound):
        members.close(stranger, first["session"]["id"])
    assert members.close(anne, first["session"]["id"]) == {"closed": 1}
    assert members.close(anne, first["session"]["id"]) == {"closed": 0}  # idempotent
    with pytest.raises(Unauthorized):
        members.refresh(first["session"]["id"], first["session"]["token_id"])
    assert members.refresh(second["session"]["id"], second["session"]["token_id"])
    assert members.close_all(anne) == {"closed": 1}
    with pytest.raises(Unauthorized):
        members.refresh(second["session"]["id"], second["session"]["token_id"])
    revoked = [e["data"] for e in members.events if e["type"] == "community.sessions_revoked"]
    assert [r["session_id"] for r in revoked] == [first["session"]["id"], None]


# --- roles and what gateways must know ------------------------------------------------------------

def test_admins_grant_and_revoke_privileged_roles(members):
    members.register(registration())
    anne = member_id(members)
    teacher = Caller(actor_id=anne, roles=("teacher",))
    admin = Caller(actor_id="a" * 24, roles=("admin",))
    with pytest.raises(Forbidden):
        members.grant_role(teacher, anne, "adviser")
    with pytest.raises(Invalid):
        members.grant_role(admin, anne, "parent")
    with pytest.raises(NotFound):
        members.grant_role(admin, "f" * 24, "adviser")
    assert members.grant_role(admin, anne, "adviser")["roles"] == ["teacher", "adviser"]
    assert members.grant_role(admin, anne, "adviser")["roles"] == ["teacher", "adviser"]  # no change, no event
    assert members.revoke_role(admin, anne, "adviser")["roles"] == ["teacher"]
    with pytest.raises(Invalid):
        members.revoke_role(admin, anne, "teacher")  # self-chosen roles are not taken back
    changes = [e["data"]["roles"] for e in members.events if e["type"] == "community.member_roles_changed"]
    assert changes == [["teacher", "adviser"], ["teacher"]]


def test_access_changes_are_for_the_platform_only(members):
    session = signed_in(members)["session"]
    anne = member_id(members)
    members.clock.now += timedelta(minutes=1)
    members.grant_role(Caller(actor_id="a" * 24, roles=("admin",)), anne, "researcher")
    members.close(Caller(actor_id=anne, roles=("teacher",)), session["id"])
    with pytest.raises(Forbidden):
        members.changes(Caller(actor_id="a" * 24, roles=("admin",)), T0)
    changes = members.changes(Caller(actor_id="0" * 24, roles=("platform",)), T0 + timedelta(seconds=30))
    assert changes["members"][0]["roles"] == ["teacher", "researcher"]
    assert [s["session_id"] for s in changes["sessions"]] == [session["id"]]
    assert members.changes(Caller(actor_id="0" * 24, roles=("platform",)), T0 + timedelta(hours=1)) == {
        "members": [], "sessions": []}


def test_profile_visible_to_self_and_admin_only(members):
    members.register(registration())
    anne = member_id(members)
    with pytest.raises(NotFound):
        members.get(Caller(actor_id="b" * 24, roles=("teacher",)), anne)
    assert members.get(Caller(actor_id=anne, roles=("teacher",)), anne)["id"] == anne
    assert "password_hash" not in members.get(Caller(actor_id="c" * 24, roles=("admin",)), anne)


def test_password_hash_is_argon2_and_verifies(monkeypatch):
    monkeypatch.undo()  # the real parameters
    stored = hash_password("correct horse battery")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "correct horse battery")
    assert not verify_password(stored, "wrong")
    assert not verify_password(None, "anything")
