"""The competence framework of cycle 2 and the repères, versioned data shipped with the service.

Version N is two files of `classe12_evaluation/framework/`: `vN.yaml` (domains -> competences
-> items, the LSU scale) and `reperes.vN.yaml` (periods -> exercises with two thresholds and
their source). The highest version is in force; older ones stay readable, because every
positioning and every repères score keeps the version it was made with: a new version never
rewrites them. Each version is announced once on the bus (evaluation.framework_published).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources as package_files

import yaml

from classe12_runtime.uow import Event, Outcome

#: the LSU scale, lowest first (ids; the French labels are in the framework file)
SCALE = ("non_atteint", "partiellement_atteint", "atteint", "depasse")
LEVELS = ("CP", "CE1", "CE2")
#: the three groups the two thresholds of a repères exercise give, lowest first
GROUPS = ("besoin", "fragile", "satisfaisant")
GROUP_LABELS = {"besoin": "Besoin d’accompagnement", "fragile": "Fragile", "satisfaisant": "Satisfaisant"}

#: ids shared with resources' competence references
ID_PATTERN = re.compile(r"[a-z]{2,5}(\.[a-z0-9-]{2,40}){1,3}")
SLUG_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{1,40}")
DEMONSTRATION = "demonstration"

FRAMEWORK_PUBLISHED = "evaluation.framework_published"


def framework_problems(framework: dict, reperes: dict) -> list[str]:
    """What is wrong with the two files of one version (empty when they are sound)."""
    problems: list[str] = []
    version = framework.get("version")
    if not isinstance(version, int) or version < 1:
        problems.append("version: a positive integer")
    if reperes.get("version") != version:
        problems.append("reperes: same version as the framework")
    if [s.get("id") for s in framework.get("scale") or []] != list(SCALE):
        problems.append(f"scale: exactly {SCALE}, lowest first")
    for step in framework.get("scale") or []:
        if not str(step.get("label") or "").strip():
            problems.append(f"scale {step.get('id')}: a French label")
    seen: set[str] = set()

    def check_id(node: dict, where: str, parent: str | None) -> str:
        ident = str(node.get("id") or "")
        if not ID_PATTERN.fullmatch(ident):
            problems.append(f"{where} {ident!r}: id format {ID_PATTERN.pattern}")
        if parent and not ident.startswith(parent + "."):
            problems.append(f"{where} {ident!r}: must start with {parent}.")
        if ident in seen:
            problems.append(f"{where} {ident!r}: duplicate id")
        seen.add(ident)
        if not str(node.get("label") or "").strip():
            problems.append(f"{where} {ident!r}: a French label")
        return ident

    items = 0
    for domain in framework.get("domains") or []:
        domain_id = check_id(domain, "domain", None)
        if not domain.get("competences"):
            problems.append(f"domain {domain_id!r}: no competence")
        for competence in domain.get("competences") or []:
            competence_id = check_id(competence, "competence", domain_id)
            if not competence.get("items"):
                problems.append(f"competence {competence_id!r}: no item")
            for item in competence.get("items") or []:
                item_id = check_id(item, "item", competence_id)
                levels = item.get("levels") or []
                if not levels or any(level not in LEVELS for level in levels) or len(set(levels)) != len(levels):
                    problems.append(f"item {item_id!r}: levels among {LEVELS}, at least one, each once")
                items += 1
    if not 40 <= items <= 120:
        problems.append(f"{items} items: a framework of cycle 2 has 40 to 120")

    sources = reperes.get("sources") or {}
    for name, source in sources.items():
        if not str(source.get("label") or "").strip():
            problems.append(f"source {name!r}: a label")
    if DEMONSTRATION in sources and sources[DEMONSTRATION].get("label") != "valeurs de démonstration":
        problems.append("source demonstration: labelled « valeurs de démonstration »")
    periods = [p.get("id") for p in reperes.get("periods") or []]
    if periods != ["debut-cp", "mi-cp", "debut-ce1"]:
        problems.append("reperes: the periods debut-cp, mi-cp, debut-ce1, in that order")
    for period in reperes.get("periods") or []:
        if period.get("level") not in ("CP", "CE1") or not str(period.get("label") or "").strip():
            problems.append(f"period {period.get('id')!r}: a level (CP, CE1) and a label")
        ids = [e.get("id") for e in period.get("exercises") or []]
        if not ids or len(set(ids)) != len(ids):
            problems.append(f"period {period.get('id')!r}: exercises with unique ids")
        for exercise in period.get("exercises") or []:
            where = f"exercise {period.get('id')}/{exercise.get('id')}"
            if not SLUG_PATTERN.fullmatch(str(exercise.get("id") or "")):
                problems.append(f"{where}: id format {SLUG_PATTERN.pattern}")
            if not str(exercise.get("label") or "").strip():
                problems.append(f"{where}: a label")
            if exercise.get("domain") not in ("francais", "mathematiques"):
                problems.append(f"{where}: domain francais or mathematiques")
            top = exercise.get("max_score")
            low, high = (list(exercise.get("thresholds") or []) + [None, None])[:2]
            if not isinstance(top, int) or top < 1:
                problems.append(f"{where}: max_score a positive integer")
            elif not (isinstance(low, int) and isinstance(high, int) and 0 < low < high <= top
                      and len(exercise["thresholds"]) == 2):
                problems.append(f"{where}: two thresholds 0 < first < second <= max_score")
            if exercise.get("source") not in sources:
                problems.append(f"{where}: a source among {sorted(sources)}")
    return problems


@dataclass(frozen=True)
class Exercise:
    id: str
    label: str
    domain: str
    max_score: int
    thresholds: tuple[int, int]
    source: str

    def group(self, score: int) -> str:
        """besoin below the first threshold, fragile below the second, satisfaisant from it."""
        low, high = self.thresholds
        return GROUPS[0] if score < low else GROUPS[1] if score < high else GROUPS[2]


@dataclass(frozen=True)
class Framework:
    """One version of the framework and of the repères."""

    version: int
    data: dict = field(repr=False, compare=False)     # vN.yaml as read
    reperes: dict = field(repr=False, compare=False)  # reperes.vN.yaml as read

    @classmethod
    def from_dicts(cls, framework: dict, reperes: dict) -> "Framework":
        problems = framework_problems(framework, reperes)
        if problems:
            raise ValueError("framework files are not sound: " + "; ".join(problems))
        return cls(framework["version"], framework, reperes)

    # -- lookups ---------------------------------------------------------------------------

    @property
    def scale_labels(self) -> dict[str, str]:
        return {s["id"]: s["label"] for s in self.data["scale"]}

    @property
    def items(self) -> dict[str, dict]:
        """item id -> {id, label, levels, competence_id, domain_id}, in the framework's order."""
        return _items(self)

    @property
    def competences(self) -> dict[str, dict]:
        """competence id -> {id, label, domain_id, item_ids}."""
        return {c["id"]: {"id": c["id"], "label": c["label"], "domain_id": d["id"],
                          "item_ids": [i["id"] for i in c["items"]]}
                for d in self.data["domains"] for c in d["competences"]}

    def period(self, period_id: str) -> dict | None:
        return next((p for p in self.reperes["periods"] if p["id"] == period_id), None)

    def exercises(self, period_id: str) -> dict[str, Exercise]:
        period = self.period(period_id) or {"exercises": []}
        return {e["id"]: Exercise(e["id"], e["label"], e["domain"], e["max_score"], tuple(e["thresholds"]), e["source"])
                for e in period["exercises"]}

    def source_label(self, source: str) -> str:
        return self.reperes["sources"][source]["label"]

    # -- what is served and announced ------------------------------------------------------

    def as_dict(self) -> dict:
        sources = self.reperes["sources"]
        return {
            "version": self.version,
            "title": self.data["title"],
            "published_on": str(self.data["published_on"]),
            "source": self.data["source"],
            "scale": [{"id": s["id"], "label": s["label"]} for s in self.data["scale"]],
            "domains": [{"id": d["id"], "label": d["label"],
                         "competences": [{"id": c["id"], "label": c["label"],
                                          "items": [{"id": i["id"], "label": i["label"], "levels": list(i["levels"])}
                                                    for i in c["items"]]}
                                         for c in d["competences"]]}
                        for d in self.data["domains"]],
            "reperes": {
                "groups": [{"id": g, "label": GROUP_LABELS[g]} for g in GROUPS],
                "sources": [{"id": name, "label": s["label"], "description": " ".join(str(s.get("description", "")).split())}
                            for name, s in sources.items()],
                "periods": [{"id": p["id"], "label": p["label"], "level": p["level"],
                             "exercises": [{"id": e["id"], "label": e["label"], "domain": e["domain"],
                                            "max_score": e["max_score"], "thresholds": list(e["thresholds"]),
                                            "source": e["source"], "source_label": sources[e["source"]]["label"]}
                                           for e in p["exercises"]]}
                            for p in self.reperes["periods"]],
            },
        }

    def announcement(self) -> dict:
        """The payload of evaluation.framework_published: the structure, ids and labels."""
        return {"version": self.version, "published_on": str(self.data["published_on"]),
                "scale": [s["id"] for s in self.data["scale"]],
                "domains": [{"id": d["id"], "label": d["label"],
                             "competences": [{"id": c["id"], "label": c["label"],
                                              "items": [{"id": i["id"], "label": i["label"], "levels": list(i["levels"])}
                                                        for i in c["items"]]}
                                             for c in d["competences"]]}
                            for d in self.data["domains"]],
                "periods": [{"id": p["id"], "exercises": [e["id"] for e in p["exercises"]]}
                            for p in self.reperes["periods"]]}


