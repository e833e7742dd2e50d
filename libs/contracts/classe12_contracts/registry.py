"""JSON Schemas by URN: the platform's own, the frozen published ones, and loaded contracts.

Every schema file under `schemas/` carries an `$id` such as `urn:classe12:platform:envelope:v1`
or `urn:classe12:resources:events:resource_published:v1`; references between contracts use
those URNs, never file paths, so a contract resolves the same wherever it is copied.
"""
from __future__ import annotations

import json
import threading
from pathlib import Path

from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
PUBLISHED_DIR = SCHEMA_DIR / "published"


def resource(contents: dict) -> Resource:
    return Resource.from_contents(contents, default_specification=DRAFT7)


def schema_files(directory: Path = SCHEMA_DIR) -> list[Path]:
    return sorted(path for path in directory.rglob("*.json"))


def load_schema_file(path: Path) -> dict:
    contents = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(contents, dict) or not str(contents.get("$id", "")).startswith("urn:classe12:"):
        raise ValueError(f"{path}: a contract schema needs an $id of the form urn:classe12:...")
    return contents


class SchemaRegistry:
    """The URN -> schema map every validator resolves references against (thread-safe)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._schemas: dict[str, dict] = {}
        self._registry = Registry()

    def add(self, uri: str, contents: dict, replace: bool = False) -> None:
        with self._lock:
            if uri in self._schemas and not replace:
                if self._schemas[uri] != contents:
                    raise ValueError(f"two different schemas claim {uri}")
                return
            self._schemas[uri] = contents
            self._registry = self._registry.with_resource(uri, resource(contents))

    def add_directory(self, directory: Path, replace: bool = False) -> None:
        for path in schema_files(directory):
            contents = load_schema_file(path)
            self.add(contents["$id"], contents, replace=replace)

    def get(self, uri: str) -> dict:
        return self._schemas[uri]

    def __contains__(self, uri: str) -> bool:
        return uri in self._schemas

    @property
    def uris(self) -> list[str]:
        return sorted(self._schemas)

    @property
    def referencing(self) -> Registry:
        return self._registry


_default: SchemaRegistry | None = None
_default_lock = threading.Lock()


def default_registry() -> SchemaRegistry:
    """The platform and published schemas shipped with this package (loaded once)."""
    global _default
    with _default_lock:
        if _default is None:
            registry = SchemaRegistry()
            registry.add_directory(SCHEMA_DIR)
            _default = registry
        return _default


def definition(uri: str, name: str, registry: SchemaRegistry | None = None) -> dict:
    """A shared definition, e.g. definition("urn:classe12:evaluation:formats:v1", "level")."""
    return (registry or default_registry()).get(uri)["definitions"][name]


def enum(uri: str, name: str, registry: SchemaRegistry | None = None) -> tuple:
    """The values of a shared enumeration, in the order its owner gives them."""
    return tuple(definition(uri, name, registry)["enum"])


def in_order(values, uri: str, name: str, registry: SchemaRegistry | None = None) -> list:
    """`values` deduplicated, in the order the shared enumeration gives (unknown ones dropped),
    e.g. in_order(["CE1", "CP", "CE1"], LEVELS_URI, "level") == ["CP", "CE1"]."""
    chosen = set(values or ())
    return [value for value in enum(uri, name, registry) if value in chosen]

