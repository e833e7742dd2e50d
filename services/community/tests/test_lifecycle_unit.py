"""Unit tests of the account lifecycle's rules: signed, expiring, single-use links; throttled
e-mails per address; reset, change of address and of password (in-memory repository)."""
from datetime import datetime, timedelta, timezone

import pytest
from bson import ObjectId

from classe12_community.domain import account_mail as mails
from classe12_community.domain import throttle
from classe12_community.domain.lifecycle import RESET_ACCEPTED, Lifecycle
from classe12_community.domain.passwords import hash_password, verify_password
from classe12_contracts.errors import Conflict, Invalid, TooManyRequests
from classe12_runtime.context import Caller

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
PASSWORD = "un mot de passe long"
NEW_PASSWORD = "un tout nouveau mot de passe"
POLICY = mails.MailPolicy(secret="s" * 64, public_url="https://classe12.test",
                          ttl={mails.VERIFY: 3600, mails.RESET: 600, mails.CHANGE: 3600, mails.CHANGED: 3600},
                          throttle=throttle.Policy(free_failures=3, base_delay=60, max_delay=3600, window=3600))


class Clock:
    def __init__(self):
        self.now = T0

    def __call__(self):
        return self.now


class MemoryStore:
    """What domain/lifecycle.py and domain/account_mail.py ask of the repository, in memory."""

    def __init__(self):
        self.docs, self.mails, self.attempts, self.sessions = {}, {}, {}, {}

    def add_member(self, email, verified=False):
        member_id = str(ObjectId())
        self.docs[member_id] = {"_id": member_id, "email": email, "display_name": "Anne", "roles": ["teacher"],
                                "levels": [], "school_uai": None, "created_at": T0,
                                "password_hash": hash_password(PASSWORD), "email_verified_at": T0 if verified else None}
        return member_id

    def find_by_email(self, email):
        return next((d for d in self.docs.values() if d["email"] == email), None)

    def get(self, member_id):
        return self.docs.get(member_id)

    def update_member(self, member_id, changes):
        self.docs[member_id].update(changes)
        return self.docs[member_id]

    def set_password_hash(self, member_id, password_hash):
        self.docs[str(member_id)]["password_hash"] = password_hash

    def set_email(self, member_id, email, now):
        if any(d["email"] == email for d in self.docs.values()):
            raise Conflict("pris")
        return self.update_member(member_id, {"email": email, "email_verified_at": now})

    def insert_account_mail(self, doc):
        self.mails[str(doc["_id"])] = dict(doc)

    def get_account_mail(self, mail_id):
        return self.mails.get(mail_id)

    def use_account_mail(self, mail_id, now):
        if self.mails[mail_id]["used_at"] is not None:
            return False
        self.mails[mail_id]["used_at"] = now
        return True

    def failures(self, key):
        return self.attempts.get(key)

    def add_failure(self, key, now, window):
        record = self.attempts.get(key)
        if record is None or now - record["last_failure_at"] > timedelta(seconds=window):
            record = {"failures": 0}
        self.attempts[key] = {"failures": record["failures"] + 1, "last_failure_at": now}

    def forget_failures(self, key):
        self.attempts.pop(key, None)

    def revoke_sessions(self, member_id, now):
        open_ = [s for s in self.sessions.values() if s["member_id"] == member_id and s["revoked_at"] is None]
        for session in open_:
            session["revoked_at"] = now
        return len(open_)

    def revoke_other_sessions(self, member_id, keep, now):
        ids = [k for k, s in self.sessions.items() if s["member_id"] == member_id and s["revoked_at"] is None
               and k != keep]
        for session_id in ids:
            self.sessions[session_id]["revoked_at"] = now
        return ids


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store():
    return MemoryStore()


@pytest.fixture
def lifecycle(clock):
    return Lifecycle(POLICY, clock=clock)


def token_of_last(store, purpose):
    request = [m for m in store.mails.values() if m["purpose"] == purpose][-1]
    return mails.token_of(POLICY.secret, request), request


