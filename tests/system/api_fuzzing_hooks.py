"""schemathesis hooks for the API fuzzing (api_fuzzing.toml): the only places where the
fuzzing's verdict or its data are adjusted, each with its reason.

1. Rules beyond the schema. Some rules of the contracts are stated in prose because JSON Schema
   cannot say them; a request that follows the schema may then be refused with 422, naming the
   field and saying in French what to change. Such a refusal is accepted only for the fields
   listed below, on their operation; a 422 on any other field is still a failure.
2. Idempotency keys. The generator draws keys from a small space ("0", "00"...) and so sends the
   same key with other requests, which the API rightly refuses (422 on `Idempotency-Key`, as the
   IETF draft on the header says; test_errors.py checks it). A valid key is made specific to its
   request (method, address, query, body and caller): a repeat of the same request keeps its
   key, another request gets another. Keys the API must refuse stay as drawn.
3. Uploaded files. The API reads a file's real type from its bytes (a schema cannot say it):
   the document lists the accepted types, and the generator sends, for each, a small real file
   of that type (kit samples) rather than random bytes, which would all be 415.
"""
from __future__ import annotations

import hashlib
import json
import re

import schemathesis
from hypothesis import strategies as st

from classe12_testing.kit.samples import sample

TRIMMED = "counted once blanks around it and control characters are removed (a schema-valid value of blanks is 422)"
TOPICS = "subdomains of the taxonomy (GET /api/v1/taxonomy), which changes by version"
LAYOUT = "required for the kind amenagement, refused for the others; its furniture and tips are trimmed"
CURSOR = "opaque: valid only as the server issued it in next_cursor; any other well-formed string is 422"
GRID = ("pupils of the class, items of the framework version (GET /api/v1/framework), each (pupil, item) once; "
        "the grid is refused whole, each bad cell named")
SCORES = ("pupils of the class, exercises of the period, a score up to the exercise's max_score, each (pupil, "
          "exercise) once")
PERIOD = "the periods of the class's level: debut-cp and mi-cp for a CP class, debut-ce1 for a CE1 class"
MENTIONS = "members of the group the post is in"
LINK = "signed by community (HMAC), single-use and expiring: only the links of its e-mails pass"
CNIL = "CNIL policy: not guessable (about 80 bits), not among the most common passwords, not the address"
CURRENT_PASSWORD = "the member's current password"
ATTACHMENTS = "a link needs its url, a file its resource_id and file_id; titles are trimmed"

