"""The live-updates process: the stream's answers (tokens, broker away, frames of one member
only, resync, heartbeats, slow readers), its broker consumer on a real RabbitMQ, and the
gateway's stream ticket."""
import asyncio
import secrets
import time

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from classe12_contracts.envelope import make_envelope
from classe12_gateway.app import create_app
from classe12_gateway.live.hub import QUEUE_LIMIT, Hub
from classe12_gateway.live.inbox import InboxChanges
from classe12_gateway.live.stream import StreamEndpoint
from classe12_gateway.settings import load_gateway_settings
from classe12_gateway.tokens import TokenIssuer
from classe12_runtime.outbox import EventPublisher

SECRET = secrets.token_hex(32)
TOKENS = TokenIssuer(SECRET, 900)
ANNE, BOB = "a" * 24, "b" * 24
PATH = "/api/v1/notifications/stream"


def access(member_id: str) -> str:
    return TOKENS.issue({"member": {"id": member_id, "roles": ["teacher"]},
                         "session": {"id": "s1", "token_id": "t1", "expires_at": "2100-01-01T00:00:00+00:00"}})[
        "access_token"]


def run(scenario, broker_ready=lambda: True, heartbeat=30.0, max_age=60.0, closing=False):
    """Run `scenario(client, hub)` against a stream endpoint alone (`closing`: as at shutdown)."""
    async def main():
        hub = Hub()
        app = web.Application()
        endpoint = StreamEndpoint(hub, TOKENS, broker_ready, heartbeat, max_age)
        endpoint.closing = closing
        app.router.add_get(PATH, endpoint)
        async with TestClient(TestServer(app)) as client:
            return await scenario(client, hub)
    return asyncio.run(main())


async def frames_until(response, wanted: int, timeout: float = 10) -> list[str]:
    """The next `wanted` blocks (frames or comments) of a stream, as text."""
    blocks, buffer = [], b""
    async with asyncio.timeout(timeout):
        while len(blocks) < wanted:
            buffer += await response.content.readany()
            while b"\n\n" in buffer:
                block, buffer = buffer.split(b"\n\n", 1)
                blocks.append(block.decode())
    return blocks


@pytest.mark.parametrize("how", [{}, {"params": {"ticket": "pas.un.ticket"}},
                                 {"headers": {"Authorization": "Bearer nope"}},
                                 {"params": {"ticket": access(ANNE)}}])  # an access token is no ticket
def test_a_bad_token_is_401_problem_in_french(how):
    async def scenario(client, hub):
        response = await client.get(PATH, **how)
        return response.status, response.headers, await response.json(content_type=None)
    status, headers, body = run(scenario)
    assert status == 401 and headers["Content-Type"].startswith("application/problem+json")
    assert body["code"] == "invalid_token" and "connect" in body["detail"] and headers["WWW-Authenticate"]


def test_the_broker_away_is_503_with_retry_after():
    async def scenario(client, hub):
        response = await client.get(PATH, headers={"Authorization": f"Bearer {access(ANNE)}"})
        return response.status, response.headers, await response.json(content_type=None)
    status, headers, body = run(scenario, broker_ready=lambda: False)
    assert status == 503 and headers["Retry-After"] and body["code"] == "unavailable"


def test_a_stream_gets_its_members_changes_only_with_ids_and_a_ticket_opens_it():
    async def scenario(client, hub):
        ticket = TOKENS.stream_ticket({"sub": ANNE, "roles": ["teacher"], "sid": "s1"})["ticket"]
        anne = await client.get(PATH, params={"ticket": ticket})
        bob = await client.get(PATH, headers={"Authorization": f"Bearer {access(BOB)}"})
        assert anne.status == bob.status == 200
        assert anne.headers["Content-Type"].startswith("text/event-stream")
        assert await frames_until(anne, 1) == ["retry: 3000"]
        assert await frames_until(bob, 1) == ["retry: 3000"]
        while hub.listeners() < 2:
            await asyncio.sleep(0.01)
        hub.publish(ANNE, {"member_id": ANNE, "unread_count": 3,
                           "notification": {"id": "n1", "kind": "welcome", "category": "account"}})
        [frame] = await frames_until(anne, 1)
        with pytest.raises(TimeoutError):
            await frames_until(bob, 1, timeout=0.3)
        return frame
    frame = run(scenario)
    lines = frame.split("\n")
    assert lines[0].startswith("id: ") and lines[1] == "event: inbox"
    assert lines[2] == 'data: {"unread_count":3,"notification":{"id":"n1","kind":"welcome","category":"account"}}'


def test_a_client_coming_back_is_told_to_resync_and_idle_streams_get_heartbeats():
    async def scenario(client, hub):
        response = await client.get(PATH, headers={"Authorization": f"Bearer {access(ANNE)}",
                                                   "Last-Event-ID": "abcd-12"})
        return await frames_until(response, 3)
    blocks = run(scenario, heartbeat=0.05)
    assert blocks[0] == "retry: 3000"
    assert blocks[1] == 'event: resync\ndata: {"reason":"missed"}'
    assert blocks[2] == ": keep-alive"


