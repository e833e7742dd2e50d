"""A deleted member (`community.member_deleted` on the real bus) and a member's export, against
the real service: the deleted member's data goes or is anonymised, the others' stays, a
redelivery changes nothing."""
from datetime import datetime, timedelta, timezone

import pytest
from bson import ObjectId

from classe12_contracts.envelope import make_envelope
from classe12_notifications.delivery import failure_list_id
from classe12_notifications.domain.erasure import ERASED_SUBJECT
from classe12_notifications.service import NotificationsService
from classe12_notifications.storage import NotificationStore
from classe12_runtime.context import Caller
from classe12_runtime.outbox import EventPublisher
from classe12_runtime.pagination import list_key
from classe12_testing.waiting import eventually, handled, member_deleted

ANNE, BRUNO = str(ObjectId()), str(ObjectId())
ADMIN = Caller(actor_id=str(ObjectId()), roles=("admin",), request_id="req-admin")
LATER = datetime.now(timezone.utc) + timedelta(days=30)  # the mailer leaves these alone


SUBMITTED_TITLE = f"Les sons [ch] et [j] {ObjectId()}"  # this test's announcement among the session's


def member(member_id):
    return Caller(actor_id=member_id, roles=("teacher",), request_id="req-" + member_id[-4:])


@pytest.fixture
def notifications(run_service):
    return run_service(NotificationsService)


@pytest.fixture
def db(service_env):
    from classe12_runtime import mongo
    return mongo.client()[service_env["databases"]["notifications"]]


@pytest.fixture
def publisher(broker_uri):
    publisher = EventPublisher(broker_uri)
    yield publisher
    publisher.close()


def deliveries(member_id, at):
    """An e-mail sent, one failed and one waiting, shaped as the mailer leaves them."""
    message = {"kind": "welcome", "title": f"Bienvenue, {member_id}", "body": "…", "link": None}
    base = {"recipient_id": member_id, "kind": "immediate", "category": "account", "message": message,
            "created_at": at, "occurred_at": at}
    failed_id = f"ev-failed|{member_id}|email"
    return [
        {**base, "_id": f"ev-sent|{member_id}|email", "status": "sent", "attempts": 1, "sent_at": at,
         "next_attempt_at": at, "log": [{"at": at, "outcome": "sent", "code": None, "detail": "Remis au serveur SMTP."}]},
        {**base, "_id": failed_id, "status": "failed", "attempts": 1, "failed_at": at, "error": "permanent",
         "next_attempt_at": at, "list_id": failure_list_id(failed_id), "list_key": list_key(at, failure_list_id(failed_id)),
         "log": [{"at": at, "outcome": "failed", "code": 550, "detail": f"550 <{member_id}@example.org> unknown"}]},
        {**base, "_id": f"ev-pending|{member_id}|email", "status": "pending", "attempts": 0, "next_attempt_at": LATER,
         "log": []},
    ]


def digest_item(member_id, at):
    return {"_id": f"ev-digest|{member_id}|daily", "recipient_id": member_id, "event_id": "ev-digest",
            "category": "resources", "period": "daily", "occurred_at": at,
            "message": {"kind": "resource_published", "title": "Nouvelle ressource", "body": "…", "link": None}}


@pytest.fixture
def seeded(notifications, db, publisher, rpc_call):
    registered = [make_envelope("community.member_registered", 1, {
        "member_id": member_id, "display_name": name, "role": "teacher", "levels": [level], "school_uai": None},
        request_id="req-register") for member_id, name, level in ((ANNE, "Anne", "CP"), (BRUNO, "Bruno", "CE1"))]
    submitted = make_envelope("resources.resource_submitted", 1, {
        "resource_id": str(ObjectId()), "title": SUBMITTED_TITLE, "kind": "sequence", "levels": ["CP"],
        "author_id": ANNE}, actor={"id": ANNE, "roles": ["teacher"]}, request_id="req-submit")
    for envelope in (*registered, submitted):
        publisher.publish(envelope)
    eventually(lambda: all(handled(db, e) for e in (*registered, submitted)))
    rpc_call(member(BRUNO), "notifications.set_follows", members=[ANNE])
    rpc_call(member(ANNE), "notifications.set_follows", members=[BRUNO], topics=[])
    rpc_call(member(ANNE), "notifications.set_preferences", quiet_hours={"start": "21:00", "end": "07:00"})
    store, at = NotificationStore(db), datetime.now(timezone.utc).replace(microsecond=0)
    for member_id in (ANNE, BRUNO):
        store.add_deliveries(deliveries(member_id, at))
        store.add_digest_items([digest_item(member_id, at)])
        store.save_push_subscription(member_id, f"https://push.example.org/{member_id}", "p256dh-key", "auth", at)
        db.push_deliveries.insert_one({"_id": f"ev-push|{member_id}|push", "recipient_id": member_id,
                                       "status": "sent", "message": {"title": "Bienvenue"}, "created_at": at})