#: (operation, top-level field) -> why a schema-valid value may be refused
RULES_BEYOND_SCHEMA = {
    ("POST /api/v1/auth/register", "password"): CNIL,
    ("POST /api/v1/auth/register", "display_name"): TRIMMED,
    ("POST /api/v1/classes", "school_year"): "two consecutive years, the first from 2017 (2025-2027 is no school year)",
    ("POST /api/v1/classes", "name"): TRIMMED,
    ("POST /api/v1/classes/{id}/pupils", "alias"):
        "a first name or an alias: a letter at least, two digits at most (never a birth date or a pupil number)",
    **{(operation, name): TRIMMED for operation in ("POST /api/v1/resources", "PATCH /api/v1/resources/{id}")
       for name in ("title", "summary", "body", "source", "authors")},
    **{(operation, "topics"): TOPICS for operation in ("POST /api/v1/resources", "PATCH /api/v1/resources/{id}")},
    **{(operation, "layout"): LAYOUT for operation in ("POST /api/v1/resources", "PATCH /api/v1/resources/{id}")},
    ("PATCH /api/v1/resources/{id}", "_schema"): "at least one field to change (JSON Schema could say it, not simply)",
    ("POST /api/v1/resources/{id}/request-changes", "comment"): TRIMMED,
    ("POST /api/v1/collections", "name"): TRIMMED,
    ("PATCH /api/v1/collections/{id}", "name"): TRIMMED,
    ("PATCH /api/v1/collections/{id}", "resource_ids"): "the collection's own resources, each once, in a new order",
    ("GET /api/v1/resources", "topic"): "a domain or subdomain of the taxonomy (GET /api/v1/taxonomy)",
    ("GET /api/v1/resources", "cursor"): CURSOR,
    ("GET /api/v1/me/resources", "cursor"): CURSOR,
    ("GET /api/v1/me/bookmarks", "cursor"): CURSOR,
    ("GET /api/v1/me/collections", "cursor"): CURSOR,
    ("GET /api/v1/review/resources", "cursor"): CURSOR,
    ("GET /api/v1/resources/{id}/reviews", "cursor"): CURSOR,
    ("GET /api/v1/classes", "cursor"): CURSOR,
    ("POST /api/v1/classes/join", "code"):
        "a code a class's owner issued, unused and unexpired; any other is refused with one message (no oracle)",
    ("POST /api/v1/children/join", "code"):
        "a code a class's teacher issued for a pupil's family, unused and unexpired; any other is refused with one "
        "message (no oracle)",
    ("POST /api/v1/children/{id}/observations", "home_item_id"): "one of the child's home_items (GET /api/v1/children/{id})",
    ("POST /api/v1/children/{id}/observations", "note"): TRIMMED + "; a note or a home item at least",
    ("POST /api/v1/children/{id}/observations", "date"):
        "within the class's school year (1 August to 31 August after), not in the future",
    ("POST /api/v1/classes/{id}/pupils/copy", "from_class_id"):
        "a class of the caller's of the school year just before the target's",
    ("PUT /api/v1/classes/{id}/grid", "cells"): GRID,
    ("PUT /api/v1/classes/{id}/grid", "date"): "within the class's school year (1 August to 31 August after), not in the future",
    ("PUT /api/v1/classes/{id}/grid", "framework_version"): "a version of the framework the service ships",
    ("GET /api/v1/classes/{id}/competences", "competence_id"): "a competence of the framework in force",
    ("GET /api/v1/classes/{id}/grid", "competence_id"): "a competence of the framework in force",
    ("PUT /api/v1/classes/{id}/reperes/{period}", "scores"): SCORES,
    ("PUT /api/v1/classes/{id}/reperes/{period}", "period"): PERIOD,
    ("GET /api/v1/classes/{id}/reperes/{period}", "period"): PERIOD,
    ("GET /api/v1/notifications", "cursor"): CURSOR,
    ("PATCH /api/v1/me/profile", "display_name"): TRIMMED,
    ("PATCH /api/v1/me/profile", "_schema"): "at least one field to change (JSON Schema could say it, not simply)",
    ("PATCH /api/v1/me/profile", "school_uai"):
        "a school of the directory, whose check letter matches its 7 digits (the letter at their rank modulo 23)",
    ("PATCH /api/v1/me/profile", "interests"): TOPICS,
    ("POST /api/v1/groups", "name"): TRIMMED,
    ("POST /api/v1/groups", "topics"): TOPICS,
    ("GET /api/v1/members", "name"): TRIMMED,
    ("GET /api/v1/schools", "name"): TRIMMED,
    **{(f"GET /api/v1{path}", "cursor"): CURSOR
       for path in ("/members", "/schools", "/groups", "/me/groups", "/groups/{id}/members")},
    ("PUT /api/v1/me/follows", "topics"): TOPICS,
    ("PUT /api/v1/me/follows", "_schema"): "at most 500 follows in all kinds together",
    ("PUT /api/v1/me/preferences", "quiet_hours"): "quiet hours whose start equals their end last no time",
    ("POST /api/v1/unsubscribe/{token}", "token"): "signed by the service (HMAC) and valid 180 days: only links it sent pass",
    ("GET /api/v1/unsubscribe/{token}", "token"): "the page of the same link: only links the service sent pass",
    ("GET /api/v1/admin/email-failures", "cursor"): CURSOR,
    # web push (notifications contract 1.3.0)
    ("POST /api/v1/me/push-subscriptions", "endpoint"):
        "an https URL of a public push service (no local or private host), 20 devices per member at most",
    ("POST /api/v1/me/push-subscriptions", "keys"):
        "p256dh a P-256 point (65 bytes once decoded), auth 16 bytes: lengths a base64url pattern cannot say",
    # discussions and moderation (community contract 2.2.0)
    ("POST /api/v1/auth/register", "charter_version"): "only the version of the charter in force (GET /api/v1/charter)",
    **{(f"GET /api/v1{path}", "cursor"): CURSOR for path in ("/groups/{id}/threads", "/threads/{id}", "/moderation/queue",
                                                                  "/moderation/log", "/me/followed-threads")},
    **{(operation, name): TRIMMED for operation in ("POST /api/v1/groups/{id}/threads", "PATCH /api/v1/posts/{id}")
       for name in ("title", "body")},
    ("POST /api/v1/threads/{id}/replies", "body"): TRIMMED,
    **{(operation, "mentions"): MENTIONS for operation in ("POST /api/v1/groups/{id}/threads",
                                                           "POST /api/v1/threads/{id}/replies")},
    **{(operation, "attachments"): ATTACHMENTS for operation in (
        "POST /api/v1/groups/{id}/threads", "POST /api/v1/threads/{id}/replies", "PATCH /api/v1/posts/{id}")},
    ("POST /api/v1/threads/{id}/replies", "quote_post_id"): "a post of the same thread",
    ("PATCH /api/v1/posts/{id}", "title"): "only the opening post of a thread has a title and tags",
    ("PATCH /api/v1/posts/{id}", "tags"): "only the opening post of a thread has a title and tags",
    ("PATCH /api/v1/posts/{id}", "_schema"): "at least one field to change (JSON Schema could say it, not simply)",
    ("PATCH /api/v1/threads/{id}", "_schema"): "at least one of pinned, locked",
    ("PUT /api/v1/threads/{id}/accepted-answer", "post_id"): "a reply, not the opening post",
    **{(operation, "id"): "a review is <resource id>:<member id>, a post or a profile one id"
       for operation in ("POST /api/v1/reports", "POST /api/v1/moderation/decisions")},
    ("POST /api/v1/reports", "details"): TRIMMED,
    ("POST /api/v1/moderation/decisions", "reason"): "needed to hide (its author reads it); trimmed",
    ("POST /api/v1/members/{id}/sanctions", "reason"): "needed but to lift (the member reads it); trimmed",
    ("POST /api/v1/members/{id}/sanctions", "days"): "needed to suspend",
    # the account lifecycle (community contract 2.4.0, docs/decisions.md 32)
    **{(operation, "token"): LINK for operation in (
        "POST /api/v1/auth/email-verification/confirm", "POST /api/v1/auth/email-change/confirm",
        "POST /api/v1/auth/password-reset/confirm")},
    **{(operation, "password"): CNIL for operation in ("POST /api/v1/auth/password-reset/confirm",
                                                       "PUT /api/v1/me/password")},
    **{(operation, "password"): CURRENT_PASSWORD for operation in ("PUT /api/v1/me/email", "DELETE /api/v1/me")},
    ("PUT /api/v1/me/password", "current_password"): CURRENT_PASSWORD,
    ("PUT /api/v1/me/email", "email"): "a deliverable address (IDNA domain) other than the account's own",
}

