"""pytest fixtures available to every package's tests (registered as the `classe12` plugin).

- `mongo_uri`: a SecantusDB server started for the session, or TEST_MONGO_URI (point it at
  a real MongoDB to run the storage contract tests there).
- `mongo_db`: a fresh database per test, dropped afterwards.
- `broker_uri`: a private RabbitMQ vhost for the session, deleted afterwards.
- `service_env`: environment pointing the kernel at those servers (monkeypatched).
"""
from __future__ import annotations

import os
import uuid

import pytest

# Imports of pymongo, nameko and the kernel happen inside the fixtures: this plugin loads
# before the root conftest applies eventlet's monkey patch, and pymongo must be imported
# after it (it picks select.poll at import time, which eventlet removes).


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


@pytest.fixture
def service_env(monkeypatch, mongo_uri, broker_uri):
    """Point the kernel's settings at the test servers, with one fresh database per service."""
    from .. import mongo
    from ..config import DATABASE_SETTINGS
    suffix = uuid.uuid4().hex[:8]
    monkeypatch.setenv("MONGO_URI", mongo_uri)
    monkeypatch.setenv("AMQP_URI", broker_uri)
    monkeypatch.setenv("RPC_TIMEOUT", "5")
    names = {}
    for service, (var, default) in DATABASE_SETTINGS.items():
        names[service] = f"{default}_{suffix}"
        monkeypatch.setenv(var, names[service])
    yield {"mongo_uri": mongo_uri, "amqp_uri": broker_uri, "databases": names}
    client = mongo.client(mongo_uri)
    for name in names.values():
        client.drop_database(name)


@pytest.fixture
def rpc_call(service_env):
    """rpc_call(caller, "service.method", **kwargs): one RPC through the real broker."""
    from nameko.standalone.rpc import ClusterRpcProxy

    from ..config import nameko_config
    from ..service_edge import register_remote_errors

    register_remote_errors()

    def call(caller, target: str, **kwargs):
        service, method = target.split(".")
        with ClusterRpcProxy(nameko_config(), context_data=caller.to_context_data(), timeout=10) as proxy:
            return getattr(proxy[service], method)(**kwargs)
    return call


@pytest.fixture
def run_service(service_env, container_factory):
    """run_service(ServiceClass): start a real nameko container on the test vhost."""
    from ..config import nameko_config

    def start(service_cls):
        container = container_factory(service_cls, nameko_config())
        container.start()
        return container
    return start
