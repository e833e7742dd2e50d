"""A deleted member (`community.member_deleted` on the real bus), a hidden review
(`community.content_hidden`) and a member's export, against the real service with its file
endpoint: the deleted member's unpublished resources go with their files, their published ones
stay without them, their marks go; the others' data stays; a redelivery changes nothing."""
import pytest
import requests
from bson import ObjectId

from classe12_contracts.envelope import make_envelope
from classe12_resources.domain.erasure import DELETED_AUTHOR
from classe12_resources.files.http import file_endpoint_url
from classe12_resources.service import ResourcesService
from classe12_runtime.context import Caller
from classe12_runtime.outbox import EventPublisher
from classe12_testing.kit.samples import sample
from classe12_testing.waiting import eventually, handled, member_deleted

GONE = Caller(actor_id=str(ObjectId()), roles=("teacher",), request_id="req-gone")
STAYS = Caller(actor_id=str(ObjectId()), roles=("teacher",), request_id="req-stays")
EDITOR = Caller(actor_id=str(ObjectId()), roles=("adviser",), request_id="req-editor")
ANON = Caller(request_id="req-anon")
COLLECTIONS = ("resources", "versions", "ratings", "bookmarks", "collections", "fs.files")


@pytest.fixture
def url(run_service):
    return file_endpoint_url(run_service(ResourcesService))


@pytest.fixture
def db(service_env):
    from classe12_runtime import mongo
    return mongo.client()[service_env["databases"]["resources"]]


@pytest.fixture
def publisher(broker_uri):
    publisher = EventPublisher(broker_uri)
    yield publisher
    publisher.close()


def create(rpc_call, caller, title, **fields):
    return rpc_call(caller, "resources.create_resource", title=title, summary="Une fiche.", body="Une fiche.",
                    kind="fiche", levels=["CP"], **fields)["id"]


def attach(rpc_call, url, caller, resource_id) -> str:
    token = rpc_call(caller, "resources.grant_file_upload", resource_id=resource_id, filename="fiche.pdf",
                     role="attachment")["grant"]
    answer = requests.put(url + "/files", data=sample("pdf"), headers={"Authorization": f"Grant {token}"}, timeout=30)
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


@pytest.fixture
def seeded(url, rpc_call, db):
    """GONE: a draft with a file, a published sheet with a file, a sheet co-written with STAYS;
    a rating with a review, a bookmark and a shared collection on STAYS's published sheet.
    STAYS: a draft with a file, a published sheet, a rating and a bookmark on GONE's sheet."""
    ids = {"gone_draft": create(rpc_call, GONE, "Brouillon effacé"),
           "gone_sheet": create(rpc_call, GONE, "Fiche gardée"),
           "shared": create(rpc_call, STAYS, "Fiche à deux", authors=[{"member_id": STAYS.actor_id},
                                                                        {"member_id": GONE.actor_id}]),
           "stays_draft": create(rpc_call, STAYS, "Brouillon gardé"),
           "stays_sheet": create(rpc_call, STAYS, "Fiche de la collègue")}
    files = {key: attach(rpc_call, url, owner, ids[key])
             for key, owner in (("gone_draft", GONE), ("gone_sheet", GONE), ("stays_draft", STAYS))}
    for key in ("gone_sheet", "shared", "stays_sheet"):
        rpc_call(EDITOR, "resources.publish_resource", resource_id=ids[key])
    rpc_call(GONE, "resources.rate_resource", resource_id=ids["stays_sheet"], stars=1, review="Bof.")
    rpc_call(EDITOR, "resources.rate_resource", resource_id=ids["stays_sheet"], stars=5, review="Excellente.")
    rpc_call(GONE, "resources.bookmark_resource", resource_id=ids["stays_sheet"])
    collection = rpc_call(GONE, "resources.create_collection", name="Période 1", shared=True)
    rpc_call(GONE, "resources.add_to_collection", collection_id=collection["id"], resource_id=ids["stays_sheet"])
    rpc_call(STAYS, "resources.rate_resource", resource_id=ids["gone_sheet"], stars=4, review="Très utile.")
    rpc_call(STAYS, "resources.bookmark_resource", resource_id=ids["gone_sheet"])
    rpc_call(STAYS, "resources.create_collection", name="La mienne", shared=True)
    storage = {key: db.resources.find_one({"_id": ObjectId(ids[key])})["files"][0]["storage_id"] for key in files}
    return {**ids, "share_token": collection["share_token"], "storage": storage}


def snapshot(db) -> dict:
    return {name: sorted(map(repr, db[name].find({}))) for name in COLLECTIONS}


