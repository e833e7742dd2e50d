"""`{{name.path}}` templates of the kit's scenarios, read from what a scenario run has so far.

A path starts with a saved name (a reply or an envelope), `actors.<name>.id|roles`,
`run.id` (fresh hexadecimal per scenario run), `ids.<name>` (a fresh 24-hex id per scenario
run, the same each time the scenario names it) or `repeat.index` (1, 2... in a repeated step;
`repeat.offset`: 0, 1...),
then follows keys and list indexes (`page.items.0.id`). A string that is exactly one template
keeps the value's type; otherwise each template is replaced by its text (JSON for non-strings).
"""
from __future__ import annotations

import json
import re
import secrets

TEMPLATE = re.compile(r"\{\{\s*([A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)*)\s*\}\}")
#: a template inside an unfinished one: "{{page.items." then "{{repeat.offset}}"
NESTED = re.compile(r"(\{\{[^{}]*)\{\{\s*([A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)*)\s*\}\}")


class TemplateError(KeyError):
    """A template names something the scenario has not saved (yet)."""

    def __str__(self) -> str:
        return str(self.args[0])


class FreshIds(dict):
    """`ids.<name>`: a new random 24-hex id the first time a name is read, the same afterwards."""

    def __missing__(self, name: str) -> str:
        self[name] = secrets.token_hex(12)
        return self[name]


def lookup(path: str, context: dict):
    parts = path.split(".")
    if parts[0] not in context:
        known = ", ".join(sorted(context)) or "nothing"
        raise TemplateError(f"{{{{{path}}}}}: {parts[0]!r} is not saved (known: {known})")
    value = context[parts[0]]
    for depth, part in enumerate(parts[1:], start=1):
        where = ".".join(parts[:depth])
        if isinstance(value, dict):
            if part not in value and not isinstance(value, FreshIds):
                raise TemplateError(f"{{{{{path}}}}}: {where} has no key {part!r} (keys: {', '.join(map(str, value))})")
            value = value[part]
        elif isinstance(value, list):
            if not part.isdigit() or int(part) >= len(value):
                raise TemplateError(f"{{{{{path}}}}}: {where} has {len(value)} elements, no index {part!r}")
            value = value[int(part)]
        else:
            raise TemplateError(f"{{{{{path}}}}}: {where} is {json.dumps(value, default=str)}, not an object or a list")
    return value


def _text(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def render(value, context: dict):
    """`value` (from the YAML) with every template replaced; a template inside another is
    replaced first (`{{page.items.{{repeat.offset}}.id}}`)."""
    if isinstance(value, str):
        while NESTED.search(value):
            value = NESTED.sub(lambda m: m.group(1) + _text(lookup(m.group(2), context)), value, count=1)
        whole = TEMPLATE.fullmatch(value)
        if whole:
            return lookup(whole.group(1), context)
        return TEMPLATE.sub(lambda m: _text(lookup(m.group(1), context)), value)
    if isinstance(value, dict):
        return {key: render(item, context) for key, item in value.items()}
    if isinstance(value, list):
        return [render(item, context) for item in value]
    return value


def names_in(value) -> set[str]:
    """The first segments of every template in `value` (what it reads)."""
    if isinstance(value, str):
        return {m.group(1).split(".")[0] for m in TEMPLATE.finditer(value)}
    if isinstance(value, dict):
        return set().union(*(names_in(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(names_in(v) for v in value)) if value else set()
    return set()
