"""A service's contract folder (`services/<name>/contract/`) read as operations and events.

The folder holds `asyncapi.yaml` (AsyncAPI 3.0.0) and the JSON Schema files it names by URN
(`$id: urn:classe12:<service>:...`). Conventions (docs/rpc-protocol.md):

- an RPC method is an operation with `action: receive` on a channel bound to the exchange
  `nameko-rpc` whose address is `<service>.<method>`; its request message payload is the schema
  of the named arguments, its reply message payload the schema of the result. Extensions:
  `x-classe12-access` ({auth: none|optional|required, roles: [...]}: who may call it, checked
  by the gateway before validation and by the service itself), `x-classe12-errors` (the error
  codes it may answer), `x-classe12-emits` (events a successful call emits, "<type>.v<N>");
  a `send` operation with `x-classe12-when: start` is an event the service emits when it
  starts (e.g. announcing what its release brings), not in answer to a call.
- an emitted event is an operation with `action: send` on a channel bound to the exchange
  `<service>.events`; the channel address is the routing key (the event name); each message
  is one version, its payload the envelope with `data` referencing the versioned schema URN.
- a consumed event is an operation with `action: receive` on a channel bound to another
  service's `<source>.events` exchange; the operation id is the consumer's declared name,
  `x-classe12-queue` its durable queue, and its messages the versions it accepts.
"""
from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .envelope import event_schema_uri
from .registry import SchemaRegistry, default_registry, load_schema_file, schema_files
from .validation import ref

RPC_EXCHANGE = "nameko-rpc"
AUTH_MODES = ("none", "optional", "required")
_VERSIONED = re.compile(r"^(?P<type>[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)\.v(?P<version>[1-9][0-9]*)$")


class ContractError(ValueError):
    """The contract document does not follow the conventions above."""


@dataclass(frozen=True)
class Access:
    auth: str = "required"
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Operation:
    service: str
    name: str
    summary: str
    description: str
    input: dict            # {"$ref": "urn:classe12:<service>:contract#/components/schemas/..."}
    output: dict
    errors: tuple[str, ...]
    access: Access
    emits: tuple[tuple[str, int], ...]
    examples: tuple[dict, ...] = ()

    @property
    def qualified_name(self) -> str:
        return f"{self.service}.{self.name}"


@dataclass(frozen=True)
class EmittedEvent:
    type: str
    version: int
    schema_uri: str
    summary: str
    examples: tuple[dict, ...] = ()
    when: str = "call"  # "call": a call emits it (x-classe12-emits); "start": the service, when it starts


@dataclass(frozen=True)
class Consumer:
    service: str
    name: str
    queue: str
    event_type: str
    versions: tuple[int, ...]
    summary: str


@dataclass
class Contract:
    service: str
    version: str
    path: Path
    document: dict
    registry: SchemaRegistry
    operations: dict[str, Operation] = field(default_factory=dict)
    emits: dict[tuple[str, int], EmittedEvent] = field(default_factory=dict)
    consumes: dict[str, Consumer] = field(default_factory=dict)

    @property
    def uri(self) -> str:
        return document_uri(self.service)

    def schema(self, pointer: str) -> dict:
        return ref(self.uri, pointer)

    def operation(self, name: str) -> Operation:
        try:
            return self.operations[name]
        except KeyError:
            raise KeyError(f"{self.service} has no operation {name!r} in its contract") from None


def document_uri(service: str) -> str:
    return f"urn:classe12:{service}:contract"


def parse_versioned(text: str) -> tuple[str, int]:
    match = _VERSIONED.match(text or "")
    if not match:
        raise ContractError(f"{text!r} is not <source>.<event>.v<N>")
    return match["type"], int(match["version"])


