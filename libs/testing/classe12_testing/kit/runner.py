"""Runs a service's kit against any implementation over AMQP: scenarios, derived checks, coverage.

Every reply is checked against its operation's output schema, every error code against the
operation's errors, every event the service emits against the contract (type, version,
envelope and payload schemas), whether a scenario expects it or not.
"""
from __future__ import annotations

import os
import secrets
import time
from dataclasses import replace
from pathlib import Path

from classe12_contracts.documents import Contract, Operation, contract_dir, load_contract_from
from classe12_contracts.envelope import event_schema_uri
from classe12_contracts.errors import AppError
from classe12_contracts.validation import field_errors, ref
from classe12_runtime.context import Caller
from classe12_runtime.rpc_client import RemoteFailure, RpcClient

from ..contract_checks import ContractViolation, check_error, check_reply
from .checks import OTHER_ROLES, DerivedCheck, derive, no_role
from .coverage import missing_cases
from .events import EventSender, EventTap, dead_letter_reason, new_envelope
from .http_steps import HttpContract, check_request, expectation_problems, play
from .matching import mismatches, show
from .results import FAIL, PASS, SKIP, CaseResult, KitFailure, KitResult
from .scenarios import Expectation, Scenario, ScenarioFile, Step, load_scenarios, scenario_problems, scenarios_path
from .templates import FreshIds, TemplateError, render

POLL = 0.1
#: names RpcClient.call takes for itself: an RPC argument cannot have them


