"""The kit's `http` steps: a service's HTTP endpoint (e.g. resources' file endpoint), played
against any implementation and checked against the OpenAPI documents of its contract folder
(`*.openapi.yaml`).

    - call: grant_file_upload            # an RPC gives the grant...
      as: teacher
      with: {resource_id: "{{draft.id}}", filename: seance.webm, role: media}
      save: up
    - http: {method: PUT, path: /files, grant: "{{up.grant}}", body: {sample: webm, size: 300000}}
      expect: {status: 201, match: {content_type: video/webm, size: 300000}}
      save: file                         # ...the bytes go over HTTP; saved: a JSON answer, else its
                                         # headers, names in lower case ({{whole.etag}})
    - http: {method: GET, path: "/files/{{file.id}}", grant: "{{down.grant}}", headers: {Range: bytes=0-99}}
      expect: {status: 206, headers: {Content-Range: bytes 0-99/300000},
               body: {sample: webm, size: 300000, range: [0, 99]}}

Request: `method`, `path`, `grant` (sent as `Authorization: Grant <grant>`), `headers`, `body`:
`{sample: <kind>, size: N}` (samples.py: png, gif, pdf, svg, webm, mp4, mp3, text) or
`{text: "..."}`, and `chunked: true` to send it without Content-Length. Expect: `status`,
`match` (a pattern of the JSON answer), `headers` (patterns of header values, names in any
case), `body` (`{sample, size, range: [first, last]}`: exactly those bytes; `{empty: true}`;
`{absent: [words]}`: none of them in the body).

Whatever a scenario expects, every answer is checked against the document: its status must be
documented for the operation, a documented required header must be there (with its `const` or
`pattern`), and a JSON answer must match the documented schema (URNs resolve through the
contract's registry). The base URL is the kit's `--http` option; without it, scenarios with
`http` steps are skipped (said in the report).
"""
from __future__ import annotations

import copy
import http.client
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from classe12_contracts.documents import Contract
from classe12_contracts.validation import field_errors

from .matching import mismatches, show
from .results import KitFailure
from .samples import sample, stream

METHODS = ("GET", "HEAD", "PUT", "POST", "PATCH", "DELETE")
REQUEST_KEYS = {"method", "path", "grant", "headers", "body", "chunked"}
HTTP_TIMEOUT = 60


@dataclass
class Answer:
    """An HTTP answer (the kit uses the standard library only: a replacement team installs nothing more)."""
    method: str
    status_code: int
    headers: http.client.HTTPMessage  # names in any case
    content: bytes


@dataclass(frozen=True)
class HttpOperation:
    method: str
    template: str           # /files/{file_id}
    regex: re.Pattern
    definition: dict
    document_uri: str
    source: str

    @property
    def label(self) -> str:
        return f"{self.method} {self.template} ({self.source})"


class HttpContract:
    """The HTTP operations of a contract folder's `*.openapi.yaml` documents."""

    def __init__(self, contract: Contract):
        self.contract = contract
        self.registry = contract.registry
        self.operations: list[HttpOperation] = []
        folder = Path(contract.path).parent
        for path in sorted(folder.glob("*.openapi.yaml")):
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
            uri = f"urn:classe12:{contract.service}:http:{path.name.removesuffix('.openapi.yaml')}"
            self.registry.add(uri, copy.deepcopy(document), replace=True)
            for template, item in (document.get("paths") or {}).items():
                pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
                for method, definition in item.items():
                    if method.upper() in METHODS:
                        self.operations.append(HttpOperation(method.upper(), template, re.compile(pattern),
                                                             definition, uri, path.name))

    def find(self, method: str, path: str) -> HttpOperation | None:
        path = path.split("?", 1)[0]
        for operation in self.operations:
            if operation.method == method and operation.regex.fullmatch(path):
                return operation
        if method == "HEAD":  # answered as the GET would be
            return self.find("GET", path)
        return None

    def problems(self, operation: HttpOperation, response: Answer, body) -> list[str]:
        """What in this answer the document does not allow."""
        label = f"{operation.label}, contract {self.contract.service} {self.contract.version}"
        answer = (operation.definition.get("responses") or {}).get(str(response.status_code))
        if answer is None:
            return [f"{label}: answered {response.status_code}, which it does not document"]
        answer = self._resolve(answer, operation.document_uri)
        problems = []
        for name, header in (answer.get("headers") or {}).items():
            header = self._resolve(header, operation.document_uri)
            value = response.headers.get(name)
            if header.get("required") and value is None:
                problems.append(f"{label}: {response.status_code} without its header {name}")
            schema = header.get("schema") or {}
            if value is not None and "const" in schema and value != schema["const"]:
                problems.append(f"{label}: header {name} is {value!r}, not {schema['const']!r}")
            if value is not None and "pattern" in schema and not re.search(schema["pattern"], value):
                problems.append(f"{label}: header {name} {value!r} does not match {schema['pattern']}")
        content = answer.get("content") or {}
        media = (response.headers.get("Content-Type") or "").split(";")[0].strip()
        if content and response.method != "HEAD" and response.status_code != 304:
            if media not in content:
                problems.append(f"{label}: {response.status_code} as {media or 'no Content-Type'}, documented: "
                                f"{', '.join(content)}")
            elif media.endswith("json"):
                schema = self._absolute(content[media].get("schema") or {}, operation.document_uri)
                errors = field_errors(schema, body, self.registry) if body is not None else {"_schema": ["not JSON"]}
                if errors:
                    problems.append(f"{label}: {response.status_code} body does not match its schema: {errors}")
        return problems

    def _resolve(self, node: dict, base: str) -> dict:
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            target = node["$ref"]
            uri, _, pointer = target.partition("#")
            node = self.registry.get(uri or base)
            for part in (p for p in pointer.split("/") if p):
                node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def _absolute(self, node, base: str):
        """Local references (`#/components/...`) of a document made absolute, for the registry."""
        if isinstance(node, dict):
            return {k: (base + v if k == "$ref" and isinstance(v, str) and v.startswith("#") else self._absolute(v, base))
                    for k, v in node.items()}
        if isinstance(node, list):
            return [self._absolute(item, base) for item in node]
        return node


