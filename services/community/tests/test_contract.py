"""The code and the contract cannot drift: RPC methods and input schemas equal the contract."""
from classe12_community.service import CommunityService
from classe12_testing.contract_diff import diff_service


def test_service_matches_its_contract(contract):
    assert diff_service(CommunityService, contract) == []
