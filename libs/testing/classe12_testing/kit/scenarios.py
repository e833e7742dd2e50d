"""A contract folder's `scenarios.yaml` read as scenarios and steps, and checked against the contract.

Structure and meaning: README.md beside this module. Loading checks the shape (unknown keys,
wrong types); `scenario_problems` checks what the scenarios name against the contract
(operations, consumed and emitted events, actors, saved names).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from classe12_contracts.documents import Contract

from .matching import PatternError, check_pattern
from .templates import TEMPLATE, names_in

ANONYMOUS = "anonymous"
#: names a template may start with besides saved names
BUILTINS = ("actors", "run", "ids", "repeat")
STEP_KINDS = ("call", "publish", "redeliver", "http")
_STEP_KEYS = {
    "call": {"call", "as", "with", "save", "expect", "eventually", "timeout", "repeat", "note"},
    "publish": {"publish", "as", "save", "expect", "repeat", "note"},
    "redeliver": {"redeliver", "expect", "note"},
    "http": {"http", "save", "expect", "repeat", "note"},  # the service's HTTP endpoint: http_steps.py
}
_EXPECT_KEYS = {"call": {"match", "error", "fields", "emits"}, "publish": {"dead_letter"},
                "redeliver": {"dead_letter"}, "http": {"status", "match", "headers", "body"}}
_NO_MATCH = object()


class ScenarioError(ValueError):
    """scenarios.yaml does not follow the kit's format."""


@dataclass(frozen=True)
class EmitExpectation:
    event: str
    version: int
    match: Any = None          # pattern of the event's `data`
    envelope: Any = None       # pattern of the whole envelope (actor, request_id...)

    @property
    def label(self) -> str:
        return f"{self.event} v{self.version}"


@dataclass(frozen=True)
class Expectation:
    match: Any = _NO_MATCH
    error: str | None = None
    fields: tuple[str, ...] = ()
    emits: tuple[EmitExpectation, ...] = ()
    dead_letter: dict | None = None
    status: int | None = None      # http steps: the answer's status, header patterns, bytes
    headers: dict | None = None
    body: dict | None = None

    @property
    def has_match(self) -> bool:
        return self.match is not _NO_MATCH


@dataclass(frozen=True)
class Step:
    number: int                # 1-based, in its scenario
    kind: str                  # call | publish | redeliver
    target: str                # operation name, event type, or the saved envelope redelivered
    version: int | None = None
    actor: Any = None          # None (anonymous), an actor name, or {id, roles} with templates
    arguments: Any = None      # `with` of a call, `data` of a publish
    save: str | None = None
    expect: Expectation = field(default_factory=Expectation)
    eventually: bool = False
    timeout: float | None = None
    repeat: int = 1
    note: str | None = None    # said with a failure of this step (what it proves)

    def label(self, service: str) -> str:
        if self.kind == "call":
            return f"call {service}.{self.target} as {actor_label(self.actor)}"
        if self.kind == "publish":
            return f"publish {self.target} v{self.version}"
        if self.kind == "http":
            return f"http {self.target}"
        return f"redeliver {self.target}"


@dataclass(frozen=True)
class Scenario:
    name: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class ScenarioFile:
    actors: dict[str, tuple[str, ...]]
    scenarios: tuple[Scenario, ...]
    source: str = "<scenarios>"

    def scenario(self, name: str) -> Scenario:
        for scenario in self.scenarios:
            if scenario.name == name:
                return scenario
        raise KeyError(f"no scenario named {name!r} in {self.source}")

    def steps(self):
        for scenario in self.scenarios:
            for step in scenario.steps:
                yield scenario, step


def actor_label(actor) -> str:
    if actor is None:
        return ANONYMOUS
    if isinstance(actor, str):
        return actor
    return f"{{id: {actor.get('id')}, roles: {list(actor.get('roles') or [])}}}"


def _fail(where: str, message: str):
    raise ScenarioError(f"{where}: {message}")


