"""Discussions and moderation on a real MongoDB-protocol server (SecantusDB, or TEST_MONGO_URI):
lists by activity page by page, unread markers, hidden content seen by its author and
moderators only, posting limits and held posts, decisions atomic with their events, sanctions,
and the taxonomy asked of resources. Markdown rendering needs no server."""
from datetime import datetime, timedelta, timezone

import pytest

from classe12_community.domain.charter import CHARTER_VERSION
from classe12_community.domain.discussions import Discussions
from classe12_community.domain.groups import Groups
from classe12_community.domain.markdown import render
from classe12_community.domain.moderation import Moderation
from classe12_community.domain.taxonomy import keep_fetched_taxonomy
from classe12_community.storage import CommunityStore
from classe12_contracts.errors import Conflict, Forbidden, Invalid, NotFound, TooManyRequests
from classe12_runtime.context import Caller
from classe12_runtime.outbox import Outbox
from classe12_runtime.uow import MongoUnitOfWork

T0 = datetime(2026, 9, 1, 8, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self):
        self.now = T0

    def __call__(self):
        return self.now

    def tick(self, **delta):
        self.now += timedelta(**delta)


class Relay:
    def publish_now(self, ids):
        pass


@pytest.fixture
def store(mongo_db):
    store = CommunityStore(mongo_db)
    store.ensure_indexes()
    Outbox(mongo_db).ensure_indexes()
    return store


@pytest.fixture
def clock():
    return Clock()


def uow(mongo_db, member_id, roles=("teacher",)):
    return MongoUnitOfWork(mongo_db, CommunityStore, Outbox(mongo_db), Relay(), as_(member_id, roles))


def as_(member_id, roles=("teacher",)):
    return Caller(actor_id=member_id, roles=roles, request_id="test")


def add_member(store, name, *, created_at=T0 - timedelta(days=30), charter=CHARTER_VERSION):
    doc = store.insert({"email": f"{name.lower()}@ac-lille.fr", "password_hash": "x", "display_name": name,
                        "roles": ["teacher"], "levels": ["CP"], "school_uai": None, "created_at": created_at,
                        "updated_at": created_at, "charter_version": charter})
    return str(doc["_id"])


def setup_group(store, mongo_db, clock, access="open"):
    owner, member, outsider = (add_member(store, n) for n in ("Olga", "Marc", "Paul"))
    store.keep_taxonomy(1, [], T0)
    group = uow(mongo_db, owner).run(lambda s: Groups(clock).create(s, as_(owner), {
        "name": "Lecture", "description": "", "access": access, "topics": [], "levels": []}))
    if access == "open":
        uow(mongo_db, member).run(lambda s: Groups(clock).join(s, as_(member), group["id"], None))
    else:
        uow(mongo_db, owner).run(lambda s: Groups(clock).invite(s, as_(owner), group["id"], member))
        uow(mongo_db, member).run(lambda s: Groups(clock).join(s, as_(member), group["id"], None))
    return group["id"], owner, member, outsider


def events(mongo_db, kind):
    return [e["data"] for e in Outbox(mongo_db).pending() if e["type"] == kind]


def test_markdown_is_rendered_without_raw_html_scripts_images_or_unsafe_links():
    html = render("**Gras** <script>alert(1)</script> <img src=x onerror=y> [a](javascript:alert(1)) "
                  "[b](https://exemple.fr) ![c](https://pisteur.example/p.gif) [d](data:text/html,x)")
    assert "<strong>Gras</strong>" in html
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html and 'href="data' not in html
    assert '<a href="https://exemple.fr" rel="nofollow ugc noopener">b</a>' in html


