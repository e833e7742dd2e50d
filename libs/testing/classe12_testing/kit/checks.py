"""Checks the kit derives from each RPC operation of a contract, so scenarios stay short.

- input with `additionalProperties: false`: one unknown argument more answers `invalid`
  naming it;
- each required argument left out answers `invalid` naming it;
- `auth: required`: an anonymous caller gets `unauthorized`;
- `roles`: a signed-in caller with none of them gets `forbidden`.
The other arguments come from the operation's first example in the contract, else from the
first scenario call expected to succeed. The access checks need such valid arguments and are
skipped, with a note, when none is known. A check is only derived when the operation lists the
error code it expects (otherwise the contract contradicts itself: noted, not run).
"""
from __future__ import annotations

from dataclasses import dataclass

from classe12_contracts.documents import Contract, Operation
from classe12_testing.contract_diff import resolve

UNKNOWN_ARGUMENT = "kit_unknown_argument"
#: roles tried, in this order, for a signed-in caller who has none of an operation's roles
OTHER_ROLES = ("parent", "teacher", "partner", "researcher")


@dataclass(frozen=True)
class DerivedCheck:
    operation: Operation
    title: str
    caller: str                 # "allowed" (has the operation's roles), "anonymous" or "no_role"
    arguments: dict
    error: str
    fields: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.operation.qualified_name}: {self.title}"


def input_schema(contract: Contract, operation: Operation) -> dict:
    """The operation's input schema with references inlined (a single allOf merged)."""
    schema = resolve(contract.registry, operation.input)
    while isinstance(schema, dict) and isinstance(schema.get("allOf"), list) and len(schema["allOf"]) == 1:
        merged = {k: v for k, v in schema.items() if k != "allOf"}
        merged.update(schema["allOf"][0])
        schema = merged
    return schema if isinstance(schema, dict) else {}


def example_arguments(operation: Operation) -> dict | None:
    for example in operation.examples:
        if isinstance(example.get("payload"), dict):
            return dict(example["payload"])
    return None


def no_role(operation: Operation) -> tuple[str, ...]:
    return next(((role,) for role in OTHER_ROLES if role not in operation.access.roles), ())


def _rejects_unknown(schema: dict) -> bool:
    return schema.get("additionalProperties") is False


def derived_error_codes(contract: Contract, operation: Operation) -> set[str]:
    """The error codes the derived checks of `operation` exercise."""
    schema = input_schema(contract, operation)
    codes = set()
    if "invalid" in operation.errors and (_rejects_unknown(schema) or schema.get("required")):
        codes.add("invalid")
    if operation.access.auth == "required" and "unauthorized" in operation.errors:
        codes.add("unauthorized")
    if operation.access.roles and "forbidden" in operation.errors:
        codes.add("forbidden")
    return codes


def derive(contract: Contract, operation: Operation, scenario_arguments: dict | None) -> tuple[list, list[str]]:
    """(checks to run, notes on the checks that cannot run) for one operation."""
    schema = input_schema(contract, operation)
    valid = example_arguments(operation)
    if valid is None and scenario_arguments is not None:
        valid = dict(scenario_arguments)
    base = valid or {}
    checks, notes = [], []
    lists_invalid = "invalid" in operation.errors
    if _rejects_unknown(schema) or schema.get("required"):
        if not lists_invalid:
            notes.append(f"{operation.qualified_name}: its input refuses some requests (unknown or missing "
                         f"arguments) but its x-classe12-errors do not list 'invalid': argument checks not run")
    if lists_invalid and _rejects_unknown(schema):
        checks.append(DerivedCheck(operation, "an unknown argument is invalid", "allowed",
                                   dict(base, **{UNKNOWN_ARGUMENT: "?"}), "invalid", (UNKNOWN_ARGUMENT,)))
    if lists_invalid:
        for name in schema.get("required") or ():
            arguments = {key: value for key, value in base.items() if key != name}
            checks.append(DerivedCheck(operation, f"without {name!r} is invalid", "allowed", arguments,
                                       "invalid", (name,)))
    access = []
    if operation.access.auth == "required":
        access.append(("an anonymous caller is unauthorized", "anonymous", "unauthorized"))
    if operation.access.roles:
        access.append((f"a caller without {' or '.join(operation.access.roles)} is forbidden", "no_role",
                       "forbidden"))
    for title, caller, code in access:
        if code not in operation.errors:
            notes.append(f"{operation.qualified_name}: its access implies {code!r}, which its x-classe12-errors "
                         f"do not list: check not run")
        elif valid is None and (schema.get("required") or []):
            notes.append(f"{operation.qualified_name}: {title}: not checked, no valid arguments known (add an "
                         f"example to the contract or a scenario call expected to succeed)")
        else:
            checks.append(DerivedCheck(operation, title, caller, dict(base), code))
    return checks, notes
