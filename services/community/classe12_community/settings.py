"""Community settings from environment variables (12-factor), with production defaults.

| variable | default | |
|---|---|---|
| `LOGIN_ACCOUNT_FREE_FAILURES` | 5 | failed sign-ins on one account before attempts must wait |
| `LOGIN_ACCOUNT_MAX_DELAY` | 60 | longest wait (seconds) an account's failures impose |
| `LOGIN_ADDRESS_FREE_FAILURES` | 30 | failed sign-ins from one client address before attempts must wait (schools share addresses) |
| `LOGIN_ADDRESS_MAX_DELAY` | 300 | longest wait (seconds) an address's failures impose |
| `LOGIN_BASE_DELAY` | 1 | first wait (seconds), doubled at each further failure |
| `LOGIN_WINDOW` | 900 | seconds after the last failure when counts start again |
| `SESSION_TTL` | 1209600 | seconds a session (and its refresh token) lives: 14 days |
| `ACCOUNT_MAIL_SECRET` | derived from `ACTOR_CONTEXT_KEY` | signs the links of account e-mails (verification, reset, change of address) |
| `PUBLIC_BASE_URL` | `PUBLIC_URL`, else `http://127.0.0.1:8000` | the web client's origin the links of account e-mails open |
| `VERIFY_LINK_TTL`, `RESET_LINK_TTL`, `CHANGE_LINK_TTL` | 172800, 3600, 86400 | seconds each kind of link lives |
| `ACCOUNT_MAIL_FREE` | 3 | account e-mails to one address before the next must wait |
| `ACCOUNT_MAIL_BASE_DELAY`, `ACCOUNT_MAIL_MAX_DELAY`, `ACCOUNT_MAIL_WINDOW` | 60, 3600, 3600 | that wait (seconds; doubled at each further e-mail, at most the maximum), and when counts start again |
| `COMMUNITY_SEED_SCHOOLS` | `true` | load the fictional seed schools at start (`false` where the official directory is imported) |
"""
from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

from classe12_runtime.config import env_float

from .domain import account_mail
from .domain.throttle import Policy


@dataclass(frozen=True)
class CommunitySettings:
    account_policy: Policy
    address_policy: Policy
    session_ttl: float
    mail_policy: account_mail.MailPolicy


def load_community_settings() -> CommunitySettings:
    base, window = env_float("LOGIN_BASE_DELAY", 1.0), env_float("LOGIN_WINDOW", 900.0)
    return CommunitySettings(
        account_policy=Policy(int(env_float("LOGIN_ACCOUNT_FREE_FAILURES", 5)), base,
                              env_float("LOGIN_ACCOUNT_MAX_DELAY", 60.0), window),
        address_policy=Policy(int(env_float("LOGIN_ADDRESS_FREE_FAILURES", 30)), base,
                              env_float("LOGIN_ADDRESS_MAX_DELAY", 300.0), window),
        session_ttl=env_float("SESSION_TTL", 14 * 24 * 3600.0),
        mail_policy=load_mail_policy(),
    )


def mail_secret() -> str:
    secret = os.environ.get("ACCOUNT_MAIL_SECRET", "").strip()
    if secret:
        return secret
    key = os.environ.get("ACTOR_CONTEXT_KEY", "").strip()
    if not key:
        raise RuntimeError("ACCOUNT_MAIL_SECRET or ACTOR_CONTEXT_KEY must be set (they sign account e-mail links)")
    return hmac.new(key.encode(), b"classe12-account-mail", hashlib.sha256).hexdigest()


def load_mail_policy() -> account_mail.MailPolicy:
    public_url = (os.environ.get("PUBLIC_BASE_URL", "").strip() or os.environ.get("PUBLIC_URL", "").strip()
                  or "http://127.0.0.1:8000").rstrip("/")
    return account_mail.MailPolicy(
        secret=mail_secret(), public_url=public_url,
        ttl={account_mail.VERIFY: env_float("VERIFY_LINK_TTL", 48 * 3600.0),
             account_mail.RESET: env_float("RESET_LINK_TTL", 3600.0),
             account_mail.CHANGE: env_float("CHANGE_LINK_TTL", 24 * 3600.0),
             account_mail.CHANGED: 7 * 24 * 3600.0},
        throttle=Policy(int(env_float("ACCOUNT_MAIL_FREE", 3)), env_float("ACCOUNT_MAIL_BASE_DELAY", 60.0),
                        env_float("ACCOUNT_MAIL_MAX_DELAY", 3600.0), env_float("ACCOUNT_MAIL_WINDOW", 3600.0)))


def seed_schools_enabled() -> bool:
    return os.environ.get("COMMUNITY_SEED_SCHOOLS", "true").strip().lower() not in ("0", "false", "no", "off")
