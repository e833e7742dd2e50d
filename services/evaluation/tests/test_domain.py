"""Unit tests of the evaluation rules (pure Python, in-memory repository)."""
import base64
import copy
import itertools
from datetime import datetime, timedelta, timezone

import pytest

from classe12_contracts.errors import Conflict, Forbidden, Invalid, NotFound, Unauthorized
from classe12_evaluation.domain.classes import Classes
from classe12_evaluation.domain.rules import (
    MAX_PUPILS,
    alias_error,
    alias_key,
    school_year_error,
)
from classe12_evaluation.schemas import (
    AddPupilSchema,
    CreateClassSchema,
    ListClassesSchema,
)
from classe12_runtime.context import Caller
from classe12_runtime.pagination import decode_cursor, encode_cursor
from classe12_runtime.validation import load_or_invalid
from classe12_testing.fakes import FakeUnitOfWork, TickingClock

TEACHER = Caller(actor_id="a" * 24, roles=("teacher",), request_id="req-1")
COLLEAGUE = Caller(actor_id="b" * 24, roles=("teacher",))
ADMIN = Caller(actor_id="c" * 24, roles=("admin", "teacher"))
PARENT = Caller(actor_id="d" * 24, roles=("parent",))
ANONYMOUS = Caller()


class MemoryClasses:
    """The repository contract, in memory (same semantics as storage.ClassStore)."""

    def __init__(self):
        self.docs = {}
        self.audit = []
        self.invitations = {}
        self.ids = itertools.count(1)

    def _new_id(self):
        return f"{next(self.ids):024x}"

    def insert_class(self, doc):
        doc = dict(copy.deepcopy(doc), _id=self._new_id())
        self.docs[doc["_id"]] = doc
        return copy.deepcopy(doc)

    def get_for_teacher(self, class_id, teacher_id):
        doc = self.docs.get(class_id)
        return copy.deepcopy(doc) if doc and teacher_id in doc["teacher_ids"] else None

    def add_pupil(self, class_id, teacher_id, pupil, max_pupils):
        doc = self.docs.get(class_id)
        if (doc is None or teacher_id not in doc["teacher_ids"] or doc["pupils_count"] >= max_pupils
                or any(p["alias_key"] == pupil["alias_key"] for p in doc["pupils"])):
            return None
        doc["pupils"].append(dict(pupil, id=self._new_id()))
        doc["pupils_count"] += 1
        doc["updated_at"] = pupil["added_at"]
        return copy.deepcopy(doc)

    def list_for_teacher(self, teacher_id, limit, after=None):
        docs = sorted((d for d in self.docs.values() if teacher_id in d["teacher_ids"]),
                      key=lambda d: (d["created_at"], d["_id"]), reverse=True)
        if after is not None:
            docs = [d for d in docs if (d["created_at"], d["_id"]) < after]
        return [{k: v for k, v in copy.deepcopy(d).items() if k != "pupils"} for d in docs[:limit]]

    def record_audit(self, entry):
        self.audit.append(dict(entry))

    # co-teachers
    def get_class(self, class_id):
        return copy.deepcopy(self.docs.get(class_id))

    def add_teacher(self, class_id, teacher_id, now):
        doc = self.docs[class_id]
        if teacher_id not in doc["teacher_ids"]:
            doc["teacher_ids"].append(teacher_id)
        doc["updated_at"] = now
        return copy.deepcopy(doc)

    def insert_invitation(self, doc):
        self.invitations[doc["_id"]] = dict(doc)

    def find_invitation(self, code_hash):
        return copy.deepcopy(self.invitations.get(code_hash))

    def use_invitation(self, code_hash, teacher_id, now):
        doc = self.invitations.get(code_hash)
        if doc is None or doc["used_at"] is not None or doc["expires_at"] <= now:
            return False
        doc.update(used_at=now, used_by=teacher_id)
        return True



class ClassBook:
    """The use cases as the service runs them (in a unit of work), over the in-memory repository."""

    def __init__(self):
        self.domain = Classes(clock=TickingClock())
        self.repository = MemoryClasses()
        self.uow = FakeUnitOfWork(self.repository)

    def create(self, caller, data):
        return self.uow.query(lambda store: self.domain.create(store, caller, data))

    def add_pupil(self, caller, class_id, alias):
        return self.uow.run(lambda store: self.domain.add_pupil(store, caller, class_id, alias))

    def get(self, caller, class_id):
        return self.uow.query(lambda store: self.domain.get(store, caller, class_id))

    def list_own(self, caller, limit=20, cursor=None):
        return self.uow.query(lambda store: self.domain.list_own(store, caller, limit, cursor))

    def invite(self, caller, class_id):
        return self.uow.run(lambda store: self.domain.invite_coteacher(store, caller, class_id))

    def join(self, caller, code):
        return self.uow.run(lambda store: self.domain.join(store, caller, code))