def test_a_deleted_member_is_forgotten_and_the_others_kept(seeded, db, publisher, rpc_call):
    deleted = member_deleted(GONE.actor_id)
    publisher.publish(deleted)
    eventually(lambda: handled(db, deleted))

    assert [name for name, docs in snapshot(db).items() if any(GONE.actor_id in d for d in docs)] == []
    # never published: erased with its file's contents
    assert db.resources.find_one({"_id": ObjectId(seeded["gone_draft"])}) is None
    assert db["fs.files"].count_documents({"_id": seeded["storage"]["gone_draft"]}) == 0
    assert db["fs.chunks"].count_documents({"files_id": seeded["storage"]["gone_draft"]}) == 0
    # published: its content stays, without its author
    sheet = rpc_call(ANON, "resources.get_resource", resource_id=seeded["gone_sheet"])
    assert sheet["title"] == "Fiche gardée" and sheet["status"] == "published"
    assert sheet["authors"] == [{"member_id": None, "name": DELETED_AUTHOR}]
    assert sheet["files"][0]["filename"] == "fiche.pdf"
    assert sheet["stats"]["ratings"] == 1 and sheet["stats"]["bookmarks"] == 1
    [version] = rpc_call(ANON, "resources.list_resource_versions", resource_id=seeded["gone_sheet"])["items"]
    assert version["edited_by"] == EDITOR.actor_id
    shared = rpc_call(ANON, "resources.get_resource", resource_id=seeded["shared"])
    assert shared["authors"] == [{"member_id": STAYS.actor_id, "name": None},
                                 {"member_id": None, "name": DELETED_AUTHOR}]
    assert shared["author_id"] == STAYS.actor_id
    # their rating goes, the average is recomputed; the bookmark counter stays; the link dies
    other = rpc_call(ANON, "resources.get_resource", resource_id=seeded["stays_sheet"])
    assert other["stats"] == {"views": other["stats"]["views"], "bookmarks": 1, "ratings": 1, "rating_average": 5.0}
    assert [r["member_id"] for r in rpc_call(ANON, "resources.list_ratings", resource_id=seeded["stays_sheet"])["items"]] \
        == [EDITOR.actor_id]
    with pytest.raises(Exception) as gone:
        rpc_call(ANON, "resources.get_shared_collection", share_token=seeded["share_token"])
    assert getattr(gone.value, "code", None) == "not_found"
    # the other member's data is intact
    assert db.resources.count_documents({"_id": ObjectId(seeded["stays_draft"])}) == 1
    assert db["fs.files"].count_documents({"_id": seeded["storage"]["stays_draft"]}) == 1
    assert db.ratings.count_documents({"member_id": STAYS.actor_id}) == 1
    assert db.bookmarks.count_documents({"member_id": STAYS.actor_id}) == 1
    assert db.collections.count_documents({"owner_id": STAYS.actor_id}) == 1

    # redelivery of the same envelope, and another deletion event for the same member: no change
    before = snapshot(db)
    again = member_deleted(GONE.actor_id, "2026-06-02T10:00:00+00:00")
    publisher.publish(deleted)
    publisher.publish(again)
    eventually(lambda: handled(db, again))
    assert snapshot(db) == before


def test_a_hidden_review_leaves_the_list(seeded, db, publisher, rpc_call):
    resource_id = seeded["stays_sheet"]
    hidden = make_envelope("community.content_hidden", 1, {
        "kind": "review", "id": f"{resource_id}:{GONE.actor_id}", "group_id": None, "thread_id": None,
        "author_id": GONE.actor_id, "hidden_by": EDITOR.actor_id, "hidden_at": "2026-06-01T10:00:00+00:00"},
        request_id="req-hide")
    publisher.publish(hidden)
    eventually(lambda: handled(db, hidden))
    listed = rpc_call(ANON, "resources.list_ratings", resource_id=resource_id)["items"]
    assert [r["member_id"] for r in listed] == [EDITOR.actor_id]
    assert rpc_call(ANON, "resources.get_resource", resource_id=resource_id)["stats"]["ratings"] == 2
    # rating again with the same text keeps it hidden; the member still sees it in their export
    rpc_call(GONE, "resources.rate_resource", resource_id=resource_id, stars=2, review="Bof.")
    assert len(rpc_call(ANON, "resources.list_ratings", resource_id=resource_id)["items"]) == 1
    [mine] = rpc_call(GONE, "resources.export_member_data")["data"]["ratings"]
    assert mine["review"] == "Bof." and mine["review_hidden"] is True


def test_export_holds_the_callers_data_only(seeded, rpc_call):
    reply = rpc_call(GONE, "resources.export_member_data")
    assert reply["service"] == "resources" and reply["format_version"] == 1
    data = reply["data"]
    roles = {r["id"]: (r["role"], r["status"]) for r in data["resources"]}
    assert roles == {seeded["gone_draft"]: ("author", "draft"), seeded["gone_sheet"]: ("author", "published"),
                     seeded["shared"]: ("co_author", "published")}
    assert [(r["title"], r["stars"]) for r in data["ratings"]] == [("Fiche de la collègue", 1)]
    assert [b["resource_id"] for b in data["bookmarks"]] == [seeded["stays_sheet"]]
    assert [c["share_token"] for c in data["collections"]] == [seeded["share_token"]]
    assert STAYS.actor_id not in repr(reply) and EDITOR.actor_id not in repr(reply)

    editor = rpc_call(EDITOR, "resources.export_member_data")["data"]
    assert editor["resources"] == [] and len(editor["editor_actions"]) == 3
    assert {v["resource_id"] for v in editor["versions_edited"]} == {seeded["gone_sheet"], seeded["shared"],
                                                                      seeded["stays_sheet"]}
    assert GONE.actor_id not in repr(editor) and STAYS.actor_id not in repr(editor)
