"""Expected-value patterns of the kit's scenarios: subset matching with a few `$` operators.

- a mapping matches a mapping holding at least its keys, each matching (recursively);
- a list matches a list of the same length, element by element;
- a scalar matches an equal scalar (`true` never equals `1`);
- a mapping whose keys all start with `$` is an operator (several are combined with AND):
  `$len: N` (length of a list, string or mapping), `$contains: P` (some element of a list
  matches P; for a string, P is a substring), `$every: P` (every element matches P),
  `$any: true` (present, any value, null included), `$absent: true` (the key is missing),
  `$not: P` (does not match P), `$regex: R` (a string R searches), `$type: T` (JSON type:
  string, integer, number, boolean, null, array, object).
"""
from __future__ import annotations

import json
import re

OPERATORS = ("$len", "$contains", "$every", "$any", "$absent", "$not", "$regex", "$type")
_TYPES = {"string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,),
          "null": (type(None),), "array": (list,), "object": (dict,)}


class PatternError(ValueError):
    """The pattern itself is wrong (unknown operator, mixed keys...): a mistake in the scenario."""


def show(value, limit: int = 300) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[:limit] + "…"


def is_operator(pattern) -> bool:
    if not isinstance(pattern, dict) or not pattern:
        return False
    dollars = [key.startswith("$") for key in pattern]
    if any(dollars) and not all(dollars):
        raise PatternError(f"a pattern mixes operators and keys: {show(pattern)}")
    return all(dollars)


def check_pattern(pattern) -> None:
    """Raise PatternError for an unknown operator anywhere in `pattern`."""
    if isinstance(pattern, dict):
        if is_operator(pattern):
            for key in pattern:
                if key not in OPERATORS:
                    raise PatternError(f"unknown operator {key} (known: {', '.join(OPERATORS)})")
            if "$type" in pattern and pattern["$type"] not in _TYPES:
                raise PatternError(f"$type {pattern['$type']!r} is not one of {', '.join(_TYPES)}")
        for value in pattern.values():
            check_pattern(value)
    elif isinstance(pattern, list):
        for value in pattern:
            check_pattern(value)


def _where(path: str) -> str:
    return path or "(root)"


def _scalar_equal(expected, actual) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    return expected == actual


def _is_type(actual, name: str) -> bool:
    if isinstance(actual, bool) and name in ("integer", "number"):
        return False
    return isinstance(actual, _TYPES[name])


def _operator(pattern: dict, actual, path: str) -> list[str]:
    problems = []
    for op, arg in pattern.items():
        if op == "$any":
            continue  # presence is checked by the enclosing mapping
        if op == "$absent":
            problems.append(f"{_where(path)}: expected no value, got {show(actual)}")
        elif op == "$len":
            if not isinstance(actual, (list, str, dict)) or len(actual) != arg:
                size = len(actual) if isinstance(actual, (list, str, dict)) else "no length"
                problems.append(f"{_where(path)}: expected length {arg}, got {size} in {show(actual)}")
        elif op == "$contains":
            if isinstance(actual, str) and isinstance(arg, str):
                found = arg in actual
            else:
                found = isinstance(actual, list) and any(not mismatches(arg, item) for item in actual)
            if not found:
                problems.append(f"{_where(path)}: expected an element matching {show(arg)}, got {show(actual)}")
        elif op == "$every":
            if not isinstance(actual, list):
                problems.append(f"{_where(path)}: expected a list, got {show(actual)}")
            else:
                for index, item in enumerate(actual):
                    problems += mismatches(arg, item, f"{path}.{index}" if path else str(index))
        elif op == "$not":
            if not mismatches(arg, actual):
                problems.append(f"{_where(path)}: expected something not matching {show(arg)}, got {show(actual)}")
        elif op == "$regex":
            if not isinstance(actual, str) or not re.search(arg, actual):
                problems.append(f"{_where(path)}: expected a string matching /{arg}/, got {show(actual)}")
        elif op == "$type":
            if not _is_type(actual, arg):
                problems.append(f"{_where(path)}: expected a value of type {arg}, got {show(actual)}")
        else:
            raise PatternError(f"unknown operator {op} (known: {', '.join(OPERATORS)})")
    return problems


def mismatches(expected, actual, path: str = "") -> list[str]:
    """Every way `actual` fails `expected` ("items.0.kind: expected ..., got ..."); [] when it matches."""
    if is_operator(expected):
        return _operator(expected, actual, path)
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{_where(path)}: expected an object, got {show(actual)}"]
        problems = []
        for key, sub in expected.items():
            where = f"{path}.{key}" if path else str(key)
            if is_operator(sub) and sub.get("$absent"):
                if key in actual:
                    problems.append(f"{where}: expected no such key, got {show(actual[key])}")
                continue
            if key not in actual:
                problems.append(f"{where}: missing")
                continue
            problems += mismatches(sub, actual[key], where)
        return problems
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{_where(path)}: expected a list, got {show(actual)}"]
        if len(expected) != len(actual):
            return [f"{_where(path)}: expected {len(expected)} elements, got {len(actual)}: {show(actual)}"]
        problems = []
        for index, (sub, item) in enumerate(zip(expected, actual, strict=True)):
            problems += mismatches(sub, item, f"{path}.{index}" if path else str(index))
        return problems
    if not _scalar_equal(expected, actual):
        return [f"{_where(path)}: expected {show(expected)}, got {show(actual)}"]
    return []
