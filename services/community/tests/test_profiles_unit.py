"""Unit tests of the pure rules of profiles, directories and groups (no server)."""
from datetime import datetime, timezone

import pytest

from classe12_community.domain.avatar import BACKGROUNDS, FOREGROUND, avatar, initials
from classe12_community.domain.groups import list_tags, local_groups, local_keys
from classe12_community.domain.profiles import directory_fields, directory_tag, profile_as_seen
from classe12_community.domain.schools import filter_tag, school_doc, seed
from classe12_community.domain.text import decode_key, encode_key, fold, prefixes, query_words, sort_key
from classe12_community.domain.uai import check_letter, normalise_departement, uai_problem
from classe12_community.importer.annuaire import Row, parse
from classe12_contracts.errors import Invalid

T0 = datetime(2026, 9, 1, 8, 0, tzinfo=timezone.utc)
SCHOOL = {"uai": "0591001T", "name": "École élémentaire des Tilleuls", "kind": "ecole", "commune": "Roubaix",
          "departement": "59", "departement_label": "Nord", "academie": "Lille", "network": "REP+"}


def test_uai_check_letter_is_the_rank_of_the_number_modulo_23_without_i_o_q():
    assert check_letter("0591001") == "T" and check_letter("0000000") == "A" and check_letter("0000022") == "Z"
    assert "I" not in "".join(check_letter(f"{n:07d}") for n in range(23))
    assert uai_problem("0591001T") is None
    assert "contrôle" in uai_problem("0591001A")
    assert "invalide" in uai_problem("591001T")


def test_every_seed_school_is_well_formed_and_national_groups_use_real_levels():
    for school in seed()["schools"]:
        assert uai_problem(school["uai"]) is None, school
        assert school["uai"][:3].lstrip("0") == str(school["departement"]) or school["departement"] == "974"
    assert {g["key"] for g in seed()["national_groups"]} >= {"lecture-cp", "mathematiques-ce1", "co-intervention",
                                                             "amenagement-classe", "relations-familles"}
    assert all(set(g["levels"]) <= {"CP", "CE1", "CE2"} for g in seed()["national_groups"])


@pytest.mark.parametrize("raw, code", [("059", "59"), ("59", "59"), ("02A", "2A"), ("2b", "2B"), ("974", "974"),
                                       ("1", "01"), ("096", None), ("", None), ("A59", None)])
def test_departement_codes_as_the_directory_writes_them(raw, code):
    assert normalise_departement(raw) == code


def test_names_fold_accents_and_case_and_are_found_by_word_prefixes():
    assert fold("Œuvre Élève ÉCOLE") == "oeuvre eleve ecole"
    assert prefixes("Zoé Lé") == ["z", "zo", "zoe", "l", "le"]
    assert query_words("  Lé  ZOÉ  ") == ["zoe", "le"]
    assert sort_key("Élodie Martin", "a" * 24) == "elodie martin|" + "a" * 24


def test_a_cursor_is_the_last_sort_key_and_a_foreign_one_is_invalid():
    key = sort_key("Anne", "a" * 24)
    assert decode_key(encode_key(key)) == key
    for bad in ("", "!!!", encode_key("no separator"), "x" * 300):
        with pytest.raises(Invalid) as err:
            decode_key(bad)
        assert "cursor" in err.value.fields


def test_avatars_are_initials_on_dsfr_colours_readable_with_white_text():
    def luminance(hex_colour):
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    for colour in BACKGROUNDS:
        assert (luminance(FOREGROUND) + 0.05) / (luminance(colour) + 0.05) >= 4.5, colour
    assert initials("Karim Benali") == "KB" and initials("élodie") == "E" and initials("  ") == "?"
    assert initials("Anne-Sophie de la Tour") == "AT"
    first = avatar("a" * 24, "Karim Benali")
    assert first == avatar("a" * 24, "Karim B.") | {"label": "Avatar de Karim Benali"}  # colour follows the id
    assert first["label"] == "Avatar de Karim Benali"


def member(**fields):
    return {"_id": "b" * 24, "display_name": "Anne Martin", "roles": ["teacher"], "levels": ["CP"],
            "school": SCHOOL, "created_at": T0, **fields}


