"""Bulkheads in the gateway: a stopped service holds a bounded share of the gateway's threads.

The issue: with evaluation stopped and 24 clients waiting for it, every gateway thread was
held, its callers waited up to three RPC timeouts and calls to healthy services were delayed
as long. Now each gateway process lets at most RPC_MAX_IN_FLIGHT calls wait for one service;
one more is answered 503 at once, so the threads left keep serving the healthy services.
Functional facts only, no durations: the machines running this are noisy.
"""
import signal
import threading

import pytest

pytestmark = pytest.mark.system

WAITING_CLIENTS = 24
OVERLOADED = "Le service est surchargé"  # classe12_runtime.rpc_client.Overloaded
TIMED_OUT = "momentanément indisponible"  # classe12_contracts.errors.Unavailable: no answer in time


def assert_unavailable(response):
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"]
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "unavailable"


def test_stopped_service_fails_fast_beyond_its_budget_while_healthy_services_answer(platform, api):
    teacher = platform.member("teacher", ["CP"])
    token = teacher["access_token"]
    assert api.get("/classes", token).status_code == 200  # evaluation answers before it is stopped

    answers: list = []
    lock = threading.Lock()

    def wait_for_classes():
        response = api.get("/classes", token)
        with lock:
            answers.append(response)

    def overloaded_answers():
        with lock:
            return [r for r in answers if r.status_code == 503 and OVERLOADED in r.json()["detail"]]

    clients = [threading.Thread(target=wait_for_classes) for _ in range(WAITING_CLIENTS)]
    platform.stack.pause("evaluation")  # its requests reach its queue; nobody answers them
    try:
        for client in clients:
            client.start()
        # a full bulkhead answers at once: from then on, a gateway process holds RPC_MAX_IN_FLIGHT
        # calls waiting for evaluation, until the RPC timeout
        api.wait_for(overloaded_answers, timeout=30, interval=0.05)

        catalogue = api.get("/resources")
        notifications = api.get("/notifications", token)
        with lock:
            still_waiting = WAITING_CLIENTS - len(answers)
        assert catalogue.status_code == 200, catalogue.text
        assert notifications.status_code == 200, notifications.text
        assert still_waiting > 0  # the healthy services answered while evaluation's callers waited

        for client in clients:
            client.join(60)
        assert not [client for client in clients if client.is_alive()]
    finally:
        platform.stack.processes["evaluation"].send_signal(signal.SIGCONT)
        for client in clients:
            if client.is_alive():
                client.join(60)

    assert len(answers) == WAITING_CLIENTS
    for response in answers:
        assert_unavailable(response)
    details = [response.json()["detail"] for response in answers]
    assert overloaded_answers()  # the bulkhead refused some at once...
    assert all(OVERLOADED in detail or TIMED_OUT in detail for detail in details), details  # ...the others timed out

    # once evaluation runs again, everything recovers
    platform.wait_healthy()
    api.wait_for(lambda: api.get("/classes", token).status_code == 200, timeout=60)
    assert api.get("/resources").status_code == 200


def test_two_stuck_services_leave_threads_for_the_healthy_ones(platform, api):
    """Each stuck service holds at most its bulkhead in every gateway process; the threads are
    sized so that the rest still serve the catalogue. The catalogue must answer before any of
    the stuck calls times out: an answer that had to wait for a free thread would come after."""
    teacher = platform.member("teacher", ["CP"])
    token = teacher["access_token"]
    answers: list = []
    lock = threading.Lock()

    def wait_for(path):
        response = api.get(path, token)
        with lock:
            answers.append(response)

    def timed_out():
        with lock:
            return [r for r in answers if r.status_code == 503 and TIMED_OUT in r.json()["detail"]]

    def overloaded():
        with lock:
            return {r.url.rsplit("/", 1)[1] for r in answers if r.status_code == 503 and OVERLOADED in r.json()["detail"]}

    clients = [threading.Thread(target=wait_for, args=(path,))
               for path in ("/classes", "/notifications") for _ in range(WAITING_CLIENTS)]
    platform.stack.pause("evaluation")
    platform.stack.pause("notifications")
    try:
        for client in clients:
            client.start()
        api.wait_for(lambda: overloaded() == {"classes", "notifications"}, timeout=30, interval=0.05)
        catalogue = api.get("/resources")
        assert catalogue.status_code == 200, catalogue.text
        assert not timed_out(), "the catalogue waited for a thread held by a stuck service"
        for client in clients:
            client.join(60)
    finally:
        for name in ("evaluation", "notifications"):
            platform.stack.processes[name].send_signal(signal.SIGCONT)
        for client in clients:
            client.join(60)
    assert len(answers) == 2 * WAITING_CLIENTS and all(r.status_code == 503 for r in answers)
    platform.wait_healthy()
    api.wait_for(lambda: api.get("/notifications", token).status_code == 200, timeout=60)
