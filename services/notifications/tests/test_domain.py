"""Unit tests of the notifications rules (pure Python, in-memory repository)."""
import base64
import itertools
import random
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from classe12_contracts.envelope import make_envelope
from classe12_contracts.errors import Invalid, NotFound, Unauthorized
from classe12_notifications.domain.audience import common_levels, concerned_by_resource
from classe12_notifications.domain.follows import OPEN
from classe12_notifications.domain.messages import resource_message, welcome_message
from classe12_notifications.domain.notifications import Notifications
from classe12_notifications.domain.push import MAX_DEVICES, PushSubscriptions
from classe12_notifications.schemas import ListNotificationsSchema, NotificationIdSchema
from classe12_runtime.context import Caller
from classe12_runtime.pagination import decode_cursor, encode_cursor
from classe12_runtime.validation import load_or_invalid
from classe12_testing.fakes import Bound, TickingClock

ANNE, BRUNO, CLARA, DAVID = ("a" * 24, "b" * 24, "c" * 24, "d" * 24)


class MemoryStore:
    """Same contract as storage.NotificationStore, unique (event_id, recipient_id) included."""

    def __init__(self):
        self.recipients = {}
        self.announcements = {}
        self.follows = {}
        self.prefs = {}
        self.topics = set()
        self.deliveries = {}
        self.digest_items = {}
        self.devices = {}
        self.pushes = {}
        self.docs = {}
        self.ids = (f"{n:024x}" for n in itertools.count(1))
        self.round_trips = 0

    def upsert_recipient(self, recipient):
        self.recipients.setdefault(recipient["member_id"], {}).update(recipient)

    def update_recipient(self, member_id, fields):
        self.recipients.setdefault(member_id, {"member_id": member_id}).update(fields)

    def recipient(self, member_id):
        return self.recipients.get(member_id)

    def add_follows(self, docs):
        for doc in docs:
            self.follows.setdefault(doc["_id"], dict(doc))

    def end_follows(self, member_id, keys, at, origin=None):
        for doc in self.follows.values():
            if doc["member_id"] == member_id and doc["key"] in set(keys) and doc["until"] == OPEN \
                    and origin in (None, doc["origin"]):
                doc["until"] = at

    def open_follows(self, member_id, origin=None):
        return [dict(d) for d in self.follows.values() if d["member_id"] == member_id and d["until"] == OPEN
                and (origin is None or d["origin"] == origin)]

    def has_follows(self, member_id, origin):
        return any(d["member_id"] == member_id and d["origin"] == origin for d in self.follows.values())

    def followers(self, key, at):
        return [d["member_id"] for d in self.follows.values() if d["key"] == key and d["since"] <= at < d["until"]]

    def follows_at(self, member_id, key, at):
        return member_id in self.followers(key, at)

    def add_announcement(self, announcement):
        self.announcements.setdefault(announcement["event_id"], dict(announcement))

    def announcements_for(self, key, since):
        return [dict(a) for a in self.announcements.values() if key in a["keys"] and a["occurred_at"] >= since]

    def preferences_of(self, member_ids):
        return {m: self.prefs[m] for m in member_ids if m in self.prefs}

    def set_preferences(self, member_id, prefs, now):
        self.prefs[member_id] = dict(prefs, updated_at=now)

    def keep_taxonomy(self, version, topics):
        self.topics = set(topics)

    def taxonomy_topics(self):
        return set(self.topics)

    def push_subscriptions_of(self, member_ids):
        return sorted((dict(d) for d in self.devices.values() if d["member_id"] in set(member_ids)),
                      key=lambda d: (d["created_at"], d["_id"]))

    def save_push_subscription(self, member_id, endpoint, p256dh, auth, now):
        doc = next((d for d in self.devices.values() if d["endpoint"] == endpoint), None)
        if doc is None:
            doc = self.devices.setdefault(next(self.ids), {"created_at": now, "last_success_at": None})
            doc["_id"] = next(k for k, v in self.devices.items() if v is doc)
        doc.update({"member_id": member_id, "endpoint": endpoint, "p256dh": p256dh, "auth": auth, "updated_at": now})
        return dict(doc)

    def delete_push_subscription(self, subscription_id, member_id=None):
        doc = self.devices.get(subscription_id)
        if doc is None or member_id not in (None, doc["member_id"]):
            return False
        del self.devices[subscription_id]
        return True

    def add_push_deliveries(self, docs):
        for doc in docs:
            self.pushes.setdefault(doc["_id"], doc)

    def add_deliveries(self, docs):
        for doc in docs:
            self.deliveries.setdefault(doc["_id"], doc)

    def add_digest_items(self, docs):
        for doc in docs:
            self.digest_items.setdefault(doc["_id"], doc)

    def add_notifications(self, docs):
        self.round_trips += 1
        created = 0
        for doc in docs:
            key = (doc["event_id"], doc["recipient_id"])
            if key not in self.docs:
                self.docs[key] = dict(doc, _id=next(self.ids))
                created += 1
        return created

    def _sorted(self, recipient_id):
        mine = [d for d in self.docs.values() if d["recipient_id"] == recipient_id]
        return sorted(mine, key=lambda d: (d["created_at"], d["_id"]), reverse=True)

    def list_for(self, recipient_id, limit, after=None, unread_only=False):
        docs = self._sorted(recipient_id)
        if unread_only:
            docs = [d for d in docs if d["read_at"] is None]
        if after:
            docs = [d for d in docs if (d["created_at"], d["_id"]) < after]
        return docs[:limit]

    def count_unread(self, recipient_id):
        return sum(1 for d in self.docs.values() if d["recipient_id"] == recipient_id and d["read_at"] is None)

    def mark_read(self, recipient_id, notification_id, now):
        for doc in self.docs.values():
            if doc["_id"] == notification_id and doc["recipient_id"] == recipient_id:
                doc["read_at"] = doc["read_at"] or now
                return doc
        return None

    def mark_all_read(self, recipient_id, now):
        unread = [d for d in self.docs.values() if d["recipient_id"] == recipient_id and d["read_at"] is None]
        for doc in unread:
            doc["read_at"] = now
        return len(unread)

    def delete_notification(self, recipient_id, notification_id):
        for key, doc in list(self.docs.items()):
            if doc["_id"] == notification_id and doc["recipient_id"] == recipient_id:
                del self.docs[key]
                return True
        return False

    def for_event(self, event_id):
        return {d["recipient_id"]: d for d in self.docs.values() if d["event_id"] == event_id}