def snapshot(db, *naming: str) -> dict:
    """Every document of the service's collections (those naming one of `naming`, when given:
    other tests of the session share the database, and their services may still write there)."""
    return {name: sorted(doc for doc in map(repr, db[name].find({})) if not naming or any(n in doc for n in naming))
            for name in ("recipients", "follows", "announcements", "preferences", "notifications", "deliveries",
                         "digest_items", "push_subscriptions", "push_deliveries")}


def mentions(db, member_id) -> list[str]:
    """The collections where `member_id` still appears, anywhere in a document."""
    return [name for name, docs in snapshot(db).items() if any(member_id in doc for doc in docs)]


def test_a_deleted_member_is_forgotten_and_the_others_kept(seeded, db, publisher, rpc_call):
    deleted = member_deleted(ANNE)
    publisher.publish(deleted)
    eventually(lambda: handled(db, deleted))

    assert mentions(db, ANNE) == []
    # sent and failed e-mails stay in the log, anonymised; the one not sent yet is gone
    copies = list(db.deliveries.find({"_id": {"$regex": "^erased\\|"}}))
    assert sorted(d["status"] for d in copies) == ["failed", "sent"]
    assert len({d["recipient_id"] for d in copies}) == 1
    assert all(d["message"]["title"] == ERASED_SUBJECT and all(e["detail"] == "" for e in d["log"]) for d in copies)
    failures = rpc_call(ADMIN, "notifications.list_delivery_failures")["items"]
    ours = [f["subject"] for f in failures if f["recipient_id"] in {copies[0]["recipient_id"], BRUNO}]
    assert sorted(ours) == sorted([ERASED_SUBJECT, "Bienvenue, " + BRUNO])
    # the announcement of her submission names a pseudonym (who acted is still left out)
    [announcement] = db.announcements.find({"data.title": SUBMITTED_TITLE})
    assert announcement["excluded"] == [copies[0]["recipient_id"]]
    # Bruno keeps all of his, but his follow of Anne
    assert db.recipients.count_documents({"_id": BRUNO}) == 1
    assert rpc_call(member(BRUNO), "notifications.get_follows")["members"] == []
    assert rpc_call(member(BRUNO), "notifications.get_follows")["levels"] == ["CE1"]
    assert [n["kind"] for n in rpc_call(member(BRUNO), "notifications.list_notifications")["items"]] == ["welcome"]
    assert db.deliveries.count_documents({"recipient_id": BRUNO, "_id": {"$regex": "^ev-"}}) == 3
    assert db.digest_items.count_documents({"recipient_id": BRUNO}) == 1
    assert db.push_subscriptions.count_documents({"member_id": BRUNO}) == 1
    assert db.push_deliveries.count_documents({"recipient_id": BRUNO}) == 1

    # redelivery of the same envelope, and another deletion event for the same member: nothing
    # about her changes (Bruno's e-mails may meanwhile be sent by the service's timer)
    ours = (ANNE, copies[0]["recipient_id"])
    before = snapshot(db, *ours)
    again = member_deleted(ANNE, "2026-06-02T10:00:00+00:00")
    publisher.publish(deleted)
    publisher.publish(again)
    eventually(lambda: handled(db, again))
    assert snapshot(db, *ours) == before


def test_export_holds_the_callers_data_only(seeded, rpc_call):
    reply = rpc_call(member(ANNE), "notifications.export_member_data")
    assert reply["service"] == "notifications" and reply["format_version"] == 1
    data = reply["data"]
    assert data["profile"]["display_name"] == "Anne" and data["profile"]["levels"] == ["CP"]
    assert data["follows"]["members"] == [BRUNO] and data["follows"]["levels"] == ["CP"]
    assert sorted(f["key"].partition(":")[0] for f in data["follow_history"]) == ["level", "member", "resource"]
    assert data["preferences"]["quiet_hours"] == {"start": "21:00", "end": "07:00"}
    assert [n["title"] for n in data["notifications"]] == ["Bienvenue sur Classe à 12, Anne !"]
    seeded_emails = [e["status"] for e in data["emails"] if e["subject"] == "Bienvenue, " + ANNE]
    assert sorted(seeded_emails) == ["failed", "pending", "sent"]
    assert len(data["digest_items"]) == 1
    assert [d["endpoint"] for d in data["push_devices"]] == [f"https://push.example.org/{ANNE}"]
    assert "Bruno" not in repr(data)  # Bruno's follow of her is his, not hers

    bruno = rpc_call(member(BRUNO), "notifications.export_member_data")["data"]
    assert bruno["profile"]["display_name"] == "Bruno" and ANNE in bruno["follows"]["members"]
    assert "Anne" not in repr(bruno)
