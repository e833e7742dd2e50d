"""Accounts through the gateway: no enumeration, throttled sign-in, rotating refresh tokens,
sign-out here and everywhere, role changes and revocations effective within seconds."""
import time
import uuid

import pytest

from ..conftest import PASSWORD

pytestmark = pytest.mark.system

EFFECTIVE_WITHIN = 5  # seconds: what the issue asks for a revocation or a role change


def register(api, email, password=PASSWORD):
    return api.post("/auth/register", json={"email": email, "password": password, "display_name": "Test",
                                            "role": "teacher", "levels": ["CP"]})


def test_registering_an_address_in_use_answers_exactly_as_a_new_one(api, platform):
    existing = platform.member("teacher", ["CP"])
    fresh = register(api, f"nouvelle-{uuid.uuid4().hex[:8]}@ac-test.fr")
    again = register(api, existing["email"].upper(), password="un tout autre mot de passe")
    assert fresh.status_code == again.status_code == 202
    assert fresh.json() == again.json()
    assert set(fresh.headers) - {"X-Request-ID", "Date", "Content-Length"} == \
        set(again.headers) - {"X-Request-ID", "Date", "Content-Length"}
    # and nothing changed for the owner
    assert api.post("/auth/login", json={"email": existing["email"], "password": PASSWORD}).status_code == 200


def test_weak_passwords_are_refused_saying_what_to_change(api):
    for password in ("1234567890ab", "password1234", "azertyuiop12"):
        response = register(api, f"faible-{uuid.uuid4().hex[:8]}@ac-test.fr", password)
        assert response.status_code == 422 and "password" in response.json()["errors"], response.text


def test_repeated_wrong_passwords_get_429_then_the_member_gets_in(api, platform):
    """Five failures with the defaults, whichever of the two gateway workers answers each."""
    member = platform.member("teacher", ["CP"])
    for _ in range(5):
        assert api.post("/auth/login", json={"email": member["email"], "password": "pas le bon"}).status_code == 401
    throttled = api.post("/auth/login", json={"email": member["email"], "password": PASSWORD})
    assert throttled.status_code == 429 and throttled.headers["Content-Type"].startswith("application/problem+json")
    wait = int(throttled.headers["Retry-After"])
    assert 1 <= wait <= 60 and "Réessayez dans" in throttled.json()["detail"]
    deadline = time.monotonic() + wait + 10
    while (response := api.post("/auth/login", json={"email": member["email"], "password": PASSWORD})).status_code == 429:
        assert time.monotonic() < deadline, "still throttled after the delay it announced"
        time.sleep(0.5)
    assert response.status_code == 200


def test_refresh_rotates_and_a_replayed_token_ends_the_session(api, platform):
    member = platform.member("teacher", ["CP"])
    first = api.post("/auth/refresh", json={"refresh_token": member["refresh_token"]})
    assert first.status_code == 200 and first.json()["refresh_token"] != member["refresh_token"]
    replayed = api.post("/auth/refresh", json={"refresh_token": member["refresh_token"]})
    assert replayed.status_code == 401
    # the session is over for the thief and the owner alike
    assert api.post("/auth/refresh", json={"refresh_token": first.json()["refresh_token"]}).status_code == 401
    api.wait_for(lambda: api.get("/me", first.json()["access_token"]).status_code == 401, timeout=EFFECTIVE_WITHIN)


def test_sign_out_here_then_everywhere(api, platform):
    member = platform.member("teacher", ["CP"])
    laptop = api.post("/auth/login", json={"email": member["email"], "password": PASSWORD}).json()
    assert api.post("/auth/logout", member["access_token"]).json() == {"closed": 1}
    api.wait_for(lambda: api.get("/me", member["access_token"]).status_code == 401, timeout=EFFECTIVE_WITHIN)
    assert api.post("/auth/refresh", json={"refresh_token": member["refresh_token"]}).status_code == 401
    assert api.get("/me", laptop["access_token"]).status_code == 200  # the other device still works
    assert api.post("/auth/logout-everywhere", laptop["access_token"]).status_code == 200
    api.wait_for(lambda: api.get("/me", laptop["access_token"]).status_code == 401, timeout=EFFECTIVE_WITHIN)
    again = api.post("/auth/login", json={"email": member["email"], "password": PASSWORD}).json()
    assert api.get("/me", again["access_token"]).status_code == 200  # signing in again works


def test_a_role_granted_or_taken_back_applies_to_tokens_already_issued(api, platform):
    admin = platform.member("director", [], granted="admin")
    member = platform.member("coordinator", ["CP"])
    draft = api.post("/resources", member["access_token"], json={
        "title": "À publier", "summary": "R.", "body": "C.", "kind": "fiche", "levels": ["CP"]}).json()
    publish = f"/resources/{draft['id']}/publish"
    assert api.post(publish, member["access_token"]).status_code == 403
    assert api.post(f"/members/{member['id']}/roles", admin["access_token"], json={"role": "adviser"}).status_code == 200
    api.wait_for(lambda: api.post(publish, member["access_token"]).status_code == 200, timeout=EFFECTIVE_WITHIN)
    other = api.post("/resources", member["access_token"], json={
        "title": "Une autre", "summary": "R.", "body": "C.", "kind": "fiche", "levels": ["CP"]}).json()
    assert api.request("DELETE", f"/members/{member['id']}/roles/adviser", admin["access_token"]).status_code == 200
    api.wait_for(lambda: api.post(f"/resources/{other['id']}/publish", member["access_token"]).status_code == 403,
                 timeout=EFFECTIVE_WITHIN)


def test_tokens_already_issued_keep_working_while_community_is_down(api, platform):
    member = platform.member("teacher", ["CP"])
    platform.stack.stop("community")
    try:
        assert api.get("/resources", member["access_token"]).status_code == 200
        assert api.get("/me", member["access_token"]).status_code == 503  # that one needs community
    finally:
        platform.stack.start_service("community")
    platform.wait_healthy()
