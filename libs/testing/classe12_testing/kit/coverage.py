"""Which parts of a contract the kit has no case for: every one must be exercised.

A case is a scenario step, or one of the automatic checks the kit derives from the contract
(checks.py): an unknown or missing argument answers `invalid`, an anonymous caller of an
`auth: required` operation `unauthorized`, a caller without the operation's roles `forbidden`.
An HTTP endpoint of the service (an OpenAPI document `contract/*.openapi.yaml`) needs an `http`
step sending each of its operations.
"""
from __future__ import annotations

from classe12_contracts.documents import Contract

from .checks import derived_error_codes
from .scenarios import ScenarioFile


def missing_cases(contract: Contract, scenarios: ScenarioFile) -> list[str]:
    """One line per operation, error code, emitted event version or consumed event version
    without a case; [] when the kit covers the whole contract."""
    calls: dict[str, set[str | None]] = {}
    emits: set[tuple[str, int]] = set()
    published: set[tuple[str, int]] = set()
    redelivered: set[str] = set()
    for scenario in scenarios.scenarios:
        envelopes = {}
        for step in scenario.steps:
            if step.kind == "call":
                calls.setdefault(step.target, set()).add(step.expect.error)
                emits.update((e.event, e.version) for e in step.expect.emits)
            elif step.kind == "publish":
                published.add((step.target, step.version))
                if step.save:
                    envelopes[step.save] = step.target
            elif step.target in envelopes:
                redelivered.add(envelopes[step.target])
    label = f"contract {contract.service} {contract.version}"
    missing = []
    for name, operation in sorted(contract.operations.items()):
        if name not in calls:
            missing.append(f"{operation.qualified_name} ({label}): no scenario calls it")
            continue
        success_elsewhere = (contract.document.get("operations", {}).get(name) or {}).get("x-classe12-kit-success")
        if None not in calls[name] and not success_elsewhere:
            missing.append(f"{operation.qualified_name} ({label}): no scenario expects it to succeed")
        covered = calls[name] | derived_error_codes(contract, operation)
        for code in operation.errors:
            if code not in covered:
                missing.append(f"{operation.qualified_name} ({label}): no case answers its error {code!r}")
    for (event_type, version), emitted in sorted(contract.emits.items()):
        if emitted.when == "start":
            continue  # emitted before any kit listens: the service's own tests start it and watch
        if (event_type, version) not in emits:
            missing.append(f"{event_type} v{version} ({label}): no scenario expects it (`emits`)")
    missing += _http_missing(contract, scenarios, label)
    for _name, consumer in sorted(contract.consumes.items()):
        for version in consumer.versions:
            if (consumer.event_type, version) not in published:
                missing.append(f"consumer {consumer.queue} ({label}): no scenario publishes "
                               f"{consumer.event_type} v{version}")
        if consumer.event_type not in redelivered:
            missing.append(f"consumer {consumer.queue} ({label}): no scenario redelivers a "
                           f"{consumer.event_type} envelope")
    return missing


def _http_missing(contract: Contract, scenarios: ScenarioFile, label: str) -> list[str]:
    """Every operation of the contract folder's OpenAPI documents needs an `http` step sending it."""
    from .http_steps import HttpContract
    from .scenarios import http_operation
    operations = HttpContract(contract).operations
    sent = {(found.method, found.template) for _, step in scenarios.steps() if step.kind == "http"
            for found in [http_operation(contract, step)] if found is not None}
    return [f"{operation.label} ({label}): no scenario sends it (`http` step)" for operation in operations
            if (operation.method, operation.template) not in sent]
