"""One RabbitMQ user per service, allowed on its own queues and exchanges only.

With one shared user, anything holding the credentials could consume another service's
requests or publish in its name. Each service (and the gateway) gets its own user on the
stack's vhost, with permissions (configure, write, read: regular expressions on queue and
exchange names) covering what docs/rpc-protocol.md says it uses:

- service S: its RPC queue `rpc-S` and replies on `nameko-rpc`; its events exchange
  `S.events`; its consumer queues `S.<consumer>` and their dead letters; binding those to the
  other services' `*.events` (read only) and to `classe12.dead-letters`; re-queueing through
  the default exchange; the reply queues of its own healthchecks `rpc.reply-S-*`.
- the live-updates process: its exclusive queues `live.inbox-*` bound to `notifications.events`.
- the gateway: requests on `nameko-rpc`, its reply queues `rpc.reply-gateway-*`, its access
  queues `gateway.access-*` bound to `community.events` (read only).

The exchanges of other services are never declared by a consumer (`classe12-bus declare`, run
with the administrator's credentials, declares them first). Passwords are random, kept under
var/ with the stack's other secrets. When `rabbitmqctl` cannot be used (not installed, not
allowed, a remote broker), the stack says so and every process keeps the shared credentials.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from urllib.parse import quote, unquote, urlsplit, urlunsplit

SERVICES = ("community", "resources", "evaluation", "notifications")


def permissions(name: str) -> tuple[str, str, str]:
    """(configure, write, read) regular expressions for a service or the gateway."""
    if name == "live":  # its exclusive queues `live.inbox-*`, bound to notifications' events (declared if absent)
        return (r"^(live\..+|notifications\.events)$", r"^(live\..+)$", r"^(live\..+|notifications\.events)$")
    if name == "gateway":
        own = r"rpc\.reply-gateway-.+|gateway\.access-.+"
        return (f"^(nameko-rpc|{own})$", f"^(nameko-rpc|{own})$", f"^(nameko-rpc|community\\.events|{own})$")
    own = rf"rpc-{name}|{name}\..+|rpc\.reply-{name}-.+"
    return (f"^(nameko-rpc|classe12\\.dead-letters|{own})$",
            f"^(nameko-rpc|classe12\\.dead-letters|amq\\.default|{own})$",
            f"^(nameko-rpc|classe12\\.dead-letters|.+\\.events|{own})$")


def vhost_of(amqp_uri: str) -> str:
    path = urlsplit(amqp_uri).path
    return unquote(path[1:]) if len(path) > 1 else "/"


def user_name(amqp_uri: str, name: str) -> str:
    vhost = vhost_of(amqp_uri)
    prefix = "classe12" if vhost == "/" else re.sub(r"[^A-Za-z0-9-]", "-", vhost)
    return f"{prefix}-{name}"


def with_credentials(amqp_uri: str, user: str, password: str) -> str:
    parts = urlsplit(amqp_uri)
    netloc = f"{quote(user, safe='')}:{quote(password, safe='')}@{parts.hostname}" + (
        f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def _rabbitmqctl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["rabbitmqctl", "-q", *args], capture_output=True, text=True, timeout=60)


def ensure_users(amqp_uri: str, secret) -> dict[str, str]:
    """{service or "gateway": its own AMQP URI}; {} when users cannot be made here.

    `secret(name)` gives a stable random password per user (kept under var/).
    """
    if shutil.which("rabbitmqctl") is None or _rabbitmqctl("status").returncode != 0:
        return {}
    vhost = vhost_of(amqp_uri)
    uris = {}
    for name in (*SERVICES, "gateway", "live"):
        user, password = user_name(amqp_uri, name), secret(f"broker_password_{name}")
        if _rabbitmqctl("add_user", user, password).returncode != 0:  # it exists: set its password
            if _rabbitmqctl("change_password", user, password).returncode != 0:
                return {}
        if _rabbitmqctl("set_permissions", "-p", vhost, user, *permissions(name)).returncode != 0:
            return {}
        uris[name] = with_credentials(amqp_uri, user, password)
    return uris


def delete_users(amqp_uri: str) -> None:
    if shutil.which("rabbitmqctl") is None:
        return
    for name in (*SERVICES, "gateway", "live"):
        _rabbitmqctl("delete_user", user_name(amqp_uri, name))