T0 = datetime(2025, 9, 1, 8, 0, tzinfo=timezone.utc)
TICKS = itertools.count(1)


def tick():
    """When the next event happens: every event of these tests happens after the previous one."""
    return T0 + timedelta(seconds=next(TICKS))


def registered(member_id, name, levels, role="teacher", at=None):
    return make_envelope("community.member_registered", 1, {
        "member_id": member_id, "display_name": name, "role": role, "levels": levels, "school_uai": "0590001A"},
        occurred_at=at or tick())


def published(levels, title="Les sons [a] et [i]", published_by="e" * 24, topics=("phonologie",), at=None,
              resource_id="f" * 24):
    return make_envelope("resources.resource_published", 1, {
        "resource_id": resource_id, "title": title, "kind": "sequence", "levels": levels,
        "topics": list(topics), "published_by": published_by}, occurred_at=at or tick())


@pytest.fixture
def store():
    return MemoryStore()


@pytest.fixture
def notifications(store):
    service = Bound(Notifications(clock=TickingClock(), batch_size=2), store)
    service.handle(registered(ANNE, "Anne", ["CP"]))
    service.handle(registered(BRUNO, "Bruno", ["CE1"]))
    service.handle(registered(CLARA, "Clara", ["CP", "CE1"]))
    service.handle(registered(DAVID, "David", [], role="parent"))
    return service


def me(member_id):
    return Caller(actor_id=member_id, roles=("teacher",))


# --- who receives what ------------------------------------------------------------------

def test_common_levels_in_school_order():
    assert common_levels(["CE1", "CP"], ["CP", "CE1"]) == ["CP", "CE1"]
    assert common_levels(["CE1"], ["CP"]) == []
    assert common_levels([], ["CP"]) == []


def test_the_publisher_is_not_told_of_their_own_resource():
    resource = {"levels": ["CP"], "published_by": ANNE}
    assert concerned_by_resource({"member_id": ANNE, "levels": ["CP"]}, resource) == []
    assert concerned_by_resource({"member_id": BRUNO, "levels": ["CP"]}, resource) == ["CP"]


# --- wording ------------------------------------------------------------------------------

def test_welcome_is_warm_and_points_to_resources_and_community():
    message = welcome_message("Anne Martin", ["CP"])
    assert message["kind"] == "welcome"
    assert message["title"] == "Bienvenue sur Classe à 12, Anne Martin !"
    assert "Ressources" in message["body"] and "Communauté" in message["body"]
    assert "le CP" in message["body"]
    assert message["link"] is None
    assert "CP et CE1" in welcome_message("Dominique", [])["body"]


def test_resource_message_names_the_levels_the_reader_teaches():
    resource = {"resource_id": "f" * 24, "title": "Lire des syllabes", "topics": ["lecture", "phonologie"]}
    message = resource_message(resource, ["CP"])
    assert message == {
        "kind": "resource_published", "title": "Nouvelle ressource pour le CP : Lire des syllabes",
        "body": "Une ressource pour le CP vient d'être publiée dans l'espace Ressources. Thèmes : lecture, phonologie.",
        "link": "/ressources/" + "f" * 24}
    assert resource_message(resource, ["CP", "CE1"])["title"].startswith("Nouvelle ressource pour le CP et le CE1 : ")


# --- events -------------------------------------------------------------------------------

def test_registration_keeps_a_recipient_and_welcomes_them(store, notifications):
    assert store.recipients[CLARA] == {
        "member_id": CLARA, "display_name": "Clara", "role": "teacher", "roles": ["teacher"], "levels": ["CP", "CE1"],
        "school_uai": "0590001A", "joined_at": store.recipients[CLARA]["joined_at"],
        "updated_at": store.recipients[CLARA]["updated_at"]}
    [welcome] = notifications.list(me(ANNE))["items"]
    assert welcome["kind"] == "welcome" and welcome["title"] == "Bienvenue sur Classe à 12, Anne !"


