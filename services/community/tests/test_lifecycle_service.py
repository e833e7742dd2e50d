"""The account lifecycle through the real service (nameko on a private vhost, SecantusDB):
links read back with get_account_mail as the notifications service does, deletion and export."""
import pytest

from classe12_community.cli import main as cli
from classe12_community.domain.erasure import DELETED_MEMBER_ID
from classe12_community.service import CommunityService
from classe12_contracts.errors import Invalid, NotFound, Unauthorized
from classe12_runtime.context import Caller

ANON = Caller(request_id="test")
PLATFORM = Caller(actor_id="0" * 24, roles=("platform",))
PASSWORD = "un mot de passe long"


@pytest.fixture
def community(run_service):
    return run_service(CommunityService)


@pytest.fixture
def db(community, service_env):
    from classe12_runtime import mongo
    return mongo.client()[service_env["databases"]["community"]]


def member(rpc_call, email):
    rpc_call(ANON, "community.register", email=email, password=PASSWORD, display_name=email.split("@")[0],
             role="teacher", levels=["CP"])
    signed_in = rpc_call(ANON, "community.authenticate", email=email, password=PASSWORD)
    return signed_in, Caller(actor_id=signed_in["member"]["id"], roles=("teacher",))


def outbox(db, event_type):
    return [e["envelope"]["data"] for e in db.outbox.find({"envelope.type": event_type}).sort("created_at", 1)]


def test_registration_asks_for_the_verification_e_mail_whose_link_verifies(community, rpc_call, db):
    signed_in, me = member(rpc_call, "anne@ac-lille.fr")
    assert signed_in["member"]["email_verified"] is False
    [requested] = outbox(db, "community.account_mail_requested")
    assert requested == {"mail_id": requested["mail_id"], "member_id": me.actor_id, "purpose": "verify_email"}
    mail = rpc_call(PLATFORM, "community.get_account_mail", mail_id=requested["mail_id"])
    assert mail["email"] == "anne@ac-lille.fr" and mail["link"].startswith("http://127.0.0.1:8000/compte/verifier")
    assert rpc_call(ANON, "community.confirm_email", token=mail["token"])["email_verified"] is True
    refreshed = rpc_call(ANON, "community.refresh_session", session_id=signed_in["session"]["id"],
                         token_id=signed_in["session"]["token_id"])
    assert refreshed["member"]["email_verified"] is True  # what the gateway puts in the next access token
    assert outbox(db, "community.member_verified")[0]["member_id"] == me.actor_id
    assert "anne@ac-lille.fr" not in str(list(db.outbox.find()))
    assert "token" not in str(db.account_mails.find_one())


def test_the_operator_verifies_an_address_with_the_command_line(community, rpc_call, db):
    _, me = member(rpc_call, "bruno@ac-lille.fr")
    assert cli(["verify-email", "--email", "BRUNO@ac-lille.fr"]) == 0
    assert cli(["verify-email", "--email", "bruno@ac-lille.fr"]) == 0  # idempotent
    assert rpc_call(me, "community.get_member", member_id=me.actor_id)["email_verified"] is True
    assert cli(["verify-email", "--email", "personne@ac-lille.fr"]) == 1


def test_a_reset_link_sets_the_password_and_closes_every_session(community, rpc_call, db):
    signed_in, me = member(rpc_call, "clara@ac-lille.fr")
    rpc_call(ANON, "community.request_password_reset", email="Clara@ac-lille.fr")
    [reset] = [m for m in outbox(db, "community.account_mail_requested") if m["purpose"] == "reset_password"]
    token = rpc_call(PLATFORM, "community.get_account_mail", mail_id=reset["mail_id"])["token"]
    assert rpc_call(ANON, "community.reset_password", token=token, password="un tout nouveau mot de passe") == {
        "closed": 1}
    with pytest.raises(Unauthorized):
        rpc_call(ANON, "community.refresh_session", session_id=signed_in["session"]["id"],
                 token_id=signed_in["session"]["token_id"])
    rpc_call(ANON, "community.authenticate", email="clara@ac-lille.fr", password="un tout nouveau mot de passe")
    with pytest.raises(Invalid):
        rpc_call(ANON, "community.reset_password", token=token, password="un autre nouveau mot de passe")


def test_deletion_erases_the_account_anonymises_posts_and_hands_groups_over(community, rpc_call, db):
    owner_in, owner = member(rpc_call, "owner@ac-lille.fr")
    _, other = member(rpc_call, "other@ac-lille.fr")
    for email in ("owner@ac-lille.fr", "other@ac-lille.fr"):
        cli(["verify-email", "--email", email])
    rpc_call(owner, "community.accept_charter", version=1)
    rpc_call(other, "community.accept_charter", version=1)
    group = rpc_call(owner, "community.create_group", name="Rituels du matin", description="Nos rituels en CP.",
                     access="open", topics=[], levels=["CP"])
    rpc_call(other, "community.join_group", group_id=group["id"])
    page = rpc_call(owner, "community.create_thread", group_id=group["id"], title="Quels rituels ?",
                    body="Que faites-vous le matin ?")
    reply = rpc_call(other, "community.post_reply", thread_id=page["thread"]["id"], body="Le calendrier.")
    rpc_call(owner, "community.react_to_post", post_id=reply["id"], reaction="merci", active=True)

    exported = rpc_call(owner, "community.export_member_data")
    assert exported["service"] == "community" and exported["data"]["account"]["email"] == "owner@ac-lille.fr"
    assert "password_hash" not in exported["data"]["account"] and len(exported["data"]["threads"]) == 1
    assert len(exported["data"]["reactions"]) == 1 and len(exported["data"]["memberships"]) == 1
    assert "token_id" not in str(exported["data"]["sessions"])

    with pytest.raises(Invalid):
        rpc_call(owner, "community.delete_account", password="pas le bon")
    assert rpc_call(owner, "community.delete_account", password=PASSWORD) == {"deleted": True}
    assert outbox(db, "community.member_deleted")[0]["member_id"] == owner.actor_id
    with pytest.raises(Unauthorized):
        rpc_call(ANON, "community.authenticate", email="owner@ac-lille.fr", password=PASSWORD)
    with pytest.raises(NotFound):
        rpc_call(owner, "community.export_member_data")
    thread = rpc_call(other, "community.get_thread", thread_id=page["thread"]["id"])
    assert thread["thread"]["author"]["display_name"] == "Compte supprimé"
    assert thread["thread"]["author"]["id"] == DELETED_MEMBER_ID
    assert thread["replies"]["items"][0]["reactions"]["merci"] == 0
    assert db.memberships.find_one({"group_id": group["id"], "member_id": other.actor_id})["role"] == "owner"
    assert db.sessions.count_documents({"member_id": owner.actor_id}) == 0
    assert owner.actor_id not in str(list(db.posts.find())) + str(list(db.threads.find()))
    assert owner_in["session"]["id"] not in str(list(db.sessions.find()))