def test_a_link_is_signed_and_recomputed_never_stored(store, lifecycle):
    member_id = store.add_member("anne@ac-lille.fr")
    [event] = lifecycle.welcome(store, store.get(member_id))
    assert event.type == mails.MAIL_REQUESTED and set(event.data) == {"mail_id", "member_id", "purpose"}
    token, request = token_of_last(store, mails.VERIFY)
    assert token.startswith(event.data["mail_id"] + ".") and token not in str(store.mails)
    view = lifecycle.mail(store, Caller(actor_id="0" * 24, roles=("platform",)), event.data["mail_id"])
    assert view["link"] == f"https://classe12.test/compte/verifier-adresse?jeton={token}"
    assert view["email"] == "anne@ac-lille.fr" and view["status"] == "ready"
    mail_id, signature = token.split(".")
    forged = [f"{mail_id}.{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}", mail_id, "", "x.y",
              f"{ObjectId()}.{signature}", mails.token_of("t" * 64, request)]
    for bad in forged:
        with pytest.raises(Invalid) as refused:
            lifecycle.confirm_email(store, bad)
        assert refused.value.fields == {"token": [mails.BAD_LINK]}


def test_a_link_serves_once_and_only_for_its_purpose(store, lifecycle):
    member_id = store.add_member("anne@ac-lille.fr")
    lifecycle.welcome(store, store.get(member_id))
    token, _ = token_of_last(store, mails.VERIFY)
    with pytest.raises(Invalid):
        lifecycle.reset_password(store, token, NEW_PASSWORD)  # a verification link does not reset
    confirmed = lifecycle.confirm_email(store, token)
    assert confirmed.result["email_verified"] is True
    assert [e.type for e in confirmed.events] == ["community.member_verified"]
    with pytest.raises(Invalid):
        lifecycle.confirm_email(store, token)
    platform = Caller(actor_id="0" * 24, roles=("platform",))
    assert lifecycle.mail(store, platform, token.split(".")[0]) == {"status": "gone"}


def test_a_link_expires(store, lifecycle, clock):
    member_id = store.add_member("anne@ac-lille.fr")
    lifecycle.welcome(store, store.get(member_id))
    token, _ = token_of_last(store, mails.VERIFY)
    clock.now = T0 + timedelta(seconds=3601)
    with pytest.raises(Invalid):
        lifecycle.confirm_email(store, token)
    assert lifecycle.mail(store, Caller(actor_id="0" * 24, roles=("platform",)), token.split(".")[0]) == {
        "status": "gone"}


def test_e_mails_to_one_address_are_throttled(store, lifecycle, clock):
    member_id = store.add_member("anne@ac-lille.fr")
    me = Caller(actor_id=member_id, roles=("teacher",))
    assert len(lifecycle.welcome(store, store.get(member_id))) == 1
    lifecycle.request_verification(store, me)
    lifecycle.request_verification(store, me)
    with pytest.raises(TooManyRequests) as waited:
        lifecycle.request_verification(store, me)
    assert waited.value.details["retry_after"] == 60
    assert lifecycle.request_reset(store, "anne@ac-lille.fr").events == []  # silently nothing past the limit
    clock.now += timedelta(seconds=61)
    assert len(lifecycle.request_verification(store, me).events) == 1
    with pytest.raises(TooManyRequests) as waited:  # the next wait is longer
        lifecycle.request_verification(store, me)
    assert waited.value.details["retry_after"] == 120
    clock.now += timedelta(seconds=3601)  # the window: counts start again
    assert len(lifecycle.request_verification(store, me).events) == 1


def test_a_reset_answers_the_same_for_any_address(store, lifecycle):
    store.add_member("anne@ac-lille.fr")
    unknown, invalid = lifecycle.request_reset(store, "personne@ac-lille.fr"), lifecycle.request_reset(store, "pas@")
    known = lifecycle.request_reset(store, "ANNE@ac-lille.fr")
    assert unknown.result == invalid.result == known.result == RESET_ACCEPTED
    assert unknown.events == invalid.events == [] and [e.data["purpose"] for e in known.events] == [mails.RESET]


