"""scenarios.yaml read and checked against a contract; coverage; derived checks; emitted events."""
from pathlib import Path

import pytest

from classe12_contracts.documents import load_contract_from
from classe12_testing.kit import ScenarioError, missing_cases, parse_scenarios, scenario_problems
from classe12_testing.kit.checks import derive
from classe12_testing.kit.events import emitted_event_problem, new_envelope

SERVICES = Path(__file__).resolve().parents[3] / "services"


@pytest.fixture(scope="module")
def notifications():
    return load_contract_from("notifications", SERVICES / "notifications" / "contract")


@pytest.fixture(scope="module")
def resources():
    return load_contract_from("resources", SERVICES / "resources" / "contract")


def scenarios(*steps, actors=None):
    return parse_scenarios({"version": 1, "actors": actors or {"anne": {"roles": ["teacher"]}},
                            "scenarios": [{"name": "s", "steps": list(steps)}]})


def test_steps_are_read_with_their_expectations():
    file = scenarios(
        {"publish": {"event": "community.member_registered", "version": 1, "data": {"member_id": "x"}},
         "as": "anne", "save": "registered"},
        {"redeliver": "registered"},
        {"call": "list_notifications", "as": "anne", "eventually": True, "with": {"limit": 1},
         "expect": {"match": {"items": {"$len": 1}}}, "save": "page"},
        {"call": "mark_read", "as": "anonymous", "expect": {"error": "unauthorized"}, "note": "no member, no read"})
    publish, redeliver, call, refused = file.scenarios[0].steps
    assert (publish.kind, publish.target, publish.version, publish.save) == (
        "publish", "community.member_registered", 1, "registered")
    assert (redeliver.kind, redeliver.target) == ("redeliver", "registered")
    assert call.eventually and call.arguments == {"limit": 1} and call.expect.match == {"items": {"$len": 1}}
    assert refused.actor is None and refused.expect.error == "unauthorized" and not refused.expect.has_match
    assert refused.note == "no member, no read"
    assert call.label("notifications") == "call notifications.list_notifications as anne"


@pytest.mark.parametrize("step, message", [
    ({"call": "x", "publish": {}}, "exactly one of"),
    ({"call": "x", "with_": {}}, "unknown keys"),
    ({"call": "x", "expect": {"error": "invalid", "match": {}}}, "cannot also have"),
    ({"call": "x", "expect": {"fields": ["a"]}}, "goes with an expected `error`"),
    ({"call": "x", "expect": {"match": {"a": {"$size": 1}}}}, "unknown operator"),
    ({"call": "x", "expect": {"emits": [{"event": "a.b"}]}}, "version"),
    ({"call": "x", "save": "actors"}, "`save` is a name"),
    ({"call": "x", "repeat": 0}, "positive integer"),
    ({"publish": {"event": "a.b", "data": {}}}, "`publish` is"),
    ({"redeliver": "x", "expect": {"match": {}}}, "unknown expect keys"),
])
def test_malformed_steps_are_refused_with_their_place(step, message):
    with pytest.raises(ScenarioError, match=message) as error:
        scenarios(step)
    assert "scenario 's' step 1" in str(error.value)


def test_a_file_needs_version_one_and_unique_names():
    with pytest.raises(ScenarioError, match="version: 1"):
        parse_scenarios({"scenarios": []})
    with pytest.raises(ScenarioError, match="unique `name`"):
        parse_scenarios({"version": 1, "scenarios": [{"name": "a", "steps": [{"call": "x"}]},
                                                     {"name": "a", "steps": [{"call": "x"}]}]})


def test_what_the_contract_does_not_have_is_reported(notifications):
    file = scenarios(
        {"call": "list_notification", "as": "anne"},
        {"call": "mark_read", "as": "bob", "with": {"notification_id": "{{page.items.0.id}}"}},
        {"publish": {"event": "resources.resource_deleted", "version": 1, "data": {}}},
        {"redeliver": "nothing"},
        {"call": "list_notifications", "as": "anne", "expect": {"emits": [{"event": "x.y", "version": 1}]}})
    problems = scenario_problems(notifications, file)
    assert any("no operation 'list_notification'" in p for p in problems)
    assert any("unknown actor 'bob'" in p for p in problems)
    assert any("reads {{page...}} before any step saves it" in p for p in problems)
    assert any("consumes no resources.resource_deleted" in p for p in problems)
    assert any("'nothing' is not an envelope saved" in p for p in problems)
    assert any("emits no x.y" in p for p in problems)