def test_registration_delivered_twice_welcomes_once(store, notifications):
    envelope = registered("1" * 24, "Eve", ["CP"])
    assert notifications.handle(envelope) == 1
    assert notifications.handle(envelope) == 0
    assert notifications.list(me("1" * 24))["unread_count"] == 1


def test_resource_reaches_exactly_the_members_teaching_its_levels(store, notifications):
    event = published(["CP"])
    assert notifications.handle(event) == 2
    received = store.for_event(event["id"])
    assert set(received) == {ANNE, CLARA}
    assert received[CLARA]["title"] == "Nouvelle ressource pour le CP : Les sons [a] et [i]"
    assert received[ANNE]["link"] == "/ressources/" + "f" * 24

    both = published(["CP", "CE1"])
    notifications.handle(both)
    received = store.for_event(both["id"])
    assert set(received) == {ANNE, BRUNO, CLARA}
    assert received[BRUNO]["title"].startswith("Nouvelle ressource pour le CE1 : ")
    assert received[CLARA]["title"].startswith("Nouvelle ressource pour le CP et le CE1 : ")


def test_fan_out_is_batched_and_idempotent(store, notifications):
    for n in range(5):
        notifications.handle(registered(f"{n + 16:024x}", f"Prof {n}", ["CP"]))
    event = published(["CP"])
    store.round_trips = 0
    assert notifications.handle(event) == 7
    assert store.round_trips == 4  # 7 recipients in batches of 2, not 7 round trips
    assert notifications.handle(event) == 0  # redelivered
    assert len(store.for_event(event["id"])) == 7


def test_fan_out_resumed_after_a_crash_half_way_adds_only_the_missing(store, notifications):
    class Crash(Exception):
        pass

    event = published(["CP", "CE1"])
    add = store.add_notifications
    calls = []

    def crash_on_second_batch(docs):
        calls.append(len(docs))
        if len(calls) == 2:
            raise Crash()
        return add(docs)

    store.add_notifications = crash_on_second_batch
    with pytest.raises(Crash):
        notifications.handle(event)
    assert len(store.for_event(event["id"])) == 2
    store.add_notifications = add
    assert notifications.handle(event) == 1
    assert set(store.for_event(event["id"])) == {ANNE, BRUNO, CLARA}


def test_resource_without_levels_or_without_readers_notifies_nobody(store, notifications):
    assert notifications.handle(published([])) == 0
    assert notifications.handle(published(["CP"], published_by=ANNE)) == 1  # only Clara


# --- events in any order ------------------------------------------------------------------

def story():
    """Who joined when and what was published when (each event after the previous one):
    Paul publishes R1 (CP); Anne (CP) joins; R2 (CP, by Paul) and R3 (CE1) are published;
    Bruno (CE1) and Clara (CP, CE1) join; R4 (CP, CE1, by Clara) is published."""
    paul = "9" * 24
    events = [registered(paul, "Paul", ["CP"], role="adviser"),
              published(["CP"], title="R1", published_by=paul, resource_id="1" * 24),
              registered(ANNE, "Anne", ["CP"]),
              published(["CP"], title="R2", published_by=paul, resource_id="2" * 24),
              published(["CE1"], title="R3", resource_id="3" * 24),
              registered(BRUNO, "Bruno", ["CE1"]),
              registered(CLARA, "Clara", ["CP", "CE1"]),
              published(["CP", "CE1"], title="R4", published_by=CLARA, resource_id="4" * 24)]
    expected = {  # member -> the titles they must see, exactly once each
        paul: {"Bienvenue sur Classe à 12, Paul !", "Nouvelle ressource pour le CP : R4"},
        ANNE: {"Bienvenue sur Classe à 12, Anne !", "Nouvelle ressource pour le CP : R2",
               "Nouvelle ressource pour le CP : R4"},
        BRUNO: {"Bienvenue sur Classe à 12, Bruno !", "Nouvelle ressource pour le CE1 : R4"},
        CLARA: {"Bienvenue sur Classe à 12, Clara !"}}
    return events, expected


def handle(service, envelope):
    return service.handle(envelope)


def received(store):
    titles = {}
    for doc in store.docs.values():
        titles.setdefault(doc["recipient_id"], []).append(doc["title"])
    return titles


def orders(events, count=2000, seed=12):
    """In time order, reversed, resources first, members first, then `count` shuffles (seeded)."""
    members_first = sorted(events, key=lambda e: e["type"] != "community.member_registered")
    yield from (events, events[::-1], members_first[::-1], members_first)
    shuffle = random.Random(seed).shuffle
    for _ in range(count):
        order = list(events)
        shuffle(order)
        yield order


