"""Unit tests of positioning and the repères (pure Python, in-memory repository, fake unit of work)."""
import copy
import itertools
from datetime import date, datetime, timezone

import pytest

from classe12_contracts.errors import Invalid, NotFound, Unauthorized
from classe12_evaluation.domain.classes import Classes
from classe12_evaluation.domain.framework import Framework, Frameworks, read_files
from classe12_evaluation.domain.positioning import Positioning, competence_level, progress
from classe12_evaluation.schemas import GridSchema, PositionGridSchema, RecordReperesSchema
from classe12_runtime.context import Caller
from classe12_runtime.validation import load_or_invalid
from classe12_testing.fakes import FakeUnitOfWork, TickingClock

TEACHER = Caller(actor_id="a" * 24, roles=("teacher",), request_id="req-1")
COLLEAGUE = Caller(actor_id="b" * 24, roles=("teacher",), request_id="req-2")
ADMIN = Caller(actor_id="c" * 24, roles=("admin", "teacher"), request_id="req-3")

SYLLABES = "fr.lecture.identifier-mots.syllabes"
REGULIERS = "fr.lecture.identifier-mots.mots-reguliers"
FREQUENTS = "fr.lecture.identifier-mots.mots-frequents"
CALCUL = "ma.nombres.calcul-mental.complements-10"


class MemoryStore:
    """The repository contract (classes, grids, repères, audit), in memory, as storage.ClassStore."""

    def __init__(self):
        self.docs, self.grids, self.reperes, self.audit = {}, {}, {}, []
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
        doc = self.docs[class_id]
        doc["pupils"].append(dict(pupil, id=self._new_id()))
        doc["pupils_count"] += 1
        return copy.deepcopy(doc)

    def grid_columns(self, class_id, item_ids=None):
        return [{"item_id": item, "entries": copy.deepcopy(entries)} for (cid, item), entries in self.grids.items()
                if cid == class_id and (item_ids is None or item in item_ids)]

    def save_grid_column(self, class_id, item_id, entries, now):
        self.grids[(class_id, item_id)] = copy.deepcopy(entries)

    def get_reperes(self, class_id, period):
        return copy.deepcopy(self.reperes.get((class_id, period)))

    def save_reperes(self, class_id, period, framework_version, scores, actor_id, now):
        existing = self.reperes.get((class_id, period))
        version = existing["framework_version"] if existing else framework_version
        self.reperes[(class_id, period)] = {"framework_version": version, "scores": copy.deepcopy(scores)}

    def observations_of_pupil(self, class_id, pupil_id):
        return []

    def record_audit(self, entry):
        self.audit.append(dict(entry))


def two_versions() -> Frameworks:
    """Version 2 relabels SYLLABES and retires FREQUENTS (what a new version may do)."""
    framework, reperes = copy.deepcopy(read_files()[1])
    v1 = Framework.from_dicts(copy.deepcopy(framework), copy.deepcopy(reperes))
    framework["version"] = reperes["version"] = 2
    for domain in framework["domains"]:
        for competence in domain["competences"]:
            competence["items"] = [dict(i, label="Lit des syllabes simples") if i["id"] == SYLLABES else i
                                   for i in competence["items"] if i["id"] != FREQUENTS]
    return Frameworks({1: v1, 2: Framework.from_dicts(framework, reperes)})


