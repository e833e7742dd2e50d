"""Each process's broker permissions cover its own queues and exchanges, and nothing else."""
import re

import pytest

from classe12_devstack.broker_users import permissions, user_name, vhost_of, with_credentials

CONFIGURE, WRITE, READ = range(3)


def allowed(name: str, what: int, resource: str) -> bool:
    return re.fullmatch(permissions(name)[what], resource) is not None


@pytest.mark.parametrize("resource, what", [
    ("rpc-resources", READ), ("rpc-resources", CONFIGURE), ("nameko-rpc", WRITE),
    ("resources.events", CONFIGURE), ("resources.events", WRITE),
    ("rpc.reply-resources-healthcheck-1a2b", READ),
])
def test_a_service_uses_what_is_its_own(resource, what):
    assert allowed("resources", what, resource)


@pytest.mark.parametrize("resource, what", [
    ("rpc-community", READ),                                      # another service's requests
    ("community.events", WRITE), ("community.events", CONFIGURE),  # publishing in its name
    ("notifications.welcome_new_members", READ),                  # another service's events
    ("rpc.reply-gateway-1a2b", READ),                             # the gateway's replies
])
def test_a_service_touches_nothing_of_the_others(resource, what):
    assert not allowed("resources", what, resource)


def test_a_consumer_binds_to_other_services_events_without_owning_them():
    assert allowed("notifications", READ, "community.events")  # queue.bind reads the exchange
    assert not allowed("notifications", CONFIGURE, "community.events")
    assert allowed("notifications", CONFIGURE, "notifications.welcome_new_members.dead-letters")


def test_the_gateway_calls_and_listens_only():
    assert allowed("gateway", WRITE, "nameko-rpc") and allowed("gateway", READ, "community.events")
    assert not allowed("gateway", READ, "rpc-community") and not allowed("gateway", WRITE, "community.events")


def test_names_and_uris():
    assert vhost_of("amqp://u:p@h:5672/") == "/" and vhost_of("amqp://u:p@h:5672/c12-test-ab") == "c12-test-ab"
    assert user_name("amqp://h/", "resources") == "classe12-resources"
    assert user_name("amqp://h/c12-test-ab", "gateway") == "c12-test-ab-gateway"
    assert with_credentials("amqp://guest:guest@127.0.0.1:5999/v", "u", "p@ss") == "amqp://u:p%40ss@127.0.0.1:5999/v"