def test_each_member_hears_of_what_happened_after_they_joined_whatever_the_order():
    """Any order of the story's events gives the same notifications."""
    events, expected = story()
    results = set()
    for order in orders(events):
        store = MemoryStore()
        service = Bound(Notifications(clock=TickingClock(), batch_size=2), store)
        for envelope in order:
            handle(service, envelope)
        titles = received(store)
        assert {member: set(t) for member, t in titles.items()} == expected, [e["data"] for e in order]
        assert all(len(t) == len(set(t)) for t in titles.values())
        results.add(frozenset((d["recipient_id"], d["event_id"], d["title"], d["created_at"])
                              for d in store.docs.values()))
    assert len(results) == 1  # the very same documents, dates included


def test_resources_first_then_registrations_and_redeliveries_change_nothing(store):
    events, expected = story()
    service = Bound(Notifications(clock=TickingClock()), store)
    resources = [e for e in events if e["type"] == "resources.resource_published"]
    members = [e for e in events if e["type"] == "community.member_registered"]
    assert [handle(service, e) for e in resources] == [0, 0, 0, 0]  # nobody registered yet
    assert [handle(service, e) for e in reversed(members)] == [1, 2, 3, 2]  # Clara, Bruno, Anne, Paul
    assert sum(handle(service, e) for e in events) == 0  # everything delivered again
    assert {member: set(t) for member, t in received(store).items()} == expected
    [r4_for_anne] = [d for d in store.docs.values() if d["recipient_id"] == ANNE and d["title"].endswith("R4")]
    assert r4_for_anne["event_id"] == resources[-1]["id"] and r4_for_anne["link"] == "/ressources/" + "4" * 24
    assert r4_for_anne["created_at"] == datetime.fromisoformat(resources[-1]["occurred_at"])


def test_joining_at_the_very_moment_of_a_publication_hears_of_it_both_ways():
    at = tick()
    for order in ((0, 1), (1, 0)):
        store = MemoryStore()
        service = Bound(Notifications(clock=TickingClock()), store)
        events = [registered(ANNE, "Anne", ["CP"], at=at), published(["CP"], at=at)]
        for n in order:
            handle(service, events[n])
        assert len(store.for_event(events[1]["id"])) == 1


# --- listing and reading ----------------------------------------------------------------

def test_list_is_own_newest_first_with_unread_count_and_cursor(store, notifications):
    events = [published(["CP"], title=f"Ressource {n}") for n in range(4)]
    for event in events:
        notifications.handle(event)
    first = notifications.list(me(ANNE), limit=2)
    assert [i["title"] for i in first["items"]] == ["Nouvelle ressource pour le CP : Ressource 3",
                                                    "Nouvelle ressource pour le CP : Ressource 2"]
    assert first["unread_count"] == 5 and first["next_cursor"]
    owners = {doc["_id"]: doc["recipient_id"] for doc in store.docs.values()}
    assert all(owners[i["id"]] == ANNE for i in first["items"])
    second = notifications.list(me(ANNE), limit=2, cursor=first["next_cursor"])
    third = notifications.list(me(ANNE), limit=2, cursor=second["next_cursor"])
    assert [i["kind"] for i in third["items"]] == ["welcome"] and third["next_cursor"] is None
    seen = [i["id"] for page in (first, second, third) for i in page["items"]]
    assert len(seen) == len(set(seen)) == 5


def test_unread_only_and_mark_read_keeps_the_first_read_at(store, notifications):
    [welcome] = notifications.list(me(ANNE))["items"]
    read = notifications.mark_read(me(ANNE), welcome["id"])
    assert read["read_at"] is not None
    assert notifications.mark_read(me(ANNE), welcome["id"])["read_at"] == read["read_at"]
    listing = notifications.list(me(ANNE), unread_only=True)
    assert listing == {"items": [], "next_cursor": None, "unread_count": 0}


def test_only_the_recipient_can_mark_read(notifications):
    [welcome] = notifications.list(me(ANNE))["items"]
    with pytest.raises(NotFound):
        notifications.mark_read(me(BRUNO), welcome["id"])
    with pytest.raises(NotFound):
        notifications.mark_read(me(ANNE), "9" * 24)
    with pytest.raises(Unauthorized):
        notifications.mark_read(Caller(), welcome["id"])
    with pytest.raises(Unauthorized):
        notifications.list(Caller())


# --- cursor and schemas -----------------------------------------------------------------

def test_cursor_round_trip_and_malformed_cursors():
    when = datetime(2025, 9, 1, 8, 0, 0, 123000, tzinfo=timezone.utc)
    assert decode_cursor(encode_cursor(when, "a" * 24)) == (when, "a" * 24)
    naive = encode_cursor(datetime(2025, 9, 1), "a" * 24)
    for bad in ["", "!!!", "bm9uIGpzb24", encode_cursor(when, "pas-un-id"), naive, "WzEsMl0", uuid.uuid4().hex]:
        with pytest.raises(Invalid) as err:
            decode_cursor(bad)
        assert list(err.value.fields) == ["cursor"]


