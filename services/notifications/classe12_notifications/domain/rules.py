"""The rules table: every event of the platform's catalogue, who is told, on which category,
with which template. One place to read and change (documented in the package README).

An event's audience is described by *keys*: `level:CP`, `topic:<slug>`, `group:<id>`,
`resource:<id>`, `member:<id>` (what members follow), `role:editor` and `manager:<group id>`
(kept by the service from community's events). The recipients are the members who followed
one of the keys *when the event happened* (follows have `since` and `until`), plus the direct
recipients, minus the excluded ones (whoever acted: they know already).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

# --- categories: what a member sets preferences on --------------------------------------------

ACCOUNT = "account"
RESOURCES = "resources"
MY_RESOURCES = "my_resources"
REVIEW = "review"
GROUPS = "groups"
DISCUSSIONS = "discussions"
MENTIONS = "mentions"
MODERATION = "moderation"

#: category -> (French label, default channels). E-mail: immediate, daily, weekly or off; push
#: (web push to the member's subscribed devices): on or off.
CATEGORIES = {
    ACCOUNT: ("Mon compte", {"in_app": True, "email": "immediate", "push": "off"}),
    RESOURCES: ("Nouvelles ressources de mes abonnements", {"in_app": True, "email": "weekly", "push": "off"}),
    MY_RESOURCES: ("Mes ressources", {"in_app": True, "email": "immediate", "push": "on"}),
    REVIEW: ("Relecture des ressources proposées", {"in_app": True, "email": "daily", "push": "off"}),
    GROUPS: ("Mes groupes", {"in_app": True, "email": "daily", "push": "off"}),
    DISCUSSIONS: ("Discussions que je suis", {"in_app": True, "email": "daily", "push": "on"}),
    MENTIONS: ("Mentions de mon nom", {"in_app": True, "email": "immediate", "push": "on"}),
    MODERATION: ("Modération de mes messages", {"in_app": True, "email": "immediate", "push": "on"}),
}
EMAIL_CHOICES = ("immediate", "daily", "weekly", "off")
PUSH_CHOICES = ("on", "off")

#: roles whose holders review what is submitted
EDITOR_ROLES = ("adviser", "admin")
#: group roles whose holders hear of who joins
MANAGER_ROLES = ("owner", "moderator")


#: the reason of a direct recipient (named by the event itself, not by a follow)
DIRECT = "direct"


@dataclass(frozen=True)
class Audience:
    keys: tuple[str, ...] = ()
    direct: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    event: str                        # "<source>.<name>"
    versions: tuple[int, ...]
    consumer: str                     # declared consumer name (queue notifications.<consumer>)
    category: str | None              # None: kept as a projection, nobody is told
    template: str | None              # messages.TEMPLATES key
    audience: Callable[[dict], Audience] = field(default=lambda data: Audience())
    #: a security notice: sent by e-mail immediately whatever the preferences
    always_email: bool = False


def _resource_keys(data: dict) -> tuple[str, ...]:
    keys = [f"level:{level}" for level in data.get("levels") or ()]
    keys += [f"topic:{topic}" for topic in data.get("topics") or ()]
    keys += [f"member:{data['published_by']}"]
    if data.get("author_id"):
        keys.append(f"member:{data['author_id']}")
    return tuple(keys)


RULES: tuple[Rule, ...] = (
    # community
    Rule("community.member_registered", (1,), "welcome_new_members", ACCOUNT, "welcome",
         lambda d: Audience(direct=(d["member_id"],))),
    Rule("community.duplicate_registration", (1,), "warn_duplicate_registrations", ACCOUNT,
         "duplicate_registration", lambda d: Audience(direct=(d["member_id"],)), always_email=True),
    Rule("community.member_updated", (1,), "keep_members", None, None),
    # account e-mails: queued as is (account_mail.py), always sent, neither in the inbox nor in digests
    Rule("community.account_mail_requested", (1,), "send_account_mails", None, None),
    Rule("community.member_roles_changed", (1,), "keep_member_roles", None, None),
    Rule("community.group_joined", (1,), "tell_group_managers", GROUPS, "group_joined",
         lambda d: Audience(keys=(f"manager:{d['group_id']}",), excluded=(d["member_id"],))),
    # community: discussions (the author follows their thread from `created_at`)
    Rule("community.thread_created", (1,), "tell_group_members", GROUPS, "thread_created",
         lambda d: Audience(keys=(f"group:{d['group_id']}",), excluded=(d["author_id"],))),
    Rule("community.reply_posted", (1,), "tell_thread_followers", DISCUSSIONS, "reply_posted",
         lambda d: Audience(keys=(f"thread:{d['thread_id']}",), direct=(d["thread_author_id"],),
                            excluded=(d["author_id"],))),
    Rule("community.member_mentioned", (1,), "tell_mentioned_members", MENTIONS, "member_mentioned",
         lambda d: Audience(direct=(d["member_id"],), excluded=(d["author_id"],))),
    Rule("community.answer_accepted", (1,), "tell_accepted_answers", DISCUSSIONS, "answer_accepted",
         lambda d: Audience(keys=(f"thread:{d['thread_id']}",), direct=(d["answer_author_id"],),
                            excluded=(d["accepted_by"],))),
    Rule("community.content_hidden", (1,), "tell_hidden_content_authors", MODERATION, "content_hidden",
         lambda d: Audience(direct=(d["author_id"],) if d.get("author_id") else (), excluded=(d["hidden_by"],))),
    # resources
    Rule("resources.taxonomy_published", (1,), "keep_taxonomy", None, None),
    Rule("resources.resource_submitted", (1,), "ask_editors_to_review", REVIEW, "resource_submitted",
         lambda d: Audience(keys=("role:editor",), excluded=(d["author_id"],))),
    Rule("resources.resource_changes_requested", (1,), "tell_authors_of_reviews", MY_RESOURCES,
         "resource_changes_requested", lambda d: Audience(direct=(d["author_id"],), excluded=(d["requested_by"],))),
    Rule("resources.resource_published", (1,), "announce_new_resources", RESOURCES, "resource_published",
         lambda d: Audience(keys=_resource_keys(d) + (f"resource:{d['resource_id']}",),
                            excluded=(d["published_by"],))),
    Rule("resources.resource_updated", (1,), "tell_resource_followers", RESOURCES, "resource_updated",
         lambda d: Audience(keys=(f"resource:{d['resource_id']}",), excluded=(d["edited_by"],))),
    Rule("resources.resource_archived", (1,), "tell_archived_resources", MY_RESOURCES, "resource_archived",
         lambda d: Audience(keys=(f"resource:{d['resource_id']}",), direct=(d["author_id"],),
                            excluded=(d["archived_by"],))),
)
#: Not consumed (nobody is told; reasons in the package README): community.sessions_revoked (the
#: gateway's business), community.member_verified (the member did it themselves),
#: community.member_deleted (erasure, not a notification).

BY_EVENT = {rule.event: rule for rule in RULES}
BY_CONSUMER = {rule.consumer: rule for rule in RULES}