class Kit:
    """The kit of one service; `run()` returns a KitResult (it never raises for a failure)."""

    def __init__(self, service: str, amqp_uri: str, contract: Contract | None = None,
                 contract_folder: Path | str | None = None, scenarios: ScenarioFile | None = None,
                 timeout: float = 15.0, rpc_timeout: float = 5.0, echo=None, http_url: str | None = None):
        if contract is None:
            contract = load_contract_from(service, Path(contract_folder) if contract_folder else contract_dir(service))
        self.contract = contract
        self.scenarios = scenarios or load_scenarios(scenarios_path(self.contract))
        self.service = service
        self.amqp_uri = amqp_uri
        self.timeout = timeout
        self.rpc_timeout = rpc_timeout
        self.echo = echo
        self.label = f"contract {self.contract.service} {self.contract.version}"
        self._client: RpcClient | None = None
        self._sender: EventSender | None = None
        self._queues_seen: set[str] = set()
        self._arguments: dict[str, dict] = {}  # operation -> first arguments of a call expected to succeed
        self.context_key: str | None = None  # signs the call contexts (the implementation's ACTOR_CONTEXT_KEY)
        self.http_url = http_url  # the implementation's HTTP endpoint, for `http` steps (http_steps.py)
        self._http_contract: HttpContract | None = None

    # --- the run --------------------------------------------------------------------------

    def run(self, only: list[str] | None = None, checks: bool = True) -> KitResult:
        started = time.monotonic()
        result = KitResult(self.service, self.contract.version)
        selected = [self.scenarios.scenario(name) for name in only] if only else list(self.scenarios.scenarios)
        problems = scenario_problems(self.contract, self.scenarios)
        if problems:
            self._add(result, CaseResult("scenarios", self.scenarios.source, FAIL, problems))
            result.seconds = time.monotonic() - started
            return result
        missing = missing_cases(self.contract, self.scenarios)
        self._add(result, CaseResult("coverage", f"every part of {self.label} has a case",
                                     FAIL if missing else PASS, missing))
        self._client = RpcClient(self.amqp_uri, timeout=self.rpc_timeout, max_in_flight=4, name=f"kit-{self.service}",
                                 context_key=self.context_key)
        self._sender = EventSender(self.amqp_uri, timeout=self.rpc_timeout)
        try:
            for index, scenario in enumerate(selected, start=1):
                self._add(result, self._scenario(scenario, index))
            if checks:
                for operation in self.contract.operations.values():
                    derived, notes = derive(self.contract, operation, self._arguments.get(operation.name))
                    for note in notes:
                        self._add(result, CaseResult("check", note, SKIP))
                    for check in derived:
                        self._add(result, self._check(check))
        finally:
            self._client.close()
            self._sender.close()
        result.seconds = time.monotonic() - started
        return result

    def _add(self, result: KitResult, case: CaseResult) -> None:
        result.cases.append(case)
        if self.echo:
            for line in case.lines():
                self.echo(line)

    # --- scenarios ------------------------------------------------------------------------

    def _scenario(self, scenario: Scenario, index: int) -> CaseResult:
        started = time.monotonic()
        if self.http_url is None and any(step.kind == "http" for step in scenario.steps):
            return CaseResult("scenario", scenario.name, SKIP,
                              ["it sends HTTP requests to the service: give its endpoint with --http URL"])
        run_id = secrets.token_hex(4)
        context = {"actors": {name: {"id": secrets.token_hex(12), "roles": list(roles)}
                              for name, roles in self.scenarios.actors.items()},
                   "run": {"id": run_id}, "ids": FreshIds()}
        tap = EventTap(self.amqp_uri, self.contract) if self.contract.emits else None
        where = ""
        try:
            for step in scenario.steps:
                for repeat in range(1, step.repeat + 1):
                    where = f"scenario {scenario.name!r} step {step.number} ({step.label(self.service)})"
                    if step.repeat > 1:
                        where += f" [repeat {repeat}/{step.repeat}]"
                    if step.note:
                        where += f" [{step.note}]"
                    context["repeat"] = {"index": repeat, "offset": repeat - 1}
                    request_id = f"kit-{run_id}-{index}-{step.number}-{repeat}"
                    self._step(step, context, tap, request_id)
                    self._no_violations(tap)
            where = f"scenario {scenario.name!r} (events received by its end)"
            if tap is not None:
                tap.drain()
            self._no_violations(tap)
        except (KitFailure, TemplateError) as exc:
            return CaseResult("scenario", scenario.name, FAIL, [f"{where}: {exc}"], time.monotonic() - started)
        except Exception as exc:  # the broker went away, a bug in the kit...: this scenario fails, the run goes on
            return CaseResult("scenario", scenario.name, FAIL, [f"{where}: the kit could not go on: {exc!r}"],
                              time.monotonic() - started)
        finally:
            if tap is not None:
                tap.close()
        return CaseResult("scenario", scenario.name, PASS, [], time.monotonic() - started)

    @staticmethod
    def _no_violations(tap: EventTap | None) -> None:
        if tap is not None and tap.violations:
            raise KitFailure("; ".join(tap.violations))

    def _step(self, step: Step, context: dict, tap: EventTap | None, request_id: str) -> None:
        if step.kind == "call":
            self._call(step, context, tap, request_id)
        elif step.kind == "http":
            self._http(step, context, request_id)
        elif step.kind == "publish":
            data = render(step.arguments, context)
            self._check_data(step, data)
            envelope = new_envelope(step.target, step.version, data, self._caller(step.actor, context).actor,
                                    request_id)
            self._publish(step, envelope)
            if step.save:
                context[step.save] = envelope
        else:
            envelope = context[step.target]
            self._publish(step, envelope)

    def _call(self, step: Step, context: dict, tap: EventTap | None, request_id: str) -> None:
        operation = self.contract.operation(step.target)
        arguments = render(step.arguments, context)
        caller = self._caller(step.actor, context, request_id)
        timeout = step.timeout or self.timeout
        deadline = time.monotonic() + timeout
        if step.expect.emits:
            tap.drain()  # what was emitted before this call cannot satisfy its expectations
        before = len(tap.received) if tap is not None else 0
        while True:
            reply, error = self._invoke(operation, caller, arguments)
            problems = self._outcome_problems(step.expect, reply, error, context)
            if not problems or not step.eventually or time.monotonic() > deadline:
                break
            time.sleep(POLL)
        if problems:
            still = f" (still after {timeout:g} s)" if step.eventually else ""
            raise KitFailure("; ".join(problems) + still)
        if step.expect.error is None:
            self._arguments.setdefault(operation.name, arguments)
            if step.save:
                context[step.save] = reply
        for emit in step.expect.emits:
            data, envelope_pattern = render(emit.match, context), render(emit.envelope, context)

            def wanted(envelope, emit=emit, data=data, envelope_pattern=envelope_pattern):
                return (envelope.get("type") == emit.event and envelope.get("version") == emit.version
                        and (data is None or not mismatches(data, envelope.get("data")))
                        and (envelope_pattern is None or not mismatches(envelope_pattern, envelope)))
            if tap.wait_for(wanted, timeout, start=before) is None:
                self._no_violations(tap)
                seen = [f"{e['type']} v{e['version']} {show(e['data'], 200)}"
                        for e in tap.received[before:]] or ["nothing"]
                raise KitFailure(f"{emit.label} ({self.label}): no such event with data matching {show(data)}"
                                 f"{' and envelope matching ' + show(envelope_pattern) if envelope_pattern else ''}"
                                 f" within {timeout:g} s; received: {'; '.join(seen)}")

    def _http(self, step: Step, context: dict, request_id: str) -> None:
        """One request to the service's HTTP endpoint, checked against its OpenAPI document."""
        if self._http_contract is None:
            self._http_contract = HttpContract(self.contract)
        request = check_request(render(step.arguments, context), step.target)
        request["headers"] = {"X-Request-ID": request_id, **(request.get("headers") or {})}
        response, body, problems = play(self._http_contract, self.http_url, request)
        expect = step.expect
        expect = replace(expect, match=render(expect.match, context) if expect.has_match else expect.match,
                         headers=render(expect.headers, context))
        problems += expectation_problems(expect, response, body)
        if problems:
            raise KitFailure("; ".join(problems))
        if step.save:  # a JSON answer, else the answer's headers, names in lower case ({{whole.etag}})
            context[step.save] = body if body is not None else {k.lower(): v for k, v in response.headers.items()}

    def _caller(self, actor, context: dict, request_id: str | None = None) -> Caller:
        if actor is None:
            return Caller(request_id=request_id)
        if isinstance(actor, str):
            actor = context["actors"][actor]
        actor = render(actor, context)
        return Caller(actor_id=actor.get("id"), roles=tuple(actor.get("roles") or ()), request_id=request_id)

    def _invoke(self, operation: Operation, caller: Caller, arguments: dict):
        """(reply, None) or (None, typed error), both checked against the contract."""
        try:
            reply = self._client.call(self.service, operation.name, arguments, caller=caller)
        except AppError as error:
            try:
                check_error(self.contract, operation.name, error.code)
            except ContractViolation as exc:
                raise KitFailure(f"{exc}: {error.message} {error.fields or ''}".rstrip()) from None
            return None, error
        except RemoteFailure as exc:
            raise KitFailure(f"{operation.qualified_name} ({self.label}): failed with an error its contract does "
                             f"not describe: {exc}") from None
        try:
            check_reply(self.contract, operation.name, reply)
        except ContractViolation as exc:
            raise KitFailure(str(exc)) from None
        return reply, None

    @staticmethod
    def _outcome_problems(expect: Expectation, reply, error: AppError | None, context: dict) -> list[str]:
        if expect.error:
            if error is None:
                return [f"expected error {expect.error!r}, got result {show(reply)}"]
            if error.code != expect.error:
                return [f"expected error {expect.error!r}, got error {error.code!r}: {error.message} "
                        f"{show(error.fields)}"]
            named = set(error.fields)
            missing = [f for f in expect.fields if not any(k == f or k.startswith(f + ".") for k in named)]
            if missing:
                return [f"expected error {expect.error!r} naming {missing}, it names {sorted(named) or 'no field'}"]
            return []
        if error is not None:
            return [f"expected a result, got error {error.code!r}: {error.message} {show(error.fields)}"]
        if expect.has_match:
            return [f"reply {problem}" for problem in mismatches(render(expect.match, context), reply)]
        return []

    # --- consumed events ------------------------------------------------------------------

    def _consumers(self, event_type: str):
        return [c for c in self.contract.consumes.values() if c.event_type == event_type]

    def _check_data(self, step: Step, data: dict) -> None:
        """A mistake in the scenario's own data is reported as such (for versions consumed)."""
        if not any(step.version in c.versions for c in self._consumers(step.target)):
            return  # an unsupported version on purpose: sent as is
        uri = event_schema_uri(step.target, step.version)
        if uri in self.contract.registry:
            problems = field_errors(ref(uri), data, self.contract.registry)
            if problems:
                raise KitFailure(f"the scenario's data does not match {step.target} v{step.version}: {problems}")

    def _publish(self, step: Step, envelope: dict) -> None:
        consumers = self._consumers(envelope["type"])
        for consumer in consumers:
            if consumer.queue not in self._queues_seen:
                if not self._sender.queue_exists(consumer.queue):
                    raise KitFailure(f"consumer {consumer.queue} ({self.label}): its durable queue {consumer.queue} "
                                     f"does not exist; the implementation declares it when it starts")
                self._queues_seen.add(consumer.queue)
        self._sender.publish(envelope)
        if step.expect.dead_letter is not None:
            for consumer in consumers:
                self._dead_letter(consumer, envelope, step)

    def _dead_letter(self, consumer, envelope: dict, step: Step) -> None:
        timeout = step.timeout or self.timeout
        deadline = time.monotonic() + timeout
        while (headers := self._sender.take_dead_letter(consumer.queue, envelope["id"])) is None:
            if time.monotonic() > deadline:
                raise KitFailure(f"consumer {consumer.queue} ({self.label}): envelope {envelope['id']} "
                                 f"({envelope['type']} v{envelope['version']}) not in {consumer.queue}.dead-letters "
                                 f"within {timeout:g} s")
            time.sleep(POLL)
        problems = mismatches(step.expect.dead_letter, {"reason": dead_letter_reason(headers)})
        if problems:
            raise KitFailure(f"consumer {consumer.queue} ({self.label}): dead letter {'; '.join(problems)}")

    # --- derived checks -------------------------------------------------------------------

    def _check(self, check: DerivedCheck) -> CaseResult:
        operation = check.operation
        if check.caller == "anonymous":
            caller = Caller(request_id="kit-check")
        elif check.caller == "no_role":
            caller = Caller(secrets.token_hex(12), no_role(operation), "kit-check")
        else:
            caller = Caller(secrets.token_hex(12), operation.access.roles or OTHER_ROLES[:1], "kit-check")
        try:
            reply, error = self._invoke(operation, caller, check.arguments)
            problems = self._outcome_problems(Expectation(error=check.error, fields=check.fields), reply, error, {})
        except KitFailure as exc:
            problems = [str(exc)]
        except Exception as exc:  # the broker went away...: this check fails, the run goes on
            problems = [f"the kit could not go on: {exc!r}"]
        where = f"{operation.qualified_name} ({self.label}), derived check, as {check.caller} with {show(check.arguments)}"
        return CaseResult("check", check.name, FAIL if problems else PASS, [f"{where}: {p}" for p in problems])


def run_kit(service: str, amqp_uri: str, contract_folder: Path | str | None = None, only: list[str] | None = None,
            timeout: float = 15.0, rpc_timeout: float = 5.0, echo=None, checks: bool = True,
            context_key: str | None = None, http_url: str | None = None) -> KitResult:
    """Run `service`'s kit (scenarios.yaml of its contract folder) against whatever answers on the broker.

    `context_key` signs the call contexts the kit sends (default: ACTOR_CONTEXT_KEY); `http_url`
    is the service's HTTP endpoint for `http` steps (default: CLASSE12_HTTP_URL; without it,
    scenarios with such steps are skipped)."""
    kit = Kit(service, amqp_uri, contract_folder=contract_folder, timeout=timeout, rpc_timeout=rpc_timeout, echo=echo,
              http_url=http_url or os.environ.get("CLASSE12_HTTP_URL") or None)
    kit.context_key = context_key or os.environ.get("ACTOR_CONTEXT_KEY") or None
    return kit.run(only=only, checks=checks)
