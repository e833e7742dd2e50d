"""Who receives what: the levels a resource and a recipient have in common."""
from __future__ import annotations

from collections.abc import Iterable

from classe12_contracts.registry import in_order

#: the shared format of a level, owned by the evaluation service's contract
LEVEL_FORMAT = ("urn:classe12:evaluation:formats:v1", "level")


def ordered_levels(levels: Iterable[str]) -> list[str]:
    """Known levels, without duplicates, in school order (CP before CE1)."""
    return in_order(levels, *LEVEL_FORMAT)


def common_levels(recipient_levels: Iterable[str], resource_levels: Iterable[str]) -> list[str]:
    """The levels of the resource the recipient teaches; empty means "not concerned"."""
    return ordered_levels(set(recipient_levels or ()) & set(resource_levels or ()))


def concerned_by_resource(recipient: dict, resource: dict) -> list[str]:
    """Levels for which `recipient` hears of `resource`; empty when they must not be notified.

    A recipient is notified when they teach at least one level of the resource, except the
    person who published it (they know already).
    """
    if recipient.get("member_id") == resource.get("published_by"):
        return []
    return common_levels(recipient.get("levels"), resource.get("levels"))
