"""Gateway tests with Flask's test client: validation, errors and auth answer before any RPC;
RPC failures (no service, no broker) become 503 with Retry-After."""
import io
import re
import secrets
import time
from urllib.parse import quote

import jwt
import pytest

from classe12_gateway.app import create_app
from classe12_gateway.limits import MAX_URL_BYTES
from classe12_gateway.settings import load_gateway_settings
from classe12_testing.servers import free_port

SECRET = secrets.token_hex(32)
CONTEXT_KEY = secrets.token_hex(32)


def make_client(amqp_uri, **overrides):
    settings = load_gateway_settings(amqp_uri=amqp_uri, jwt_secret=SECRET, context_key=CONTEXT_KEY, rpc_timeout=2.0, health_timeout=1.0,
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


@pytest.fixture
def empty_broker():
    """A vhost of its own where no service ever runs (whatever else the session started)."""
    from classe12_testing.servers import RabbitVhost
    vhost = RabbitVhost().create()
    yield vhost.uri
    vhost.delete()


def test_service_not_running_is_503_with_retry_after(empty_broker):
    # no service ever ran on this vhost: nameko reports the service unknown at once
    client = make_client(empty_broker)
    response = client.get("/api/v1/resources")
    problem(response, 503)
    assert response.headers["Retry-After"]
    health = client.get("/api/v1/health")
    assert health.status_code == 503 and health.headers["Retry-After"]
    assert health.get_json() == {"status": "unavailable"}  # anonymous: no internals
    detailed = client.get("/api/v1/health", headers={"Authorization": f"Bearer {token(roles=['admin'])}"})
    assert detailed.status_code == 503 and detailed.get_json()["broker"]["status"] == "ok"
    assert all(s["status"] == "unavailable" for s in detailed.get_json()["services"].values())


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


@pytest.mark.parametrize("secret, reason", [
    (None, "shorter"),
    ("short", "shorter"),
    ("local-stack-only-" + "0" * 32, "published example"),     # the local stack's, before it made one
    ("CHANGE-ME-at-least-32-random-bytes", "published example"),
    ("s" * 64, "predictable"),
    ("abababababababababababababababababababab", "predictable"),
])
def test_missing_published_or_guessable_secrets_are_refused(monkeypatch, secret, reason):
    monkeypatch.setenv("ACTOR_CONTEXT_KEY", CONTEXT_KEY)
    if secret is None:
        monkeypatch.delenv("JWT_SECRET", raising=False)
    else:
        monkeypatch.setenv("JWT_SECRET", secret)
    with pytest.raises(RuntimeError, match=f"JWT_SECRET refused: .*{reason}"):
        load_gateway_settings()


def test_a_random_secret_is_accepted(monkeypatch):
    monkeypatch.setenv("ACTOR_CONTEXT_KEY", CONTEXT_KEY)
    for secret in (secrets.token_hex(32), secrets.token_urlsafe(32), "system-tests-secret-" + secrets.token_hex(16)):
        monkeypatch.setenv("JWT_SECRET", secret)
        assert load_gateway_settings().jwt_secret == secret


def test_openapi_documents_every_endpoint_with_its_schemas(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operations = {(method.upper(), path) for path, ops in spec["paths"].items() for method in ops}
    assert ("POST", "/api/v1/resources/{id}/publish") in operations
    assert ("GET", "/api/v1/notifications") in operations and ("PATCH", "/api/v1/collections/{id}") in operations
    register = spec["paths"]["/api/v1/auth/register"]["post"]
    body = register["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["email", "password", "display_name", "role"]
    assert body["properties"]["role"]["$ref"] == "#/components/schemas/community.SelfChosenRole"
    assert register["operationId"] == "community.register"
    assert "202" in register["responses"] and "422" in register["responses"] and "503" in register["responses"]
    revoke = spec["paths"]["/api/v1/members/{id}/roles/{role}"]["delete"]
    assert [p["schema"] for p in revoke["parameters"]][1] == {"$ref": "#/components/schemas/community.PrivilegedRole"}
    assert spec["paths"]["/api/v1/me"]["get"]["security"] == [{"bearer": []}]
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and b'lang="fr"' in page.data


def test_openapi_links_lead_from_a_creation_or_a_page_to_its_items(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    created = paths["/api/v1/classes"]["post"]["responses"]["201"]["links"]
    assert {link["operationId"] for link in created.values()} == {
        "evaluation.get_class", "evaluation.add_pupil", "evaluation.position_grid", "evaluation.get_grid", "evaluation.get_class_view",
        "evaluation.get_pupil_history", "evaluation.record_reperes", "evaluation.get_reperes",
        "evaluation.invite_coteacher", "evaluation.invite_parent", "evaluation.list_parent_links",
        "evaluation.revoke_parent", "evaluation.get_audit", "evaluation.erase_pupil", "evaluation.erase_class",
        "evaluation.export_class", "evaluation.archive_class", "evaluation.copy_pupils",
        "gateway.get_api_v1_classes_{id}_export.csv",
        "gateway.get_api_v1_classes_{id}_reports.pdf"}
    assert all(link["parameters"] == {"path.id": "$response.body#/id"} for link in created.values())
    page = paths["/api/v1/resources"]["get"]["responses"]["200"]["links"]
    assert {link["parameters"]["path.id"] for link in page.values()} == {"$response.body#/items/0/id"}
    assert {"resources.get_resource", "resources.publish_resource", "resources.rate_resource"} <= {
        link["operationId"] for link in page.values()}
    assert "links" not in paths["/api/v1/me"]["get"]["responses"]["200"]


def longest_value(spec, schema) -> int:
    """Bytes of the longest value `schema` allows in a URL, percent-encoded."""
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if "enum" in schema:
        return max(len(quote(str(v))) for v in schema["enum"])
    if "oneOf" in schema or "anyOf" in schema:
        return max(longest_value(spec, s) for s in schema.get("oneOf", schema.get("anyOf")))
    types = schema.get("type") if isinstance(schema.get("type"), list) else [schema.get("type")]
    if "string" in types:
        fixed = re.fullmatch(r"\^\[[0-9a-zA-Z_-]+\]\{(\d+)\}\$", schema.get("pattern", ""))
        if fixed:  # e.g. ids: ^[0-9a-f]{24}$
            return int(fixed.group(1))
        ascii_only = re.fullmatch(r"\^\[[0-9a-zA-Z_-]+\]\+\$", schema.get("pattern", ""))
        return schema["maxLength"] * (1 if ascii_only else 12)  # 4 UTF-8 bytes as %XX each
    return 24  # numbers, booleans, null


def test_the_longest_address_the_document_allows_is_not_refused(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            target = len(path)
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    target += longest_value(spec, parameter["schema"])
                elif parameter["in"] == "query":
                    target += len(parameter["name"]) + 2 + longest_value(spec, parameter["schema"])
            assert target < MAX_URL_BYTES, (method, path, target)
            assert "414" in operation["responses"], (method, path)


def test_a_too_long_address_is_414_in_french(client):
    body = problem(client.get("/api/v1/resources?topic=" + "a" * MAX_URL_BYTES), 414)
    assert "trop longue" in body["detail"]
    problem(client.get("/api/v1/resources/" + "0" * MAX_URL_BYTES), 414)


def test_405_says_which_methods_are_allowed(client):
    response = client.delete("/api/v1/resources")
    problem(response, 405)
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_a_chunked_body_over_the_limit_is_413_not_400(client):
    response = client.post("/api/v1/auth/login", input_stream=io.BytesIO(b"x" * 5000),
                           headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"},
                           environ_overrides={"wsgi.input_terminated": True})
    problem(response, 413)


def test_json_nested_too_deep_is_400(client):
    for body in ("[" * 1000 + "]" * 1000, '{"email": ' + "[" * 40 + "]" * 40 + ', "password": "x"}'):
        assert problem(client.post("/api/v1/auth/login", data=body, content_type="application/json"), 400)


@pytest.mark.parametrize("content_type", ["application/notjson", "text/plain", "application/x-www-form-urlencoded"])
def test_only_json_is_accepted(client, content_type):
    problem(client.post("/api/v1/auth/login", data='{"email": "a", "password": "b"}', content_type=content_type), 415)


def test_security_headers_everywhere_and_a_strict_policy_on_html(client):
    api = client.get("/api/v1/inconnu")
    assert api.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert api.headers["Referrer-Policy"] == "no-referrer" and api.headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in api.headers  # plain HTTP
    page = client.get("/api/v1/docs")
    policy = page.headers["Content-Security-Policy"]
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'<style nonce="{nonce}">' in page.get_data(as_text=True) and "frame-ancestors 'none'" in policy
    assert client.get("/api/v1/docs").headers["Content-Security-Policy"] != policy  # a fresh nonce each time
    secure = client.get("/api/v1/inconnu", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_cors_only_for_configured_origins(broker_uri):
    closed = make_client(broker_uri)
    preflight = {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    assert "Access-Control-Allow-Origin" not in closed.options("/api/v1/auth/login", headers=preflight).headers
    opened = make_client(broker_uri, cors_origins=("https://classe12.example.fr",))
    allowed = opened.options("/api/v1/auth/login", headers={**preflight, "Origin": "https://classe12.example.fr"})
    assert allowed.status_code == 204
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://classe12.example.fr"
    assert "Authorization" in allowed.headers["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in allowed.headers
    refused = opened.options("/api/v1/auth/login", headers=preflight)
    assert "Access-Control-Allow-Origin" not in refused.headers
    simple = opened.get("/api/v1/inconnu", headers={"Origin": "https://classe12.example.fr"})
    assert simple.headers["Access-Control-Allow-Origin"] == "https://classe12.example.fr"
    assert "X-Request-ID" in simple.headers["Access-Control-Expose-Headers"] and "Origin" in simple.headers["Vary"]


def test_the_call_context_key_is_required(monkeypatch):
    monkeypatch.setenv("JWT_SECRET", secrets.token_hex(32))
    for value in ("", "court"):
        monkeypatch.setenv("ACTOR_CONTEXT_KEY", value)
        with pytest.raises(RuntimeError, match="ACTOR_CONTEXT_KEY"):
            load_gateway_settings()

