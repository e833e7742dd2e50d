"""The file endpoint in a real nameko container: grants over RPC (real broker), bytes over
HTTP, GridFS on SecantusDB. Nothing half written: every refused or failed upload leaves no chunk.

`FilesService` is the service's file wiring exactly as service.py has it (the mixin and the
three RPC methods), with only the resource operations these tests need; the states a resource
goes through are set in the database, so that these tests depend on the files code alone.
`test_the_service_class_serves_files` checks the real service class has the same wiring.
"""
import hashlib
import json
import socket
import threading
import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import requests
from bson import ObjectId

from classe12_contracts.errors import Conflict, Forbidden, Invalid, NotFound, Unauthorized
from classe12_resources.domain.resources import Resources
from classe12_resources.files.chunks import CHUNK_SIZE
from classe12_resources.files.grants import UPLOADING, token_hash
from classe12_resources.files.http import FileEndpoints, file_endpoint_url
from classe12_resources.files.schemas import FileRefSchema, GrantFileUploadSchema
from classe12_resources.files.usecases import Files
from classe12_resources.schemas import CreateResourceSchema, ResourceIdSchema
from classe12_resources.storage import ResourceStore
from classe12_runtime.clock import utcnow
from classe12_runtime.context import Caller
from classe12_runtime.edge import Database, RequestContext, rpc_method
from classe12_testing.kit.samples import sample, stream

TEACHER = Caller(actor_id="a" * 24, roles=("teacher",), request_id="files-teacher")
OTHER = Caller(actor_id="b" * 24, roles=("teacher",), request_id="files-other")
ADVISER = Caller(actor_id="c" * 24, roles=("adviser",), request_id="files-adviser")
ANON = Caller(request_id="files-anon")
KIB = 1024
FILES = Files()
RESOURCES = Resources()


class FilesService(FileEndpoints):
    name = "resources"

    caller = RequestContext()
    uow = Database("resources", ResourceStore)

    @rpc_method(CreateResourceSchema)
    def create_resource(self, data):
        return self.uow.run(lambda store: RESOURCES.create(store, self.caller, data))

    @rpc_method(ResourceIdSchema)
    def get_resource(self, data):
        return self.uow.query(lambda store: RESOURCES.get(store, self.caller, data["resource_id"]))

    @rpc_method(GrantFileUploadSchema)
    def grant_file_upload(self, data): return self.uow.run(lambda store: FILES.grant_upload(store, self.caller, data))

    @rpc_method(FileRefSchema)
    def grant_file_download(self, data): return self.uow.run(lambda store: FILES.grant_download(store, self.caller, data))

    @rpc_method(FileRefSchema)
    def delete_file(self, data): return self.uow.run(lambda store: FILES.delete_file(store, self.caller, data))


def set_status(db, resource_id: str, status: str) -> None:
    """The resource moved along its workflow (the workflow itself is tested elsewhere)."""
    db["resources"].update_one({"_id": ObjectId(resource_id)}, {"$set": {"status": status}})


@pytest.fixture
def service(run_service, monkeypatch):
    # small limits, so that "too large" costs little; more uploads at once than the bulkhead test needs
    monkeypatch.setenv("FILE_MAX_MB_IMAGE", str(600 * KIB / (1024 * 1024)))
    monkeypatch.setenv("FILE_MAX_MB_VIDEO", "3")
    monkeypatch.setenv("FILE_MAX_MB_AUDIO", "2")
    monkeypatch.setenv("FILE_MAX_MB_PDF", "2")
    monkeypatch.setenv("FILE_MAX_MB_SVG", str(8 * KIB / (1024 * 1024)))
    monkeypatch.setenv("FILE_MAX_CONCURRENT_UPLOADS", "2")
    return run_service(FilesService)


@pytest.fixture
def url(service):
    return file_endpoint_url(service)


@pytest.fixture
def db(service, service_env):
    from classe12_runtime import mongo
    return mongo.client(service_env["mongo_uri"])[service_env["databases"]["resources"]]


def create(rpc_call, caller=TEACHER, **overrides):
    payload = {"title": "Une séance filmée", "summary": "Une.", "body": "Une.", "kind": "video", "levels": ["CP"]}
    payload.update(overrides)
    return rpc_call(caller, "resources.create_resource", **payload)


def grant(rpc_call, resource_id, caller=TEACHER, filename="fichier.bin", role="media", **fields):
    return rpc_call(caller, "resources.grant_file_upload", resource_id=resource_id, filename=filename, role=role,
                    **fields)["grant"]