class Book:
    """The use cases as the service runs them, each in a (fake) unit of work."""

    def __init__(self, frameworks=None, now=datetime(2026, 2, 1, 9, 0, tzinfo=timezone.utc)):
        self.store = MemoryStore()
        self.uow = FakeUnitOfWork(self.store)
        clock = TickingClock(start=now)
        self.classes = Classes(clock=clock)
        self.positioning = Positioning(frameworks or Frameworks({1: Framework.from_dicts(*read_files()[1])}), clock)

    def new_class(self, level="CP", aliases=("Inès", "Léo", "Zoé")):
        created = self.uow.run(lambda s: self.classes.create(
            s, TEACHER, {"name": "CP A", "level": level, "school_year": "2025-2026"}))
        for alias in aliases:
            doc = self.uow.run(lambda s, alias=alias: self.classes.add_pupil(s, TEACHER, created["id"], alias))
        return created["id"], [p["id"] for p in doc["pupils"]]

    def grid(self, class_id, day, cells, caller=TEACHER, **extra):
        data = load_or_invalid(PositionGridSchema(), {"class_id": class_id, "date": day, "cells": cells, **extra})
        return self.uow.run(lambda s: self.positioning.position_grid(s, caller, class_id, data))

    def view(self, class_id, competence_id=None, caller=TEACHER):
        return self.uow.query(lambda s: self.positioning.class_view(s, caller, class_id, competence_id))

    def reopen(self, class_id, competence_id, caller=TEACHER):
        data = load_or_invalid(GridSchema(), {"class_id": class_id, "competence_id": competence_id})
        return self.uow.query(lambda s: self.positioning.grid(s, caller, class_id, data["competence_id"]))

    def history(self, class_id, pupil_id, caller=TEACHER):
        return self.uow.query(lambda s: self.positioning.pupil_history(s, caller, class_id, pupil_id))

    def reperes(self, class_id, period, scores, caller=TEACHER):
        data = load_or_invalid(RecordReperesSchema(), {"class_id": class_id, "period": period, "scores": scores})
        return self.uow.run(lambda s: self.positioning.record_reperes(s, caller, class_id, period, data["scores"]))

    def profile(self, class_id, period, caller=TEACHER):
        return self.uow.query(lambda s: self.positioning.reperes_profile(s, caller, class_id, period))


def cell(pupil, item, level, comment=None):
    return {"pupil_id": pupil, "item_id": item, "level": level, **({"comment": comment} if comment else {})}


def test_a_whole_class_on_several_items_in_one_request_and_again_changes_nothing():
    book = Book()
    class_id, (ines, leo, zoe) = book.new_class()
    cells = [cell(p, item, "atteint") for p in (ines, leo, zoe) for item in (SYLLABES, REGULIERS)]
    result = book.grid(class_id, "2025-10-06", cells)
    assert (result["cells"], result["written"], result["unchanged"]) == (6, 6, 0)
    assert result["framework_version"] == 1 and set(result["item_ids"]) == {SYLLABES, REGULIERS}
    again = book.grid(class_id, "2025-10-06", cells)
    assert (again["written"], again["unchanged"]) == (0, 6)
    assert sum(len(entries) for entries in book.store.grids.values()) == 6
    # the same day corrects; another day adds to the history
    book.grid(class_id, "2025-10-06", [cell(leo, SYLLABES, "non_atteint", "  Confond b et d ")])
    book.grid(class_id, "2026-01-12", [cell(leo, SYLLABES, "depasse")])
    history = book.history(class_id, leo)
    [syllabes] = [i for i in history["items"] if i["item_id"] == SYLLABES]
    assert [(h["date"], h["level"], h["comment"]) for h in syllabes["history"]] == [
        ("2025-10-06", "non_atteint", "Confond b et d"), ("2026-01-12", "depasse", None)]
    assert syllabes["progress"] == "en_progres" and syllabes["latest"] == "depasse"
    assert history["positioned_items"] == 2 and history["latest_counts"]["atteint"] == 1
    assert [(t["date"], t["positioned"], t["counts"]["non_atteint"], t["counts"]["depasse"])
            for t in history["timeline"]] == [("2025-10-06", 2, 1, 0), ("2026-01-12", 2, 0, 1)]
    assert [e["action"] for e in book.store.audit if e["action"] == "position_grid"] == ["position_grid"] * 4


def test_a_grid_with_bad_cells_is_refused_whole_each_bad_cell_named_nothing_written():
    book = Book()
    class_id, (ines, leo, _) = book.new_class()
    other_class, (stranger, *_) = book.new_class(aliases=("Hugo",))
    with pytest.raises(Invalid) as err:
        book.grid(class_id, "2025-10-06", [cell(ines, SYLLABES, "atteint"), cell(stranger, SYLLABES, "atteint"),
                                           cell(leo, "fr.lecture.inconnu", "atteint"), cell(ines, SYLLABES, "depasse")])
    assert set(err.value.fields) == {"cells.1.pupil_id", "cells.2.item_id", "cells.3"}
    assert "élève n'est pas dans la classe" in err.value.fields["cells.1.pupil_id"][0]
    assert book.store.grids == {}
    assert book.store.audit[-1]["outcome"] == "invalid"
    # the schema names every level outside the scale at once
    with pytest.raises(Invalid) as err:
        book.grid(class_id, "2025-10-06", [cell(ines, SYLLABES, "bien"), cell(leo, SYLLABES, "excellent")])
    assert set(err.value.fields) == {"cells.0.level", "cells.1.level"}
    with pytest.raises(Invalid) as err:
        book.grid(class_id, "2025-10-06", [cell(ines, SYLLABES, "atteint")], framework_version=7)
    assert list(err.value.fields) == ["framework_version"]
    for day, message in (("2024-10-07", "année scolaire"), ("2026-02-20", "futur")):
        with pytest.raises(Invalid) as err:
            book.grid(class_id, day, [cell(ines, SYLLABES, "atteint")])
        assert message in err.value.fields["date"][0]
    assert book.store.grids == {}


