"""Service tests: the real nameko container on a private RabbitMQ vhost and real SecantusDB."""
import pytest

from classe12_community.cli import main as cli
from classe12_community.service import CommunityService
from classe12_contracts.errors import Conflict, Forbidden, Invalid, Unauthorized
from classe12_runtime.context import Caller

ANON = Caller(request_id="test")
PASSWORD = "un mot de passe long"


@pytest.fixture
def community(run_service):
    return run_service(CommunityService)


def register(rpc_call, email="anne@ac-lille.fr", role="teacher"):
    return rpc_call(ANON, "community.register", email=email, password=PASSWORD,
                    display_name="Anne Martin", role=role, levels=["CP"])


def test_register_authenticate_profile(community, rpc_call):
    profile = register(rpc_call)
    assert rpc_call(ANON, "community.authenticate", email="ANNE@ac-lille.fr", password=PASSWORD)["id"] == profile["id"]
    me = Caller(actor_id=profile["id"], roles=("teacher",))
    assert rpc_call(me, "community.get_member", member_id=profile["id"])["levels"] == ["CP"]


def test_typed_errors_cross_rpc(community, rpc_call):
    register(rpc_call)
    with pytest.raises(Conflict):
        register(rpc_call)
    with pytest.raises(Unauthorized):
        rpc_call(ANON, "community.authenticate", email="anne@ac-lille.fr", password="faux mot de passe")
    with pytest.raises(Invalid) as err:
        rpc_call(ANON, "community.register", email={"$gt": ""}, password=PASSWORD,
                 display_name="X", role="admin")
    assert set(err.value.fields) >= {"email", "role", "display_name"}


def test_registration_event_leaves_through_the_outbox(community, rpc_call, service_env):
    from classe12_runtime import mongo
    register(rpc_call)
    outbox = mongo.client()[service_env["databases"]["community"]]["outbox"]
    entry = outbox.find_one()
    assert entry["envelope"]["type"] == "community.member_registered"
    assert entry["published_at"] is not None  # relayed with a publisher confirm


def test_only_admins_grant_roles_and_cli_makes_the_first_admin(community, rpc_call):
    first = register(rpc_call, email="chef@ac-lille.fr", role="director")
    other = register(rpc_call, email="cpc@ac-lille.fr")
    as_first = Caller(actor_id=first["id"], roles=("director",))
    with pytest.raises(Forbidden):
        rpc_call(as_first, "community.grant_role", member_id=other["id"], role="adviser")
    assert cli(["grant-role", "--email", "chef@ac-lille.fr", "--role", "admin"]) == 0
    as_admin = Caller(actor_id=first["id"], roles=("director", "admin"))
    granted = rpc_call(as_admin, "community.grant_role", member_id=other["id"], role="adviser")
    assert granted["roles"] == ["teacher", "adviser"]
    assert cli(["grant-role", "--email", "personne@ac-lille.fr", "--role", "admin"]) == 1


def test_health(community, rpc_call):
    assert rpc_call(ANON, "community.health")["status"] == "ok"