def test_threads_are_listed_pinned_first_then_by_activity_page_by_page(store, mongo_db, clock):
    group, owner, member, _ = setup_group(store, mongo_db, clock)
    talk = Discussions(clock)
    ids = []
    for i in range(7):
        clock.tick(minutes=2)
        page = uow(mongo_db, owner).run(lambda s, i=i: talk.create(s, as_(owner), {
            "group_id": group, "title": f"Question {i}", "body": f"Texte {i}", "tags": []}))
        ids.append(page["thread"]["id"])
    clock.tick(minutes=2)
    uow(mongo_db, member).run(lambda s: talk.reply(s, as_(member), {"thread_id": ids[1], "body": "Réponse"}))
    uow(mongo_db, owner).run(lambda s: talk.set_state(s, as_(owner), {"thread_id": ids[3], "pinned": True}))
    seen, cursor = [], None
    while True:
        page = talk.list(store, as_(member), {"group_id": group, "limit": 3, "cursor": cursor})
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert [t["id"] for t in seen] == [ids[3], ids[1], ids[6], ids[5], ids[4], ids[2], ids[0]]
    unread = {t["id"]: (t["read"], t["unread_replies"]) for t in seen}
    assert unread[ids[1]] == (False, 1)
    talk.get(store, as_(member), {"thread_id": ids[1], "limit": 20})
    [again] = [t for t in talk.list(store, as_(member), {"group_id": group, "limit": 20})["items"] if t["id"] == ids[1]]
    assert (again["read"], again["unread_replies"]) == (True, 0)
    [event] = events(mongo_db, "community.reply_posted")
    assert event["thread_author_id"] == owner and "body" not in event


def test_followed_threads_are_listed_latest_followed_first_and_only_while_the_member_may_read_them(
        store, mongo_db, clock):
    group, owner, member, _ = setup_group(store, mongo_db, clock)
    talk, moderation = Discussions(clock), Moderation(Discussions(clock), clock)
    ids = []
    for i in range(5):
        clock.tick(minutes=1)
        ids.append(uow(mongo_db, owner).run(lambda s, i=i: talk.create(s, as_(owner), {
            "group_id": group, "title": f"Question {i}", "body": f"Texte {i}", "tags": []}))["thread"]["id"])
    for tid in ids:
        clock.tick(minutes=1)
        uow(mongo_db, member).run(lambda s, tid=tid: talk.follow(s, as_(member), tid, True))
    uow(mongo_db, owner).run(lambda s: talk.reply(s, as_(owner), {"thread_id": ids[1], "body": "Une précision"}))
    uow(mongo_db, owner).run(lambda s: moderation.moderate(s, as_(owner), {
        "kind": "post", "id": ids[2], "action": "hide", "reason": "Hors sujet"}))
    uow(mongo_db, owner).run(lambda s: talk.delete(s, as_(owner), ids[3]))

    def followed(who, limit=1):
        seen, cursor = [], None
        while True:
            page = talk.followed(store, as_(who), limit, cursor)
            assert len(page["items"]) == limit or page["next_cursor"] is None  # full pages but the last
            seen += page["items"]
            cursor = page["next_cursor"]
            if cursor is None:
                return seen

    seen = followed(member)
    assert [t["id"] for t in seen] == [ids[4], ids[1], ids[0]]  # hidden and deleted threads are skipped
    assert {(t["group_name"], t["following"]) for t in seen} == {("Lecture", True)}
    assert [t["unread_replies"] for t in seen] == [0, 1, 0]
    assert [t["id"] for t in followed(owner, limit=20)] == [ids[4], ids[1], ids[0]]  # the author follows from the start
    uow(mongo_db, member).run(lambda s: talk.follow(s, as_(member), ids[1], False))
    assert [t["id"] for t in followed(member)] == [ids[4], ids[0]]
    uow(mongo_db, member).run(lambda s: Groups(clock).leave(s, as_(member), group))
    assert followed(member) == []  # the follows are kept ...
    uow(mongo_db, member).run(lambda s: Groups(clock).join(s, as_(member), group, None))
    assert [t["id"] for t in followed(member)] == [ids[4], ids[0]]  # ... and count again on rejoining
    uow(mongo_db, owner).run(lambda s: moderation.moderate(s, as_(owner), {
        "kind": "post", "id": ids[2], "action": "restore"}))
    assert [t["id"] for t in followed(member, limit=2)] == [ids[4], ids[2], ids[0]]
    with pytest.raises(Invalid):
        talk.followed(store, as_(member), 1, "pas-un-curseur")


def test_only_members_read_a_group_and_a_private_group_does_not_exist_for_others(store, mongo_db, clock):
    group, owner, member, outsider = setup_group(store, mongo_db, clock, access="private")
    talk = Discussions(clock)
    page = uow(mongo_db, member).run(lambda s: talk.create(s, as_(member), {
        "group_id": group, "title": "Secret", "body": "Entre nous", "tags": []}))
    with pytest.raises(NotFound):
        talk.list(store, as_(outsider), {"group_id": group, "limit": 20})
    with pytest.raises(NotFound):
        talk.get(store, as_(outsider), {"thread_id": page["thread"]["id"], "limit": 20})
    assert talk.list(store, as_("f" * 24, ("admin",)), {"group_id": group, "limit": 20})["items"]


