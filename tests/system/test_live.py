"""Live updates: a member's open stream (Server-Sent Events, the live process) hears of a new
notification of theirs, and of nobody else's; bad tokens and a missing broker are refused."""
import json
import socket
import threading

import pytest
import requests

pytestmark = pytest.mark.system


class Listener:
    """One open stream, read in a thread; `frames` holds the (event, data) received."""

    def __init__(self, url: str, **kwargs):
        self.response = requests.get(url, stream=True, timeout=(5, 60), **kwargs)
        self.frames: list[tuple[str, dict]] = []
        self.socket = self.response.raw.connection.sock  # closing the response meanwhile would race the reader
        self.reader = threading.Thread(target=self._read, daemon=True)
        if self.response.status_code == 200:
            self.reader.start()

    def _read(self):
        event = None
        try:
            for line in self.response.iter_lines(decode_unicode=True):
                if line.startswith("event: "):
                    event = line[len("event: "):]
                elif line.startswith("data: "):
                    self.frames.append((event, json.loads(line[len("data: "):])))
        except (requests.RequestException, OSError, AttributeError):
            pass  # closed by the test

    def close(self):
        try:
            self.socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already closed by the server
        self.reader.join(10) if self.reader.is_alive() else None
        self.response.close()


def open_stream(platform, api, member) -> Listener:
    ticket = api.post("/notifications/stream-ticket", member["access_token"])
    assert ticket.status_code == 200, ticket.text
    listener = Listener(platform.stack.config.live_url + "/api/v1/notifications/stream",
                        params={"ticket": ticket.json()["ticket"]})
    assert listener.response.status_code == 200, listener.response.text
    assert listener.response.headers["Content-Type"].startswith("text/event-stream")
    return listener


def test_a_member_hears_live_of_a_new_notification_and_only_of_theirs(platform, api):
    cp, ce1 = platform.member("teacher", ["CP"]), platform.member("teacher", ["CE1"])
    adviser = platform.member("coordinator", ["CE1"], granted="adviser")
    mine, other = open_stream(platform, api, cp), open_stream(platform, api, ce1)
    try:
        resource = api.post("/resources", adviser["access_token"], json={
            "title": "Les sons en direct", "summary": "Jeux.", "body": "Texte.", "kind": "fiche",
            "levels": ["CP"], "topics": ["phonologie"]}).json()
        assert api.post(f"/resources/{resource['id']}/publish", adviser["access_token"]).status_code == 200
        [(event, data)] = api.wait_for(lambda: [f for f in mine.frames if f[1].get("notification", {})
                                                .get("kind") == "resource_published"])
        assert event == "inbox"
        listed = api.get("/notifications?limit=100", cp["access_token"]).json()
        assert data["unread_count"] == listed["unread_count"]
        assert data["notification"]["id"] in {n["id"] for n in listed["items"]}
        assert "title" not in data["notification"]  # no personal data on the bus

        # reading it elsewhere (another tab) updates the count too
        assert api.post(f"/notifications/{data['notification']['id']}/read", cp["access_token"]).status_code == 200
        api.wait_for(lambda: [f for f in mine.frames if "notification" not in f[1]
                              and f[1]["unread_count"] == data["unread_count"] - 1])
        # the CE1 teacher got nothing: her stream received no frame while the CP one got two
        assert other.frames == []
    finally:
        mine.close()
        other.close()


@pytest.mark.parametrize("how", ["ticket", "bearer", "none", "access-token-as-ticket"])
def test_a_bad_token_gets_401_in_french(platform, api, how):
    member = platform.member("teacher", ["CP"])
    url = platform.stack.config.live_url + "/api/v1/notifications/stream"
    kwargs = {"ticket": {"params": {"ticket": "pas.un.ticket"}},
              "bearer": {"headers": {"Authorization": "Bearer pas-un-jeton"}},
              "none": {},
              "access-token-as-ticket": {"params": {"ticket": member["access_token"]}}}[how]
    response = requests.get(url, timeout=10, **kwargs)
    assert response.status_code == 401
    assert response.headers["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 401 and body["code"] == "invalid_token"
    assert "connect" in body["detail"].lower()  # "Reconnectez-vous", "Vous devez être connecté"


def test_the_stream_answers_503_with_retry_after_while_the_broker_is_away(platform, api):
    member = platform.member("teacher", ["CP"])
    url = platform.stack.config.live_url + "/api/v1/notifications/stream"
    headers = {"Authorization": f"Bearer {member['access_token']}"}
    platform.proxy.cut()
    try:
        answers = []  # a Response is falsy when not ok: keep it aside

        def refused_now():
            with requests.get(url, headers=headers, timeout=10, stream=True) as response:
                answers.append((response.status_code, response.headers,
                                response.json() if response.status_code == 503 else None))
            return answers[-1][0] == 503
        api.wait_for(refused_now)
        _, refused_headers, refused = answers[-1]
        assert refused_headers["Retry-After"] and refused["code"] == "unavailable"
    finally:
        platform.proxy.restore()
    api.wait_for(lambda: requests.get(platform.stack.config.live_url + "/live/health", timeout=5).status_code == 200)
    listener = Listener(url, headers=headers)
    assert listener.response.status_code == 200
    listener.close()
