"""Unit tests of the community rules (pure Python, in-memory repository)."""
import pytest

from classe12_community.domain.members import Members
from classe12_community.domain.passwords import hash_password, verify_password
from classe12_community.schemas import RegisterSchema
from classe12_contracts.errors import Conflict, Invalid, NotFound, Unauthorized
from classe12_runtime.context import Caller
from classe12_runtime.validation import load_or_invalid
from classe12_testing.fakes import FakeUnitOfWork


class MemoryMembers:
    def __init__(self):
        self.docs = {}

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

    def add_role(self, member_id, role):
        doc = self.docs.get(member_id)
        if doc and role not in doc["roles"]:
            doc["roles"].append(role)
        return doc

    def set_password_hash(self, member_id, password_hash):
        self.docs[member_id]["password_hash"] = password_hash


class Community:
    """The use cases as the service runs them (in a unit of work), over the in-memory repository."""

    def __init__(self):
        self.domain = Members()
        self.repository = MemoryMembers()
        self.uow = FakeUnitOfWork(self.repository)

    @property
    def events(self):
        return self.uow.events

    def register(self, data):
        return self.uow.run(lambda store: self.domain.register(store, data))

    def authenticate(self, email, password):
        return self.uow.query(lambda store: self.domain.authenticate(store, email, password))

    def get(self, caller, member_id):
        return self.uow.query(lambda store: self.domain.get(store, caller, member_id))

    def grant_role(self, caller, member_id, role):
        return self.uow.query(lambda store: self.domain.grant_role(store, caller, member_id, role))


def registration(**overrides):
    data = {"email": "Anne.Martin@ac-lille.fr", "password": "un mot de passe long",
            "display_name": "Anne Martin", "role": "teacher", "levels": ["CP"]}
    data.update(overrides)
    return load_or_invalid(RegisterSchema(), data)


@pytest.fixture
def members():
    return Community()


def test_register_normalises_email_hides_hash_and_emits_event(members):
    profile = members.register(registration())
    assert profile["email"] == "anne.martin@ac-lille.fr"
    assert "password_hash" not in profile and "password" not in profile
    assert profile["roles"] == ["teacher"]
    [event] = members.events
    assert event["type"] == "community.member_registered"
    assert event["data"]["levels"] == ["CP"] and event["data"]["role"] == "teacher"


def test_same_email_twice_is_a_conflict(members):
    members.register(registration())
    with pytest.raises(Conflict) as err:
        members.register(registration(email="anne.martin@AC-LILLE.fr"))
    assert "email" in err.value.fields


@pytest.mark.parametrize("role", ["adviser", "researcher", "admin", "superuser"])
def test_privileged_roles_cannot_be_self_chosen(role):
    with pytest.raises(Invalid) as err:
        registration(role=role)
    assert "role" in err.value.fields


def test_short_password_and_bad_uai_rejected_in_french():
    with pytest.raises(Invalid) as err:
        registration(password="court", school_uai="12")
    assert err.value.fields["password"] == ["Longueur entre 10 et 200."]
    assert "UAI" in err.value.fields["school_uai"][0]


def test_authenticate(members):
    members.register(registration())
    assert members.authenticate("ANNE.martin@ac-lille.fr", "un mot de passe long")["display_name"] == "Anne Martin"
    with pytest.raises(Unauthorized):
        members.authenticate("anne.martin@ac-lille.fr", "mauvais mot de passe")
    with pytest.raises(Unauthorized):
        members.authenticate("personne@ac-lille.fr", "un mot de passe long")


def test_grant_role_needs_admin_and_a_privileged_role(members):
    profile = members.register(registration())
    teacher = Caller(actor_id=profile["id"], roles=("teacher",))
    admin = Caller(actor_id="a" * 24, roles=("admin",))
    with pytest.raises(Exception) as err:
        members.grant_role(teacher, profile["id"], "adviser")
    assert err.value.status == 403
    with pytest.raises(Invalid):
        members.grant_role(admin, profile["id"], "parent")
    with pytest.raises(NotFound):
        members.grant_role(admin, "f" * 24, "adviser")
    assert members.grant_role(admin, profile["id"], "adviser")["roles"] == ["teacher", "adviser"]


def test_profile_visible_to_self_and_admin_only(members):
    profile = members.register(registration())
    other = Caller(actor_id="b" * 24, roles=("teacher",))
    with pytest.raises(NotFound):
        members.get(other, profile["id"])
    assert members.get(Caller(actor_id=profile["id"], roles=("teacher",)), profile["id"])["id"] == profile["id"]


def test_password_hash_is_argon2_and_verifies():
    stored = hash_password("correct horse battery")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "correct horse battery")
    assert not verify_password(stored, "wrong")
    assert not verify_password(None, "anything")