def test_hidden_content_is_seen_by_its_author_and_moderators_only_and_hiding_is_atomic_with_its_event(
        store, mongo_db, clock):
    group, owner, member, outsider = setup_group(store, mongo_db, clock)
    talk, moderation = Discussions(clock), Moderation(Discussions(clock), clock)
    third = add_member(store, "Zoé")
    uow(mongo_db, third).run(lambda s: Groups(clock).join(s, as_(third), group, None))
    thread = uow(mongo_db, owner).run(lambda s: talk.create(s, as_(owner), {
        "group_id": group, "title": "Question", "body": "Texte", "tags": []}))["thread"]["id"]
    reply = uow(mongo_db, member).run(lambda s: talk.reply(s, as_(member), {
        "thread_id": thread, "body": "Des noms d'élèves"}))["id"]
    with pytest.raises(Forbidden):
        uow(mongo_db, third).run(lambda s: moderation.moderate(s, as_(third), {
            "kind": "post", "id": reply, "action": "hide", "reason": "Non"}))
    with pytest.raises(Invalid) as err:
        uow(mongo_db, owner).run(lambda s: moderation.moderate(s, as_(owner), {
            "kind": "post", "id": reply, "action": "hide"}))
    assert "reason" in err.value.fields
    assert store.get_post(reply)["state"] == "visible" and events(mongo_db, "community.content_hidden") == []
    uow(mongo_db, owner).run(lambda s: moderation.moderate(s, as_(owner), {
        "kind": "post", "id": reply, "action": "hide", "reason": "Données d'élèves"}))
    [hidden] = events(mongo_db, "community.content_hidden")
    assert hidden == {"kind": "post", "id": reply, "group_id": group, "thread_id": thread, "author_id": member,
                      "hidden_by": owner, "hidden_at": hidden["hidden_at"]}
    seen_by = {who: [p["id"] for p in talk.get(store, as_(who), {"thread_id": thread, "limit": 20})["replies"]["items"]]
               for who in (owner, member, third)}
    assert seen_by == {owner: [reply], member: [reply], third: []}
    with pytest.raises(NotFound):
        uow(mongo_db, third).run(lambda s: moderation.report(s, as_(third), {
            "kind": "post", "id": reply, "reason": "spam"}))
    log = list(mongo_db.moderation_log.find({"target_id": reply}))
    assert [(r["action"], r["by"], r["reason"]) for r in log] == [("hide", owner, "Données d'élèves")]
    assert talk.get(store, as_(member), {"thread_id": thread, "limit": 20})["thread"]["reply_count"] == 0


def test_posting_limits_and_the_spam_heuristic_hold_or_refuse_posts(store, mongo_db, clock):
    group, owner, member, _ = setup_group(store, mongo_db, clock)
    newcomer = add_member(store, "Nina", created_at=T0)
    uow(mongo_db, newcomer).run(lambda s: Groups(clock).join(s, as_(newcomer), group, None))
    talk = Discussions(clock)
    thread = uow(mongo_db, owner).run(lambda s: talk.create(s, as_(owner), {
        "group_id": group, "title": "Question", "body": "Texte", "tags": []}))["thread"]["id"]
    held = uow(mongo_db, newcomer).run(lambda s: talk.reply(s, as_(newcomer), {
        "thread_id": thread, "body": "Achetez sur www.exemple.com"}))
    assert held["state"] == "pending" and "24 heures" in held["moderation_reason"]
    assert [i["id"] for i in Moderation(talk, clock).queue(store, as_(owner), {
        "group_id": group, "state": "open", "limit": 20})["items"]] == [held["id"]]
    assert events(mongo_db, "community.reply_posted") == []
    for i in range(4):
        uow(mongo_db, member).run(lambda s, i=i: talk.reply(s, as_(member), {"thread_id": thread, "body": f"Idée {i}"}))
    repeated = uow(mongo_db, member).run(lambda s: talk.reply(s, as_(member), {"thread_id": thread, "body": "idée  0"}))
    assert repeated["state"] == "pending"
    with pytest.raises(TooManyRequests) as err:
        uow(mongo_db, member).run(lambda s: talk.reply(s, as_(member), {"thread_id": thread, "body": "Encore"}))
    assert 1 <= err.value.details["retry_after"] <= 61
    clock.tick(minutes=2)
    uow(mongo_db, member).run(lambda s: talk.reply(s, as_(member), {"thread_id": thread, "body": "Encore"}))