def test_malformed_cursor_through_the_use_case(notifications):
    with pytest.raises(Invalid) as err:
        notifications.list(me(ANNE), cursor="n'importe quoi")
    assert "cursor" in err.value.fields
    out_of_range = base64.urlsafe_b64encode(b'["9999-12-31T23:59:59-14:00","000000000000000000000000"]').decode()
    with pytest.raises(Invalid) as err:  # past year 9999 once in UTC: was a 500
        notifications.list(me(ANNE), cursor=out_of_range)
    assert list(err.value.fields) == ["cursor"]


def test_schemas_defaults_and_french_errors():
    assert load_or_invalid(ListNotificationsSchema(), {}) == {"limit": 20, "cursor": None, "unread_only": False}
    with pytest.raises(Invalid) as err:
        load_or_invalid(ListNotificationsSchema(), {"limit": 0, "cursor": 3, "other": 1})
    assert err.value.fields == {"limit": ["Doit être supérieur ou égal à 1 et inférieur ou égal à 100."],
                                "cursor": ["Une chaîne de caractères est attendue."], "other": ["Champ inconnu."]}
    with pytest.raises(Invalid) as err:
        load_or_invalid(NotificationIdSchema(), {"notification_id": {"$ne": None}})
    assert "notification_id" in err.value.fields


# --- the rules table, follows, preferences ------------------------------------------------------

def test_the_rules_table_covers_exactly_the_consumers_of_the_contract(contract):
    from classe12_notifications.domain.erasure import CONSUMER as ERASURE
    from classe12_notifications.domain.messages import TEMPLATES
    from classe12_notifications.domain.rules import CATEGORIES, RULES
    consumed = {(c.name, c.event_type, c.versions) for c in contract.consumes.values()}
    # the one consumer outside the table: forgetting a deleted member (domain/erasure.py)
    assert consumed == {(r.consumer, r.event, r.versions) for r in RULES} | {ERASURE}
    for rule in RULES:
        assert (rule.category is None) == (rule.template is None)
        assert rule.category is None or (rule.category in CATEGORIES and rule.template in TEMPLATES)


def caller(member_id):
    return Caller(actor_id=member_id, roles=("teacher",))


def envelope(kind, data, at=None):
    return make_envelope(kind, 1, data, occurred_at=at or tick())


def test_follows_are_replaced_kind_by_kind_and_topics_must_be_in_the_taxonomy(store, notifications):
    notifications.handle(envelope("resources.taxonomy_published", {"version": 2, "domains": [
        {"slug": "francais", "label": "Français", "subdomains": [{"slug": "phonologie", "label": "P"}]}]}))
    follows = notifications.set_follows(caller(ANNE), {"topics": ["phonologie"], "members": [BRUNO]})
    assert follows == {"levels": ["CP"], "topics": ["phonologie"], "groups": [], "resources": [], "members": [BRUNO]}
    follows = notifications.set_follows(caller(ANNE), {"levels": ["CE1"], "topics": []})
    assert follows["levels"] == ["CE1"] and follows["topics"] == [] and follows["members"] == [BRUNO]
    with pytest.raises(Invalid) as refused:
        notifications.set_follows(caller(ANNE), {"topics": ["geographie"]})
    assert "topics" in refused.value.fields
    with pytest.raises(Unauthorized):
        notifications.get_follows(Caller())
    # a CE1 resource of nobody's topic now reaches Anne by her new level; a CP one no longer does
    cp, ce1 = published(["CP"]), published(["CE1"])
    notifications.handle(cp)
    notifications.handle(ce1)
    assert ANNE not in store.for_event(cp["id"]) and ANNE in store.for_event(ce1["id"])


def test_profile_changes_move_level_follows_in_time_and_an_older_change_handled_late_changes_nothing(
        store, notifications):
    before = tick()
    change = envelope("community.member_updated", {
        "member_id": BRUNO, "display_name": "Bruno", "roles": ["teacher"], "levels": ["CP"], "school_uai": None,
        "updated_at": tick().isoformat()})
    between = tick()
    notifications.handle(change)
    late_old = envelope("community.member_updated", {
        "member_id": BRUNO, "display_name": "Bruno", "roles": ["teacher"], "levels": ["CE2"], "school_uai": None,
        "updated_at": before.isoformat()})
    notifications.handle(late_old)
    assert notifications.get_follows(caller(BRUNO))["levels"] == ["CP"]
    # a CE1 resource published before the change, handled after it, still reaches him
    old_ce1 = published(["CE1"], at=before)
    new_cp = published(["CP"], at=between)
    notifications.handle(old_ce1)
    notifications.handle(new_cp)
    assert BRUNO in store.for_event(old_ce1["id"]) and BRUNO in store.for_event(new_cp["id"])


def test_a_level_the_member_stopped_following_stays_unfollowed_when_their_profile_changes(store, notifications):
    notifications.set_follows(caller(ANNE), {"levels": []})
    notifications.handle(envelope("community.member_updated", {
        "member_id": ANNE, "display_name": "Anne B.", "roles": ["teacher"], "levels": ["CP"], "school_uai": None,
        "updated_at": tick().isoformat()}))
    assert notifications.get_follows(caller(ANNE))["levels"] == []
    notifications.handle(envelope("community.member_updated", {
        "member_id": ANNE, "display_name": "Anne B.", "roles": ["teacher"], "levels": ["CP", "CE2"],
        "school_uai": None, "updated_at": tick().isoformat()}))
    assert notifications.get_follows(caller(ANNE))["levels"] == ["CE2"]  # only what the profile added


