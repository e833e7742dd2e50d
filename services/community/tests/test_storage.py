"""Storage tests against a real MongoDB-protocol server (SecantusDB, or TEST_MONGO_URI)."""
from datetime import datetime, timedelta, timezone

import pytest

from classe12_community.domain import throttle
from classe12_community.domain.members import ACCEPTED, Members
from classe12_community.domain.sessions import Sessions
from classe12_community.migrations import MIGRATIONS
from classe12_community.storage import CommunityStore as MemberStore
from classe12_contracts.errors import Conflict
from classe12_runtime.context import Caller
from classe12_runtime.migrations import migrate
from classe12_runtime.outbox import Outbox
from classe12_runtime.uow import MongoUnitOfWork

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
POLICY = throttle.Policy(5, 1, 60, 900)


def member(email="a@b.fr"):
    return {"email": email, "password_hash": "x", "display_name": "A", "roles": ["teacher"],
            "levels": [], "created_at": T0, "updated_at": T0, "roles_changed_at": None, "sessions_revoked_at": None}


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
    return uow.run(lambda repo: Members(POLICY, POLICY, Sessions(3600)).register(repo, data))


def test_registration_stores_the_member_and_its_event_together(store, mongo_db):
    assert register(mongo_db, "anne@ac-lille.fr") == ACCEPTED
    assert store.find_by_email("anne@ac-lille.fr")["levels"] == ["CP", "CE1"]
    [envelope] = Outbox(mongo_db).pending()
    assert envelope["type"] == "community.member_registered"


def test_an_address_in_use_changes_nothing_but_tells_its_owner(store, mongo_db):
    register(mongo_db, "anne@ac-lille.fr")
    assert register(mongo_db, "ANNE@ac-lille.fr") == ACCEPTED
    with pytest.raises(Conflict):
        store.insert(member("anne@ac-lille.fr"))  # the unique index, should two registrations race
    assert mongo_db.members.count_documents({}) == 1
    assert [e["type"] for e in Outbox(mongo_db).pending()] == ["community.member_registered",
                                                               "community.duplicate_registration"]


def test_roles_and_failures(store):
    saved = store.insert(member())
    assert store.set_roles(str(saved["_id"]), ["teacher", "admin"], T0)["roles_changed_at"] == T0
    assert store.set_roles("not-an-id", ["admin"], T0) is None
    for at in (T0, T0 + timedelta(seconds=1)):
        store.add_failure("account:a@b.fr", at, window=900)
    assert store.failures("account:a@b.fr")["failures"] == 2
    store.add_failure("account:a@b.fr", T0 + timedelta(hours=1), window=900)  # long after: counted from zero
    assert store.failures("account:a@b.fr")["failures"] == 1
    store.forget_failures("account:a@b.fr")
    assert store.failures("account:a@b.fr") is None


def test_a_token_rotates_once_even_when_two_refreshes_race(store):
    store.insert_session({"_id": "s" * 24, "member_id": "m" * 24, "token_id": "t1" * 12, "created_at": T0,
                          "refreshed_at": T0, "expires_at": T0 + timedelta(days=1), "revoked_at": None})
    assert store.rotate_token("s" * 24, "t1" * 12, "t2" * 12, T0)["token_id"] == "t2" * 12
    assert store.rotate_token("s" * 24, "t1" * 12, "t3" * 12, T0) is None
    assert store.revoke_session("s" * 24, T0) and not store.revoke_session("s" * 24, T0)
    assert store.rotate_token("s" * 24, "t2" * 12, "t4" * 12, T0) is None  # revoked


def test_changes_since_a_time(store):
    saved = store.insert(member())
    store.insert_session({"_id": "s" * 24, "member_id": str(saved["_id"]), "token_id": "t" * 24, "created_at": T0,
                          "refreshed_at": T0, "expires_at": T0 + timedelta(days=1), "revoked_at": None})
    assert store.revoke_sessions(str(saved["_id"]), T0 + timedelta(minutes=5)) == 1
    members, sessions = store.changes_since(T0)
    assert [m["_id"] for m in members] == [saved["_id"]] and [s["_id"] for s in sessions] == ["s" * 24]
    assert store.changes_since(T0 + timedelta(hours=1)) == ([], [])


def test_migration_normalises_the_addresses_the_previous_release_stored(mongo_db, store):
    """Release 1 stored addresses stripped and lowercased only."""
    mongo_db.members.insert_many([member("anne@école.fr"), member("bruno@ac-lille.fr"),
                                  member("dup@xn--cole-9oa.fr"), member("dup@école.fr")])
    assert migrate(mongo_db, MIGRATIONS) == [1, 2, 3, 4]
    emails = sorted(d["email"] for d in mongo_db.members.find())
    # the duplicate keeps its address (an admin decides which account keeps it)
    assert emails == ["anne@xn--cole-9oa.fr", "bruno@ac-lille.fr", "dup@xn--cole-9oa.fr", "dup@école.fr"]
    mongo_db.migrations.delete_many({})
    assert migrate(mongo_db, MIGRATIONS) == [1, 2, 3, 4]  # idempotent


def test_migration_lists_the_moderation_log_the_previous_release_wrote(mongo_db, store):
    """Release 2.3 wrote moderation log records without `log_keys` nor `list_key`."""
    mongo_db.moderation_log.insert_many([
        {"action": "hide", "kind": "post", "target_id": "a" * 24, "group_id": "b" * 24, "by": "c" * 24,
         "reason": "Hors sujet", "at": T0},
        {"action": "warn", "kind": "member", "target_id": "d" * 24, "group_id": None, "by": "c" * 24,
         "reason": "Rappel", "days": None, "at": T0 + timedelta(minutes=1)}])
    assert 3 in migrate(mongo_db, MIGRATIONS)
    assert [d["action"] for d in store.moderation_log_page("all", None, 10)] == ["warn", "hide"]
    assert [d["action"] for d in store.moderation_log_page("g:" + "b" * 24, None, 10)] == ["hide"]
    mongo_db.migrations.delete_many({})
    migrate(mongo_db, MIGRATIONS)  # idempotent
    assert mongo_db.moderation_log.count_documents({"list_key": {"$exists": True}}) == 2


def test_migration_lists_the_follows_the_previous_release_wrote(mongo_db, store):
    """Release 2.4 wrote follows without `list_key`: they are listed by when they started."""
    threads = ["a" * 24, "b" * 24]
    mongo_db.follows.insert_many([{"_id": f"{t}:{'c' * 24}", "thread_id": t, "member_id": "c" * 24,
                                   "created_at": T0 + timedelta(minutes=i)} for i, t in enumerate(threads)])
    assert 4 in migrate(mongo_db, MIGRATIONS)
    assert [f["thread_id"] for f in store.my_follows("c" * 24, None, 10)] == threads[::-1]
    mongo_db.migrations.delete_many({})
    migrate(mongo_db, MIGRATIONS)  # idempotent
    assert mongo_db.follows.count_documents({"list_key": {"$exists": True}}) == 2