def put(url, token, data, **headers):
    return requests.put(url + "/files", data=data, headers={"Authorization": f"Grant {token}", **headers}, timeout=30)


def upload(rpc_call, url, resource_id, data, caller=TEACHER, **fields):
    return put(url, grant(rpc_call, resource_id, caller, **fields), data)


def get(rpc_call, url, resource_id, file_id, caller=TEACHER, **headers):
    token = rpc_call(caller, "resources.grant_file_download", resource_id=resource_id, file_id=file_id)["grant"]
    return requests.get(f"{url}/files/{file_id}", headers={"Authorization": f"Grant {token}", **headers}, timeout=30)


def stored(db) -> tuple[int, int]:
    return db["fs.files"].count_documents({}), db["fs.chunks"].count_documents({})


# --- upload and download ------------------------------------------------------------------------

def test_a_file_uploads_and_is_served_whole_and_in_ranges(service, url, rpc_call, db):
    draft = create(rpc_call)
    video = sample("webm", 700 * KIB)
    response = upload(rpc_call, url, draft["id"], video, filename="Séance à deux.webm", title="La séance",
                      shows_pupils=True, image_rights_attested=True)
    assert response.status_code == 201, response.text
    file = response.json()
    assert file == {"id": file["id"], "filename": "Séance à deux.webm", "content_type": "video/webm",
                    "size": len(video), "role": "media", "title": "La séance", "shows_pupils": True,
                    "image_rights_attested": True, "uploaded_at": file["uploaded_at"],
                    "uploaded_by": TEACHER.actor_id}
    resource = rpc_call(TEACHER, "resources.get_resource", resource_id=draft["id"])
    assert resource["files"] == [file] and resource["updated_at"] > draft["updated_at"]
    assert stored(db) == (1, -(-len(video) // CHUNK_SIZE))

    whole = get(rpc_call, url, draft["id"], file["id"])
    assert whole.status_code == 200 and whole.content == video
    etag = f'"{hashlib.sha256(video).hexdigest()}"'
    assert whole.headers["Content-Type"] == "video/webm" and whole.headers["Content-Length"] == str(len(video))
    assert whole.headers["ETag"] == etag and whole.headers["Accept-Ranges"] == "bytes"
    assert whole.headers["X-Content-Type-Options"] == "nosniff"
    assert whole.headers["Content-Security-Policy"] == "sandbox"
    assert whole.headers["Cache-Control"] == "private, no-cache"  # a draft's
    assert whole.headers["Content-Disposition"] == \
        "inline; filename=\"Seance a deux.webm\"; filename*=UTF-8''S%C3%A9ance%20%C3%A0%20deux.webm"

    across = get(rpc_call, url, draft["id"], file["id"], Range=f"bytes={CHUNK_SIZE - 10}-{2 * CHUNK_SIZE + 9}")
    assert across.status_code == 206 and across.content == video[CHUNK_SIZE - 10:2 * CHUNK_SIZE + 10]
    assert across.headers["Content-Range"] == f"bytes {CHUNK_SIZE - 10}-{2 * CHUNK_SIZE + 9}/{len(video)}"
    tail = get(rpc_call, url, draft["id"], file["id"], Range="bytes=-100")
    assert tail.status_code == 206 and tail.content == video[-100:]
    beyond = get(rpc_call, url, draft["id"], file["id"], Range=f"bytes={len(video)}-")
    assert beyond.status_code == 416 and beyond.headers["Content-Range"] == f"bytes */{len(video)}"
    assert beyond.headers["Content-Type"] == "application/problem+json" and beyond.json()["status"] == 416
    cached = get(rpc_call, url, draft["id"], file["id"], **{"If-None-Match": etag})
    assert cached.status_code == 304 and cached.content == b"" and cached.headers["ETag"] == etag
    stale = get(rpc_call, url, draft["id"], file["id"], Range="bytes=0-9", **{"If-Range": '"older"'})
    assert stale.status_code == 200 and len(stale.content) == len(video)

    token = rpc_call(TEACHER, "resources.grant_file_download", resource_id=draft["id"], file_id=file["id"])["grant"]
    head = requests.head(f"{url}/files/{file['id']}", headers={"Authorization": f"Grant {token}"}, timeout=10)
    assert head.status_code == 200 and head.headers["Content-Length"] == str(len(video)) and head.content == b""


def test_a_chunked_upload_of_a_larger_file_keeps_every_byte(service, url, rpc_call, db):
    draft = create(rpc_call)
    size = 3 * 1024 * 1024 - 7
    response = upload(rpc_call, url, draft["id"], stream("mp4", size, block=100_000), filename="cours.mp4")
    assert response.status_code == 201, response.text
    file = response.json()
    assert file["content_type"] == "video/mp4" and file["size"] == size
    served = get(rpc_call, url, draft["id"], file["id"])
    assert hashlib.sha256(served.content).hexdigest() == hashlib.sha256(sample("mp4", size)).hexdigest()
    import gridfs  # the layout is GridFS's: any driver reads the file
    entry = db["resources"].find_one({"files.id": file["id"]})["files"][0]
    assert gridfs.GridFSBucket(db).open_download_stream(entry["storage_id"]).read() == served.content


def test_a_published_resource_s_files_are_public_and_a_draft_s_are_not(service, url, rpc_call, db):
    draft = create(rpc_call)
    file = upload(rpc_call, url, draft["id"], sample("png"), filename="plan.png", role="attachment").json()
    for caller in (OTHER, ANON):
        with pytest.raises(NotFound):
            rpc_call(caller, "resources.grant_file_download", resource_id=draft["id"], file_id=file["id"])
    assert get(rpc_call, url, draft["id"], file["id"], caller=ADVISER).status_code == 200
    set_status(db, draft["id"], "published")
    public = get(rpc_call, url, draft["id"], file["id"], caller=ANON)
    assert public.status_code == 200 and public.content == sample("png")
    assert public.headers["Cache-Control"] == "public, max-age=300"
    with pytest.raises(NotFound):
        rpc_call(ANON, "resources.grant_file_download", resource_id=draft["id"], file_id="f" * 24)


# --- what is refused, and leaves nothing -------------------------------------------------------

def test_a_refused_type_is_415_and_leaves_nothing(service, url, rpc_call, db):
    draft = create(rpc_call)
    token = grant(rpc_call, draft["id"], filename="page.html")
    refused = put(url, token, b"<html><script>alert(1)</script></html>" * 2000)
    assert refused.status_code == 415 and refused.headers["Content-Type"] == "application/problem+json"
    assert refused.json()["code"] == "unsupported_media_type" and "PDF" in refused.json()["detail"]
    assert stored(db) == (0, 0)
    assert rpc_call(TEACHER, "resources.get_resource", resource_id=draft["id"])["files"] == []
    again = put(url, token, sample("pdf"))  # a refused upload gives the grant back
    assert again.status_code == 201 and again.json()["content_type"] == "application/pdf"


def test_over_the_limit_of_its_type_is_413_announced_or_not_and_leaves_nothing(service, url, rpc_call, db):
    draft = create(rpc_call)
    big_png = sample("png") + bytes(700 * KIB)  # a PNG signature, over 600 KiB
    announced = upload(rpc_call, url, draft["id"], big_png)
    assert announced.status_code == 413 and "0.585938 Mo" in announced.json()["detail"]
    chunked = upload(rpc_call, url, draft["id"], (big_png[i:i + 50_000] for i in range(0, len(big_png), 50_000)))
    assert chunked.status_code == 413
    video = upload(rpc_call, url, draft["id"], stream("webm", 3 * 1024 * 1024 + 1, block=200_000))
    assert video.status_code == 413 and "3 Mo" in video.json()["detail"]
    assert stored(db) == (0, 0)
    # the same PNG is fine as... nothing else: a limit is the limit of the real type
    assert upload(rpc_call, url, draft["id"], sample("png")).status_code == 201


def test_an_interrupted_upload_leaves_nothing(service, url, rpc_call, db):
    draft = create(rpc_call)
    token = grant(rpc_call, draft["id"])
    parts = urlsplit(url)
    head = sample("webm", 1536 * KIB)
    with socket.create_connection((parts.hostname, parts.port)) as raw:
        raw.sendall((f"PUT /files HTTP/1.1\r\nHost: x\r\nAuthorization: Grant {token}\r\n"
                     f"Content-Length: {2 * len(head)}\r\n\r\n").encode() + head)
        deadline = time.monotonic() + 10
        while stored(db)[1] < 4 and time.monotonic() < deadline:  # chunks are being written
            time.sleep(0.05)
        assert stored(db)[1] >= 4
    # then the client went away
    deadline = time.monotonic() + 10
    while db["file_grants"].find_one({"_id": token_hash(token)})["state"] != "unused":
        assert time.monotonic() < deadline, "the upload was not given up"
        time.sleep(0.05)
    assert stored(db) == (0, 0)


def test_svg_is_sanitised_and_its_own_limit_applies(service, url, rpc_call, db):
    draft = create(rpc_call)
    file = upload(rpc_call, url, draft["id"], sample("svg"), filename="plan.svg", role="attachment").json()
    assert file["content_type"] == "image/svg+xml"
    served = get(rpc_call, url, draft["id"], file["id"]).content.decode()
    assert "script" not in served and "onload" not in served and "Coin lecture" in served
    assert file["size"] == len(served.encode())
    bomb = (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>&a;</text></svg>')
    assert upload(rpc_call, url, draft["id"], bomb).status_code == 415
    too_big = b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g></g>" * 2000 + b"</svg>"
    assert upload(rpc_call, url, draft["id"], too_big).status_code == 413
    assert stored(db)[0] == 1


# --- grants -------------------------------------------------------------------------------------

def test_an_upload_grant_is_used_once_and_a_repeat_answers_the_first_outcome(service, url, rpc_call, db):
    draft = create(rpc_call)
    token = grant(rpc_call, draft["id"])
    first = put(url, token, sample("gif"))
    repeat = put(url, token, sample("gif"))
    assert first.status_code == repeat.status_code == 201 and first.json() == repeat.json()
    assert len(rpc_call(TEACHER, "resources.get_resource", resource_id=draft["id"])["files"]) == 1
    assert stored(db) == (1, 1)


def test_bad_grants(service, url, rpc_call, db):
    draft = create(rpc_call)
    file = upload(rpc_call, url, draft["id"], sample("gif")).json()
    missing = requests.put(url + "/files", data=sample("gif"), timeout=10)
    assert missing.status_code == 401 and missing.headers["WWW-Authenticate"].startswith("Grant")
    assert put(url, "n'importe-quoi", sample("gif")).status_code == 401
    download = rpc_call(TEACHER, "resources.grant_file_download", resource_id=draft["id"], file_id=file["id"])["grant"]
    assert put(url, download, sample("gif")).status_code == 401  # a download grant uploads nothing
    expired = grant(rpc_call, draft["id"])
    db["file_grants"].update_one({"_id": token_hash(expired)}, {"$set": {"expires_at": utcnow() - timedelta(seconds=1)}})
    assert put(url, expired, sample("gif")).status_code == 401
    other = requests.get(f"{url}/files/{'e' * 24}", headers={"Authorization": f"Grant {download}"}, timeout=10)
    assert other.status_code == 404  # a grant reads the file it names, no other
    assert stored(db) == (1, 1)


def test_the_rights_are_checked_again_when_the_upload_ends(service, url, rpc_call, db):
    draft = create(rpc_call)
    token = grant(rpc_call, draft["id"])
    set_status(db, draft["id"], "submitted")  # in review: its author waits
    refused = put(url, token, sample("gif"))
    assert refused.status_code == 409 and refused.json()["code"] == "conflict"
    assert stored(db) == (0, 0)


def test_grants_follow_the_rights_on_the_resource(service, rpc_call, db):
    draft = create(rpc_call)
    with pytest.raises(Invalid) as error:
        grant(rpc_call, draft["id"], shows_pupils=True)
    assert list(error.value.fields) == ["image_rights_attested"]
    with pytest.raises(NotFound):
        grant(rpc_call, draft["id"], caller=OTHER)
    with pytest.raises(NotFound):
        grant(rpc_call, "pas-un-identifiant")
    with pytest.raises(Unauthorized):
        grant(rpc_call, draft["id"], caller=ANON)
    set_status(db, draft["id"], "published")
    with pytest.raises(Forbidden):
        grant(rpc_call, draft["id"])
    reply = rpc_call(ADVISER, "resources.grant_file_upload", resource_id=draft["id"], filename="x.pdf", role="attachment")
    assert reply["max_bytes"] == 3 * 1024 * 1024 and reply["expires_at"].endswith("+00:00")


# --- plans, deletion, limits ---------------------------------------------------------------------

def test_a_plan_becomes_the_guide_s_plan_and_deleting_it_removes_everything(service, url, rpc_call, db):
    guide = create(rpc_call, kind="amenagement", layout={"surface_m2": 48, "pupils": 12, "zones": ["regroupement"]})
    plan = upload(rpc_call, url, guide["id"], sample("png"), filename="plan.png", role="plan").json()
    second = upload(rpc_call, url, guide["id"], sample("gif"), filename="autre.gif", role="plan").json()
    resource = rpc_call(TEACHER, "resources.get_resource", resource_id=guide["id"])
    assert resource["layout"]["plan_file_id"] == plan["id"]  # the first plan; the second is one more file
    with pytest.raises(NotFound):
        rpc_call(TEACHER, "resources.delete_file", resource_id=guide["id"], file_id="f" * 24)
    with pytest.raises(NotFound):
        rpc_call(OTHER, "resources.delete_file", resource_id=guide["id"], file_id=plan["id"])
    after = rpc_call(TEACHER, "resources.delete_file", resource_id=guide["id"], file_id=plan["id"])
    assert after["layout"]["plan_file_id"] is None and [f["id"] for f in after["files"]] == [second["id"]]
    assert after["mine"] == {"stars": None, "bookmarked": False}
    assert stored(db) == (1, 1)
    gone = rpc_call(ADVISER, "resources.grant_file_download", resource_id=guide["id"], file_id=second["id"])
    rpc_call(TEACHER, "resources.delete_file", resource_id=guide["id"], file_id=second["id"])
    late = requests.get(f"{url}/files/{second['id']}", headers={"Authorization": f"Grant {gone['grant']}"}, timeout=10)
    assert late.status_code == 404 and stored(db) == (0, 0)
    set_status(db, guide["id"], "archived")
    with pytest.raises(Conflict):
        grant(rpc_call, guide["id"], caller=ADVISER)


def test_at_most_twenty_files(service, url, rpc_call, db):
    draft = create(rpc_call)
    tokens = [grant(rpc_call, draft["id"]) for _ in range(21)]  # granted before any is used
    for token in tokens[:20]:
        assert put(url, token, sample("gif")).status_code == 201
    last = put(url, tokens[20], sample("gif"))
    assert last.status_code == 409 and stored(db) == (20, 20)
    with pytest.raises(Conflict):
        grant(rpc_call, draft["id"])


# --- failures ------------------------------------------------------------------------------------

def test_uploads_beyond_the_bulkhead_are_503(service, url, rpc_call):
    draft = create(rpc_call)
    release = threading.Event()

    def slow_body():
        yield sample("webm", 300 * KIB)
        release.wait(10)

    tokens = [grant(rpc_call, draft["id"]) for _ in range(3)]
    holders = [threading.Thread(target=put, args=(url, token, slow_body())) for token in tokens[:2]]
    for holder in holders:
        holder.start()
    time.sleep(0.5)
    try:
        third = put(url, tokens[2], sample("gif"))
        assert third.status_code == 503 and third.headers["Retry-After"] == "5"
    finally:
        release.set()
        for holder in holders:
            holder.join(15)
    assert put(url, tokens[2], sample("gif")).status_code == 201


def test_housekeeping_removes_what_a_dead_upload_left(service, url, rpc_call, db):
    from classe12_resources.files.housekeeping import sweep
    draft = create(rpc_call)
    kept = upload(rpc_call, url, draft["id"], sample("gif")).json()
    token, storage_id = grant(rpc_call, draft["id"]), ObjectId()
    started = utcnow() - timedelta(hours=2)
    db["file_grants"].update_one({"_id": token_hash(token)}, {"$set": {
        "state": UPLOADING, "storage_id": storage_id, "started_at": started, "abandon_at": started + timedelta(hours=1)}})
    db["fs.chunks"].insert_many([{"files_id": storage_id, "n": n, "data": b"x" * 10} for n in range(3)])
    assert sweep(db, utcnow())["abandoned"] == 1
    assert stored(db) == (1, 1) and db["file_grants"].find_one({"_id": token_hash(token)})["state"] == "abandoned"
    assert get(rpc_call, url, draft["id"], kept["id"]).status_code == 200


def test_an_unexpected_failure_is_a_problem_without_detail(service, url, rpc_call, monkeypatch):
    from classe12_resources.files import endpoint
    monkeypatch.setattr(endpoint, "sniff", lambda head: 1 / 0)
    draft = create(rpc_call)
    response = upload(rpc_call, url, draft["id"], sample("gif"))
    assert response.status_code == 500 and response.headers["Content-Type"] == "application/problem+json"
    assert "ZeroDivision" not in response.text and json.loads(response.text)["code"] == "internal"


def test_the_service_class_serves_files(run_service, rpc_call):
    """The real service class has the mixin and the three operations (service.py's wiring)."""
    from classe12_resources.service import ResourcesService
    assert issubclass(ResourcesService, FileEndpoints)
    url = file_endpoint_url(run_service(ResourcesService))
    draft = create(rpc_call)
    file = upload(rpc_call, url, draft["id"], sample("pdf"), filename="fiche.pdf", role="attachment")
    assert file.status_code == 201, file.text
    assert get(rpc_call, url, draft["id"], file.json()["id"]).content == sample("pdf")
    assert rpc_call(TEACHER, "resources.delete_file", resource_id=draft["id"], file_id=file.json()["id"])["files"] == []