def test_a_group_joined_late_still_tells_its_owner_and_the_roles_make_editors(store, notifications):
    group = "9" * 24
    joined = envelope("community.group_joined", {"group_id": group, "member_id": BRUNO, "scope": "national",
                                                 "role": "member", "joined_at": tick().isoformat()})
    owner_since = envelope("community.group_joined", {"group_id": group, "member_id": ANNE, "scope": "national",
                                                      "role": "owner", "joined_at": T0.isoformat()})
    notifications.handle(joined)  # handled before the owner's own membership
    notifications.handle(owner_since)
    [note] = [d for d in store.docs.values() if d["kind"] == "group_joined"]
    assert note["recipient_id"] == ANNE and note["link"] == f"/groupes/{group}" and note["category"] == "groups"
    notifications.handle(envelope("community.member_roles_changed", {
        "member_id": DAVID, "roles": ["parent", "adviser"], "changed_at": T0.isoformat()}))
    submitted = envelope("resources.resource_submitted", {"resource_id": "8" * 24, "title": "À relire", "kind": "fiche",
                                                          "levels": ["CP"], "topics": [], "author_id": CLARA})
    notifications.handle(submitted)
    assert set(store.for_event(submitted["id"])) == {DAVID}
    assert notifications.get_follows(caller(CLARA))["resources"] == ["8" * 24]  # the author follows it


def test_channels_follow_preferences_quiet_hours_and_security_notices_always_go(store, notifications):
    notifications.set_preferences(caller(ANNE), {"categories": [{"category": "resources", "in_app": False,
                                                                 "email": "immediate"}],
                                                 "quiet_hours": {"start": "00:00", "end": "23:59"}})
    prefs = notifications.get_preferences(caller(ANNE))
    assert prefs["timezone"] == "Europe/Paris" and prefs["quiet_hours"] == {"start": "00:00", "end": "23:59"}
    event = published(["CP"])
    notifications.handle(event)
    assert ANNE not in store.for_event(event["id"]) and CLARA in store.for_event(event["id"])
    mine = store.deliveries[f"{event['id']}|{ANNE}|email"]
    assert mine["next_attempt_at"] > mine["created_at"]  # held by the quiet hours
    assert store.digest_items[f"{event['id']}|{CLARA}|weekly"]["category"] == "resources"
    with pytest.raises(Invalid) as refused:
        notifications.set_preferences(caller(ANNE), {"quiet_hours": {"start": "08:00", "end": "08:00"}})
    assert "quiet_hours" in refused.value.fields
    notifications.set_preferences(caller(ANNE), {"categories": [{"category": "account", "email": "off"}]})
    warning = envelope("community.duplicate_registration", {"member_id": ANNE})
    notifications.handle(warning)
    assert store.deliveries[f"{warning['id']}|{ANNE}|email"]["status"] == "pending"


# --- discussions (community 2.3.0) ----------------------------------------------------------

GROUP, THREAD, REPLY, EMMA = "9" * 24, "7" * 24, "6" * 24, "e" * 24


def thread_created(author=ANNE, at=None):
    return envelope("community.thread_created", {"thread_id": THREAD, "group_id": GROUP, "author_id": author,
                                                 "tags": [], "created_at": (at or tick()).isoformat()})


def reply_posted(author, at=None, post_id=REPLY, thread_author=ANNE):
    return envelope("community.reply_posted", {"post_id": post_id, "thread_id": THREAD, "group_id": GROUP,
                                               "author_id": author, "thread_author_id": thread_author,
                                               "quoted_post_id": None, "posted_at": (at or tick()).isoformat()})


def joined(member_id, role="member", at=None):
    return envelope("community.group_joined", {"group_id": GROUP, "member_id": member_id, "scope": "national",
                                               "role": role, "joined_at": (at or tick()).isoformat()})


def kinds_of(store, member_id):
    return sorted(d["kind"] for d in store.docs.values() if d["recipient_id"] == member_id)


def test_a_new_thread_tells_the_members_of_its_group_at_that_time_never_its_author(store, notifications):
    notifications.handle(joined(ANNE, role="owner"))
    notifications.handle(joined(BRUNO))
    created = thread_created(author=BRUNO)
    notifications.handle(created)
    notifications.handle(joined(CLARA))  # joined after: not told
    assert set(store.for_event(created["id"])) == {ANNE}
    note = store.for_event(created["id"])[ANNE]
    assert note["kind"] == "thread_created" and note["category"] == "groups"
    assert note["link"] == f"/groupes/{GROUP}/discussions/{THREAD}"


