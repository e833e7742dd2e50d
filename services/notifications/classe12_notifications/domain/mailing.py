"""E-mail rules, plain Python: retries, unsubscribe tokens, digest periods.

- A temporary failure (an SMTP 4xx answer, a server that does not answer) is retried after
  `RETRY_DELAYS` (1 min, 5 min, 15 min, 1 h, 3 h, 6 h); after the last one, or at once on a
  permanent failure (5xx, no address), the delivery is `failed` and listed for admins.
- An unsubscribe link carries a token signed with HMAC-SHA256: member, category, issue time.
  It stays valid `TOKEN_DAYS` days (a mail read weeks later still unsubscribes).
- A digest covers a whole period in Europe/Paris: the day before `at` (daily), or the seven
  days before the Monday on or before `at` (weekly).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import date, datetime, time, timedelta

from classe12_contracts.errors import Invalid

from .preferences import PARIS

RETRY_DELAYS = (60, 300, 900, 3600, 3 * 3600, 6 * 3600)
TOKEN_DAYS = 180
PERIODS = ("daily", "weekly")


def is_temporary(code: int | None) -> bool:
    """None: no SMTP answer at all (refused connection, timeout): temporary."""
    return code is None or 400 <= code < 500


def next_attempt(attempts: int, now: datetime) -> datetime | None:
    """When to try again after `attempts` failed attempts; None: give up."""
    if attempts > len(RETRY_DELAYS):
        return None
    return now + timedelta(seconds=RETRY_DELAYS[attempts - 1])


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def unsubscribe_token(secret: str, member_id: str, category: str, issued: datetime) -> str:
    body = _b64(json.dumps([member_id, category, int(issued.timestamp())], separators=(",", ":")).encode())
    signature = _b64(hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()[:24])
    return f"{body}.{signature}"


def read_unsubscribe_token(secret: str, token: str, now: datetime) -> tuple[str, str]:
    """(member id, category) of a token we signed and that has not expired; Invalid otherwise."""
    tampered = Invalid("Ce lien de désinscription n'est pas valide : utilisez le lien complet reçu par courriel, "
                       "ou changez vos préférences depuis votre compte.",
                       fields={"token": ["Lien de désinscription invalide."]})
    body, _, signature = token.partition(".")
    expected = _b64(hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()[:24])
    if not signature or not hmac.compare_digest(signature, expected):
        raise tampered
    try:
        member_id, category, issued = json.loads(_unb64(body))
    except (ValueError, TypeError):
        raise tampered from None
    if now.timestamp() - issued > TOKEN_DAYS * 86400:
        raise Invalid("Ce lien de désinscription a expiré : changez vos préférences depuis votre compte.",
                      fields={"token": ["Lien de désinscription expiré."]})
    return member_id, category


def digest_window(period: str, at: date) -> tuple[str, datetime, datetime]:
    """(key, start, end) of the digest sent on `at`: what happened in [start, end)."""
    if period == "daily":
        end_day = at
        start_day = at - timedelta(days=1)
        key = start_day.isoformat()
    elif period == "weekly":
        end_day = at - timedelta(days=at.weekday())
        start_day = end_day - timedelta(days=7)
        year, week, _ = start_day.isocalendar()
        key = f"{year}-W{week:02d}"
    else:
        raise ValueError(period)
    start = datetime.combine(start_day, time(0), tzinfo=PARIS)
    end = datetime.combine(end_day, time(0), tzinfo=PARIS)
    return key, start, end