def _mapping(value, where: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        _fail(where, f"a mapping is expected, got {value!r}")
    return value


def _pattern(value, where: str):
    try:
        check_pattern(value)
    except PatternError as exc:
        _fail(where, str(exc))
    return value


def _emits(items, where: str) -> tuple[EmitExpectation, ...]:
    if not isinstance(items, list):
        _fail(where, "`emits` is a list of {event, version, match}")
    out = []
    for index, item in enumerate(items, start=1):
        here = f"{where} emits #{index}"
        item = _mapping(item, here)
        unknown = set(item) - {"event", "version", "match", "envelope"}
        if unknown or not isinstance(item.get("event"), str) or not isinstance(item.get("version"), int):
            _fail(here, "expected {event: <source>.<name>, version: N, match: {...}, envelope: {...}}"
                  + (f"; unknown keys {sorted(unknown)}" if unknown else ""))
        out.append(EmitExpectation(item["event"], item["version"], _pattern(item.get("match"), here),
                                   _pattern(item.get("envelope"), here)))
    return tuple(out)


def _expectation(kind: str, raw, where: str) -> Expectation:
    raw = _mapping(raw, where + " expect")
    unknown = set(raw) - _EXPECT_KEYS[kind]
    if unknown:
        _fail(where, f"unknown expect keys {sorted(unknown)} (a {kind} step knows {sorted(_EXPECT_KEYS[kind])})")
    if "error" in raw and "match" in raw:
        _fail(where, "an expected error cannot also have `match` (a refusal may still emit events: `emits`)")
    if "fields" in raw and "error" not in raw:
        _fail(where, "`fields` goes with an expected `error`")
    fields = raw.get("fields") or []
    if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
        _fail(where, "`fields` is a list of field names")
    dead_letter = raw.get("dead_letter")
    if dead_letter is not None and not isinstance(dead_letter, dict):
        _fail(where, "`dead_letter` is a mapping, e.g. {reason: unsupported_version}")
    status, headers, body = raw.get("status"), raw.get("headers"), raw.get("body")
    if status is not None and not (isinstance(status, int) and 100 <= status <= 599):
        _fail(where, "`status` is an HTTP status, e.g. 206")
    if headers is not None and not isinstance(headers, dict):
        _fail(where, "`headers` maps header names to patterns")
    if body is not None and not (isinstance(body, dict) and set(body) <= {"sample", "size", "range", "empty", "absent"}):
        _fail(where, "`body` is {sample, size, range: [first, last]}, {empty: true} or {absent: [words]}")
    return Expectation(match=_pattern(raw["match"], where) if "match" in raw else _NO_MATCH,
                       error=raw.get("error"), fields=tuple(fields),
                       emits=_emits(raw.get("emits") or [], where), dead_letter=dead_letter,
                       status=status, headers=_pattern(headers, where), body=body)


def _step(raw, number: int, where: str) -> Step:
    raw = _mapping(raw, where)
    kinds = [kind for kind in STEP_KINDS if kind in raw]
    if len(kinds) != 1:
        _fail(where, f"a step has exactly one of {', '.join(STEP_KINDS)}")
    kind = kinds[0]
    unknown = set(raw) - _STEP_KEYS[kind]
    if unknown:
        _fail(where, f"unknown keys {sorted(unknown)} in a {kind} step")
    repeat = raw.get("repeat", 1)
    if not isinstance(repeat, int) or repeat < 1:
        _fail(where, "`repeat` is a positive integer")
    timeout = raw.get("timeout")
    if timeout is not None and (not isinstance(timeout, (int, float)) or timeout <= 0):
        _fail(where, "`timeout` is a number of seconds")
    actor = raw.get("as")
    if actor is not None and not isinstance(actor, (str, dict)):
        _fail(where, "`as` is an actor name, `anonymous` or {id, roles}")
    if actor == ANONYMOUS:
        actor = None
    save = raw.get("save")
    if save is not None and (not isinstance(save, str) or save in BUILTINS):
        _fail(where, f"`save` is a name other than {', '.join(BUILTINS)}")
    expect = _expectation(kind, raw.get("expect"), where)
    note = raw.get("note")
    if note is not None and not isinstance(note, str):
        _fail(where, "`note` is a sentence")
    if kind == "call":
        if not isinstance(raw["call"], str):
            _fail(where, "`call` names an operation of the service")
        return Step(number, kind, raw["call"], actor=actor, arguments=_mapping(raw.get("with"), where + " with"),
                    save=save, expect=expect, eventually=bool(raw.get("eventually", False)), timeout=timeout,
                    repeat=repeat, note=note)
    if kind == "http":
        from .http_steps import check_request
        try:
            request = check_request(raw["http"], where)
        except ValueError as exc:
            raise ScenarioError(str(exc)) from None
        return Step(number, kind, f"{str(request['method']).upper()} {request['path']}", arguments=request, save=save,
                    expect=expect, repeat=repeat, note=note)
    if kind == "publish":
        body = _mapping(raw["publish"], where)
        if set(body) - {"event", "version", "data"} or not isinstance(body.get("event"), str) \
                or not isinstance(body.get("version"), int):
            _fail(where, "`publish` is {event: <source>.<name>, version: N, data: {...}}")
        return Step(number, kind, body["event"], version=body["version"], actor=actor,
                    arguments=_mapping(body.get("data"), where + " data"), save=save, expect=expect, repeat=repeat,
                    note=note)
    if not isinstance(raw["redeliver"], str):
        _fail(where, "`redeliver` names an envelope saved by an earlier publish step")
    return Step(number, kind, raw["redeliver"], expect=expect, note=note)


def parse_scenarios(document, source: str = "<scenarios>") -> ScenarioFile:
    document = _mapping(document, source)
    if document.get("version") != 1:
        _fail(source, "`version: 1` expected")
    unknown = set(document) - {"version", "actors", "scenarios", "description"}
    if unknown:
        _fail(source, f"unknown top-level keys {sorted(unknown)}")
    actors = {}
    for name, spec in _mapping(document.get("actors"), source + " actors").items():
        spec = _mapping(spec, f"{source} actor {name}")
        roles = spec.get("roles") or []
        if set(spec) - {"roles"} or not isinstance(roles, list) or name == ANONYMOUS:
            _fail(f"{source} actor {name}", "an actor is {roles: [...]} and cannot be called anonymous")
        actors[name] = tuple(str(role) for role in roles)
    scenarios, names = [], set()
    for index, raw in enumerate(document.get("scenarios") or [], start=1):
        raw = _mapping(raw, f"{source} scenario #{index}")
        name = raw.get("name")
        if not isinstance(name, str) or not name or name in names:
            _fail(f"{source} scenario #{index}", "each scenario has a unique `name`")
        if set(raw) - {"name", "steps", "description"}:
            _fail(f"{source} scenario {name!r}", f"unknown keys {sorted(set(raw) - {'name', 'steps', 'description'})}")
        names.add(name)
        steps = raw.get("steps")
        if not isinstance(steps, list) or not steps:
            _fail(f"{source} scenario {name!r}", "`steps` is a non-empty list")
        scenarios.append(Scenario(name, tuple(_step(step, number, f"{source} scenario {name!r} step {number}")
                                              for number, step in enumerate(steps, start=1))))
    return ScenarioFile(actors, tuple(scenarios), source)


def load_scenarios(path: Path) -> ScenarioFile:
    path = Path(path)
    return parse_scenarios(yaml.safe_load(path.read_text(encoding="utf-8")), str(path))


def scenarios_path(contract: Contract) -> Path:
    return contract.path.parent / "scenarios.yaml"


def scenario_problems(contract: Contract, scenarios: ScenarioFile) -> list[str]:
    """What the scenarios name that the contract (or the scenario itself) does not have."""
    problems = []
    consumed = {consumer.event_type for consumer in contract.consumes.values()}
    emitted_types = {event_type for event_type, _ in contract.emits}
    for scenario in scenarios.scenarios:
        saved = set(BUILTINS)
        envelopes = set()
        for step in scenario.steps:
            where = f"scenario {scenario.name!r} step {step.number} ({step.label(contract.service)})"
            if step.kind == "call" and step.target not in contract.operations:
                problems.append(f"{where}: {contract.service} has no operation {step.target!r}")
            if step.kind == "publish" and step.target not in consumed:
                problems.append(f"{where}: {contract.service} consumes no {step.target}")
            if step.kind == "redeliver" and step.target not in envelopes:
                problems.append(f"{where}: {step.target!r} is not an envelope saved by an earlier publish step")
            if step.kind == "http" and http_operation(contract, step) is None:
                problems.append(f"{where}: no operation of {contract.service}'s OpenAPI documents "
                                f"(contract/*.openapi.yaml) has this method and address")
            if isinstance(step.actor, str) and step.actor not in scenarios.actors:
                problems.append(f"{where}: unknown actor {step.actor!r} (declared: {', '.join(scenarios.actors)})")
            for emit in step.expect.emits:
                if emit.event not in emitted_types:
                    problems.append(f"{where}: {contract.service} emits no {emit.event}")
            reads = names_in([step.actor, step.arguments, step.expect.match if step.expect.has_match else None,
                              step.expect.headers])
            # the events a call emits may name its own reply (saved before they are awaited)
            reads |= names_in([[e.match, e.envelope] for e in step.expect.emits]) - {step.save}
            for name in sorted(reads - saved):
                problems.append(f"{where}: reads {{{{{name}...}}}} before any step saves it")
            if step.save:
                saved.add(step.save)
                if step.kind == "publish":
                    envelopes.add(step.save)
    return problems


def http_operation(contract: Contract, step: Step):
    """The operation of the contract's OpenAPI documents an `http` step sends (templates as placeholders)."""
    from .http_steps import HttpContract
    method, _, path = step.target.partition(" ")
    return HttpContract(contract).find(method, TEMPLATE.sub("x", path))
