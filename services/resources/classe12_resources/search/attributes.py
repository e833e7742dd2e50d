"""The filterable attributes of the indexed resources, as sets of slots (see bitsets.py).

Facet attributes (few values each) and the values of the range filters are kept as bit sets,
so filters and facet counts are intersections and population counts. Tags and competences
(free keywords, possibly one per resource) are kept as plain sets of slots, turned into bit
sets when a filter names one.
"""
from __future__ import annotations

from typing import Callable

from . import bitsets
from .documents import Entry, duration_bucket

#: facet -> the values an entry has for it
FACET_VALUES: dict[str, Callable[[Entry], tuple]] = {
    "kind": lambda e: (e.kind,),
    "level": lambda e: e.levels,
    "topic": lambda e: e.topics,
    "licence": lambda e: (e.licence,),
    "duration": lambda e: (duration_bucket(e.duration),) if e.duration is not None else (),
    "zone": lambda e: e.zones,
}
#: numeric attributes the range filters read (value -> bit set of the entries having it)
RANGE_VALUES: dict[str, Callable[[Entry], tuple]] = {
    "duration_minutes": lambda e: (e.duration,) if e.duration is not None else (),
    "pupils": lambda e: (e.pupils,) if e.pupils is not None else (),
    "surface": lambda e: (e.surface,) if e.surface is not None else (),
}
#: sparse attributes (sets of slots)
KEYWORD_VALUES: dict[str, Callable[[Entry], tuple]] = {
    "tag": lambda e: e.tags,
    "competence": lambda e: e.competences,
}
_DENSE = {**FACET_VALUES, **RANGE_VALUES}


class Attributes:
    def __init__(self):
        self.live = bitsets.EMPTY
        self.dense: dict[str, dict] = {name: {} for name in _DENSE}
        self.sparse: dict[str, dict] = {name: {} for name in KEYWORD_VALUES}

    # -- changes ---------------------------------------------------------------------------

    def add(self, slot: int, entry: Entry) -> None:
        bit = bitsets.bit(slot)
        self.live |= bit
        for name, values_of in _DENSE.items():
            table = self.dense[name]
            for value in values_of(entry):
                table[value] = table.get(value, bitsets.EMPTY) | bit
        for name, values_of in KEYWORD_VALUES.items():
            table = self.sparse[name]
            for value in values_of(entry):
                table.setdefault(value, set()).add(slot)

    def remove(self, slot: int, entry: Entry) -> None:
        keep = ~bitsets.bit(slot)
        self.live &= keep
        for name, values_of in _DENSE.items():
            table = self.dense[name]
            for value in values_of(entry):
                remaining = table[value] & keep
                if remaining:
                    table[value] = remaining
                else:
                    del table[value]
        for name, values_of in KEYWORD_VALUES.items():
            table = self.sparse[name]
            for value in values_of(entry):
                table[value].discard(slot)
                if not table[value]:
                    del table[value]

    @classmethod
    def of(cls, entries: list[Entry | None]) -> "Attributes":
        """Built at once from every slot (None: a free slot): linear, unlike repeated add()."""
        built = cls()
        size = len(entries)
        dense_slots: dict[str, dict] = {name: {} for name in _DENSE}
        for slot, entry in enumerate(entries):
            if entry is None:
                continue
            for name, values_of in _DENSE.items():
                for value in values_of(entry):
                    dense_slots[name].setdefault(value, []).append(slot)
            for name, values_of in KEYWORD_VALUES.items():
                for value in values_of(entry):
                    built.sparse[name].setdefault(value, set()).add(slot)
        built.live = bitsets.from_slots((s for s, e in enumerate(entries) if e is not None), size)
        for name, table in dense_slots.items():
            built.dense[name] = {value: bitsets.from_slots(slots, size) for value, slots in table.items()}
        return built

    # -- reads -----------------------------------------------------------------------------

    def having(self, name: str, values) -> int:
        """The entries having any of `values` for attribute `name`."""
        if name in self.sparse:
            size = max((max(self.sparse[name].get(v, ()), default=0) for v in values), default=0) + 1
            return bitsets.from_slots((s for v in values for s in self.sparse[name].get(v, ())), size)
        table = self.dense[name]
        return bitsets.union(table.get(value, bitsets.EMPTY) for value in values)

    def in_range(self, name: str, accept: Callable[[int], bool]) -> int:
        """The entries whose numeric attribute `name` satisfies `accept`."""
        return bitsets.union(mask for value, mask in self.dense[name].items() if accept(value))

    def counts(self, facet: str, within: int) -> dict:
        """{value: number of entries of `within` having it}, values with at least one."""
        counts = {}
        for value, mask in self.dense[facet].items():
            count = (mask & within).bit_count()
            if count:
                counts[value] = count
        return counts