def test_the_charter_suspensions_and_bans_decide_who_posts(store, mongo_db, clock):
    group, owner, member, _ = setup_group(store, mongo_db, clock)
    talk, moderation = Discussions(clock), Moderation(Discussions(clock), clock)
    admin = "f" * 24
    outcome = uow(mongo_db, admin, ("admin",)).run(lambda s: moderation.sanction(s, as_(admin, ("admin",)), {
        "member_id": member, "action": "suspend", "days": 3, "reason": "Propos blessants"}))
    assert outcome["standing"]["suspended_until"].startswith("2026-09-04T08:00")
    with pytest.raises(Forbidden) as err:
        uow(mongo_db, member).run(lambda s: talk.create(s, as_(member), {
            "group_id": group, "title": "Retour", "body": "Me revoilà", "tags": []}))
    assert "04/09/2026 à 08:00" in err.value.message
    clock.tick(days=3, seconds=1)
    uow(mongo_db, member).run(lambda s: talk.create(s, as_(member), {
        "group_id": group, "title": "Retour", "body": "Me revoilà", "tags": []}))
    uow(mongo_db, admin, ("admin",)).run(lambda s: moderation.sanction(s, as_(admin, ("admin",)), {
        "member_id": member, "action": "ban", "reason": "Récidive"}))
    with pytest.raises(Forbidden):
        uow(mongo_db, owner, ("admin",)).run(lambda s: moderation.sanction(s, as_(owner, ("admin",)), {
            "member_id": owner, "action": "warn", "reason": "Moi"}))
    with pytest.raises(Forbidden):
        uow(mongo_db, member).run(lambda s: talk.create(s, as_(member), {
            "group_id": group, "title": "Encore", "body": "Encore", "tags": []}))
    store.update_member(owner, {"charter_version": None})
    with pytest.raises(Forbidden) as err:
        uow(mongo_db, owner).run(lambda s: talk.create(s, as_(owner), {
            "group_id": group, "title": "Titre", "body": "Texte", "tags": []}))
    assert "charte" in err.value.message


def test_mentions_must_be_members_and_the_accepted_answer_is_the_authors_choice(store, mongo_db, clock):
    group, owner, member, outsider = setup_group(store, mongo_db, clock)
    talk = Discussions(clock)
    with pytest.raises(Invalid) as err:
        uow(mongo_db, owner).run(lambda s: talk.create(s, as_(owner), {
            "group_id": group, "title": "Titre", "body": "@Paul", "tags": [], "mentions": [member, outsider]}))
    assert list(err.value.fields) == ["mentions.1"]
    thread = uow(mongo_db, owner).run(lambda s: talk.create(s, as_(owner), {
        "group_id": group, "title": "Titre", "body": "@Marc", "tags": [], "mentions": [member, owner]}))
    assert [e["member_id"] for e in events(mongo_db, "community.member_mentioned")] == [member]
    tid = thread["thread"]["id"]
    reply = uow(mongo_db, member).run(lambda s: talk.reply(s, as_(member), {"thread_id": tid, "body": "Voilà"}))
    with pytest.raises(Invalid):
        uow(mongo_db, owner).run(lambda s: talk.accept(s, as_(owner), tid, tid))
    uow(mongo_db, owner).run(lambda s: talk.accept(s, as_(owner), tid, reply["id"]))
    uow(mongo_db, member).run(lambda s: talk.delete(s, as_(member), reply["id"]))
    assert store.get_thread(tid)["accepted_post_id"] is None
    with pytest.raises(Conflict):
        uow(mongo_db, member).run(lambda s: talk.delete(s, as_(member), reply["id"]))


def test_a_taxonomy_asked_of_resources_is_kept_unless_a_newer_one_arrived(store):
    reply = {"version": 2, "domains": [{"slug": "francais", "label": "Français",
                                        "subdomains": [{"slug": "lecture", "label": "Lecture"}]}]}
    assert keep_fetched_taxonomy(store, reply, T0)
    assert store.taxonomy()["subdomains"] == {"lecture": "Lecture"}
    assert not keep_fetched_taxonomy(store, dict(reply, version=1, domains=[]), T0)
    assert store.taxonomy()["version"] == 2
