"""Checks of what an implementation sends against its contract (used by tests and the kit)."""
from __future__ import annotations

from classe12_contracts.documents import Contract
from classe12_contracts.validation import field_errors

#: any operation may answer this one: its service or database is down
ALWAYS_ALLOWED = ("unavailable",)


class ContractViolation(AssertionError):
    """An implementation answered outside its contract; the message names the contract part."""


def check_reply(contract: Contract, method: str, reply) -> None:
    operation = contract.operation(method)
    problems = field_errors(operation.output, reply, contract.registry)
    if problems:
        raise ContractViolation(f"{operation.qualified_name} (contract {contract.service} {contract.version}): "
                                f"reply does not match its schema: {problems}")


def check_error(contract: Contract, method: str, code: str) -> None:
    operation = contract.operation(method)
    if code not in operation.errors and code not in ALWAYS_ALLOWED:
        raise ContractViolation(f"{operation.qualified_name} (contract {contract.service} {contract.version}): "
                                f"answered the error {code!r}, which its contract does not list "
                                f"({', '.join(operation.errors) or 'none'})")


def check_event(contract_registry, envelope: dict, expected_type: str | None = None) -> None:
    from classe12_contracts.envelope import EnvelopeError, parse_envelope
    try:
        parse_envelope(envelope, registry=contract_registry)
    except EnvelopeError as exc:
        raise ContractViolation(f"event {envelope.get('type') if isinstance(envelope, dict) else '?'} "
                                f"v{envelope.get('version') if isinstance(envelope, dict) else '?'}: "
                                f"{exc.detail} {exc.fields or ''}") from None
    if expected_type and envelope["type"] != expected_type:
        raise ContractViolation(f"expected an event {expected_type}, got {envelope['type']}")