def test_coverage_names_every_part_without_a_case(notifications, resources):
    missing = missing_cases(notifications, scenarios({"call": "health"}))
    version = notifications.version
    for line in (
            f"notifications.list_notifications (contract notifications {version}): no scenario calls it",
            f"notifications.mark_read (contract notifications {version}): no scenario calls it",
            f"consumer notifications.announce_new_resources (contract notifications {version}): no scenario publishes "
            "resources.resource_published v1",
            f"consumer notifications.announce_new_resources (contract notifications {version}): no scenario redelivers "
            "a resources.resource_published envelope",
            f"consumer notifications.welcome_new_members (contract notifications {version}): no scenario publishes "
            "community.member_registered v1",
            f"consumer notifications.welcome_new_members (contract notifications {version}): no scenario redelivers a "
            "community.member_registered envelope"):
        assert line in missing
    assert not [m for m in missing if m.startswith("notifications.health ")]
    # an operation whose success only the implementation can produce (x-classe12-kit-success)
    only_errors = missing_cases(notifications, scenarios({"call": "unsubscribe", "with": {"token": "a.b"},
                                                          "expect": {"error": "invalid"}}))
    assert not [m for m in only_errors if m.startswith("notifications.unsubscribe ")]
    missing = missing_cases(resources, scenarios({"call": "publish_resource", "expect": {"error": "forbidden"}}))
    tag = f"(contract resources {resources.version})"
    assert f"resources.publish_resource {tag}: no scenario expects it to succeed" in missing
    assert f"resources.publish_resource {tag}: no case answers its error 'conflict'" in missing
    assert f"resources.publish_resource {tag}: no case answers its error 'not_found'" in missing
    # unauthorized, forbidden and invalid come from the derived checks
    assert not [m for m in missing if "publish_resource" in m and ("'forbidden'" in m or "'invalid'" in m)]
    assert f"resources.resource_published v1 {tag}: no scenario expects it (`emits`)" in missing


def test_the_kits_own_scenarios_cover_their_contracts():
    from classe12_testing.kit import load_scenarios
    for service in ("community", "resources", "evaluation", "notifications"):
        contract = load_contract_from(service, SERVICES / service / "contract")
        file = load_scenarios(SERVICES / service / "contract" / "scenarios.yaml")
        assert scenario_problems(contract, file) == []
        assert missing_cases(contract, file) == []


def test_checks_are_derived_from_the_contract(resources):
    checks, notes = derive(resources, resources.operation("publish_resource"), {"resource_id": "r" * 24})
    assert [(c.title, c.caller, c.error, c.fields) for c in checks] == [
        ("an unknown argument is invalid", "allowed", "invalid", ("kit_unknown_argument",)),
        ("without 'resource_id' is invalid", "allowed", "invalid", ("resource_id",)),
        ("an anonymous caller is unauthorized", "anonymous", "unauthorized", ()),
        ("a caller without adviser or admin is forbidden", "no_role", "forbidden", ()),
    ]
    assert checks[0].arguments == {"resource_id": "r" * 24, "kit_unknown_argument": "?"}
    assert checks[1].arguments == {}
    assert notes == []
    # no valid arguments known: the access checks are noted, not run
    checks, notes = derive(resources, resources.operation("publish_resource"), None)
    assert [c.error for c in checks] == ["invalid", "invalid"]
    assert len(notes) == 2 and "no valid arguments known" in notes[0]
    # the example of the contract comes first
    checks, _ = derive(resources, resources.operation("create_resource"), {"title": "ignored"})
    assert checks[-1].arguments["title"] == "Lire à deux voix en co-intervention"
    # health takes no argument: only the unknown-argument check applies
    checks, notes = derive(resources, resources.operation("health"), {})
    assert [(c.title, c.error) for c in checks] == [("an unknown argument is invalid", "invalid")] and notes == []


def test_emitted_events_are_checked_against_the_contract(resources):
    data = {"resource_id": "a" * 24, "title": "Lire", "kind": "fiche", "levels": ["CP"], "topics": [],
            "published_by": "b" * 24}
    envelope = new_envelope("resources.resource_published", 1, data)
    assert emitted_event_problem(resources, envelope, "resource_published") is None
    renamed = new_envelope("resources.resource_published", 1, {("name" if k == "title" else k): v
                                                               for k, v in data.items()})
    assert emitted_event_problem(resources, renamed, "resource_published") == (
        f"resources.resource_published v1 (contract resources {resources.version}): payload does not match its schema: "
        "{'title': ['Ce champ est obligatoire.']}")
    later = new_envelope("resources.resource_published", 2, data)
    assert "not a version the contract emits (it emits [1])" in emitted_event_problem(
        resources, later, "resource_published")
    assert "routing key 'other'" in emitted_event_problem(resources, envelope, "other")
    assert "not an envelope" in emitted_event_problem(resources, ["x"], "resource_published")