def test_nobody_but_the_class_teachers_sees_or_writes_results_and_every_attempt_is_audited():
    book = Book()
    class_id, (ines, *_) = book.new_class()
    book.grid(class_id, "2025-10-06", [cell(ines, SYLLABES, "atteint")])
    for caller in (COLLEAGUE, ADMIN):
        with pytest.raises(NotFound):
            book.grid(class_id, "2025-10-06", [cell(ines, SYLLABES, "depasse")], caller=caller)
        with pytest.raises(NotFound):
            book.view(class_id, caller=caller)
        with pytest.raises(NotFound):
            book.history(class_id, ines, caller=caller)
        with pytest.raises(NotFound):
            book.reperes(class_id, "debut-cp", [{"pupil_id": ines, "exercise_id": "manipuler-syllabes", "score": 1}],
                         caller=caller)
        with pytest.raises(NotFound):
            book.profile(class_id, "debut-cp", caller=caller)
    with pytest.raises(Unauthorized):
        book.view(class_id, caller=Caller())
    with pytest.raises(NotFound):
        book.history(class_id, "f" * 24)
    denied = [(e["actor_id"], e["action"]) for e in book.store.audit if e["outcome"] == "not_found"]
    assert len(denied) == 11 and {actor for actor, _ in denied} == {COLLEAGUE.actor_id, ADMIN.actor_id, TEACHER.actor_id}
    assert {e["action"] for e in book.store.audit} >= {"position_grid", "get_class_view", "get_pupil_history",
                                                       "record_reperes", "get_reperes"}
    assert all(e["request_id"] and e["at"] for e in book.store.audit)
    assert book.view(class_id)["competences"][0]["id"] == "fr.oral.ecouter"


def levels_of(grid) -> dict:
    """(pupil id, item id) -> (level, date) of the cells positioned."""
    return {(p["pupil_id"], c["item_id"]): (c["level"], c["date"]) for p in grid["pupils"] for c in p["cells"]
            if c["level"] is not None}


def test_the_grid_reopens_with_each_pupil_latest_level_on_each_item_of_the_competence():
    book = Book()
    class_id, (ines, leo, zoe) = book.new_class()
    book.grid(class_id, "2025-10-06", [cell(ines, SYLLABES, "atteint", "Lit bien"), cell(leo, SYLLABES, "non_atteint"),
                                       cell(leo, CALCUL, "depasse")])
    book.grid(class_id, "2026-01-12", [cell(leo, SYLLABES, "atteint")])    # a later date wins
    book.grid(class_id, "2025-11-03", [cell(ines, SYLLABES, "non_atteint")])  # an earlier one does not
    book.grid(class_id, "2025-10-06", [cell(ines, REGULIERS, "partiellement_atteint")])
    book.grid(class_id, "2025-10-06", [cell(ines, REGULIERS, "depasse")])  # the same day replaces
    audited = len(book.store.audit)
    grid = book.reopen(class_id, "fr.lecture.identifier-mots")
    competence = book.positioning.frameworks.current.competences["fr.lecture.identifier-mots"]
    assert grid["item_ids"] == competence["item_ids"] and grid["competence_id"] == "fr.lecture.identifier-mots"
    assert [p["pupil_id"] for p in grid["pupils"]] == [ines, leo, zoe]  # every pupil, in the class's order
    assert all([c["item_id"] for c in p["cells"]] == grid["item_ids"] for p in grid["pupils"])
    assert levels_of(grid) == {(ines, SYLLABES): ("non_atteint", "2025-11-03"),
                               (ines, REGULIERS): ("depasse", "2025-10-06"),
                               (leo, SYLLABES): ("atteint", "2026-01-12")}  # not the other competence's CALCUL
    never = next(c for c in grid["pupils"][2]["cells"] if c["item_id"] == SYLLABES)
    assert never == {"item_id": SYLLABES, "level": None, "date": None}
    assert all(set(c) == {"item_id", "level", "date"} for p in grid["pupils"] for c in p["cells"])  # no comment
    # one audit record for the whole grid, naming no pupil and no result
    [record] = book.store.audit[audited:]
    assert (record["action"], record["outcome"], record["actor_id"], record["class_id"]) == (
        "get_grid", "ok", TEACHER.actor_id, class_id)
    assert set(record) == {"actor_id", "action", "class_id", "outcome", "at", "request_id"}
    with pytest.raises(Invalid) as err:
        book.reopen(class_id, "fr.lecture.inconnue")
    assert list(err.value.fields) == ["competence_id"]
    with pytest.raises(Invalid) as err:
        book.reopen(class_id, "Pas un identifiant")
    assert list(err.value.fields) == ["competence_id"]


