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
| `COMMUNITY_SEED_SCHOOLS` | `true` | load the fictional seed schools at start (`false` where the official directory is imported) |
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from classe12_runtime.config import env_float

from .domain.throttle import Policy


@dataclass(frozen=True)
class CommunitySettings:
    account_policy: Policy
    address_policy: Policy
    session_ttl: float


def load_community_settings() -> CommunitySettings:
    base, window = env_float("LOGIN_BASE_DELAY", 1.0), env_float("LOGIN_WINDOW", 900.0)
    return CommunitySettings(
        account_policy=Policy(int(env_float("LOGIN_ACCOUNT_FREE_FAILURES", 5)), base,
                              env_float("LOGIN_ACCOUNT_MAX_DELAY", 60.0), window),
        address_policy=Policy(int(env_float("LOGIN_ADDRESS_FREE_FAILURES", 30)), base,
                              env_float("LOGIN_ADDRESS_MAX_DELAY", 300.0), window),
        session_ttl=env_float("SESSION_TTL", 14 * 24 * 3600.0),
    )


def seed_schools_enabled() -> bool:
    return os.environ.get("COMMUNITY_SEED_SCHOOLS", "true").strip().lower() not in ("0", "false", "no", "off")
