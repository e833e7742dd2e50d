"""`classe12-contracts publish`: freeze every contract's JSON Schemas under schemas/published/.

Each JSON Schema file of a service's contract folder (versioned event payloads such as
`events/resource_published.v1.json`, shared formats such as `formats.v1.json`) is copied to
`schemas/published/<service>/<same path>`, the copy every consumer resolves at run time. A
schema already published may only change compatibly: whatever the new schema accepts, the
published one accepted too (so consumers pinned to it keep working), new optional properties
aside. Anything else needs a new version (`....v2.json`).

    classe12-contracts publish            # add new versions, update compatible changes
    classe12-contracts publish --check    # change nothing; exit 1 when something is to do
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .documents import contracts_root
from .registry import PUBLISHED_DIR, load_schema_file, schema_files

ANNOTATIONS = {"description", "title", "examples", "default", "errorMessage", "$comment", "$schema"}
UPPER_BOUNDS = ("maxLength", "maxItems", "maximum", "exclusiveMaximum", "maxProperties")
LOWER_BOUNDS = ("minLength", "minItems", "minimum", "exclusiveMinimum", "minProperties")


def _types(schema: dict) -> set | None:
    types = schema.get("type")
    if types is None:
        return None
    return set(types) if isinstance(types, list) else {types}


def incompatibilities(old, new, path: str = "") -> list[str]:
    """Why a message valid under `new` might be refused by `old` (empty: compatible)."""
    where = path or "(root)"
    if not isinstance(old, dict) or not isinstance(new, dict):
        return [] if old == new else [f"{where}: changed"]
    problems = []
    if old.get("$ref") != new.get("$ref"):
        problems.append(f"{where}: reference changed from {old.get('$ref')} to {new.get('$ref')}")
    old_types, new_types = _types(old), _types(new)
    if old_types is not None and (new_types is None or not new_types <= old_types):
        problems.append(f"{where}: type widened from {sorted(old_types)} to {sorted(new_types or ['any'])}")
    if "enum" in old and not set(map(json.dumps, new.get("enum", [None, "any"]))) <= set(map(json.dumps, old["enum"])):
        problems.append(f"{where}: values added to the enumeration")
    for keyword in ("const", "pattern", "format"):
        if keyword in old and new.get(keyword) != old[keyword]:
            problems.append(f"{where}: {keyword} changed")
    for keyword in UPPER_BOUNDS:
        if keyword in old and (keyword not in new or new[keyword] > old[keyword]):
            problems.append(f"{where}: {keyword} relaxed")
    for keyword in LOWER_BOUNDS:
        if keyword in old and (keyword not in new or new[keyword] < old[keyword]):
            problems.append(f"{where}: {keyword} relaxed")
    missing = set(old.get("required", [])) - set(new.get("required", []))
    if missing:
        problems.append(f"{where}: no longer required: {sorted(missing)}")
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    for name, schema in old_props.items():
        if name in new_props:
            problems += incompatibilities(schema, new_props[name], f"{path}.{name}" if path else name)
    if old.get("additionalProperties") is False and set(new_props) - set(old_props):
        problems.append(f"{where}: properties added where none were allowed: {sorted(set(new_props) - set(old_props))}")
    for keyword in ("items", "not", "additionalProperties"):
        if isinstance(old.get(keyword), dict):
            problems += incompatibilities(old[keyword], new.get(keyword, {}), f"{path}.{keyword}" if path else keyword)
    for keyword in ("oneOf", "anyOf", "allOf"):
        if keyword in old:
            branches = new.get(keyword, [])
            if len(branches) != len(old[keyword]):
                problems.append(f"{where}: {keyword} changed")
            else:
                for i, (a, b) in enumerate(zip(old[keyword], branches, strict=True)):
                    problems += incompatibilities(a, b, f"{path}.{keyword}[{i}]")
    for name, schema in old.get("definitions", {}).items():
        if name not in new.get("definitions", {}):
            problems.append(f"{where}: definition {name} removed")
        else:
            problems += incompatibilities(schema, new["definitions"][name], f"definitions.{name}")
    return problems


def _stripped(node):
    if isinstance(node, dict):
        return {k: _stripped(v) for k, v in node.items() if k not in ANNOTATIONS}
    if isinstance(node, list):
        return [_stripped(v) for v in node]
    return node


@dataclass
class Report:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    incompatible: dict[str, list[str]] = field(default_factory=dict)

    @property
    def pending(self) -> bool:
        return bool(self.added or self.updated or self.incompatible)


def publish(root: Path | None = None, published: Path = PUBLISHED_DIR, write: bool = True) -> Report:
    root = root or contracts_root()
    report = Report()
    for folder in sorted(root.glob("*/contract")):
        service = folder.parent.name
        for source in schema_files(folder):
            contents = load_schema_file(source)
            target = published / service / source.relative_to(folder)
            uri = contents["$id"]
            if not target.exists():
                report.added.append(uri)
            else:
                frozen = load_schema_file(target)
                if frozen == contents:
                    continue
                problems = incompatibilities(_stripped(frozen), _stripped(contents))
                if problems:
                    report.incompatible[uri] = problems
                    continue
                report.updated.append(uri)
            if write:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="classe12-contracts", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("publish", help="freeze the contracts' schemas under schemas/published/")
    command.add_argument("--check", action="store_true", help="change nothing; exit 1 when something is to do")
    command.add_argument("--contracts", type=Path, default=None, help="folder of <service>/contract/")
    args = parser.parse_args(argv)
    report = publish(args.contracts, write=not args.check)
    for uri in report.added:
        print(f"{'to publish' if args.check else 'published'}: {uri}")
    for uri in report.updated:
        print(f"{'to update' if args.check else 'updated'} (compatible): {uri}")
    for uri, problems in report.incompatible.items():
        print(f"INCOMPATIBLE change to {uri}: publish it as a new version instead.", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
    return 1 if report.incompatible or (args.check and report.pending) else 0


if __name__ == "__main__":
    sys.exit(main())
