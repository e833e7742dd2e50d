"""The replacement kit (contract/scenarios.yaml) passes against the real resources service."""
from classe12_resources.files.http import file_endpoint_url
from classe12_resources.service import ResourcesService
from classe12_testing.kit import run_kit


def test_the_service_passes_its_kit(run_service, service_env, contract):
    container = run_service(ResourcesService)
    for _ in range(2):  # fresh ids, addresses and topics every run: it can run again on the same service
        result = run_kit(contract.service, service_env["amqp_uri"], contract_folder=contract.path.parent,
                         http_url=file_endpoint_url(container))
        print(result.report())
        assert result.ok, "\n".join(result.messages)