@pytest.fixture
def classes():
    return ClassBook()


def class_data(**overrides):
    data = {"name": "CP Les Hirondelles", "level": "CP", "school_year": "2025-2026"}
    data.update(overrides)
    return load_or_invalid(CreateClassSchema(), data)


def pupil(class_id, alias):
    return load_or_invalid(AddPupilSchema(), {"class_id": class_id, "alias": alias})


# -- rules -----------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["2025-2026", "2017-2018", "2099-2100"])
def test_valid_school_years(value):
    assert school_year_error(value) is None


@pytest.mark.parametrize("value,fragment", [
    ("2025-2027", "seconde année"), ("2026-2025", "seconde année"), ("2025/2026", "AAAA-AAAA"),
    ("25-26", "AAAA-AAAA"), ("2025-2026 ", "AAAA-AAAA"), ("1990-1991", "hors limites"),
])
def test_invalid_school_years_have_french_messages(value, fragment):
    assert fragment in school_year_error(value)


@pytest.mark.parametrize("a,b", [("Inès", "ines"), ("JEAN-MARC", "jean marc"), ("Zoé", "ZOE"),
                                 ("Chloë", "chloe"), ("Œnone", "oenone"), ("Anne  Lise", "anne-lise")])
def test_alias_key_ignores_case_accents_and_separators(a, b):
    assert alias_key(a) == alias_key(b)


def test_different_aliases_have_different_keys():
    assert alias_key("Léa") != alias_key("Léo")


@pytest.mark.parametrize("alias", ["Inès", "Jean-Marc", "N'Golo", "Élève 12", "Anne Lise", "Мария"])
def test_first_names_and_aliases_are_accepted(alias):
    assert alias_error(alias) is None


@pytest.mark.parametrize("alias,fragment", [
    ("Inès 12/03/2018", "date de naissance"), ("1234567890A", "INE"),
    ("ines@ecole.fr", "prénom ou un pseudonyme"), ("42", "prénom ou un pseudonyme"),
    ("<script>", "prénom ou un pseudonyme"), ("a_b", "prénom ou un pseudonyme"), ("   ", "prénom"),
    ("Inès" * 11, "Longueur maximale : 40."),
])
def test_alias_that_is_not_a_first_name_is_refused(alias, fragment):
    assert fragment in alias_error(alias)


def test_schemas_reject_injection_unknown_fields_and_bad_values_in_french():
    with pytest.raises(Invalid) as err:
        load_or_invalid(AddPupilSchema(), {"class_id": "x", "alias": {"$gt": ""}, "surname": "Martin"})
    assert err.value.fields == {"class_id": ["Identifiant invalide."],
                                "alias": ["Une chaîne de caractères est attendue."],
                                "surname": ["Champ inconnu."]}
    with pytest.raises(Invalid) as err:
        class_data(name="  ", level="CE2", school_year="2025-2027")
    assert set(err.value.fields) == {"name", "level", "school_year"}
    with pytest.raises(Invalid) as err:
        load_or_invalid(ListClassesSchema(), {"limit": 0})
    assert "limit" in err.value.fields
    assert load_or_invalid(ListClassesSchema(), {}) == {"limit": 20, "cursor": None}


def test_cursor_round_trip_and_tampering():
    when = datetime(2025, 9, 1, 8, 0, 0, 123000, tzinfo=timezone.utc)
    assert decode_cursor(encode_cursor(when, "f" * 24)) == (when, "f" * 24)
    for bad in ["nope", "", "e30", encode_cursor(when, "not-an-id"), "!!!!", "a" * 500]:
        with pytest.raises(Invalid) as err:
            decode_cursor(bad)
        assert list(err.value.fields) == ["cursor"]


# -- use cases -------------------------------------------------------------------------------

def test_create_class_for_a_teacher(classes):
    created = classes.create(TEACHER, class_data())
    assert created["teacher_ids"] == [TEACHER.actor_id]
    assert created["pupils"] == [] and created["pupils_count"] == 0
    assert created["level"] == "CP" and created["school_year"] == "2025-2026"
    assert created["retain_until"].startswith("2027-08-31")
    assert created["created_at"] == created["updated_at"]


