"""Gateway tests with Flask's test client: validation, errors and auth answer before any RPC;
RPC failures (no service, no broker) become 503 with Retry-After."""
import time

import jwt
import pytest

from classe12_gateway.app import create_app
from classe12_gateway.settings import load_gateway_settings
from classe12_testing.servers import free_port

SECRET = "gateway-tests-" + "s" * 32


def make_client(amqp_uri, **overrides):
    settings = load_gateway_settings(amqp_uri=amqp_uri, jwt_secret=SECRET, rpc_timeout=2.0, health_timeout=1.0,
                                     max_body_bytes=4096, **overrides)
    return create_app(settings, configure_logs=False).test_client()


@pytest.fixture
def client(broker_uri):
    return make_client(broker_uri)


def problem(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["detail"] and body["type"].startswith("urn:classe12:problem:")
    return body


def token(**claims):
    now = int(time.time())
    base = {"iss": "classe12", "sub": "a" * 24, "roles": ["teacher"], "typ": "access", "iat": now, "exp": now + 60}
    return jwt.encode({**base, **claims}, SECRET, algorithm="HS256")


def test_unknown_route_and_wrong_method(client):
    assert problem(client.get("/api/v1/inconnu"), 404)["code"] == "http_404"
    problem(client.delete("/api/v1/resources"), 405)


def test_malformed_json_wrong_media_type_and_size(client):
    assert problem(client.post("/api/v1/auth/login", data="{", content_type="application/json"), 400)["code"] == "malformed_json"
    problem(client.post("/api/v1/auth/login", data="email=x", content_type="application/x-www-form-urlencoded"), 415)
    problem(client.post("/api/v1/auth/login", data="x" * 5000, content_type="application/json"), 413)


def test_validation_is_per_field_and_french(client):
    body = problem(client.post("/api/v1/auth/register", json={"email": 3, "role": "admin", "extra": 1}), 422)
    assert body["errors"]["extra"] == ["Champ inconnu."]
    assert body["errors"]["password"] == ["Ce champ est obligatoire."]
    assert "role" in body["errors"] and "email" in body["errors"]
    problem(client.post("/api/v1/auth/login", json=["not", "an", "object"]), 422)


def test_query_parameters_are_validated_and_not_repeated(client):
    assert "limit" in problem(client.get("/api/v1/resources?limit=0"), 422)["errors"]
    assert "level" in problem(client.get("/api/v1/resources?level=CP&level=CE1"), 422)["errors"]
    assert "level[$ne]" in problem(client.get("/api/v1/resources?level[$ne]=CP"), 422)["errors"]


def test_ids_that_are_not_platform_ids_are_404_without_rpc(client):
    problem(client.get("/api/v1/resources/abc"), 404)
    problem(client.post("/api/v1/classes/%7B%22$gt%22:%22%22%7D/pupils", json={"alias": "A"},
                        headers={"Authorization": f"Bearer {token()}"}), 404)


@pytest.mark.parametrize("header", ["", "Bearer", "Token abc", "Bearer abc.def.ghi"])
def test_bad_or_missing_token(client, header):
    response = client.get("/api/v1/me", headers={"Authorization": header} if header else {})
    problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_expired_forged_and_refresh_tokens_are_refused_as_access(client):
    assert "expiré" in problem(client.get("/api/v1/me", headers={"Authorization": f"Bearer {token(exp=1)}"}), 401)["detail"]
    forged = jwt.encode({"iss": "classe12", "sub": "a" * 24, "typ": "access", "iat": 1, "exp": 2 ** 40}, "x" * 40,
                        algorithm="HS256")
    problem(client.get("/api/v1/me", headers={"Authorization": f"Bearer {forged}"}), 401)
    problem(client.get("/api/v1/me", headers={"Authorization": f"Bearer {token(typ='refresh')}"}), 401)


def test_service_not_running_is_503_with_retry_after(client):
    # a private vhost where no service ever ran: nameko reports the service unknown at once
    response = client.get("/api/v1/resources")
    problem(response, 503)
    assert response.headers["Retry-After"]
    health = client.get("/api/v1/health")
    assert health.status_code == 503 and health.headers["Retry-After"]
    assert health.get_json()["broker"]["status"] == "ok"
    assert all(s["status"] == "unavailable" for s in health.get_json()["services"].values())


def test_broker_unreachable_is_503_not_a_hang():
    client = make_client(f"amqp://guest:guest@127.0.0.1:{free_port()}/")
    started = time.monotonic()
    response = client.get("/api/v1/resources")
    problem(response, 503)
    assert response.headers["Retry-After"]
    assert time.monotonic() - started < 60  # generous: only catches a hang


def test_request_id_is_echoed_or_generated(client):
    response = client.get("/api/v1/inconnu", headers={"X-Request-ID": "abc-123"})
    assert response.headers["X-Request-ID"] == "abc-123" and response.get_json()["request_id"] == "abc-123"
    generated = client.get("/api/v1/inconnu", headers={"X-Request-ID": "bad id with spaces"}).headers["X-Request-ID"]
    assert generated != "bad id with spaces" and len(generated) == 32


def test_jwt_secret_is_required(monkeypatch):
    monkeypatch.delenv("JWT_SECRET", raising=False)
    with pytest.raises(RuntimeError, match="JWT_SECRET"):
        load_gateway_settings()
    monkeypatch.setenv("JWT_SECRET", "short")
    with pytest.raises(RuntimeError):
        load_gateway_settings()


def test_openapi_documents_every_endpoint_with_its_schemas(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operations = {(method.upper(), path) for path, ops in spec["paths"].items() for method in ops}
    assert ("POST", "/api/v1/resources/{id}/publish") in operations
    assert ("GET", "/api/v1/notifications") in operations and len(operations) == 16
    register = spec["paths"]["/api/v1/auth/register"]["post"]
    body = register["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["email", "password", "display_name", "role"]
    assert body["properties"]["role"]["$ref"] == "#/components/schemas/community.SelfChosenRole"
    assert register["operationId"] == "community.register"
    assert "422" in register["responses"] and "503" in register["responses"] and "409" in register["responses"]
    assert spec["paths"]["/api/v1/me"]["get"]["security"] == [{"bearer": []}]
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and b'lang="fr"' in page.data
