"""The community service's own contract, which every RPC of these tests is checked against."""
from pathlib import Path

import pytest

from classe12_contracts.documents import load_contract_from

CONTRACT_DIR = Path(__file__).resolve().parents[1] / "contract"


@pytest.fixture(scope="session")
def contract():
    return load_contract_from("community", CONTRACT_DIR)


@pytest.fixture
def service_contracts(contract):
    return {"community": contract}
