"""The competence framework and the repères shipped with the service: sound, versioned data."""
import copy
import re

import pytest

from classe12_evaluation.domain.framework import (
    DEMONSTRATION,
    GROUPS,
    SCALE,
    Framework,
    Frameworks,
    framework_problems,
    read_files,
    shipped,
)

#: the format of resources' competence references (resources contract, schema Competence)
RESOURCES_COMPETENCE = re.compile(r"[a-z]{2,5}(\.[a-z0-9-]{2,40}){1,3}")


@pytest.fixture(scope="module")
def files():
    return read_files()


def test_every_shipped_version_is_sound(files):
    assert files, "no framework file in the package"
    for version, (framework, reperes) in files.items():
        assert framework["version"] == version
        assert framework_problems(framework, reperes) == []


def test_the_framework_covers_cycle_2_with_stable_ids_and_french_labels():
    framework = shipped().current
    items = framework.items
    assert 40 <= len(items) <= 80
    assert len(set(items)) == len(items)
    assert all(RESOURCES_COMPETENCE.fullmatch(i) for i in items)
    assert all(RESOURCES_COMPETENCE.fullmatch(c) for c in framework.competences)
    domains = [d["id"] for d in framework.data["domains"]]
    assert {"fr.oral", "fr.lecture", "fr.ecriture", "fr.langue", "ma.nombres", "ma.grandeurs", "ma.espace",
            "ma.donnees"} == set(domains)
    levels = {level for item in items.values() for level in item["levels"]}
    assert levels == {"CP", "CE1", "CE2"}
    assert [s["id"] for s in framework.as_dict()["scale"]] == list(SCALE)
    assert [s["label"] for s in framework.as_dict()["scale"]] == [
        "Non atteint", "Partiellement atteint", "Atteint", "Dépassé"]


def test_reperes_have_three_periods_with_two_thresholds_and_their_source():
    reperes = shipped().current.as_dict()["reperes"]
    assert [p["id"] for p in reperes["periods"]] == ["debut-cp", "mi-cp", "debut-ce1"]
    assert [g["id"] for g in reperes["groups"]] == list(GROUPS)
    for period in reperes["periods"]:
        assert len(period["exercises"]) >= 10
        for exercise in period["exercises"]:
            low, high = exercise["thresholds"]
            assert 0 < low < high <= exercise["max_score"]
            # no threshold here comes from a published source: each says so where it is shown
            assert exercise["source"] == DEMONSTRATION
            assert exercise["source_label"] == "valeurs de démonstration"


def test_an_exercise_groups_scores_by_its_two_thresholds():
    exercise = shipped().current.exercises("debut-cp")["manipuler-syllabes"]
    assert exercise.thresholds == (5, 8)
    assert [exercise.group(score) for score in (0, 4, 5, 7, 8, 10)] == [
        "besoin", "besoin", "fragile", "fragile", "satisfaisant", "satisfaisant"]


def test_unsound_files_are_refused_with_the_reason(files):
    framework, reperes = copy.deepcopy(files[1])
    first = framework["domains"][0]["competences"][0]
    first["items"].append(dict(first["items"][0]))                      # a duplicate id
    first["items"][1]["levels"] = ["CM1"]                                # a level outside cycle 2
    framework["domains"][1]["competences"][0]["id"] = "ma.autre"         # not under its domain
    reperes["periods"][0]["exercises"][0]["thresholds"] = [8, 5]         # thresholds out of order
    reperes["periods"][0]["exercises"][1]["source"] = "inconnue"         # a source not listed
    reperes["sources"][DEMONSTRATION]["label"] = "officiel"              # demonstration values must say so
    problems = " | ".join(framework_problems(framework, reperes))
    for expected in ("duplicate id", "levels among", "must start with fr.lecture.", "two thresholds",
                     "a source among", "valeurs de démonstration"):
        assert expected in problems
    with pytest.raises(ValueError):
        Framework.from_dicts(framework, reperes)


def test_the_highest_version_is_in_force_and_older_ones_stay_readable(files):
    framework, reperes = copy.deepcopy(files[1])
    v1 = Framework.from_dicts(framework, reperes)
    framework["version"] = reperes["version"] = 2
    v2 = Framework.from_dicts(framework, reperes)
    frameworks = Frameworks({1: v1, 2: v2})
    assert frameworks.current is v2 and frameworks.get(1) is v1 and frameworks.get(3) is None


def test_the_announcement_has_ids_and_labels_only(files):
    announced = shipped().current.announcement()
    assert announced["version"] == shipped().current.version
    assert announced["scale"] == list(SCALE)
    assert [p["id"] for p in announced["periods"]] == ["debut-cp", "mi-cp", "debut-ce1"]