def test_only_teachers_create_classes(classes):
    with pytest.raises(Forbidden):
        classes.create(PARENT, class_data())
    with pytest.raises(Unauthorized):
        classes.create(ANONYMOUS, class_data())


def test_add_pupils_and_read_the_class(classes):
    class_id = classes.create(TEACHER, class_data())["id"]
    classes.add_pupil(TEACHER, class_id, "Inès")
    updated = classes.add_pupil(TEACHER, class_id, "  Jean   Marc ")
    assert [p["alias"] for p in updated["pupils"]] == ["Inès", "Jean Marc"]
    assert updated["pupils_count"] == 2 and updated["updated_at"] > updated["created_at"]
    assert set(updated["pupils"][0]) == {"id", "alias", "added_at"}  # no internal key leaks
    assert classes.get(TEACHER, class_id) == updated


def test_alias_unique_ignoring_case_and_accents(classes):
    class_id = classes.create(TEACHER, class_data())["id"]
    classes.add_pupil(TEACHER, class_id, "Inès")
    with pytest.raises(Conflict) as err:
        classes.add_pupil(TEACHER, class_id, "ines")
    assert list(err.value.fields) == ["alias"]
    # another class may have its own Inès
    other = classes.create(TEACHER, class_data(name="CE1"))["id"]
    assert classes.add_pupil(TEACHER, other, "INES")["pupils_count"] == 1


def test_at_most_thirty_pupils(classes):
    class_id = classes.create(TEACHER, class_data())["id"]
    for n in range(MAX_PUPILS):
        classes.add_pupil(TEACHER, class_id, f"Élève {n + 1}")
    with pytest.raises(Conflict) as err:
        classes.add_pupil(TEACHER, class_id, "Inès")
    assert "30" in err.value.message
    assert classes.get(TEACHER, class_id)["pupils_count"] == MAX_PUPILS


def test_bad_alias_refused_by_the_domain_too(classes):
    class_id = classes.create(TEACHER, class_data())["id"]
    with pytest.raises(Invalid) as err:
        classes.add_pupil(TEACHER, class_id, "Inès 2018-03-12")
    assert "alias" in err.value.fields


@pytest.mark.parametrize("caller", [COLLEAGUE, ADMIN, PARENT])
def test_nobody_but_the_class_teachers_sees_or_changes_it(classes, caller):
    class_id = classes.create(TEACHER, class_data())["id"]
    classes.add_pupil(TEACHER, class_id, "Inès")
    with pytest.raises(NotFound) as read:
        classes.get(caller, class_id)
    with pytest.raises(NotFound) as write:
        classes.add_pupil(caller, class_id, "Léo")
    # same answer as for a class that does not exist: existence does not leak
    with pytest.raises(NotFound) as unknown:
        classes.get(caller, "f" * 24)
    assert read.value.message == write.value.message == unknown.value.message
    assert classes.get(TEACHER, class_id)["pupils_count"] == 1
    with pytest.raises(Unauthorized):
        classes.get(ANONYMOUS, class_id)


def test_every_access_to_pupil_data_is_audited(classes):
    class_id = classes.create(TEACHER, class_data())["id"]
    classes.add_pupil(TEACHER, class_id, "Inès")
    classes.get(TEACHER, class_id)
    with pytest.raises(Conflict):
        classes.add_pupil(TEACHER, class_id, "INES")
    with pytest.raises(NotFound):
        classes.get(ADMIN, class_id)
    audit = classes.repository.audit
    assert [(a["actor_id"], a["action"], a["outcome"]) for a in audit] == [
        (TEACHER.actor_id, "add_pupil", "ok"), (TEACHER.actor_id, "get_class", "ok"),
        (TEACHER.actor_id, "add_pupil", "conflict"), (ADMIN.actor_id, "get_class", "not_found")]
    assert all(a["class_id"] == class_id and a["at"].tzinfo for a in audit)
    assert audit[0]["request_id"] == "req-1"
    # a list holds no pupil data and is not audited
    classes.list_own(TEACHER)
    assert len(audit) == 4


