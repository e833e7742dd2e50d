"""Unit tests of the resources rules (pure Python, in-memory repository)."""
import base64
from datetime import datetime, timedelta, timezone

import pytest

from classe12_contracts.errors import Conflict, Forbidden, Invalid, NotFound, Unauthorized
from classe12_resources.domain.resources import Resources
from classe12_resources.schemas import (
    CreateResourceSchema,
    ListResourcesSchema,
    ResourceIdSchema,
)
from classe12_runtime.clock import utcnow
from classe12_runtime.context import Caller
from classe12_runtime.pagination import decode_cursor, encode_cursor
from classe12_runtime.validation import load_or_invalid
from classe12_testing.fakes import FakeUnitOfWork

ANON = Caller()
TEACHER = Caller(actor_id="a" * 24, roles=("teacher",))
OTHER_TEACHER = Caller(actor_id="b" * 24, roles=("teacher",))
ADVISER = Caller(actor_id="c" * 24, roles=("adviser",))
ADMIN = Caller(actor_id="d" * 24, roles=("teacher", "admin"))
T0 = datetime(2025, 9, 1, 8, 30, tzinfo=timezone.utc)


class MemoryResources:
    """The repository contract of domain.resources, in memory."""

    def __init__(self):
        self.docs = {}

    def insert(self, doc):
        saved = dict(doc, _id=f"{len(self.docs) + 1:024x}")
        self.docs[saved["_id"]] = saved
        return dict(saved)

    def get(self, resource_id):
        doc = self.docs.get(resource_id)
        return dict(doc) if doc else None

    def mark_published(self, resource_id, published_at, published_by):
        doc = self.docs.get(resource_id)
        if doc is None or doc["status"] != "draft":
            return None
        doc.update(status="published", published_at=published_at, published_by=published_by,
                   updated_at=published_at)
        return dict(doc)

    def list_published(self, limit, after=None, level=None, kind=None, topic=None):
        def key(doc):
            return (doc["published_at"], doc["_id"])
        docs = [d for d in self.docs.values() if d["status"] == "published"
                and (level is None or level in d["levels"]) and (kind is None or d["kind"] == kind)
                and (topic is None or topic in d["topics"]) and (after is None or key(d) < after)]
        docs.sort(key=key, reverse=True)
        return [{k: v for k, v in d.items() if k != "body"} for d in docs[:limit]]


class Catalogue:
    """The use cases as the service runs them (in a unit of work), over the in-memory repository."""

    def __init__(self, clock):
        self.domain = Resources(clock=clock)
        self.repository = MemoryResources()
        self.uow = FakeUnitOfWork(self.repository)

    @property
    def events(self):
        return self.uow.events

    def create(self, caller, data):
        return self.uow.query(lambda store: self.domain.create(store, caller, data))

    def publish(self, caller, resource_id):
        return self.uow.run(lambda store: self.domain.publish(store, caller, resource_id), caller)

    def get(self, caller, resource_id):
        return self.uow.query(lambda store: self.domain.get(store, caller, resource_id))

    def list_published(self, caller, limit=20, cursor=None, **filters):
        return self.uow.query(lambda store: self.domain.list_published(store, caller, limit, cursor, **filters))


class Clock:
    """Advances one second per reading unless frozen."""

    def __init__(self, start=T0):
        self.now = start
        self.step = timedelta(seconds=1)

    def __call__(self):
        self.now += self.step
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def resources(clock):
    return Catalogue(clock)


def proposal(**overrides):
    data = {"title": "Aménager la classe en îlots", "summary": "Quatre plans de classe pour 12 élèves.",
            "body": "# Îlots\n\n    un bloc de code indenté\n", "kind": "fiche",
            "levels": ["CE1", "CP", "CE1"], "topics": ["amenagement-espace", "Co-intervention ", "amenagement-espace"]}
    data.update(overrides)
    return load_or_invalid(CreateResourceSchema(), data)


def test_member_creates_a_draft_with_clean_fields(resources):
    created = resources.create(TEACHER, proposal())
    assert created["status"] == "draft"
    assert created["author_id"] == TEACHER.actor_id
    assert created["levels"] == ["CP", "CE1"]
    assert created["topics"] == ["amenagement-espace", "co-intervention"]
    assert created["body"] == "# Îlots\n\n    un bloc de code indenté"
    assert created["published_at"] is None and created["published_by"] is None
    assert created["created_at"] == "2025-09-01T08:30:01.000+00:00" == created["updated_at"]
    assert len(created["id"]) == 24
    assert resources.events == []  # a draft is not news


def test_anonymous_cannot_create(resources):
    with pytest.raises(Unauthorized):
        resources.create(ANON, proposal())


