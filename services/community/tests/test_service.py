"""Service tests: the real nameko container on a private RabbitMQ vhost and real SecantusDB."""
import time

import pytest

from classe12_community.cli import main as cli
from classe12_community.service import CommunityService
from classe12_contracts.errors import Forbidden, Invalid, TooManyRequests, Unauthorized
from classe12_runtime.context import Caller
from classe12_testing.owners import TaxonomyOwner

ANON = Caller(request_id="test")
PASSWORD = "un mot de passe long"


@pytest.fixture
def community(run_service):
    return run_service(CommunityService)


def register(rpc_call, email="anne@ac-lille.fr", role="teacher"):
    return rpc_call(ANON, "community.register", email=email, password=PASSWORD,
                    display_name="Anne Martin", role=role, levels=["CP"])


def sign_in(rpc_call, email="anne@ac-lille.fr", password=PASSWORD, address="203.0.113.9"):
    return rpc_call(Caller(request_id="t", client_address=address), "community.authenticate",
                    email=email, password=password)


def test_register_sign_in_refresh_sign_out(community, rpc_call):
    assert "message" in register(rpc_call)
    signed_in = sign_in(rpc_call, email="ANNE@ac-lille.fr")
    me = Caller(actor_id=signed_in["member"]["id"], roles=("teacher",))
    assert rpc_call(me, "community.get_member", member_id=signed_in["member"]["id"])["levels"] == ["CP"]
    session = signed_in["session"]
    rotated = rpc_call(ANON, "community.refresh_session", session_id=session["id"], token_id=session["token_id"])
    assert rotated["session"]["token_id"] != session["token_id"]
    with pytest.raises(Unauthorized):  # replayed
        rpc_call(ANON, "community.refresh_session", session_id=session["id"], token_id=session["token_id"])
    assert rpc_call(me, "community.close_all_sessions") == {"closed": 0}  # the replay closed it already


def test_registration_answers_the_same_for_an_address_in_use(community, rpc_call):
    assert register(rpc_call) == register(rpc_call)
    with pytest.raises(Invalid) as err:
        rpc_call(ANON, "community.register", email={"$gt": ""}, password="azertyuiop12", display_name="X",
                 role="admin")
    assert set(err.value.fields) >= {"email", "role", "display_name"}
    with pytest.raises(Invalid) as err:
        rpc_call(ANON, "community.register", email="b@ac-lille.fr", password="azertyuiop12",
                 display_name="Bruno", role="teacher")
    assert "courants" in err.value.fields["password"][0]


def test_sign_in_failures_are_throttled_with_a_delay_to_respect(community, rpc_call):
    register(rpc_call)
    for _ in range(5):
        with pytest.raises(Unauthorized):
            sign_in(rpc_call, password="mauvais mot de passe")
    with pytest.raises(TooManyRequests) as err:
        sign_in(rpc_call)
    assert err.value.details["retry_after"] >= 1


def test_events_of_registration_and_roles_leave_through_the_outbox(community, rpc_call, service_env):
    from classe12_runtime import mongo
    register(rpc_call)
    register(rpc_call)
    outbox = mongo.client()[service_env["databases"]["community"]]["outbox"]
    assert [e["envelope"]["type"] for e in outbox.find().sort("created_at", 1)] == [
        "community.member_registered", "community.account_mail_requested", "community.duplicate_registration"]
    assert all(e["published_at"] is not None for e in outbox.find())  # relayed with a publisher confirm


def test_only_admins_grant_roles_and_cli_makes_the_first_admin(community, rpc_call):
    register(rpc_call, email="chef@ac-lille.fr", role="director")
    register(rpc_call, email="cpc@ac-lille.fr")
    first = sign_in(rpc_call, email="chef@ac-lille.fr")["member"]
    other = sign_in(rpc_call, email="cpc@ac-lille.fr")["member"]
    as_first = Caller(actor_id=first["id"], roles=("director",))
    with pytest.raises(Forbidden):
        rpc_call(as_first, "community.grant_role", member_id=other["id"], role="adviser")
    assert cli(["grant-role", "--email", "CHEF@ac-lille.fr", "--role", "admin"]) == 0
    as_admin = Caller(actor_id=first["id"], roles=("director", "admin"))
    assert rpc_call(as_admin, "community.grant_role", member_id=other["id"], role="adviser")["roles"] == [
        "teacher", "adviser"]
    assert rpc_call(as_admin, "community.revoke_role", member_id=other["id"], role="adviser")["roles"] == ["teacher"]
    assert cli(["grant-role", "--email", "personne@ac-lille.fr", "--role", "admin"]) == 1
    platform = Caller(actor_id="0" * 24, roles=("platform",))
    changed = rpc_call(platform, "community.access_changes", since="2000-01-01T00:00:00+00:00")["members"]
    assert {m["member_id"] for m in changed} == {first["id"], other["id"]}


def test_health(community, rpc_call):
    assert rpc_call(ANON, "community.health")["status"] == "ok"


def test_a_database_that_missed_the_taxonomy_announcement_asks_resources_for_it(run_service, rpc_call):
    run_service(TaxonomyOwner)
    run_service(CommunityService)
    register(rpc_call, email="tina@ac-lille.fr")
    me = Caller(actor_id=sign_in(rpc_call, email="tina@ac-lille.fr")["member"]["id"], roles=("teacher",),
                request_id="t")
    deadline = time.monotonic() + 20
    while True:
        try:
            profile = rpc_call(me, "community.update_my_profile", interests=["lecture"])
            break
        except Invalid:  # not fetched yet
            assert time.monotonic() < deadline, "the taxonomy was never asked of resources"
            time.sleep(0.2)
    assert profile["interests"] == [{"slug": "lecture", "label": "Lecture (demandée à resources)"}]
