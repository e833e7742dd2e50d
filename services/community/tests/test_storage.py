"""Storage tests against a real MongoDB-protocol server (SecantusDB, or TEST_MONGO_URI)."""
import pytest

from classe12_community.storage import MemberStore
from classe12_kernel.errors import Conflict
from classe12_kernel.outbox import Outbox


def member(email="a@b.fr"):
    from datetime import datetime, timezone
    now = datetime.now(timezone.utc)
    return {"email": email, "password_hash": "x", "display_name": "A", "roles": ["teacher"],
            "levels": [], "created_at": now, "updated_at": now}


def envelope_for(doc):
    return {"id": f"evt-{doc['_id']}", "type": "community.member_registered", "data": {}}


def test_insert_stores_member_and_outbox_entry_together(mongo_db):
    store = MemberStore(mongo_db)
    store.ensure_indexes()
    outbox = Outbox(mongo_db)
    saved = store.insert_with_event(member(), envelope_for, outbox.add)
    assert store.get(str(saved["_id"]))["email"] == "a@b.fr"
    assert [e["id"] for e in outbox.pending()] == [f"evt-{saved['_id']}"]


def test_duplicate_email_is_a_conflict_and_leaves_no_orphan_event(mongo_db):
    store = MemberStore(mongo_db)
    store.ensure_indexes()
    outbox = Outbox(mongo_db)
    store.insert_with_event(member(), envelope_for, outbox.add)
    with pytest.raises(Conflict):
        store.insert_with_event(member(), envelope_for, outbox.add)
    assert mongo_db.members.count_documents({}) == 1
    assert len(outbox.pending()) == 1


def test_add_role_is_idempotent_and_unknown_ids_are_none(mongo_db):
    store = MemberStore(mongo_db)
    saved = store.insert_with_event(member(), envelope_for, Outbox(mongo_db).add)
    store.add_role(str(saved["_id"]), "admin")
    assert store.add_role(str(saved["_id"]), "admin")["roles"] == ["teacher", "admin"]
    assert store.add_role("not-an-id", "admin") is None
    assert store.get("f" * 24) is None