def test_list_own_classes_newest_first_with_cursor(classes):
    ids = [classes.create(TEACHER, class_data(name=f"Classe {n}"))["id"] for n in range(5)]
    classes.create(COLLEAGUE, class_data(name="Pas à moi"))
    classes.add_pupil(TEACHER, ids[4], "Inès")
    first = classes.list_own(TEACHER, limit=2)
    assert [c["id"] for c in first["items"]] == [ids[4], ids[3]]
    assert first["items"][0]["pupils_count"] == 1 and "pupils" not in first["items"][0]
    second = classes.list_own(TEACHER, limit=2, cursor=first["next_cursor"])
    third = classes.list_own(TEACHER, limit=2, cursor=second["next_cursor"])
    assert [c["id"] for c in second["items"] + third["items"]] == [ids[2], ids[1], ids[0]]
    assert third["next_cursor"] is None
    assert classes.list_own(PARENT) == {"items": [], "next_cursor": None}
    with pytest.raises(Invalid):
        classes.list_own(TEACHER, cursor="garbage")
    out_of_range = base64.urlsafe_b64encode(b'["9999-12-31T23:59:59-14:00","000000000000000000000000"]').decode()
    with pytest.raises(Invalid) as err:  # past year 9999 once in UTC: was a 500
        classes.list_own(TEACHER, cursor=out_of_range.rstrip("="))
    assert list(err.value.fields) == ["cursor"]
    with pytest.raises(Unauthorized):
        classes.list_own(ANONYMOUS)


@pytest.mark.parametrize("value", ["2026-2027\n", "2026-2027\n\n", " 2026-2027"])
def test_school_years_are_matched_to_the_very_end(value):
    assert school_year_error(value) is not None
    with pytest.raises(Invalid):
        class_data(school_year=value)


# -- co-teachers ---------------------------------------------------------------------------------

NEWCOMER = Caller(actor_id="e" * 24, roles=("teacher",))


def test_the_owner_invites_a_colleague_who_joins_once_and_then_has_the_same_access(classes):
    class_id = classes.create(TEACHER, class_data())["id"]
    classes.add_pupil(TEACHER, class_id, "Inès")
    invitation = classes.invite(TEACHER, class_id)
    assert invitation["class_id"] == class_id
    assert len(invitation["code"]) == 14 and invitation["code"].count("-") == 2
    # only the code's hash is kept
    assert invitation["code"] not in repr(classes.repository.invitations)
    with pytest.raises(NotFound):
        classes.get(COLLEAGUE, class_id)
    joined = classes.join(COLLEAGUE, invitation["code"].lower().replace("-", " "))  # case, blanks, dashes ignored
    assert joined["teacher_ids"] == [TEACHER.actor_id, COLLEAGUE.actor_id]
    assert classes.get(COLLEAGUE, class_id)["pupils"][0]["alias"] == "Inès"
    assert [c["id"] for c in classes.list_own(COLLEAGUE)["items"]] == [class_id]
    # a code serves once: the same answer as an unknown one
    with pytest.raises(Invalid) as used:
        classes.join(NEWCOMER, invitation["code"])
    with pytest.raises(Invalid) as unknown:
        classes.join(NEWCOMER, "AAAA-BBBB-CCCC")
    assert used.value.fields == unknown.value.fields == {"code": [used.value.message]}
    # only the owner invites; anybody else is told the class does not exist
    with pytest.raises(Forbidden):
        classes.invite(COLLEAGUE, class_id)
    with pytest.raises(NotFound):
        classes.invite(ADMIN, class_id)
    with pytest.raises(Forbidden):
        classes.join(PARENT, "AAAA-BBBB-CCCC")
    actions = [(e["action"], e["outcome"]) for e in classes.repository.audit if e["action"] != "get_class"]
    assert ("join_class", "ok") in actions and ("join_class", "invalid") in actions
    assert ("invite_coteacher", "conflict") in actions and ("invite_coteacher", "not_found") in actions


def test_an_expired_code_is_refused_and_a_class_has_three_teachers_at_most(classes):
    class_id = classes.create(TEACHER, class_data())["id"]
    expired = classes.invite(TEACHER, class_id)["code"]
    classes.domain.clock.now += timedelta(days=8)
    with pytest.raises(Invalid):
        classes.join(COLLEAGUE, expired)
    classes.join(COLLEAGUE, classes.invite(TEACHER, class_id)["code"])
    spare = classes.invite(TEACHER, class_id)["code"]
    assert classes.join(COLLEAGUE, spare)["teacher_ids"] == [TEACHER.actor_id, COLLEAGUE.actor_id]  # already in
    classes.join(NEWCOMER, spare)  # still usable: the colleague did not spend it
    with pytest.raises(Conflict):
        classes.invite(TEACHER, class_id)
