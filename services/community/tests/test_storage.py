"""Storage tests against a real MongoDB-protocol server (SecantusDB, or TEST_MONGO_URI)."""
from datetime import datetime, timezone

import pytest

from classe12_community.domain.members import Members
from classe12_community.storage import MemberStore
from classe12_contracts.errors import Conflict
from classe12_runtime.context import Caller
from classe12_runtime.outbox import Outbox
from classe12_runtime.uow import MongoUnitOfWork


def member(email="a@b.fr"):
    now = datetime.now(timezone.utc)
    return {"email": email, "password_hash": "x", "display_name": "A", "roles": ["teacher"],
            "levels": [], "created_at": now, "updated_at": now}


class Relay:
    def publish_now(self, ids):
        pass


@pytest.fixture
def store(mongo_db):
    store = MemberStore(mongo_db)
    store.ensure_indexes()
    Outbox(mongo_db).ensure_indexes()
    return store


def register(mongo_db, email):
    uow = MongoUnitOfWork(mongo_db, MemberStore, Outbox(mongo_db), Relay(), Caller(request_id="req"))
    data = {"email": email, "password": "un mot de passe long", "display_name": "Anne", "role": "teacher",
            "levels": ["CE1", "CP"], "school_uai": None}
    return uow.run(lambda repo: Members().register(repo, data))


def test_registration_stores_the_member_and_its_event_together(store, mongo_db):
    profile = register(mongo_db, "anne@ac-lille.fr")
    assert store.get(profile["id"])["levels"] == ["CP", "CE1"]
    [envelope] = Outbox(mongo_db).pending()
    assert envelope["type"] == "community.member_registered" and envelope["data"]["member_id"] == profile["id"]


def test_duplicate_email_is_a_conflict_and_leaves_no_orphan_event(store, mongo_db):
    register(mongo_db, "anne@ac-lille.fr")
    with pytest.raises(Conflict):
        store.insert(member("anne@ac-lille.fr"))
    with pytest.raises(Conflict):
        register(mongo_db, "anne@ac-lille.fr")
    assert mongo_db.members.count_documents({}) == 1
    assert len(Outbox(mongo_db).pending()) == 1


def test_add_role_is_idempotent_and_unknown_ids_are_none(store):
    saved = store.insert(member())
    store.add_role(str(saved["_id"]), "admin")
    assert store.add_role(str(saved["_id"]), "admin")["roles"] == ["teacher", "admin"]
    assert store.add_role("not-an-id", "admin") is None
    assert store.get("f" * 24) is None
