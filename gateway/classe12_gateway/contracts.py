"""The services' contracts as the gateway reads them: one registry resolving every schema.

Loaded once per process from CLASSE12_CONTRACTS_DIR (the folder of `<service>/contract/`;
default: the repository's `services/`). The gateway validates requests, checks replies and
builds its OpenAPI document from these documents, never from a copy of their rules.
"""
from __future__ import annotations

from pathlib import Path

from classe12_contracts.documents import Contract, contracts_root, load_contract_from
from classe12_contracts.registry import SchemaRegistry, default_registry

from . import own_schemas

SERVICES = ("community", "resources", "evaluation", "notifications")


class Contracts:
    def __init__(self, root: Path | None = None, services=SERVICES):
        root = root or contracts_root()
        if root is None:
            raise RuntimeError("contracts not found: set CLASSE12_CONTRACTS_DIR to the folder holding "
                               "<service>/contract/asyncapi.yaml")
        self.registry = SchemaRegistry()
        base = default_registry()
        for uri in base.uris:
            self.registry.add(uri, base.get(uri))
        self.registry.add(own_schemas.URI, own_schemas.DOCUMENT)
        self.services: dict[str, Contract] = {}
        for service in services:
            contract = load_contract_from(service, root / service / "contract")
            for uri in contract.registry.uris:
                self.registry.add(uri, contract.registry.get(uri), replace=True)
            self.services[service] = contract

    def operation(self, qualified: str):
        service, _, name = qualified.partition(".")
        return self.services[service].operation(name)


_loaded: Contracts | None = None


def loaded() -> Contracts:
    """This process's contracts (read at first use, i.e. when the endpoints are declared)."""
    global _loaded
    if _loaded is None:
        _loaded = Contracts()
    return _loaded

