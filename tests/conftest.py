"""System tests: the whole platform started by the fixtures, used only through the gateway."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests

PASSWORD = "un mot de passe solide"
JWT_SECRET = "system-tests-secret-" + uuid.uuid4().hex


class Api:
    """A tiny HTTP client for the gateway; never raises on HTTP status."""

    def __init__(self, base_url: str):
        self.base_url = base_url

    def request(self, method: str, path: str, token: str | None = None, headers: dict | None = None, **kwargs):
        headers = dict(headers or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        # 30 s is the hang detector: the platform must always answer well before
        return requests.request(method, self.base_url + "/api/v1" + path, headers=headers, timeout=30, **kwargs)

    def get(self, path, token=None, **kwargs):
        return self.request("GET", path, token, **kwargs)

    def post(self, path, token=None, **kwargs):
        return self.request("POST", path, token, **kwargs)

    def wait_for(self, predicate, timeout: float = 30, interval: float = 0.3):
        deadline = time.monotonic() + timeout
        while True:
            result = predicate()
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError(f"condition not met within {timeout}s")
            time.sleep(interval)


class Platform:
    def __init__(self, stack, proxy, broker_uri: str):
        self.stack = stack
        self.proxy = proxy
        self.broker_uri = broker_uri  # direct, not through the proxy
        self.api = Api(stack.config.base_url)

    def member(self, role: str = "teacher", levels=("CP",), granted: str | None = None) -> dict:
        email = f"{role}-{uuid.uuid4().hex[:8]}@ac-test.fr"
        response = self.api.post("/auth/register", json={
            "email": email, "password": PASSWORD, "display_name": f"Test {role}", "role": role,
            "levels": list(levels)})
        assert response.status_code == 202, response.text
        self.verify(email)
        if granted:
            self.grant(email, granted)
        tokens = self.api.post("/auth/login", json={"email": email, "password": PASSWORD}).json()
        me = self.api.get("/me", tokens["access_token"]).json()
        return {"email": email, "id": me["id"], **tokens}

    def verify(self, *emails: str) -> None:
        """Verify addresses with the operator's command line (the API has no such door; the
        verification e-mail itself: test_lifecycle.py)."""
        from classe12_devstack.accounts import verify_emails
        verify_emails(self.stack.config.env(), emails)

    def grant(self, email: str, role: str) -> None:
        """Give a privileged role with the operator's command line, as in production."""
        subprocess.run([sys.executable, "-m", "classe12_community.cli", "grant-role", "--email", email,
                        "--role", role], env=self.stack.config.env(), check=True, capture_output=True)

    def wait_healthy(self):
        return self.stack.wait_healthy(timeout=90)


@contextmanager
def running_platform(var_dir, broker_uri: str, extra_env: dict | None = None, web_root=None):
    """A whole platform (SecantusDB, the four services, the gateway) with the broker behind a
    TCP proxy that tests can cut; everything stopped and its broker users deleted afterwards.
    With `web_root` (web/dist), the front serves the web client on the same origin (tests/web)."""
    from classe12_devstack.broker_users import delete_users
    from classe12_devstack.processes import Stack, StackConfig
    from classe12_testing.tcp_proxy import TcpProxy

    parts = urlsplit(broker_uri)
    proxy = TcpProxy(parts.hostname, parts.port or 5672).start()
    proxied = urlunsplit(parts._replace(netloc=f"{parts.username}:{parts.password}@127.0.0.1:{proxy.port}"))
    config = StackConfig(var_dir=var_dir, amqp_uri=proxied, extra_env={
        "RPC_TIMEOUT": "3", "MONGO_TIMEOUT_MS": "1000", "HEALTH_TIMEOUT": "2", "JWT_SECRET": JWT_SECRET,
        # default body limit (the largest body the OpenAPI document allows must fit) and threads
        # (every bulkhead full still leaves some: test_bulkhead.py)
        "GATEWAY_WORKERS": "2",
        # web push to the local push service of the tests (classe12_testing.pushservice), over http
        "PUSH_HTTP_HOSTS": "127.0.0.1", **(extra_env or {})}, web_root=web_root)
    stack = Stack(config)
    stack.start()
    try:
        stack.wait_healthy(timeout=120)
        yield Platform(stack, proxy, broker_uri)
    finally:
        stack.stop_all()
        delete_users(config.amqp_uri)
        proxy.stop()
        if os.environ.get("CI"):
            for log in sorted(stack.logs.glob("*.log")):
                tail = log.read_text(errors="replace").splitlines()[-15:]
                print(f"--- {log.name}\n" + "\n".join(tail))


@pytest.fixture(scope="session")
def platform(tmp_path_factory, broker_uri):
    # sign-in throttling: the default per account (the dedicated tests rely on it); per client
    # address (every test comes from 127.0.0.1) high enough that the suite is never slowed
    with running_platform(tmp_path_factory.mktemp("stack"), broker_uri, {
            "LOGIN_ACCOUNT_FREE_FAILURES": "5", "LOGIN_ADDRESS_FREE_FAILURES": "100000"}) as platform:
        yield platform


@pytest.fixture
def api(platform):
    return platform.api
