"""Resource files through the gateway, on the whole platform: a 50 MB video uploads, plays (served
inline as video/webm, whole and in ranges) and seeks; drafts' files stay private; refused types
and sizes are refused; removal removes."""
from __future__ import annotations

import hashlib

import pytest
import requests

from classe12_testing.kit.samples import MultipartUpload, sample, sample_range, sha256_of

pytestmark = pytest.mark.system

MB = 1024 * 1024
VIDEO_SIZE = 50 * MB


@pytest.fixture(scope="module")
def author(platform):
    return platform.member("teacher")


@pytest.fixture(scope="module")
def draft(platform, author):
    response = platform.api.post("/resources", author["access_token"], json={
        "title": "Une séance filmée en co-intervention", "summary": "Deux enseignants, une classe.",
        "body": "## La séance\n\nRegardez la vidéo.", "kind": "video", "levels": ["CP"]})
    assert response.status_code == 201, response.text
    return response.json()


def upload(api, token, resource_id, kind, size=None, filename="fichier", **fields):
    body = MultipartUpload({"role": "media", **fields}, filename, kind, size)
    return requests.post(f"{api.base_url}/api/v1/resources/{resource_id}/files", data=body, timeout=300,
                         headers={"Authorization": f"Bearer {token}", "Content-Type": body.content_type})


@pytest.fixture(scope="module")
def video(platform, author, draft):
    response = upload(platform.api, author["access_token"], draft["id"], "webm", VIDEO_SIZE,
                      filename="Séance du 12 mars.webm", title="La séance", shows_pupils="true",
                      image_rights_attested="true")
    assert response.status_code == 201, response.text
    return response.json()


def file_url(api, resource_id, file_id):
    return f"{api.base_url}/api/v1/resources/{resource_id}/files/{file_id}"


def test_a_50_mb_video_uploads_and_is_listed(api, author, draft, video):
    assert video["content_type"] == "video/webm" and video["size"] == VIDEO_SIZE
    assert video["filename"] == "Séance du 12 mars.webm" and video["shows_pupils"] is True
    resource = api.get(f"/resources/{draft['id']}", author["access_token"]).json()
    assert [f["id"] for f in resource["files"]] == [video["id"]]


def test_it_plays_whole_with_the_same_bytes(api, author, draft, video):
    digest = hashlib.sha256()
    with requests.get(file_url(api, draft["id"], video["id"]), stream=True, timeout=120,
                      headers={"Authorization": f"Bearer {author['access_token']}"}) as response:
        assert response.status_code == 200
        for block in response.iter_content(1024 * 1024):
            digest.update(block)
        headers = response.headers
    assert digest.hexdigest() == sha256_of("webm", VIDEO_SIZE)
    assert headers["Content-Type"] == "video/webm" and headers["Content-Length"] == str(VIDEO_SIZE)
    assert headers["Accept-Ranges"] == "bytes" and headers["ETag"] == f'"{digest.hexdigest()}"'
    assert headers["Content-Disposition"].startswith('inline; filename="Seance du 12 mars.webm"; filename*=UTF-8')
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Content-Security-Policy"] == "sandbox"
    assert headers["Cache-Control"] == "private, no-cache"  # a draft's


def test_it_seeks(api, author, draft, video):
    bearer = {"Authorization": f"Bearer {author['access_token']}"}
    url = file_url(api, draft["id"], video["id"])
    first, last = 31 * MB + 12345, 33 * MB + 999
    part = requests.get(url, headers={**bearer, "Range": f"bytes={first}-{last}"}, timeout=60)
    assert part.status_code == 206 and part.headers["Content-Range"] == f"bytes {first}-{last}/{VIDEO_SIZE}"
    assert part.content == sample_range("webm", VIDEO_SIZE, first, last)
    end = requests.get(url, headers={**bearer, "Range": "bytes=-1000"}, timeout=60)
    assert end.status_code == 206 and end.content == sample_range("webm", VIDEO_SIZE, VIDEO_SIZE - 1000, VIDEO_SIZE - 1)
    beyond = requests.get(url, headers={**bearer, "Range": f"bytes={VIDEO_SIZE}-"}, timeout=60)
    assert beyond.status_code == 416 and beyond.headers["Content-Range"] == f"bytes */{VIDEO_SIZE}"
    assert beyond.headers["Content-Type"] == "application/problem+json"
    cached = requests.get(url, headers={**bearer, "If-None-Match": part.headers["ETag"]}, timeout=60)
    assert cached.status_code == 304 and cached.content == b""