@pytest.mark.parametrize("editor", [ADVISER, ADMIN])
def test_editors_publish_and_the_event_goes_to_the_outbox(resources, editor):
    draft = resources.create(TEACHER, proposal())
    published = resources.publish(editor, draft["id"])
    assert published["status"] == "published"
    assert published["published_by"] == editor.actor_id
    assert published["published_at"] == "2025-09-01T08:30:02.000+00:00" == published["updated_at"]
    assert published["created_at"] == draft["created_at"]
    [event] = resources.events
    assert (event["type"], event["version"]) == ("resources.resource_published", 1)
    assert event["actor"] == {"id": editor.actor_id, "roles": list(editor.roles)}
    assert event["data"] == {
        "resource_id": draft["id"], "title": "Aménager la classe en îlots", "kind": "fiche",
        "levels": ["CP", "CE1"], "topics": ["amenagement-espace", "co-intervention"],
        "published_by": editor.actor_id}


def test_only_editors_publish(resources):
    draft = resources.create(TEACHER, proposal())
    with pytest.raises(Forbidden):
        resources.publish(TEACHER, draft["id"])
    with pytest.raises(Unauthorized):
        resources.publish(ANON, draft["id"])
    assert resources.get(TEACHER, draft["id"])["status"] == "draft"
    assert resources.events == []


def test_publish_unknown_malformed_or_published_resource(resources):
    with pytest.raises(NotFound):
        resources.publish(ADVISER, "f" * 24)
    with pytest.raises(NotFound):
        resources.publish(ADVISER, "pas-un-identifiant")
    draft = resources.create(TEACHER, proposal())
    resources.publish(ADVISER, draft["id"])
    with pytest.raises(Conflict) as err:
        resources.publish(ADMIN, draft["id"])
    assert err.value.message == "Cette ressource est déjà publiée."
    assert len(resources.events) == 1


def test_publish_lost_race_is_a_conflict_without_event(resources):
    draft = resources.create(TEACHER, proposal())
    repository = resources.repository
    real_get = repository.get

    def stale_get(resource_id):  # we read the draft, then another editor publishes it
        doc = real_get(resource_id)
        repository.mark_published(resource_id, T0, ADMIN.actor_id)
        return doc
    repository.get = stale_get
    with pytest.raises(Conflict):
        resources.publish(ADVISER, draft["id"])
    assert resources.events == [] and resources.uow.commits == 0


def test_draft_visible_to_author_and_editors_only(resources):
    draft = resources.create(TEACHER, proposal())
    for caller in (TEACHER, ADVISER, ADMIN):
        assert resources.get(caller, draft["id"])["body"].startswith("# Îlots")
    for caller in (OTHER_TEACHER, ANON, Caller(actor_id="e" * 24, roles=("researcher",))):
        with pytest.raises(NotFound) as err:
            resources.get(caller, draft["id"])
        # same answer as for a resource that does not exist: nothing leaks
        with pytest.raises(NotFound) as missing:
            resources.get(caller, "f" * 24)
        assert err.value.to_dict() == missing.value.to_dict()


def test_roles_without_identity_grant_nothing(resources):
    draft = resources.create(TEACHER, proposal())
    with pytest.raises(NotFound):
        resources.get(Caller(actor_id=None, roles=("admin",)), draft["id"])


def test_published_resource_visible_to_anybody(resources):
    draft = resources.create(TEACHER, proposal())
    resources.publish(ADVISER, draft["id"])
    assert resources.get(ANON, draft["id"])["status"] == "published"
    assert resources.get(OTHER_TEACHER, draft["id"])["body"]


def test_malformed_id_is_not_found(resources):
    with pytest.raises(NotFound):
        resources.get(ADMIN, "0" * 23)
    with pytest.raises(NotFound):
        resources.get(ADMIN, "G" * 24)


def publish_many(resources, count, **overrides):
    ids = []
    for n in range(count):
        draft = resources.create(TEACHER, proposal(title=f"Ressource {n:02d}", **overrides))
        resources.publish(ADVISER, draft["id"])
        ids.append(draft["id"])
    return ids


def walk(resources, caller=ANON, **query):
    items, cursor, pages = [], None, 0
    while True:
        page = resources.list_published(caller, cursor=cursor, **query)
        items += page["items"]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            return items, pages


def test_list_is_published_only_newest_first_without_body(resources):
    ids = publish_many(resources, 3)
    resources.create(TEACHER, proposal(title="Brouillon"))
    page = resources.list_published(ANON)
    assert [item["id"] for item in page["items"]] == ids[::-1]
    assert page["next_cursor"] is None
    assert all("body" not in item and item["status"] == "published" for item in page["items"])


def test_pagination_visits_everything_once_even_with_equal_timestamps(resources, clock):
    clock.step = timedelta(0)  # every resource published at the very same instant
    ids = publish_many(resources, 7)
    items, pages = walk(resources, limit=3)
    assert pages == 3
    assert [item["id"] for item in items] == sorted(ids, reverse=True)