def test_the_directory_finds_a_member_only_by_what_they_show_every_member():
    tags = set(directory_fields(member())["dir_tags"])
    assert {"all", "d:59", "n:REP+", "l:CP", "r:teacher", directory_tag("59", "REP+", "CP", "teacher")} <= tags
    hidden = set(directory_fields(member(visibility={"school": "groups", "levels": "nobody"}))["dir_tags"])
    assert hidden == {"all", "r:teacher"}
    assert directory_fields(member())["name_prefixes"][:3] == ["a", "an", "ann"]


def test_a_profile_hides_what_its_owner_keeps_from_the_caller():
    anne = member(bio="Bonjour", interests=["lecture"], visibility={"bio": "nobody", "interests": "groups"})
    taxonomy = {"subdomains": {"lecture": "Lecture"}}
    stranger = profile_as_seen(anne, taxonomy, lambda v: v == "members")
    assert stranger["bio"] is None and stranger["interests"] is None and stranger["hidden"] == ["interests", "bio"]
    colleague = profile_as_seen(anne, taxonomy, lambda v: v in ("members", "groups"))
    assert colleague["interests"] == [{"slug": "lecture", "label": "Lecture"}] and colleague["hidden"] == ["bio"]
    assert "email" not in colleague


def test_a_member_without_a_school_is_placed_by_the_departement_they_chose():
    from classe12_community.domain.profiles import location
    from classe12_community.domain.uai import academie_of
    assert location(member()) == ("59", "Lille")
    assert location(member(school=None, departement="2A")) == ("2A", "Corse")
    assert academie_of("976") == "Mayotte" and academie_of("14") == academie_of("76") == "Normandie"
    adviser = member(school=None, departement="93", roles=["adviser"])
    assert "d:93|r:adviser" in directory_fields(adviser)["dir_tags"]
    hidden = profile_as_seen(member(visibility={"school": "nobody"}), None, lambda v: v == "members")
    assert hidden["school"] is hidden["departement"] is hidden["academie"] is None


def test_local_groups_follow_the_school_and_private_groups_are_never_listed():
    groups = local_groups(SCHOOL, T0)
    assert [g["key"] for g in groups] == local_keys(SCHOOL) == ["local:d:59", "local:n:59:REP+"]
    assert groups[1]["network"] == "REP+" and "s:local|d:59" in groups[1]["list_tags"]
    assert local_keys({**SCHOOL, "network": None}) == ["local:d:59"]
    assert list_tags({**groups[0], "access": "private"}) == []


def test_school_documents_answer_each_combination_of_filters():
    doc = school_doc(SCHOOL, "seed", T0)
    assert doc["tags"] == sorted({"all", "d:59", "n:REP+", "d:59|n:REP+"})
    assert filter_tag("59", "REP+") in doc["tags"] and "tilleuls" in doc["name_prefixes"]


def test_directory_rows_are_refused_with_reasons_and_other_types_skipped():
    def row(line, **values):
        base = {"Identifiant_de_l_etablissement": "0591001T", "Nom_etablissement": "École A",
                "Type_etablissement": "Ecole", "Nom_commune": "Roubaix", "Code_departement": "059",
                "Libelle_departement": "Nord", "Libelle_academie": "Lille",
                "Appartenance_Education_Prioritaire": "REP+"}
        return Row(line, {**base, **values})
    parsed = parse([row(2), row(3, Type_etablissement="Lycée"), row(4, Identifiant_de_l_etablissement="0591001A"),
                    row(5, Appartenance_Education_Prioritaire="ZEP", Nom_commune=""), row(6),
                    row(7, Identifiant_de_l_etablissement="0593003U", Type_etablissement="Collège",
                        Appartenance_Education_Prioritaire="")])
    assert [s["uai"] for s in parsed.schools] == ["0591001T", "0593003U"]
    assert parsed.schools[0]["departement"] == "59" and parsed.schools[1] == {**parsed.schools[1], "kind": "college",
                                                                               "network": None}
    assert parsed.skipped == 1
    reasons = dict(parsed.refused)
    assert "contrôle" in reasons[4][0]
    assert any("commune" in r for r in reasons[5]) and any("REP, REP+ ou vide" in r for r in reasons[5])
    assert "déjà vu ligne 2" in reasons[6][0]