def check_request(raw, where: str) -> dict:
    """The shape of an `http` step's request (ScenarioError-worthy problems are returned as text)."""
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: `http` is {{method, path, grant, headers, body, chunked}}")
    unknown = set(raw) - REQUEST_KEYS
    if unknown or str(raw.get("method", "")).upper() not in METHODS or not isinstance(raw.get("path"), str):
        raise ValueError(f"{where}: `http` needs a method ({', '.join(METHODS)}) and a path"
                         + (f"; unknown keys {sorted(unknown)}" if unknown else ""))
    body = raw.get("body")
    if body is not None and not (isinstance(body, dict) and (set(body) <= {"sample", "size"} and "sample" in body
                                                             or set(body) == {"text"})):
        raise ValueError(f"{where}: `body` is {{sample: <kind>, size: N}} or {{text: ...}}")
    return raw


def send(base_url: str, request: dict) -> Answer:
    headers = {str(k): str(v) for k, v in (request.get("headers") or {}).items()}
    if request.get("grant") is not None:
        headers["Authorization"] = f"Grant {request['grant']}"
    body, data, chunked = request.get("body"), None, False
    if body is not None:
        if "text" in body:
            data = str(body["text"]).encode("utf-8")
        elif request.get("chunked"):
            data, chunked = stream(body["sample"], body.get("size"), block=256 * 1024), True
        else:
            data = sample(body["sample"], body.get("size"))
    method = str(request["method"]).upper()
    base = urlsplit(base_url)
    connection = http.client.HTTPConnection(base.hostname, base.port or 80, timeout=HTTP_TIMEOUT)
    try:
        connection.request(method, base.path.rstrip("/") + request["path"], body=data, headers=headers,
                           encode_chunked=chunked)
        response = connection.getresponse()
        return Answer(method, response.status, response.headers, response.read())
    finally:
        connection.close()


def json_body(response: Answer):
    media = (response.headers.get("Content-Type") or "").split(";")[0].strip()
    if not media.endswith("json") or not response.content:
        return None
    try:
        return json.loads(response.content)
    except ValueError:
        return None


def expectation_problems(expect, response: Answer, body) -> list[str]:
    """What the step expected and did not get."""
    problems = []
    if expect.status is not None and response.status_code != expect.status:
        detail = show(body) if body is not None else response.content[:200]
        problems.append(f"expected status {expect.status}, got {response.status_code}: {detail}")
        return problems
    if expect.has_match:
        problems += [f"answer {p}" for p in mismatches(expect.match, body)]
    for name, pattern in (expect.headers or {}).items():
        value = response.headers.get(name)
        if value is None and not (isinstance(pattern, dict) and pattern.get("$absent")):
            problems.append(f"header {name}: missing")
        elif value is not None:
            problems += [f"header {name}: {p}" for p in mismatches(pattern, value)]
    wanted = expect.body
    if wanted:
        if wanted.get("empty") and response.content:
            problems.append(f"expected no body, got {len(response.content)} bytes")
        if "sample" in wanted:
            data = sample(wanted["sample"], wanted.get("size"))
            first, last = wanted.get("range") or (0, len(data) - 1)
            if response.content != data[first:last + 1]:
                problems.append(f"body: expected bytes {first}-{last} of the {wanted['sample']} sample "
                                f"({last - first + 1} bytes), got {len(response.content)} other bytes")
        for word in wanted.get("absent") or ():
            if word.encode("utf-8") in response.content:
                problems.append(f"body: {word!r} is still in it")
    return problems


def play(contract: HttpContract, base_url: str, request: dict) -> tuple[Answer, object, list[str]]:
    """Send the request; (response, its JSON or None, what the document does not allow)."""
    method = str(request["method"]).upper()
    operation = contract.find(method, request["path"])
    if operation is None:
        raise KitFailure(f"{method} {request['path']}: no operation of the contract's OpenAPI documents has this address")
    try:
        response = send(base_url, request)
    except (OSError, http.client.HTTPException) as exc:
        raise KitFailure(f"{operation.label}: no answer from {base_url}: {exc!r}") from None
    body = json_body(response)
    return response, body, contract.problems(operation, response, body)
