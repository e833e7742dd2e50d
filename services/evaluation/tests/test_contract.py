"""The code and the contract cannot drift: RPC methods and input schemas equal the contract."""
from classe12_contracts.registry import enum
from classe12_evaluation.domain.rules import CLASS_LEVELS
from classe12_evaluation.service import EvaluationService
from classe12_testing.contract_checks import document_problems
from classe12_testing.contract_diff import diff_service
from classe12_testing.kit import load_scenarios, missing_cases, scenario_problems
from classe12_testing.kit.scenarios import scenarios_path


def test_the_contract_is_a_valid_asyncapi_document_with_valid_schemas_and_examples(contract):
    assert document_problems(contract) == []


def test_service_matches_its_contract(contract):
    assert diff_service(EvaluationService, contract) == []


def test_class_levels_are_levels_of_the_shared_format(contract):
    assert set(CLASS_LEVELS) <= set(enum("urn:classe12:evaluation:formats:v1", "level", contract.registry))


def test_the_replacement_kit_has_a_case_for_every_part_of_the_contract(contract):
    scenarios = load_scenarios(scenarios_path(contract))
    assert scenario_problems(contract, scenarios) == []
    assert missing_cases(contract, scenarios) == []
