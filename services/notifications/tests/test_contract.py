"""The code and the contract cannot drift: RPC methods, input schemas and consumers equal the contract."""
from classe12_notifications.service import NotificationsService
from classe12_testing.contract_diff import diff_service


def test_service_matches_its_contract(contract):
    assert diff_service(NotificationsService, contract) == []
