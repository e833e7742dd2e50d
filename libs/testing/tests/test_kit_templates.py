"""The kit's `{{name.path}}` templates."""
import pytest

from classe12_testing.kit.templates import FreshIds, TemplateError, names_in, render


@pytest.fixture
def context():
    return {"actors": {"anne": {"id": "a" * 24, "roles": ["teacher"]}}, "run": {"id": "1f2e3d4c"},
            "ids": FreshIds(), "page": {"items": [{"id": "n1", "read_at": None}], "unread_count": 3}}


def test_a_whole_template_keeps_the_type(context):
    assert render("{{page.unread_count}}", context) == 3
    assert render("{{page.items.0.read_at}}", context) is None
    assert render("{{page.items}}", context) == [{"id": "n1", "read_at": None}]
    assert render("{{actors.anne.roles}}", context) == ["teacher"]


def test_templates_inside_text_are_replaced_by_their_text(context):
    assert render("kit-{{run.id}}@ac-exemple.fr", context) == "kit-1f2e3d4c@ac-exemple.fr"
    assert render("{{page.unread_count}} unread", context) == "3 unread"
    assert render(" {{run.id}}", context) == " 1f2e3d4c"
    assert render("{{ run.id }}", context) == "1f2e3d4c"


def test_rendering_goes_through_mappings_and_lists(context):
    assert render({"with": ["{{actors.anne.id}}", {"n": "{{page.unread_count}}"}], "x": 1}, context) == {
        "with": ["a" * 24, {"n": 3}], "x": 1}
    assert render({"$contains": {"id": "{{page.items.0.id}}"}}, context) == {"$contains": {"id": "n1"}}


def test_fresh_ids_are_stable_within_a_context(context):
    first = render("{{ids.resource}}", context)
    assert len(first) == 24 and int(first, 16) >= 0
    assert render("/ressources/{{ids.resource}}", context) == f"/ressources/{first}"
    assert render("{{ids.other}}", context) != first


def test_unknown_names_say_what_is_known(context):
    with pytest.raises(TemplateError, match="'draft' is not saved"):
        render("{{draft.id}}", context)
    with pytest.raises(TemplateError, match="page has no key 'next'"):
        render("{{page.next}}", context)
    with pytest.raises(TemplateError, match="page.items has 1 elements, no index '3'"):
        render("{{page.items.3.id}}", context)


def test_names_in_lists_the_first_segments():
    assert names_in({"a": "{{x.id}} and {{y}}", "b": ["{{actors.anne.id}}"], "c": 3}) == {"x", "y", "actors"}
    assert names_in("plain") == set()