def test_the_grid_is_the_class_teachers_only_every_attempt_audited_and_an_archived_class_stays_readable():
    book = Book()
    class_id, (ines, *_) = book.new_class()
    book.grid(class_id, "2025-10-06", [cell(ines, SYLLABES, "atteint")])
    for caller in (COLLEAGUE, ADMIN):
        with pytest.raises(NotFound):
            book.reopen(class_id, "fr.lecture.identifier-mots", caller=caller)
    with pytest.raises(NotFound):
        book.reopen("f" * 24, "fr.lecture.identifier-mots")
    with pytest.raises(Unauthorized):
        book.reopen(class_id, "fr.lecture.identifier-mots", caller=Caller())
    denied = [(e["actor_id"], e["action"]) for e in book.store.audit if e["outcome"] == "not_found"]
    assert denied == [(COLLEAGUE.actor_id, "get_grid"), (ADMIN.actor_id, "get_grid"), (TEACHER.actor_id, "get_grid")]
    book.store.docs[class_id]["archived_at"] = datetime(2026, 7, 1, tzinfo=timezone.utc)
    grid = book.reopen(class_id, "fr.lecture.identifier-mots")
    assert levels_of(grid) == {(ines, SYLLABES): ("atteint", "2025-10-06")}
    assert book.store.audit[-1]["outcome"] == "ok"


def test_the_class_view_counts_pupils_at_each_level_and_names_who_needs_help():
    book = Book()
    class_id, (ines, leo, zoe) = book.new_class()
    book.grid(class_id, "2025-10-06", [cell(ines, SYLLABES, "depasse"), cell(ines, REGULIERS, "atteint"),
                                       cell(leo, SYLLABES, "non_atteint"), cell(leo, REGULIERS, "partiellement_atteint"),
                                       cell(zoe, SYLLABES, "non_atteint")])
    book.grid(class_id, "2026-01-12", [cell(zoe, SYLLABES, "atteint")])  # the latest counts
    view = book.view(class_id, "fr.lecture.identifier-mots")
    [competence] = view["competences"]
    assert competence["positioned"] == 3
    assert competence["counts"] == {"non_atteint": 1, "partiellement_atteint": 0, "atteint": 2, "depasse": 0}
    assert competence["needs_help"] == [{"pupil_id": leo, "alias": "Léo", "level": "non_atteint",
                                         "item_ids": [SYLLABES, REGULIERS]}]
    items = {i["id"]: i for i in competence["items"]}
    assert items[SYLLABES]["counts"] == {"non_atteint": 1, "partiellement_atteint": 0, "atteint": 1, "depasse": 1}
    assert items[FREQUENTS]["positioned"] == 0
    with pytest.raises(Invalid) as err:
        book.view(class_id, "fr.lecture.inconnue")
    assert list(err.value.fields) == ["competence_id"]
    whole = book.view(class_id)
    assert len(whole["competences"]) == len(book.positioning.frameworks.current.competences)


def test_the_level_of_a_competence_and_the_progress_of_an_item():
    assert competence_level(["atteint", "depasse"]) == "atteint"
    assert competence_level(["atteint", "non_atteint"]) == "partiellement_atteint"
    assert competence_level(["non_atteint"]) == "non_atteint"
    entry = lambda level: {"level": level}  # noqa: E731
    assert progress([entry("atteint")]) == "premier_positionnement"
    assert progress([entry("non_atteint"), entry("atteint")]) == "en_progres"
    assert progress([entry("atteint"), entry("partiellement_atteint"), entry("atteint")]) == "stable"
    assert progress([entry("depasse"), entry("atteint")]) == "en_recul"