@lru_cache(maxsize=None)
def _items(framework: Framework) -> dict[str, dict]:
    return {i["id"]: {"id": i["id"], "label": i["label"], "levels": list(i["levels"]),
                      "competence_id": c["id"], "domain_id": d["id"]}
            for d in framework.data["domains"] for c in d["competences"] for i in c["items"]}


class Frameworks:
    """Every version shipped (or given, in tests), the highest in force."""

    def __init__(self, versions: dict[int, Framework]):
        if not versions:
            raise ValueError("no framework version")
        self.versions = dict(sorted(versions.items()))

    @property
    def current(self) -> Framework:
        return self.versions[max(self.versions)]

    def get(self, version: int) -> Framework | None:
        return self.versions.get(version)


_FILE = re.compile(r"v([0-9]+)\.yaml")


def read_files() -> dict[int, tuple[dict, dict]]:
    """{version: (framework dict, repères dict)} as shipped in the package."""
    folder = package_files.files("classe12_evaluation").joinpath("framework")
    found = {}
    for entry in folder.iterdir():
        match = _FILE.fullmatch(entry.name)
        if match:
            version = int(match.group(1))
            reperes = folder.joinpath(f"reperes.v{version}.yaml").read_text("utf-8")
            found[version] = (yaml.safe_load(entry.read_text("utf-8")), yaml.safe_load(reperes))
    return found


@lru_cache(maxsize=1)
def shipped() -> Frameworks:
    return Frameworks({version: Framework.from_dicts(*files) for version, files in read_files().items()})


def announce_framework(store, framework: Framework, now):
    """Announce this framework version once (whichever replica starts first with it)."""
    if not store.record_framework(framework.version, now):
        return Outcome(None)
    return Outcome(None, [Event(FRAMEWORK_PUBLISHED, 1, framework.announcement())])
