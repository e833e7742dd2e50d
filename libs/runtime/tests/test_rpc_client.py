"""The plain-kombu RPC client against a real nameko service on the test vhost."""
import logging
import threading
import time

import eventlet
import kombu
import pytest
from marshmallow import fields

from classe12_contracts.errors import Forbidden, Invalid, Unauthorized, Unavailable
from classe12_runtime.context import Caller
from classe12_runtime.edge import RequestContext, rpc_method
from classe12_runtime.rpc_client import Overloaded, RemoteFailure, RpcClient, rpc_exchange
from classe12_runtime.validation import Schema


class EchoInput(Schema):
    text = fields.String(required=True)
    sleep = fields.Float(load_default=0.0)


class EchoService:
    name = "echo"
    caller = RequestContext()

    @rpc_method(EchoInput)
    def echo(self, data):
        eventlet.sleep(data["sleep"])
        if data["text"] == "forbidden":
            raise Forbidden("Non.")
        if data["text"] == "bug":
            raise KeyError("oops")
        return {"text": data["text"], "actor": self.caller.actor_id, "request_id": self.caller.request_id}


@pytest.fixture
def echo(run_service):
    return run_service(EchoService)


@pytest.fixture
def client(service_env):
    client = RpcClient(service_env["amqp_uri"], timeout=3, max_in_flight=2, name="test",
                       context_key=service_env["context_key"])
    yield client
    client.close()


def test_results_typed_errors_and_context(echo, client):
    caller = Caller(actor_id="a" * 24, roles=("teacher",), request_id="req-42")
    assert client.call("echo", "echo", {"text": "bonjour"}, caller=caller) == {"text": "bonjour", "actor": "a" * 24,
                                                                   "request_id": "req-42"}
    with pytest.raises(Forbidden) as err:
        client.call("echo", "echo", {"text": "forbidden"}, caller=caller)
    assert err.value.message == "Non."
    with pytest.raises(Invalid) as err:
        client.call("echo", "echo", {"texte": "faute de frappe"}, caller=caller)
    assert set(err.value.fields) == {"text", "texte"}
    with pytest.raises(RemoteFailure) as err:
        client.call("echo", "echo", {"text": "bug"}, caller=caller)
    assert err.value.exc_type == "KeyError"


def test_an_acting_member_is_believed_only_with_the_platform_signature(echo, service_env):
    caller = Caller(actor_id="a" * 24, roles=("admin",), request_id="forged")
    for key in (None, "not-the-platform-key-" + "x" * 20):
        forger = RpcClient(service_env["amqp_uri"], timeout=3, name="forger", context_key=key)
        try:
            with pytest.raises(Unauthorized):
                forger.call("echo", "echo", {"text": "je suis admin"}, caller=caller)
            assert forger.call("echo", "echo", {"text": "anonyme"})["actor"] is None  # anonymous needs no key
        finally:
            forger.close()


def test_an_unknown_service_is_unavailable_at_once(echo, client):
    started = time.monotonic()
    with pytest.raises(Unavailable):
        client.call("nobody", "nothing")
    assert time.monotonic() - started < 2  # generous: only shows it did not wait for the timeout


def test_a_request_nobody_takes_expires_in_its_queue(client, service_env):
    with kombu.Connection(service_env["amqp_uri"]) as connection:
        queue = kombu.Queue("rpc-sleepy", exchange=rpc_exchange(), routing_key="sleepy.*", durable=True)
        queue(connection.channel()).declare()
        with pytest.raises(Unavailable):
            client.call("sleepy", "work", timeout=0.3)
        deadline = time.monotonic() + 10
        while connection.default_channel.queue_declare("rpc-sleepy", passive=True).message_count:
            assert time.monotonic() < deadline, "the request should have expired in the queue"
            time.sleep(0.1)
        queue(connection.channel()).delete()


def test_a_late_reply_is_dropped_not_kept(echo, client, service_env):
    with pytest.raises(Unavailable):
        client.call("echo", "echo", {"text": "lent", "sleep": 1.0}, timeout=0.3)
    assert client._pending == {}
    time.sleep(1.5)  # the reply arrives after its caller gave up
    assert client._pending == {}
    assert client.call("echo", "echo", {"text": "ensuite"})["text"] == "ensuite"


def test_the_bulkhead_fails_fast_when_a_service_holds_its_budget(echo, client, caplog):
    caplog.set_level(logging.INFO)
    started = threading.Event()
    results = []

    def slow():
        started.set()
        try:
            results.append(client.call("echo", "echo", {"text": "lent", "sleep": 1.0}, timeout=5))
        except Exception as exc:  # noqa: BLE001 - recorded for the assertion
            results.append(exc)
    threads = [threading.Thread(target=slow) for _ in range(2)]
    for thread in threads:
        thread.start()
    started.wait(5)
    time.sleep(0.3)  # both slow calls are in flight
    for _ in range(3):
        with pytest.raises(Overloaded):
            client.call("echo", "echo", {"text": "une de trop"})
    for thread in threads:
        thread.join()
    assert [r["text"] for r in results] == ["lent", "lent"]
    assert client.call("echo", "echo", {"text": "de nouveau"})["text"] == "de nouveau"
    lines = [r.getMessage() for r in caplog.records if "bulkhead" in r.getMessage()]
    assert lines == ["bulkhead full: calls to echo answer 503 at once until one of those waiting ends",
                     "bulkhead of echo has room again"]  # one line each, not one per refused call
