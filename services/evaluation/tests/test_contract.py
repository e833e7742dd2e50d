"""The code and the contract cannot drift: RPC methods and input schemas equal the contract."""
from classe12_contracts.registry import enum
from classe12_evaluation.domain.rules import CLASS_LEVELS
from classe12_evaluation.service import EvaluationService
from classe12_testing.contract_diff import diff_service


def test_service_matches_its_contract(contract):
    assert diff_service(EvaluationService, contract) == []


def test_class_levels_are_levels_of_the_shared_format(contract):
    assert set(CLASS_LEVELS) <= set(enum("urn:classe12:evaluation:formats:v1", "level", contract.registry))