def test_a_reader_that_falls_behind_is_closed_and_the_stream_ends_at_its_max_age():
    async def scenario(client, hub):
        slow = await client.get(PATH, headers={"Authorization": f"Bearer {access(ANNE)}"})
        while hub.listeners() < 1:
            await asyncio.sleep(0.01)
        for n in range(QUEUE_LIMIT + 1):  # nobody reads meanwhile: the stream's queue overflows
            hub.publish(ANNE, {"member_id": ANNE, "unread_count": n})
        await asyncio.wait_for(slow.read(), 10)  # the server ended it
        short = await client.get(PATH, headers={"Authorization": f"Bearer {access(BOB)}"})
        await asyncio.wait_for(short.read(), 10)
        return hub.listeners()
    assert run(scenario, max_age=0.2) == 0


def test_the_consumer_hands_inbox_changes_to_the_loop(broker_uri):
    received = []

    async def main():
        loop = asyncio.get_running_loop()
        changes = InboxChanges(broker_uri, lambda member_id, data: received.append((member_id, data)), loop)
        changes.start()
        try:
            await asyncio.wait_for(loop.run_in_executor(None, changes.connected.wait, 10), 15)
            publisher = EventPublisher(broker_uri, transient=True)
            publisher.publish(make_envelope("notifications.inbox_changed", 1, {"member_id": ANNE, "unread_count": 2}))
            publisher.close()
            deadline = time.monotonic() + 10
            while not received and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
        finally:
            await loop.run_in_executor(None, changes.stop)
    asyncio.run(main())
    assert received == [(ANNE, {"member_id": ANNE, "unread_count": 2})]


def test_the_gateway_gives_a_stream_ticket_to_a_signed_in_member(broker_uri):
    settings = load_gateway_settings(amqp_uri=broker_uri, jwt_secret=SECRET, context_key=secrets.token_hex(32))
    client = create_app(settings, configure_logs=False).test_client()
    assert client.post("/api/v1/notifications/stream-ticket").status_code == 401
    answer = client.post("/api/v1/notifications/stream-ticket", headers={"Authorization": f"Bearer {access(ANNE)}"})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    claims = TOKENS.verify(answer.get_json()["ticket"], "stream")
    assert claims["sub"] == ANNE and claims["exp"] - claims["iat"] <= 61 and answer.get_json()["expires_in"] == 60


def test_in_front_of_the_gateway_it_serves_the_stream_and_passes_everything_else_on(broker_uri):
    """`make up`: one origin; the live process passes other requests to the gateway, bodies and
    statuses as they are, hop-by-hop headers dropped."""
    from classe12_gateway.live.app import create_app as create_live_app

    async def echo(request: web.Request) -> web.Response:
        body = await request.read()
        return web.json_response({"method": request.method, "path": request.path_qs, "body": body.decode(),
                                  "forwarded_for": request.headers.get("X-Forwarded-For")},
                                 status=201 if request.method == "POST" else 200, headers={"X-Request-ID": "r1"})

    async def main():
        gateway = web.Application()
        gateway.router.add_route("*", "/{tail:.*}", echo)
        async with TestServer(gateway) as upstream:
            live = create_live_app(broker_uri, TOKENS, upstream=str(upstream.make_url("/")))
            async with TestClient(TestServer(live)) as client:
                got = await client.get("/api/v1/resources?limit=2")
                posted = await client.post("/api/v1/auth/login", data=b'{"email": "a"}',
                                           headers={"Content-Type": "application/json", "Connection": "close"})
                refused = await client.get(PATH, params={"ticket": "nope"})  # served here, not passed on
                return ((got.status, await got.json(), got.headers["X-Request-ID"]),
                        (posted.status, await posted.json()), refused.status)
    (status, got, request_id), (posted_status, posted), refused = asyncio.run(main())
    assert status == 200 and got["method"] == "GET" and got["path"] == "/api/v1/resources?limit=2"
    assert request_id == "r1" and got["forwarded_for"] == "127.0.0.1"
    assert posted_status == 201 and posted["body"] == '{"email": "a"}'
    assert refused == 401


def test_at_shutdown_every_open_stream_ends_and_new_ones_are_refused():
    async def scenario(client, hub):
        response = await client.get(PATH, headers={"Authorization": f"Bearer {access(ANNE)}"})
        while hub.listeners() < 1:
            await asyncio.sleep(0.01)
        hub.close_all()
        await asyncio.wait_for(response.read(), 10)  # ended by the server
        return hub.listeners()
    assert run(scenario) == 0

    async def refused(client, hub):
        response = await client.get(PATH, headers={"Authorization": f"Bearer {access(ANNE)}"})
        return response.status, response.headers.get("Retry-After")
    status, retry_after = run(refused, closing=True)  # what on_shutdown sets
    assert status == 503 and retry_after
