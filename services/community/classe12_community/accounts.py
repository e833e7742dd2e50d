"""The account use cases built from the settings, for the service and the operator's command line."""
from __future__ import annotations

from .domain.lifecycle import Lifecycle
from .domain.members import Members
from .domain.sessions import Sessions
from .settings import CommunitySettings


def members_from(settings: CommunitySettings) -> Members:
    """Accounts with their lifecycle (`members.lifecycle`): a new account gets its verification e-mail."""
    lifecycle = Lifecycle(settings.mail_policy)
    members = Members(settings.account_policy, settings.address_policy, Sessions(settings.session_ttl),
                      welcome=lifecycle.welcome)
    members.lifecycle = lifecycle
    return members
