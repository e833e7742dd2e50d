"""Web push: the deliveries queued by the fan-out, sent to the devices' push services.

Each message is encrypted for its subscription (RFC 8291, aes128gcm) and authorised with
VAPID (RFC 8292), then POSTed to the subscription's endpoint with a timeout. The push
service's answer decides: 2xx sent; 404 or 410 the subscription expired (removed, the delivery
`failed`); 429 or 5xx or no answer retried with the e-mail's back-off (delivery.py; a
Retry-After is honoured); any other 4xx is permanent. Each delivery keeps the log of its
attempts, as e-mails do. No nameko here: the service's timer calls `Pusher.send_due`.
"""
from __future__ import annotations

import logging
import os
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Callable

from cryptography.hazmat.primitives.asymmetric import ec

from classe12_runtime.clock import utcnow

from .delivery import DeliveryQueue
from .domain.push import payload
from .push_crypto import (
    b64url,
    derived_private_key,
    encrypt,
    private_key_from_scalar,
    public_point,
    unb64url,
    vapid_authorization,
)

log = logging.getLogger(__name__)

BATCH = 50
#: how long a push service keeps a message for a device that is offline (seconds)
DEFAULT_TTL = 86400


@dataclass(frozen=True)
class PushSettings:
    private_key: ec.EllipticCurvePrivateKey | None = None
    subject: str = "mailto:notifications@classe12.localhost"
    http_hosts: frozenset[str] = field(default_factory=frozenset)
    timeout: float = 10.0
    ttl: int = DEFAULT_TTL
    public_url: str = "http://127.0.0.1:8000"

    @property
    def public_key(self) -> str:
        return b64url(public_point(self.private_key.public_key())) if self.private_key else ""

    @classmethod
    def from_env(cls) -> "PushSettings":
        raw = os.environ.get("VAPID_PRIVATE_KEY", "").strip()
        if raw:
            key = private_key_from_scalar(unb64url(raw))
        else:  # derived from the platform's key (local stack, tests); production sets its own
            secret = os.environ.get("ACTOR_CONTEXT_KEY", "").strip()
            key = derived_private_key(secret) if secret else None
        hosts = frozenset(h.strip().lower() for h in os.environ.get("PUSH_HTTP_HOSTS", "").split(",") if h.strip())
        return cls(private_key=key, subject=os.environ.get("VAPID_SUBJECT", "").strip() or cls.subject,
                   http_hosts=hosts, timeout=float(os.environ.get("PUSH_TIMEOUT", "").strip() or cls.timeout),
                   ttl=int(os.environ.get("PUSH_TTL", "").strip() or cls.ttl),
                   public_url=(os.environ.get("PUBLIC_URL", "").strip() or cls.public_url).rstrip("/"))


def http_post(url: str, body: bytes, headers: dict, timeout: float) -> tuple[int | None, dict, str]:
    """(status, headers, detail); status None when nothing answered (refused, timeout)."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (checked endpoints)
            return response.status, dict(response.headers), f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers or {}), f"HTTP {exc.code} {exc.reason}"
    except (urllib.error.URLError, OSError) as exc:
        return None, {}, repr(exc)


def retry_after(headers: dict, now: datetime) -> datetime | None:
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    if not value:
        return None
    if value.strip().isdigit():
        return now + timedelta(seconds=int(value.strip()))
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None


class Pusher:
    def __init__(self, store, settings: PushSettings, clock: Callable[[], datetime] = utcnow, post=http_post):
        self.store = store
        self.settings = settings
        self.clock = clock
        self.post = post
        self.queue = DeliveryQueue(store.push_deliveries, "push", clock)

    def send_due(self, limit: int = 200) -> dict:
        """Send what is due; {"sent", "retried", "failed", "removed"} of this run."""
        counts = {"sent": 0, "retried": 0, "failed": 0, "removed": 0}
        if self.settings.private_key is None:
            return counts  # no VAPID key: nothing can be sent (the deliveries wait)
        while limit > 0:
            batch = self.queue.claim(min(BATCH, limit))
            if not batch:
                break
            limit -= len(batch)
            for delivery in batch:
                self._send(delivery, counts)
        return counts

    def _send(self, delivery: dict, counts: dict) -> None:
        subscription = self.store.push_subscription(delivery["subscription_id"])
        if subscription is None or subscription["member_id"] != delivery["recipient_id"]:
            self.queue.failed(delivery, "unsubscribed", "L'appareil n'est plus abonné.", counts)
            return
        endpoint = subscription["endpoint"]
        body = encrypt(payload(delivery["message"], self.settings.public_url, delivery["event_id"]),
                       unb64url(subscription["p256dh"]), unb64url(subscription["auth"]))
        headers = {"Content-Type": "application/octet-stream", "Content-Encoding": "aes128gcm",
                   "TTL": str(self.settings.ttl), "Urgency": "normal",
                   "Authorization": vapid_authorization(self.settings.private_key, endpoint, self.settings.subject)}
        status, answer_headers, detail = self.post(endpoint, body, headers, self.settings.timeout)
        if status is not None and 200 <= status < 300:
            self.queue.sent(delivery, "Accepté par le service de notification.", counts, status)
            self.store.push_succeeded(delivery["subscription_id"], self.clock())
        elif status in (404, 410):
            self.store.delete_push_subscription(delivery["subscription_id"])
            self.queue.failed(delivery, "expired", f"Abonnement expiré, supprimé ({detail}).", counts, status)
            counts["removed"] += 1
            log.info("push subscription expired: removed", extra={"subscription_id": delivery["subscription_id"]})
        elif status is None or status == 429 or status >= 500:
            self.queue.attempt_failed(delivery, True, detail, counts, status,
                                      not_before=retry_after(answer_headers, self.clock()))
        else:
            self.queue.attempt_failed(delivery, False, detail, counts, status)