def test_a_new_framework_version_never_rewrites_past_positionings():
    frameworks = two_versions()
    book = Book(frameworks)
    class_id, (ines, *_) = book.new_class()
    # positioned with version 1 (still readable), then version 2 comes into force
    book.grid(class_id, "2025-10-06", [cell(ines, SYLLABES, "partiellement_atteint"), cell(ines, FREQUENTS, "atteint")],
              framework_version=1)
    result = book.grid(class_id, "2026-01-12", [cell(ines, SYLLABES, "atteint")])
    assert result["framework_version"] == 2
    with pytest.raises(Invalid) as err:  # a retired item cannot be positioned with the version in force
        book.grid(class_id, "2026-01-12", [cell(ines, FREQUENTS, "atteint")])
    assert list(err.value.fields) == ["cells.0.item_id"]
    history = {i["item_id"]: i for i in book.history(class_id, ines)["items"]}
    assert [h["framework_version"] for h in history[SYLLABES]["history"]] == [1, 2]
    assert history[SYLLABES]["label"] == "Lit des syllabes simples"
    assert history[FREQUENTS]["in_current_framework"] is False
    assert history[FREQUENTS]["label"] == "Reconnaît sans les déchiffrer des mots fréquents"
    stored = [e for entries in book.store.grids.values() for e in entries]
    assert sorted(e["framework_version"] for e in stored) == [1, 1, 2]


def test_reperes_scores_give_groups_and_a_class_profile():
    book = Book()
    class_id, (ines, leo, zoe) = book.new_class()
    profile = book.reperes(class_id, "debut-cp", [
        {"pupil_id": ines, "exercise_id": "manipuler-syllabes", "score": 8},
        {"pupil_id": leo, "exercise_id": "manipuler-syllabes", "score": 7},
        {"pupil_id": zoe, "exercise_id": "manipuler-syllabes", "score": 4}])
    [syllabes] = [e for e in profile["exercises"] if e["id"] == "manipuler-syllabes"]
    assert syllabes["counts"] == {"besoin": 1, "fragile": 1, "satisfaisant": 1}
    assert [(p["alias"], p["group"]) for p in syllabes["pupils"]] == [
        ("Zoé", "besoin"), ("Léo", "fragile"), ("Inès", "satisfaisant")]
    assert syllabes["source_label"] == "valeurs de démonstration"
    # scores are merged; a later entry of the same pupil and exercise replaces it
    book.reperes(class_id, "debut-cp", [{"pupil_id": zoe, "exercise_id": "manipuler-syllabes", "score": 9},
                                        {"pupil_id": zoe, "exercise_id": "comparer-nombres", "score": 2}])
    profile = book.profile(class_id, "debut-cp")
    exercises = {e["id"]: e for e in profile["exercises"]}
    assert exercises["manipuler-syllabes"]["counts"] == {"besoin": 0, "fragile": 1, "satisfaisant": 2}
    assert exercises["comparer-nombres"]["scored"] == 1 and exercises["ligne-graduee"]["scored"] == 0
    with pytest.raises(Invalid) as err:
        book.reperes(class_id, "debut-cp", [{"pupil_id": ines, "exercise_id": "manipuler-syllabes", "score": 11},
                                            {"pupil_id": ines, "exercise_id": "calcul-mental", "score": 1},
                                            {"pupil_id": "f" * 24, "exercise_id": "comparer-nombres", "score": 1},
                                            {"pupil_id": leo, "exercise_id": "comparer-nombres", "score": 1},
                                            {"pupil_id": leo, "exercise_id": "comparer-nombres", "score": 2}])
    assert set(err.value.fields) == {"scores.0.score", "scores.1.exercise_id", "scores.2.pupil_id", "scores.4"}
    assert book.profile(class_id, "debut-cp")["exercises"][0]["scored"] == 0  # comprendre-mots-oral: untouched
    with pytest.raises(Invalid) as err:
        book.reperes(class_id, "debut-ce1", [{"pupil_id": ines, "exercise_id": "calcul-mental", "score": 1}])
    assert "CP" in err.value.fields["period"][0]
    with pytest.raises(Invalid):
        book.profile(class_id, "debut-ce1")


def test_dates_are_days_and_school_year_bounds():
    from classe12_evaluation.domain.positioning import school_year_bounds
    assert school_year_bounds("2025-2026") == (date(2025, 8, 1), date(2026, 8, 31))
