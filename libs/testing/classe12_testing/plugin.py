"""pytest fixtures of every package's tests (registered as the `classe12` pytest plugin).

- `mongo_uri`: a SecantusDB server started for the session, or TEST_MONGO_URI (point it at
  a real MongoDB to run the storage tests there).
- `mongo_db`: a fresh database per test, dropped afterwards.
- `broker_uri`: a private RabbitMQ vhost for the session, deleted afterwards.
- `service_env`: environment pointing the runtime at those servers, with a database suffix
  of its own (monkeypatched); `service_env["databases"][service]` names a service's database.
- `contract`: the contract of the service the tests belong to (its `contract/` folder);
  `service_contracts`: {service: Contract} whose operations `rpc_call` checks replies against.
- `rpc_call(caller, "service.method", **kwargs)`, `run_service(ServiceClass)`.
- `mail_server`: a real SMTP server (aiosmtpd, in a subprocess) keeping what it receives
  (`mail_server.mails()`; `mail_server.refuse_with("451 ...")` to make it refuse).

Services under test run on eventlet, as under `nameko run`: the monkey patch is applied when
this plugin loads, before anything imports pymongo (which picks select.poll at import time).
"""
from __future__ import annotations

import os
import uuid
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # "Eventlet is deprecated": nameko 2 has nothing else
    import eventlet

#: the web layer runs without it (WEB_LAYER_ENV): Playwright's own greenlet loop does not mix with
#: eventlet's hub; its tests drive the platform's processes and a browser, nothing green
GREEN = os.environ.get("CLASSE12_EVENTLET", "1") != "0"
WEB_LAYER_ENV = {"CLASSE12_EVENTLET": "0"}
if GREEN:
    eventlet.monkey_patch()

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def mongo_uri(tmp_path_factory):
    from .servers import MongoServer
    external = os.environ.get("TEST_MONGO_URI")
    if external:
        yield external
        return
    server = MongoServer(tmp_path_factory.mktemp("secantus") / "data").start()
    try:
        yield server.uri
    finally:
        server.stop()


@pytest.fixture
def mongo_db(mongo_uri):
    import pymongo
    client = pymongo.MongoClient(mongo_uri, tz_aware=True)
    name = f"t{uuid.uuid4().hex[:12]}"
    try:
        yield client[name]
    finally:
        client.drop_database(name)
        client.close()


@pytest.fixture(scope="session")
def broker_uri():
    from .servers import RabbitVhost
    vhost = RabbitVhost().create()
    try:
        yield vhost.uri
    finally:
        vhost.delete()


#: the key that signs call contexts in these tests (services verify it: ACTOR_CONTEXT_KEY)
CONTEXT_KEY = "tests-" + uuid.uuid4().hex + uuid.uuid4().hex


class DatabaseNames(dict):
    """service -> its database name under the current environment."""

    def __missing__(self, service: str) -> str:
        from classe12_runtime.config import database_name
        return database_name(service)


@pytest.fixture
def service_env(monkeypatch, mongo_uri, broker_uri):
    """Point the runtime's settings at the test servers, with fresh databases."""
    suffix = f"_{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("MONGO_URI", mongo_uri)
    monkeypatch.setenv("AMQP_URI", broker_uri)
    monkeypatch.setenv("RPC_TIMEOUT", "5")
    monkeypatch.setenv("DATABASE_SUFFIX", suffix)
    monkeypatch.setenv("ACTOR_CONTEXT_KEY", CONTEXT_KEY)
    yield {"mongo_uri": mongo_uri, "amqp_uri": broker_uri, "databases": DatabaseNames(), "suffix": suffix,
           "context_key": CONTEXT_KEY}
    # a client of its own without the services' 10 s socket timeout: dropping a database that
    # holds files (GridFS) can take longer than that on the local store under load
    import pymongo
    with pymongo.MongoClient(mongo_uri, socketTimeoutMS=None) as client:
        for name in client.list_database_names():
            if name.endswith(suffix):
                client.drop_database(name)


def contract_of(test_path) -> object | None:
    """The contract of the service a test file belongs to: the `contract/` folder beside its
    `tests/` (None for tests outside a service)."""
    from pathlib import Path

    from classe12_contracts.documents import load_contract_folder
    for folder in Path(str(test_path)).resolve().parents:
        if (folder / "contract" / "asyncapi.yaml").is_file():
            return load_contract_folder(folder / "contract")
    return None


@pytest.fixture
def contract(request):
    """This service's contract (see contract_of)."""
    found = contract_of(request.path)
    if found is None:
        pytest.fail(f"no contract/ folder above {request.path}")
    return found


@pytest.fixture
def service_contracts(request) -> dict:
    """{service: Contract} whose operations `rpc_call` checks replies against: this service's."""
    found = contract_of(request.path)
    return {found.service: found} if found is not None else {}


@pytest.fixture
def rpc_call(service_env, service_contracts):
    """rpc_call(caller, "service.method", **kwargs): one RPC through the real broker; the reply
    (or the error code) is checked against the service's contract when it is known."""
    from nameko.standalone.rpc import ClusterRpcProxy

    from classe12_contracts.errors import AppError
    from classe12_runtime.config import nameko_config
    from classe12_runtime.edge import register_remote_errors

    from .contract_checks import check_error, check_reply

    register_remote_errors()

    def call(caller, target: str, **kwargs):
        service, method = target.split(".")
        contract = service_contracts.get(service)
        with ClusterRpcProxy(nameko_config(), context_data=caller.to_context_data(CONTEXT_KEY), timeout=10) as proxy:
            try:
                reply = getattr(proxy[service], method)(**kwargs)
            except AppError as exc:
                if contract is not None:
                    check_error(contract, method, exc.code)
                raise
        if contract is not None:
            check_reply(contract, method, reply)
        return reply
    return call


@pytest.fixture
def run_service(service_env, container_factory):
    """run_service(ServiceClass): start a real nameko container on the test vhost."""
    from classe12_runtime.config import nameko_config

    def start(service_cls):
        container = container_factory(service_cls, nameko_config())
        container.start()
        return container
    return start


# --- layers: unit (no server), integration (a real database or broker), system (whole stack),
# web (the web client in a real browser against the whole stack) ---

LAYERS = {
    "unit": "no server: pure Python, in-memory fakes, documents",
    "integration": "real servers: SecantusDB or MongoDB, RabbitMQ, one service at a time",
    "system": "the whole platform started by the tests, used through the gateway",
    "web": "the web client in Debian's Chromium against the whole platform (tests/web)",
}
SERVER_FIXTURES = {"mongo_uri", "broker_uri", "mail_server", "push_server"}


def pytest_configure(config):
    for name, description in LAYERS.items():
        config.addinivalue_line("markers", f"{name}: {description}")


def pytest_collection_modifyitems(items):
    """Each test's layer follows from the fixtures it uses: `make unit` never starts a server."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if "web_stack" in fixtures:
            item.add_marker(pytest.mark.web)
        elif "platform" in fixtures or item.get_closest_marker("system"):
            item.add_marker(pytest.mark.system)
        elif fixtures & SERVER_FIXTURES:
            item.add_marker(pytest.mark.integration)
        else:
            item.add_marker(pytest.mark.unit)


@pytest.fixture
def mail_server(tmp_path):
    from .mailbox import MailServer
    server = MailServer(tmp_path / "mail").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def push_server(tmp_path):
    """A local Web Push service that checks VAPID and decrypts what it receives (pushservice.py)."""
    from .pushservice import PushServer
    server = PushServer(tmp_path / "push").start()
    try:
        yield server
    finally:
        server.stop()