def test_a_reply_tells_the_thread_author_and_followers_never_the_replier_whatever_the_order(store, notifications):
    created = thread_created(author=ANNE)
    reply = reply_posted(BRUNO)
    own = reply_posted(ANNE, post_id="5" * 24)
    notifications.handle(reply)  # before the thread's creation: the author is named by the event
    notifications.handle(own)
    notifications.handle(created)
    notifications.handle(reply)  # a redelivery adds nothing
    assert set(store.for_event(reply["id"])) == {ANNE}
    assert store.for_event(own["id"]) == {}
    note = store.for_event(reply["id"])[ANNE]
    assert (note["title"], note["category"]) == ("Nouvelle réponse à votre discussion", "discussions")
    assert note["link"] == f"/groupes/{GROUP}/discussions/{THREAD}#message-{REPLY}"


def test_a_follow_of_the_thread_started_late_replays_replies_since_then(store, notifications):
    at = tick()
    reply = reply_posted(BRUNO, thread_author=CLARA)  # Clara's thread, Anne follows it (authorship replay)
    notifications.handle(reply)
    notifications.handle(thread_created(author=ANNE, at=at))  # Anne is the author per her follow
    assert set(store.for_event(reply["id"])) == {ANNE, CLARA}
    assert store.for_event(reply["id"])[ANNE]["title"] == "Nouvelle réponse dans une discussion que vous suivez"


def test_a_mention_tells_the_member_at_once_by_email_not_an_author_citing_themselves(store, notifications):
    mention = envelope("community.member_mentioned", {"member_id": CLARA, "post_id": REPLY, "thread_id": THREAD,
                                                      "group_id": GROUP, "author_id": BRUNO})
    self_mention = envelope("community.member_mentioned", {"member_id": BRUNO, "post_id": REPLY,
                                                           "thread_id": THREAD, "group_id": GROUP, "author_id": BRUNO})
    notifications.handle(mention)
    notifications.handle(self_mention)
    assert set(store.for_event(mention["id"])) == {CLARA} and store.for_event(self_mention["id"]) == {}
    assert store.for_event(mention["id"])[CLARA]["category"] == "mentions"
    assert store.deliveries[f"{mention['id']}|{CLARA}|email"]["status"] == "pending"  # immediate by default


def test_an_accepted_answer_tells_its_author_and_the_followers_not_who_accepted(store, notifications):
    notifications.handle(thread_created(author=ANNE, at=T0))
    accepted = envelope("community.answer_accepted", {"thread_id": THREAD, "post_id": REPLY, "group_id": GROUP,
                                                      "answer_author_id": BRUNO, "accepted_by": ANNE,
                                                      "accepted_at": tick().isoformat()})
    notifications.handle(accepted)
    told = store.for_event(accepted["id"])
    assert set(told) == {BRUNO} and told[BRUNO]["title"] == "Votre réponse a été retenue"
    store.add_follows([{"_id": "x", "member_id": CLARA, "key": f"thread:{THREAD}", "since": T0, "until": OPEN,
                        "origin": "member"}])
    again = envelope("community.answer_accepted", {**accepted["data"], "accepted_at": tick().isoformat()})
    notifications.handle(again)
    assert store.for_event(again["id"])[CLARA]["title"] == "Une discussion que vous suivez a trouvé sa réponse"


@pytest.mark.parametrize("kind, content_id, link", [
    ("post", REPLY, f"/groupes/{GROUP}/discussions/{THREAD}#message-{REPLY}"),
    ("profile", ANNE, "/profil"),
    ("review", f"{'8' * 24}:{ANNE}", f"/ressources/{'8' * 24}"),
])
def test_hidden_content_tells_its_author_where_to_read_the_reason(store, notifications, kind, content_id, link):
    hidden = envelope("community.content_hidden", {
        "kind": kind, "id": content_id, "group_id": GROUP if kind == "post" else None,
        "thread_id": THREAD if kind == "post" else None, "author_id": ANNE, "hidden_by": DAVID,
        "hidden_at": tick().isoformat()})
    notifications.handle(hidden)
    note = store.for_event(hidden["id"])[ANNE]
    assert set(store.for_event(hidden["id"])) == {ANNE}
    assert (note["kind"], note["category"], note["link"]) == ("content_hidden", "moderation", link)
    assert "motif" in note["body"]


def test_hidden_content_without_an_author_and_a_moderator_hiding_their_own_tell_nobody(store, notifications):
    for author in (None, DAVID):
        hidden = envelope("community.content_hidden", {"kind": "profile", "id": EMMA, "group_id": None,
                                                       "thread_id": None, "author_id": author, "hidden_by": DAVID,
                                                       "hidden_at": tick().isoformat()})
        notifications.handle(hidden)
        assert store.for_event(hidden["id"]) == {}


def test_the_new_categories_have_french_labels_and_are_set_like_the_others(notifications):
    labels = {c["category"]: c for c in notifications.get_preferences(caller(ANNE))["categories"]}
    assert labels["mentions"]["email"] == "immediate" and labels["discussions"]["email"] == "daily"
    assert labels["moderation"]["label"] == "Modération de mes messages"
    changed = notifications.set_preferences(caller(ANNE), {"categories": [{"category": "discussions", "email": "off"}]})
    assert {c["category"]: c["email"] for c in changed["categories"]}["discussions"] == "off"