def _resolve(document: dict, node):
    """Follow local `$ref`s of the AsyncAPI document (not schema URNs)."""
    seen = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
        target = document
        for part in node["$ref"][2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
        seen += 1
        if seen > 20:
            raise ContractError("reference loop in the contract document")
    return node


def _exchange(document: dict, channel: dict) -> str | None:
    bindings = _resolve(document, channel.get("bindings") or {})
    amqp = _resolve(document, bindings.get("amqp") or {})
    return (amqp.get("exchange") or {}).get("name")


def _payload_ref(contract_uri: str, document: dict, message: dict) -> dict:
    payload = message.get("payload")
    if isinstance(payload, dict) and isinstance(payload.get("$ref"), str):
        target = payload["$ref"]
        return {"$ref": contract_uri + target if target.startswith("#") else target}
    raise ContractError(f"message {message.get('name')!r}: payload must be a $ref to a schema")


def _messages(document: dict, node) -> list[dict]:
    return [_resolve(document, m) for m in (node or [])]


def _examples(message: dict) -> tuple[dict, ...]:
    return tuple(example for example in message.get("examples") or [] if isinstance(example, dict))


def parse(service: str, document: dict, path: Path, registry: SchemaRegistry) -> Contract:
    if document.get("asyncapi") != "3.0.0":
        raise ContractError(f"{path}: asyncapi 3.0.0 expected")
    declared = (document.get("info") or {}).get("x-classe12-service")
    if declared != service:
        raise ContractError(f"{path}: info.x-classe12-service is {declared!r}, expected {service!r}")
    uri = document_uri(service)
    contract = Contract(service, str(document["info"]["version"]), path, document, registry)
    own_events = f"{service}.events"
    for name, op in (document.get("operations") or {}).items():
        channel = _resolve(document, op.get("channel"))
        exchange = _exchange(document, channel)
        messages = _messages(document, op.get("messages") or list((channel.get("messages") or {}).values()))
        if exchange == RPC_EXCHANGE:
            if op.get("action") != "receive" or channel.get("address") != f"{service}.{name}":
                raise ContractError(f"{service}.{name}: an RPC operation receives on address {service}.{name}")
            reply = op.get("reply") or {}
            replies = _messages(document, reply.get("messages"))
            if len(messages) != 1 or len(replies) != 1:
                raise ContractError(f"{service}.{name}: one request message and one reply message expected")
            access = op.get("x-classe12-access") or {}
            if access.get("auth", "required") not in AUTH_MODES:
                raise ContractError(f"{service}.{name}: x-classe12-access.auth must be one of {AUTH_MODES}")
            contract.operations[name] = Operation(
                service=service, name=name, summary=op.get("summary", ""), description=op.get("description", ""),
                input=_payload_ref(uri, document, messages[0]), output=_payload_ref(uri, document, replies[0]),
                errors=tuple(op.get("x-classe12-errors") or ()),
                access=Access(access.get("auth", "required"), tuple(access.get("roles") or ())),
                emits=tuple(parse_versioned(e) for e in op.get("x-classe12-emits") or ()),
                examples=_examples(messages[0]))
        elif exchange == own_events and op.get("action") == "send":
            event_type = f"{service}.{channel['address']}"
            for message in messages:
                version = int((message.get("x-classe12-version") or 0))
                if version < 1:
                    raise ContractError(f"{name}: each event message needs x-classe12-version")
                contract.emits[(event_type, version)] = EmittedEvent(
                    event_type, version, event_schema_uri(event_type, version), message.get("summary", ""),
                    _examples(message), op.get("x-classe12-when", "call"))
        elif exchange and exchange.endswith(".events") and op.get("action") == "receive":
            source = exchange[: -len(".events")]
            queue = op.get("x-classe12-queue")
            if queue != f"{service}.{name}":
                raise ContractError(f"{service}.{name}: x-classe12-queue must be {service}.{name}")
            versions = tuple(sorted(int(m.get("x-classe12-version") or 0) for m in messages))
            if not versions or min(versions) < 1:
                raise ContractError(f"{name}: each consumed message needs x-classe12-version")
            contract.consumes[name] = Consumer(service, name, queue, f"{source}.{channel['address']}",
                                               versions, op.get("summary", ""))
        else:
            raise ContractError(f"{service}.{name}: channel matches no convention (RPC, emitted or consumed event)")
    for operation in contract.operations.values():
        for emitted in operation.emits:
            if emitted not in contract.emits:
                raise ContractError(f"{operation.qualified_name} emits {emitted}, which the contract does not send")
    return contract


def contracts_root() -> Path | None:
    """The folder holding `<service>/contract/asyncapi.yaml` for every service.

    CLASSE12_CONTRACTS_DIR when set; otherwise the repository's `services/` folder, searched
    upwards from the working directory and from this package.
    """
    configured = os.environ.get("CLASSE12_CONTRACTS_DIR", "").strip()
    if configured:
        return Path(configured)
    for start in (Path.cwd(), Path(__file__).resolve()):
        for folder in (start, *start.parents):
            candidate = folder / "services"
            if any(candidate.glob("*/contract/asyncapi.yaml")):
                return candidate
    return None


def contract_dir(service: str, root: Path | None = None) -> Path:
    root = root or contracts_root()
    if root is None:
        raise FileNotFoundError("no contracts found: set CLASSE12_CONTRACTS_DIR to the folder holding "
                                "<service>/contract/asyncapi.yaml")
    return root / service / "contract"


def available_services(root: Path | None = None) -> list[str]:
    root = root or contracts_root()
    return sorted(p.parent.parent.name for p in root.glob("*/contract/asyncapi.yaml")) if root else []


def load_contract_from(service: str, folder: Path, base: SchemaRegistry | None = None) -> Contract:
    """Read one contract folder; its schema files and document join a copy of `base`."""
    registry = SchemaRegistry()
    for uri in (base or default_registry()).uris:
        registry.add(uri, (base or default_registry()).get(uri))
    for path in schema_files(folder):
        contents = load_schema_file(path)
        # the folder is the source of truth for its own schemas (published copies may lag behind)
        registry.add(contents["$id"], contents, replace=True)
    document = yaml.safe_load((folder / "asyncapi.yaml").read_text(encoding="utf-8"))
    registry.add(document_uri(service), copy.deepcopy(document), replace=True)
    return parse(service, document, folder / "asyncapi.yaml", registry)


@lru_cache(maxsize=None)
def load_contract(service: str, root: str | None = None) -> Contract:
    return load_contract_from(service, contract_dir(service, Path(root) if root else None))


@lru_cache(maxsize=None)
def load_contract_folder(folder: Path) -> Contract:
    """The contract of a `contract/` folder, whichever service it belongs to."""
    document = yaml.safe_load((Path(folder) / "asyncapi.yaml").read_text(encoding="utf-8"))
    return load_contract_from((document.get("info") or {}).get("x-classe12-service", ""), Path(folder))