def test_exact_page_size_has_no_next_cursor(resources):
    publish_many(resources, 4)
    first = resources.list_published(ANON, limit=2)
    second = resources.list_published(ANON, limit=2, cursor=first["next_cursor"])
    assert len(second["items"]) == 2 and second["next_cursor"] is None


def test_filters(resources):
    publish_many(resources, 2, levels=["CP"], kind="video", topics=["lecture"])
    publish_many(resources, 3, levels=["CE1", "CP"], kind="fiche", topics=["numeration", "lecture"])
    assert len(walk(resources, level="CP")[0]) == 5
    assert len(walk(resources, level="CE1")[0]) == 3
    assert len(walk(resources, kind="video")[0]) == 2
    assert len(walk(resources, topic="numeration")[0]) == 3
    assert len(walk(resources, level="CE1", kind="video")[0]) == 0


def test_cursor_round_trip_and_is_url_safe():
    stamp = datetime(2025, 1, 2, 3, 4, 5, 678000, tzinfo=timezone.utc)
    cursor = encode_cursor(stamp, "ab" * 12)
    assert set(cursor) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert decode_cursor(cursor) == (stamp, "ab" * 12)


@pytest.mark.parametrize("cursor", [
    "", "!!!", "a", "bm9uc2Vuc2U",  # "nonsense"
    base64.urlsafe_b64encode(b"2025-01-01T00:00:00|" + b"ab" * 12).decode(),  # naive timestamp
    base64.urlsafe_b64encode(b"2025-01-01T00:00:00+00:00|xyz").decode(),  # not an id
    base64.urlsafe_b64encode(b"hier|" + b"ab" * 12).decode(),
    base64.urlsafe_b64encode("é|é".encode()).decode(),
    "A" * 500,
    # a timestamp out of range once in UTC (was a 500)
    base64.urlsafe_b64encode(b'["9999-12-31T23:59:59-14:00","000000000000000000000000"]').decode().rstrip("="),
])
def test_malformed_cursor_is_invalid_on_cursor(resources, cursor):
    with pytest.raises(Invalid) as err:
        resources.list_published(ANON, cursor=cursor)
    assert list(err.value.fields) == ["cursor"]


def test_utcnow_has_millisecond_precision():
    now = utcnow()
    assert now.tzinfo is not None and now.microsecond % 1000 == 0


def test_schema_messages_are_french_and_injection_is_rejected():
    with pytest.raises(Invalid) as err:
        proposal(title={"$gt": ""}, kind="podcast", levels=[], topics=["Thème accentué"])
    fields = err.value.fields
    assert fields["title"] == ["Une chaîne de caractères est attendue."]
    assert "Valeurs possibles" in fields["kind"][0]
    assert fields["levels"] == ["Choisissez un à trois niveaux : CP, CE1, CE2."]
    assert fields["topics.0"][0].startswith("Thème invalide")
    with pytest.raises(Invalid) as err:
        proposal(levels=["CM1"], topics=[f"theme-{n}" for n in range(11)], body="x" * 100_001, title=" ab ")
    assert set(err.value.fields) == {"levels.0", "topics", "body", "title"}
    with pytest.raises(Invalid) as err:
        proposal(body=" \r\n\t\n ")  # only blanks: nothing to read
    assert err.value.fields == {"body": ["Longueur entre 1 et 100000."]}
    with pytest.raises(Invalid) as err:
        load_or_invalid(CreateResourceSchema(), dict(proposal(), status="published"))
    assert err.value.fields == {"status": ["Champ inconnu."]}


def test_topic_regex_is_anchored_at_the_very_end():
    with pytest.raises(Invalid):
        proposal(topics=["a"])  # too short
    with pytest.raises(Invalid):
        proposal(topics=["-lecture"])
    with pytest.raises(Invalid):
        proposal(topics=["lecture\nx"])
    assert proposal(topics=["x" * 41])["topics"] == ["x" * 41]
    with pytest.raises(Invalid):
        proposal(topics=["x" * 42])


def test_list_schema_defaults_and_bounds():
    assert load_or_invalid(ListResourcesSchema(), {}) == {
        "limit": 20, "cursor": None, "level": None, "kind": None, "topic": None}
    with pytest.raises(Invalid) as err:
        load_or_invalid(ListResourcesSchema(), {"limit": 101, "level": "CM2", "topic": {"$ne": None}})
    assert err.value.fields["limit"] == ["Doit être supérieur ou égal à 1 et inférieur ou égal à 100."]
    assert set(err.value.fields) == {"limit", "level", "topic"}
    with pytest.raises(Invalid):
        load_or_invalid(ResourceIdSchema(), {"resource_id": {"$gt": ""}})
    assert load_or_invalid(ResourceIdSchema(), {"resource_id": "abc"}) == {"resource_id": "abc"}
