"""The kit's expected-value patterns: subset matching and the `$` operators."""
import pytest

from classe12_testing.kit.matching import PatternError, check_pattern, mismatches


def test_mappings_match_as_subsets_recursively():
    actual = {"id": "a1", "status": "draft", "author": {"id": "x", "roles": ["teacher"]}}
    assert mismatches({"status": "draft", "author": {"id": "x"}}, actual) == []
    assert mismatches({"status": "published"}, actual) == ['status: expected "published", got "draft"']
    assert mismatches({"missing": 1}, actual) == ["missing: missing"]
    assert mismatches({"author": {"id": "y"}}, actual) == ['author.id: expected "y", got "x"']


def test_lists_match_element_by_element_with_the_same_length():
    assert mismatches([{"kind": "a"}, {"kind": "b"}], [{"kind": "a", "x": 1}, {"kind": "b"}]) == []
    assert mismatches([{"kind": "a"}], [{"kind": "a"}, {"kind": "b"}]) == [
        '(root): expected 1 elements, got 2: [{"kind": "a"}, {"kind": "b"}]']
    assert mismatches({"items": [{"kind": "b"}]}, {"items": [{"kind": "a"}]}) == [
        'items.0.kind: expected "b", got "a"']


def test_scalars_are_strict_about_booleans_and_null():
    assert mismatches(1, 1.0) == []
    assert mismatches(True, 1) != []
    assert mismatches(0, False) != []
    assert mismatches(None, None) == []
    assert mismatches(None, "x") == ['(root): expected null, got "x"']


def test_len_contains_every():
    page = {"items": [{"kind": "welcome"}, {"kind": "resource_published", "link": "/ressources/1"}]}
    assert mismatches({"items": {"$len": 2}}, page) == []
    assert mismatches({"items": {"$len": 1}}, page)[0].startswith("items: expected length 1, got 2")
    assert mismatches({"items": {"$contains": {"link": "/ressources/1"}}}, page) == []
    assert mismatches({"items": {"$contains": {"link": "/ressources/2"}}}, page) != []
    assert mismatches({"items": {"$len": 2, "$contains": {"kind": "welcome"}}}, page) == []
    assert mismatches({"roles": {"$contains": "adviser"}}, {"roles": ["teacher", "adviser"]}) == []
    assert mismatches({"title": {"$contains": "Anne"}}, {"title": "Bienvenue, Anne !"}) == []
    assert mismatches({"items": {"$every": {"kind": {"$any": True}}}}, page) == []
    assert mismatches({"items": {"$every": {"kind": "welcome"}}}, page) == [
        'items.1.kind: expected "welcome", got "resource_published"']


def test_any_absent_not_regex_type():
    doc = {"id": "a1", "read_at": None, "title": "Bienvenue sur Classe à 12, Anne !"}
    assert mismatches({"read_at": {"$any": True}}, doc) == []
    assert mismatches({"nope": {"$any": True}}, doc) == ["nope: missing"]
    assert mismatches({"password": {"$absent": True}}, doc) == []
    assert mismatches({"id": {"$absent": True}}, doc) == ['id: expected no such key, got "a1"']
    assert mismatches({"read_at": {"$not": None}}, doc) != []
    assert mismatches({"id": {"$not": None}}, doc) == []
    assert mismatches({"title": {"$regex": "Anne !$"}}, doc) == []
    assert mismatches({"title": {"$regex": "^Anne"}}, doc) != []
    assert mismatches({"read_at": {"$type": "null"}, "id": {"$type": "string"}}, doc) == []
    assert mismatches({"id": {"$type": "integer"}}, doc) != []
    assert mismatches({"$type": "integer"}, True) != []


def test_pattern_mistakes_are_reported():
    with pytest.raises(PatternError, match="unknown operator"):
        check_pattern({"items": {"$length": 1}})
    with pytest.raises(PatternError, match="mixes"):
        check_pattern({"$len": 1, "kind": "x"})
    with pytest.raises(PatternError, match=r"\$type"):
        check_pattern({"$type": "date"})
    check_pattern({"items": [{"$contains": {"x": {"$regex": "y"}}}]})