def test_a_reset_sets_the_password_verifies_the_address_and_closes_every_session(store, lifecycle):
    member_id = store.add_member("anne@ac-lille.fr")
    store.sessions = {"a": {"member_id": member_id, "revoked_at": None}, "b": {"member_id": member_id, "revoked_at": None}}
    lifecycle.request_reset(store, "anne@ac-lille.fr")
    token, _ = token_of_last(store, mails.RESET)
    with pytest.raises(Invalid) as weak:
        lifecycle.reset_password(store, token, "azertyuiop12")
    assert list(weak.value.fields) == ["password"]
    done = lifecycle.reset_password(store, token, NEW_PASSWORD)  # a weak password did not use the link
    assert done.result == {"closed": 2}
    assert [e.type for e in done.events] == ["community.member_verified", "community.sessions_revoked"]
    assert verify_password(store.get(member_id)["password_hash"], NEW_PASSWORD)
    with pytest.raises(Invalid):
        lifecycle.reset_password(store, token, NEW_PASSWORD)


def test_a_new_address_counts_once_confirmed_and_the_old_one_is_told(store, lifecycle):
    member_id = store.add_member("anne@ac-lille.fr", verified=True)
    me = Caller(actor_id=member_id, roles=("teacher",))
    with pytest.raises(Invalid) as wrong:
        lifecycle.change_email(store, me, "pas le bon", "anne@ac-nice.fr")
    assert list(wrong.value.fields) == ["password"]
    with pytest.raises(Invalid):
        lifecycle.change_email(store, me, PASSWORD, "Anne@AC-Lille.fr")  # the same address
    lifecycle.change_email(store, me, PASSWORD, "anne@ac-nice.fr")
    assert store.get(member_id)["email"] == "anne@ac-lille.fr"
    token, _ = token_of_last(store, mails.CHANGE)
    confirmed = lifecycle.confirm_email_change(store, token)
    assert confirmed.result["email"] == "anne@ac-nice.fr"
    [notice] = confirmed.events  # already verified: no member_verified
    assert notice.data["purpose"] == mails.CHANGED
    view = lifecycle.mail(store, Caller(actor_id="0" * 24, roles=("platform",)), notice.data["mail_id"])
    assert view["email"] == "anne@ac-lille.fr" and view["link"] is None and view["token"] is None


def test_a_verification_link_to_an_address_no_longer_the_member_s_is_gone(store, lifecycle):
    member_id = store.add_member("anne@ac-lille.fr")
    lifecycle.welcome(store, store.get(member_id))
    token, _ = token_of_last(store, mails.VERIFY)
    store.update_member(member_id, {"email": "autre@ac-lille.fr"})
    with pytest.raises(Invalid):
        lifecycle.confirm_email(store, token)


def test_a_new_password_needs_the_current_one_and_closes_the_other_sessions(store, lifecycle):
    member_id = store.add_member("anne@ac-lille.fr")
    store.sessions = {"here": {"member_id": member_id, "revoked_at": None},
                      "there": {"member_id": member_id, "revoked_at": None}}
    me = Caller(actor_id=member_id, roles=("teacher",))
    with pytest.raises(Invalid) as wrong:
        lifecycle.change_password(store, me, "pas le bon", NEW_PASSWORD, "here")
    assert list(wrong.value.fields) == ["current_password"]
    changed = lifecycle.change_password(store, me, PASSWORD, NEW_PASSWORD, "here")
    assert changed.result == {"closed": 1}
    assert [e.data["session_id"] for e in changed.events] == ["there"]
    assert store.sessions["here"]["revoked_at"] is None


def test_already_verified_members_are_not_sent_another_link(store, lifecycle):
    member_id = store.add_member("anne@ac-lille.fr", verified=True)
    with pytest.raises(Conflict):
        lifecycle.request_verification(store, Caller(actor_id=member_id, roles=("teacher",)))