#: pages for people (HTML, never problem+json): the one input whose refusal a 422 page says in words
PAGES = {"GET /api/v1/unsubscribe/{token}": "token"}

VALID_KEY = re.compile(r"[A-Za-z0-9._:-]{1,80}")


def refused_fields(response) -> set[str] | None:
    try:
        errors = response.json().get("errors") or {}
    except (ValueError, AttributeError):
        return None
    return {path.split(".", 1)[0] for path in errors}


@schemathesis.hook
def filter_failure(context, failure, case, response) -> bool:
    """Keep every failure but a 422 on schema-valid data for rules listed above, and a 414 taken
    for acceptance of invalid data (it is a refusal: the address is too long, documented on
    every operation; the stateful phase builds such addresses from generated query strings)."""
    if failure.code == "ST201" and response.status_code == 414:
        return False
    if failure.code != "ST202" or response.status_code != 422:
        return True
    operation = f"{case.method.upper()} {case.operation.path}"
    fields = refused_fields(response) or ({PAGES[operation]} if operation in PAGES else None)
    return not fields or any((operation, name) not in RULES_BEYOND_SCHEMA for name in fields)


@schemathesis.hook
def map_case(context, case):
    key = (case.headers or {}).get("Idempotency-Key")
    if isinstance(key, str) and VALID_KEY.fullmatch(key):
        request = [case.method, case.path, case.path_parameters, case.query, repr(case.body),
                   (case.headers or {}).get("Authorization")]
        digest = hashlib.sha256(json.dumps(request, sort_keys=True, default=repr).encode()).hexdigest()[:40]
        case.headers["Idempotency-Key"] = f"{key}-{digest}"
    return case


for _media_type, _kind, _size in (("image/png", "png", None), ("image/gif", "gif", None),
                                  ("application/pdf", "pdf", None), ("image/svg+xml", "svg", None),
                                  ("video/webm", "webm", 2048), ("video/mp4", "mp4", 2048),
                                  ("audio/mpeg", "mp3", 2048)):
    schemathesis.openapi.media_type(_media_type, st.just(sample(_kind, _size)))
