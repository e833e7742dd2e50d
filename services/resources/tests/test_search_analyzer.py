"""French analysis and typo tolerance of the catalogue's search (no server)."""
import pytest

from classe12_resources.search.analyzer import analyse, fold, stem, terms, words
from classe12_resources.search.typos import corrections, distance_at_most_one, one_edit_away

pytestmark = pytest.mark.unit


def test_fold_drops_accents_case_and_ligatures():
    assert fold("Élève ÉCOLE Noël") == "eleve ecole noel"
    assert fold("Cœur, ŒUVRE, ex æquo") == "coeur, oeuvre, ex aequo"
    assert fold("48 m²") == "48 m2"


def test_words_split_on_elisions_hyphens_and_punctuation():
    assert words("L’élève d'à côté") == ["l", "eleve", "d", "a", "cote"]
    assert words("co-intervention, CE1 !") == ["co", "intervention", "ce1"]


def test_elided_forms_and_stop_words_are_dropped():
    assert terms("l'élève") == terms("élève") == ["elev"]
    assert terms("qu'il lise jusqu'à la fin") == terms("lise fin")
    assert terms("le la les de des du et pour dans avec") == []


def test_meaningful_short_words_are_kept():
    assert terms("CP CE1 été") == ["cp", "ce1", "ete"]


def test_plurals_and_accents_share_a_stem():
    assert stem("lectures") == stem("lecture")
    assert terms("élèves") == terms("eleve") == terms("ÉLÈVE")
    assert terms("dictées") == terms("dictee") == terms("dicter")
    assert terms("activités") == terms("activite")
    assert terms("évaluées") == terms("evaluation")


def test_analyse_keeps_the_folded_word_with_its_stem():
    assert list(analyse("Les îlots")) == [("ilots", stem("ilots"))]


def test_one_edit_away_covers_the_four_edits():
    edits = set(one_edit_away("lecture"))
    assert {"lcture", "lecturre", "lectrue", "lecturo"} <= edits
    assert "lecture" not in edits
    assert all(distance_at_most_one(edit, "lecture") for edit in edits)


def test_corrections_are_one_typo_away_and_only_for_long_words():
    vocabulary = {"lecture", "lecteur", "calcul", "lire", "classe"}
    assert corrections("lectrue", vocabulary) == ["lecture"]
    assert corrections("lectur", vocabulary) == ["lecteur", "lecture"]
    assert corrections("claase", vocabulary) == ["classe"]
    assert corrections("lecturre", vocabulary) == ["lecture"]
    assert corrections("lirre", vocabulary) == ["lire"]  # five letters typed: forgiven
    assert corrections("lier", vocabulary) == []  # four letters: taken as typed
    assert corrections("lcetrue", vocabulary) == []  # two typos


def test_distance_at_most_one():
    assert distance_at_most_one("abc", "abc")
    assert distance_at_most_one("abc", "acb")
    assert distance_at_most_one("abc", "abcd")
    assert not distance_at_most_one("abc", "cab")
    assert not distance_at_most_one("abc", "abcde")