def test_a_draft_s_file_is_not_there_for_others(platform, api, draft, video):
    other = platform.member("teacher")
    for token in (other["access_token"], None):
        response = api.get(f"/resources/{draft['id']}/files/{video['id']}", token)
        assert response.status_code == 404 and response.headers["Content-Type"] == "application/problem+json"


def test_refused_types_and_sizes(api, author, draft):
    token = author["access_token"]
    before = api.get(f"/resources/{draft['id']}", token).json()["files"]
    refused = upload(api, token, draft["id"], "text", filename="page.html")
    assert refused.status_code == 415 and refused.json()["code"] == "unsupported_media_type"
    too_big = upload(api, token, draft["id"], "png", 11 * MB, filename="photo.png")  # images: 10 MB at most
    assert too_big.status_code == 413 and "10 Mo" in too_big.json()["detail"]
    unattested = upload(api, token, draft["id"], "png", filename="classe.png", shows_pupils="true")
    assert unattested.status_code == 422 and list(unattested.json()["errors"]) == ["image_rights_attested"]
    no_file = requests.post(f"{api.base_url}/api/v1/resources/{draft['id']}/files", files={"role": (None, "media")},
                            headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert no_file.status_code == 422 and "file" in no_file.json()["errors"]
    assert api.get(f"/resources/{draft['id']}", token).json()["files"] == before  # nothing was added


def test_an_svg_is_served_clean_and_a_file_can_be_removed(api, author, draft):
    token = author["access_token"]
    drawing = upload(api, token, draft["id"], "svg", filename="plan.svg", role="attachment")
    assert drawing.status_code == 201, drawing.text
    served = api.get(f"/resources/{draft['id']}/files/{drawing.json()['id']}", token)
    assert served.headers["Content-Type"] == "image/svg+xml"
    assert b"script" not in served.content and b"onload" not in served.content and b"<rect" in served.content
    removed = api.request("DELETE", f"/resources/{draft['id']}/files/{drawing.json()['id']}", token)
    assert removed.status_code == 200 and drawing.json()["id"] not in [f["id"] for f in removed.json()["files"]]
    assert api.get(f"/resources/{draft['id']}/files/{drawing.json()['id']}", token).status_code == 404


def test_small_files_round_trip(api, author, draft):
    for kind in ("pdf", "gif", "mp4"):
        response = upload(api, author["access_token"], draft["id"], kind, 300_000, filename=f"f.{kind}",
                          role="attachment")
        assert response.status_code == 201, response.text
        served = api.get(f"/resources/{draft['id']}/files/{response.json()['id']}", author["access_token"])
        assert served.status_code == 200 and served.content == sample(kind, 300_000)


def test_an_upload_repeated_with_its_idempotency_key_takes_effect_once(api, author, draft):
    def send():
        body = MultipartUpload({"role": "attachment"}, "fiche.pdf", "pdf")
        return requests.post(f"{api.base_url}/api/v1/resources/{draft['id']}/files", data=body, timeout=60, headers={
            "Authorization": f"Bearer {author['access_token']}", "Content-Type": body.content_type,
            "Idempotency-Key": f"fiche-{draft['id']}"})
    first, again = send(), send()  # the client did not get the first answer, and sent it again
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    files = api.get(f"/resources/{draft['id']}", author["access_token"]).json()["files"]
    assert [f["id"] for f in files].count(first.json()["id"]) == 1
