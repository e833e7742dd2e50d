"""The replacement kit plays the file endpoint (`http` steps) against the real endpoint.

FILE_SCENARIO names the file endpoint's scenario of contract/scenarios.yaml: played here alone
against a small service with the file endpoint (the service's own test_kit.py plays it too).
"""
import dataclasses

import pytest
import yaml

from classe12_resources.files.http import file_endpoint_url
from classe12_testing.kit import parse_scenarios
from classe12_testing.kit.runner import Kit
from classe12_testing.kit.scenarios import ScenarioError, load_scenarios, scenarios_path

from .test_files_service import FilesService

FILE_SCENARIO = "files go over HTTP with a grant obtained over RPC"
ACTORS = "version: 1\nactors:\n  teacher: {roles: [teacher]}\n  colleague: {roles: [teacher]}\n" \
         "  editor: {roles: [adviser]}\nscenarios:\n"


@pytest.fixture
def scenarios(contract):
    """The contract's file scenario alone."""
    every = load_scenarios(scenarios_path(contract))
    return dataclasses.replace(every, scenarios=(every.scenario(FILE_SCENARIO),))


def test_the_file_scenario_names_what_the_contract_has(contract, scenarios):
    from classe12_testing.kit import scenario_problems
    assert scenario_problems(contract, scenarios) == []


def test_the_kit_plays_the_file_endpoint(run_service, service_env, contract, scenarios):
    url = file_endpoint_url(run_service(FilesService))
    kit = Kit(contract.service, service_env["amqp_uri"], contract=contract, scenarios=scenarios, http_url=url)
    kit.context_key = service_env["context_key"]
    result = kit.run(checks=False)
    print(result.report())
    [case] = [case for case in result.cases if case.kind == "scenario"]
    assert case.status == "PASS", "\n".join(case.messages)


def test_without_an_http_address_such_scenarios_are_skipped(service_env, contract, scenarios):
    kit = Kit(contract.service, service_env["amqp_uri"], contract=contract, scenarios=scenarios)
    [case] = [case for case in kit.run(checks=False).cases if case.kind == "scenario"]
    assert case.status == "SKIP" and "--http" in case.messages[0]


def test_a_wrong_http_step_is_a_mistake_of_the_scenario(contract):
    from classe12_testing.kit import scenario_problems
    with pytest.raises(ScenarioError):
        parse_scenarios(yaml.safe_load(ACTORS + "  - name: x\n    steps:\n      - http: {method: FETCH, path: /}\n"))
    wrong = parse_scenarios(yaml.safe_load(ACTORS + "  - name: x\n    steps:\n      - http: {method: GET, path: /nothing}\n"))
    assert "no operation" in scenario_problems(contract, wrong)[0]


def test_the_contract_s_scenarios_send_every_http_operation(contract):
    from classe12_testing.kit import missing_cases
    assert [line for line in missing_cases(contract, load_scenarios(scenarios_path(contract))) if "`http` step" in line] == []