# --- web push: devices and the fan-out to them ---------------------------------------------------

PUSH_ORIGIN = "https://push.example.org"
DEVICE_KEY = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"
DEVICE_AUTH = "BTBZMqHH6r4Tts7J_aSIgg"
NO_HTTP = frozenset()


def subscription(endpoint=f"{PUSH_ORIGIN}/send/abc", auth=DEVICE_AUTH):
    return {"endpoint": endpoint, "keys": {"p256dh": DEVICE_KEY, "auth": auth}}


def test_devices_are_added_once_per_endpoint_listed_and_deleted_by_their_owner_only():
    store, devices = MemoryStore(), PushSubscriptions(TickingClock())
    first = devices.add(store, caller(ANNE), subscription(), NO_HTTP)
    again = devices.add(store, caller(ANNE), subscription(auth=base64.urlsafe_b64encode(bytes(range(16))).rstrip(b'=').decode()), NO_HTTP)
    assert again["id"] == first["id"] and first["last_success_at"] is None
    assert [d["id"] for d in devices.list(store, caller(ANNE))["items"]] == [first["id"]]
    moved = devices.add(store, caller(BRUNO), subscription(), NO_HTTP)  # the device changed hands
    assert moved["id"] == first["id"] and devices.list(store, caller(ANNE))["items"] == []
    with pytest.raises(NotFound):
        devices.delete(store, caller(ANNE), first["id"])
    assert devices.delete(store, caller(BRUNO), first["id"]) == {"deleted": True}


def test_a_member_has_at_most_twenty_devices():
    store, devices = MemoryStore(), PushSubscriptions(TickingClock())
    for n in range(MAX_DEVICES):
        devices.add(store, caller(ANNE), subscription(f"{PUSH_ORIGIN}/send/{n}"), NO_HTTP)
    devices.add(store, caller(ANNE), subscription(f"{PUSH_ORIGIN}/send/0"), NO_HTTP)  # one of them again: fine
    with pytest.raises(Invalid) as refused:
        devices.add(store, caller(ANNE), subscription(f"{PUSH_ORIGIN}/send/more"), NO_HTTP)
    assert "endpoint" in refused.value.fields


def mention(member_id, author=BRUNO):
    return make_envelope("community.member_mentioned", 1, {
        "member_id": member_id, "post_id": "6" * 24, "thread_id": "7" * 24, "group_id": "9" * 24,
        "author_id": author}, occurred_at=datetime(2026, 10, 1, 8, tzinfo=timezone.utc))


def test_the_fan_out_queues_one_push_per_device_on_categories_set_to_push_and_holds_it_in_quiet_hours():
    store = MemoryStore()
    clock = TickingClock()
    notifications, devices = Bound(Notifications(clock=clock), store), PushSubscriptions(clock)
    phone = devices.add(store, caller(ANNE), subscription(f"{PUSH_ORIGIN}/send/phone"), NO_HTTP)
    laptop = devices.add(store, caller(ANNE), subscription(f"{PUSH_ORIGIN}/send/laptop"), NO_HTTP)
    event = mention(ANNE)
    notifications.handle(event)
    notifications.handle(event)  # a redelivery adds nothing
    assert sorted(store.pushes) == sorted(f"{event['id']}|{ANNE}|push|{d['id']}" for d in (phone, laptop))
    push = store.pushes[f"{event['id']}|{ANNE}|push|{phone['id']}"]
    assert push["message"]["title"] == "On vous a mentionné dans une discussion" and push["status"] == "pending"
    assert push["next_attempt_at"] == push["created_at"]

    notifications.set_preferences(caller(ANNE), {"quiet_hours": {"start": "00:00", "end": "23:59"}})
    held = mention(ANNE)
    notifications.handle(held)
    push = store.pushes[f"{held['id']}|{ANNE}|push|{phone['id']}"]
    assert push["next_attempt_at"] > push["created_at"]

    notifications.set_preferences(caller(ANNE), {"categories": [{"category": "mentions", "push": "off"}]})
    off = mention(ANNE)
    notifications.handle(off)
    assert not [key for key in store.pushes if key.startswith(off["id"])]
    without_device = mention(BRUNO, author=ANNE)
    notifications.handle(without_device)
    assert not [key for key in store.pushes if key.startswith(without_device["id"])]


def test_the_push_channel_is_on_or_off_and_on_by_default_for_what_concerns_me():
    notifications = Bound(Notifications(clock=TickingClock()), MemoryStore())
    prefs = {c["category"]: c["push"] for c in notifications.get_preferences(caller(ANNE))["categories"]}
    assert prefs == {"account": "off", "resources": "off", "my_resources": "on", "review": "off", "groups": "off",
                     "discussions": "on", "mentions": "on", "moderation": "on"}


def test_anonymous_callers_have_no_devices():
    with pytest.raises(Exception) as refused:
        PushSubscriptions(TickingClock()).list(MemoryStore(), Caller(request_id="t"))
    assert type(refused.value).__name__ == "Unauthorized"
