"""Positioning pupils on the framework's items (LSU scale) and the repères: use cases.

Who sees what: only the class's teachers, as for the class itself; anybody else, admins
included, is told the class does not exist. Every read and write of results leaves an audit
record (who, what, when, request id), refused attempts included.

A positioning is (pupil, item, date) -> level, optional comment, the framework version it was
made with, who recorded it and when. Entering the same cells again changes nothing (PUT is
idempotent); another date adds to the pupil's history; the same date replaces that day's
positioning. A grid is checked whole before anything is written: one bad cell refuses the
request, each bad cell named.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Callable

from classe12_contracts.errors import Conflict, Invalid, NotFound
from classe12_runtime.clock import utcnow
from classe12_runtime.context import Caller
from classe12_runtime.uow import Outcome

from .classes import ARCHIVED, DENIED, NOT_FOUND, OK, REFUSED
from .framework import GROUPS, SCALE, Framework, Frameworks, shipped

INVALID = "invalid"
PUPIL_NOT_FOUND = "Cet élève n'existe pas."
COMMENT_MAX = 300

# audit actions
POSITION_GRID = "position_grid"
CLASS_VIEW = "get_class_view"
GET_GRID = "get_grid"
PUPIL_HISTORY = "get_pupil_history"
RECORD_REPERES = "record_reperes"
GET_REPERES = "get_reperes"

#: a class's periods of the repères, by its level
PERIODS_OF = {"CP": ("debut-cp", "mi-cp"), "CE1": ("debut-ce1",)}

PROGRESS = ("premier_positionnement", "en_progres", "stable", "en_recul")


def _zeros(keys) -> dict:
    return {key: 0 for key in keys}


def school_year_bounds(school_year: str) -> tuple[date, date]:
    """A class's positionings are dated within its school year: 1 August to 31 August after."""
    first, second = (int(part) for part in school_year.split("-"))
    return date(first, 8, 1), date(second, 8, 31)


def competence_level(levels: list[str]) -> str:
    """A pupil's level on a competence: the mean of their latest levels on its items, rounded
    down (atteint + dépassé is atteint; atteint + non atteint is partiellement atteint)."""
    ranks = [SCALE.index(level) for level in levels]
    return SCALE[sum(ranks) // len(ranks)]


def latest_by_pupil(entries: list[dict]) -> dict[str, dict]:
    """pupil id -> their latest entry (by date, then by time recorded)."""
    latest: dict[str, dict] = {}
    for entry in entries:
        current = latest.get(entry["pupil_id"])
        if current is None or (entry["date"], entry["at"]) > (current["date"], current["at"]):
            latest[entry["pupil_id"]] = entry
    return latest


def progress(history: list[dict]) -> str:
    if len(history) < 2:
        return PROGRESS[0]
    first, last = SCALE.index(history[0]["level"]), SCALE.index(history[-1]["level"])
    return PROGRESS[1] if last > first else PROGRESS[2] if last == first else PROGRESS[3]


class Positioning:
    """Use cases over a repository offering, beside the Classes repository:

    - grid_columns(class_id, item_ids=None) -> [{"item_id", "entries": [...]}] of the class
      (all of its items when item_ids is None)
    - save_grid_column(class_id, item_id, entries, now)
    - get_reperes(class_id, period) -> {"framework_version", "scores": {pupil_id: {exercise_id: score}}} | None
    - save_reperes(class_id, period, framework_version, scores, actor_id, now)
    - record_audit(entry)
    """

    def __init__(self, frameworks: Frameworks | None = None, clock: Callable[[], datetime] = utcnow):
        self._frameworks = frameworks
        self.clock = clock

    @property
    def frameworks(self) -> Frameworks:
        return self._frameworks or shipped()

    # -- the framework ---------------------------------------------------------------------

    def framework(self, version: int | None = None) -> dict:
        if version is None:
            return self.frameworks.current.as_dict()
        found = self.frameworks.get(version)
        if found is None:
            raise NotFound("Cette version du référentiel n'existe pas.")
        return found.as_dict()

    # -- grid entry ------------------------------------------------------------------------

    def position_grid(self, store, caller: Caller, class_id: str, data: dict) -> Outcome:
        """Run in a transaction: the cells and the audit record are written together, or only
        the audit record of the refusal."""
        actor_id = caller.require_member()
        now = self.clock()
        doc = store.get_for_teacher(class_id, actor_id)
        if doc is None:
            store.record_audit(self._audit(caller, POSITION_GRID, class_id, DENIED, now))
            return Outcome(error=NotFound(NOT_FOUND))
        if doc.get("archived_at"):
            store.record_audit(self._audit(caller, POSITION_GRID, class_id, REFUSED, now))
            return Outcome(error=Conflict(ARCHIVED))
        problems: dict[str, list[str]] = {}
        version = data.get("framework_version")
        framework = self.frameworks.current if version is None else self.frameworks.get(version)
        if framework is None:
            problems["framework_version"] = [
                f"Version du référentiel inconnue. Versions disponibles : {', '.join(map(str, self.frameworks.versions))}."]
        day = data["date"]
        problem = self._date_problem(day, doc["school_year"], now)
        if problem:
            problems["date"] = [problem]
        pupils = {str(p["id"]) for p in doc["pupils"]}
        seen: set[tuple[str, str]] = set()
        for index, cell in enumerate(data["cells"]):
            where = f"cells.{index}"
            if cell["pupil_id"] not in pupils:
                problems[f"{where}.pupil_id"] = ["Cet élève n'est pas dans la classe."]
            if framework is not None and cell["item_id"] not in framework.items:
                problems[f"{where}.item_id"] = [f"Item inconnu dans la version {framework.version} du référentiel."]
            if cell["level"] not in SCALE:
                problems[f"{where}.level"] = [f"Niveau hors de l'échelle : {', '.join(SCALE)}."]
            if (cell["pupil_id"], cell["item_id"]) in seen:
                problems[where] = ["Cette cellule (élève, item) figure deux fois dans la grille."]
            seen.add((cell["pupil_id"], cell["item_id"]))
        if problems:
            store.record_audit(self._audit(caller, POSITION_GRID, class_id, INVALID, now))
            return Outcome(error=Invalid("La grille n'a pas été enregistrée : corrigez les cellules signalées.",
                                         problems))
        day_text = day.isoformat()
        by_item: dict[str, list[dict]] = {}
        for cell in data["cells"]:
            by_item.setdefault(cell["item_id"], []).append(cell)
        written = 0
        columns = {c["item_id"]: c for c in store.grid_columns(class_id, list(by_item))}
        for item_id, cells in by_item.items():
            entries = list((columns.get(item_id) or {}).get("entries") or [])
            changed = False
            for cell in cells:
                new = {"pupil_id": cell["pupil_id"], "date": day_text, "level": cell["level"],
                       "comment": cell.get("comment") or None, "framework_version": framework.version,
                       "by": actor_id, "at": now}
                same_day = next((e for e in entries if e["pupil_id"] == cell["pupil_id"] and e["date"] == day_text), None)
                if same_day is not None and all(same_day.get(k) == new[k] for k in ("level", "comment", "framework_version")):
                    continue  # already so: a repeated grid changes nothing
                if same_day is not None:
                    entries.remove(same_day)
                entries.append(new)
                written += 1
                changed = True
            if changed:
                entries.sort(key=lambda e: (e["pupil_id"], e["date"]))
                store.save_grid_column(class_id, item_id, entries, now)
        store.record_audit(self._audit(caller, POSITION_GRID, class_id, OK, now, cells=len(data["cells"])))
        return Outcome({"class_id": class_id, "date": day_text, "framework_version": framework.version,
                        "cells": len(data["cells"]), "written": written, "unchanged": len(data["cells"]) - written,
                        "item_ids": list(by_item)})

    def _date_problem(self, day: date, school_year: str, now: datetime) -> str | None:
        start, end = school_year_bounds(school_year)
        if day > (now + timedelta(days=1)).date():
            return "La date ne peut pas être dans le futur."
        if not start <= day <= end:
            return f"La date doit être dans l'année scolaire de la classe ({school_year})."
        return None

    # -- the grid as it stands -------------------------------------------------------------

    def grid(self, store, caller: Caller, class_id: str, competence_id: str) -> Outcome:
        """Each pupil's latest level and its date on each item of one competence: what a grid
        reopens with. One read of the competence's columns (index class_item); one audit record."""
        actor_id = caller.require_member()
        doc = store.get_for_teacher(class_id, actor_id)
        store.record_audit(self._audit(caller, GET_GRID, class_id, OK if doc is not None else DENIED))
        if doc is None:
            return Outcome(error=NotFound(NOT_FOUND))
        framework = self.frameworks.current
        competence = framework.competences.get(competence_id)
        if competence is None:
            return Outcome(error=Invalid(fields={"competence_id": [
                f"Compétence inconnue dans la version {framework.version} du référentiel."]}))
        item_ids = list(competence["item_ids"])
        latest = {column["item_id"]: latest_by_pupil(column["entries"])
                  for column in store.grid_columns(class_id, item_ids)}
        pupils = []
        for pupil in doc["pupils"]:
            pupil_id = str(pupil["id"])
            cells = []
            for item_id in item_ids:
                entry = latest.get(item_id, {}).get(pupil_id)
                cells.append({"item_id": item_id, "level": entry["level"] if entry else None,
                              "date": entry["date"] if entry else None})
            pupils.append({"pupil_id": pupil_id, "cells": cells})
        return Outcome({"class_id": class_id, "competence_id": competence_id, "framework_version": framework.version,
                        "item_ids": item_ids, "pupils": pupils})

    # -- the class view per competence -----------------------------------------------------

    def class_view(self, store, caller: Caller, class_id: str, competence_id: str | None = None) -> Outcome:
        actor_id = caller.require_member()
        doc = store.get_for_teacher(class_id, actor_id)
        store.record_audit(self._audit(caller, CLASS_VIEW, class_id, OK if doc is not None else DENIED))
        if doc is None:
            return Outcome(error=NotFound(NOT_FOUND))
        framework = self.frameworks.current
        competences = framework.competences
        if competence_id is not None and competence_id not in competences:
            return Outcome(error=Invalid(fields={"competence_id": [
                f"Compétence inconnue dans la version {framework.version} du référentiel."]}))
        aliases = {str(p["id"]): p["alias"] for p in doc["pupils"]}
        wanted = [competence_id] if competence_id else list(competences)
        item_ids = [i for c in wanted for i in competences[c]["item_ids"]]
        latest = {column["item_id"]: latest_by_pupil([e for e in column["entries"] if e["pupil_id"] in aliases])
                  for column in store.grid_columns(class_id, item_ids if competence_id else None)}
        domains = {d["id"]: d["label"] for d in framework.data["domains"]}
        items = framework.items
        view = []
        for cid in wanted:
            competence = competences[cid]
            per_pupil: dict[str, list[tuple[str, str]]] = {}
            item_views = []
            for item_id in competence["item_ids"]:
                counts = _zeros(SCALE)
                for pupil_id, entry in latest.get(item_id, {}).items():
                    counts[entry["level"]] += 1
                    per_pupil.setdefault(pupil_id, []).append((item_id, entry["level"]))
                item_views.append({"id": item_id, "label": items[item_id]["label"], "levels": items[item_id]["levels"],
                                   "positioned": sum(counts.values()), "counts": counts})
            counts = _zeros(SCALE)
            needs_help = []
            for pupil_id, levels in per_pupil.items():
                level = competence_level([lv for _, lv in levels])
                counts[level] += 1
                if SCALE.index(level) < SCALE.index("atteint"):
                    needs_help.append({"pupil_id": pupil_id, "alias": aliases[pupil_id], "level": level,
                                       "item_ids": [i for i, lv in levels if SCALE.index(lv) < SCALE.index("atteint")]})
            needs_help.sort(key=lambda p: (SCALE.index(p["level"]), p["alias"].casefold()))
            view.append({"id": cid, "label": competence["label"], "domain_id": competence["domain_id"],
                         "domain_label": domains[competence["domain_id"]], "positioned": len(per_pupil),
                         "counts": counts, "needs_help": needs_help, "items": item_views})
        return Outcome({"class_id": class_id, "framework_version": framework.version,
                        "pupils_count": doc["pupils_count"], "scale": framework.as_dict()["scale"],
                        "competences": view})

    # -- a pupil's history -----------------------------------------------------------------

    def pupil_history(self, store, caller: Caller, class_id: str, pupil_id: str) -> Outcome:
        actor_id = caller.require_member()
        doc = store.get_for_teacher(class_id, actor_id)
        pupil = next((p for p in doc["pupils"] if str(p["id"]) == pupil_id), None) if doc else None
        outcome = OK if pupil is not None else DENIED
        store.record_audit(self._audit(caller, PUPIL_HISTORY, class_id, outcome, pupil_id=pupil_id))
        if doc is None:
            return Outcome(error=NotFound(NOT_FOUND))
        if pupil is None:
            return Outcome(error=NotFound(PUPIL_NOT_FOUND))
        current = self.frameworks.current
        items = []
        latest_counts = _zeros(SCALE)
        for column in store.grid_columns(class_id, None):
            history = sorted((e for e in column["entries"] if e["pupil_id"] == pupil_id),
                             key=lambda e: (e["date"], e["at"]))
            if not history:
                continue
            item = self._item(column["item_id"], history[-1]["framework_version"])
            latest_counts[history[-1]["level"]] += 1
            items.append({
                "item_id": column["item_id"], "label": item["label"], "competence_id": item["competence_id"],
                "in_current_framework": column["item_id"] in current.items,
                "history": [{"date": e["date"], "level": e["level"], "level_label": self._level_label(e),
                             "comment": e.get("comment"), "framework_version": e["framework_version"]}
                            for e in history],
                "latest": history[-1]["level"], "progress": progress(history)})
        timeline = self._timeline(items)
        order = list(current.items)
        items.sort(key=lambda i: (order.index(i["item_id"]) if i["item_id"] in current.items else len(order),
                                  i["item_id"]))
        return Outcome({"class_id": class_id, "pupil": {"id": pupil_id, "alias": pupil["alias"]},
                        "framework_version": current.version, "positioned_items": len(items),
                        "latest_counts": latest_counts, "timeline": timeline, "items": items,
                        "home_observations": [observation_view(d)
                                              for d in store.observations_of_pupil(class_id, pupil_id)]})

    @staticmethod
    def _timeline(items: list[dict]) -> list[dict]:
        """Progress over time: at each date the pupil was positioned, their latest level on every
        item positioned so far, counted by level."""
        dates = sorted({h["date"] for item in items for h in item["history"]})
        timeline = []
        for day in dates:
            counts = _zeros(SCALE)
            for item in items:
                known = [h for h in item["history"] if h["date"] <= day]
                if known:
                    counts[known[-1]["level"]] += 1
            timeline.append({"date": day, "positioned": sum(counts.values()), "counts": counts})
        return timeline

    def _item(self, item_id: str, version: int) -> dict:
        """The item as the version it was positioned with says (its label then)."""
        framework = self.frameworks.get(version) or self.frameworks.current
        return framework.items.get(item_id) or self.frameworks.current.items.get(item_id) or {
            "label": item_id, "competence_id": item_id.rsplit(".", 1)[0]}

    def _level_label(self, entry: dict) -> str:
        framework = self.frameworks.get(entry["framework_version"]) or self.frameworks.current
        return framework.scale_labels[entry["level"]]

    # -- repères ---------------------------------------------------------------------------

    def record_reperes(self, store, caller: Caller, class_id: str, period: str, scores: list[dict]) -> Outcome:
        actor_id = caller.require_member()
        now = self.clock()
        doc = store.get_for_teacher(class_id, actor_id)
        if doc is None:
            store.record_audit(self._audit(caller, RECORD_REPERES, class_id, DENIED, now))
            return Outcome(error=NotFound(NOT_FOUND))
        if doc.get("archived_at"):
            store.record_audit(self._audit(caller, RECORD_REPERES, class_id, REFUSED, now))
            return Outcome(error=Conflict(ARCHIVED))
        existing = store.get_reperes(class_id, period)
        framework = self._reperes_framework(existing)
        problems: dict[str, list[str]] = {}
        period_problem = self._period_problem(framework, period, doc["level"])
        if period_problem:
            problems["period"] = [period_problem]
        exercises = framework.exercises(period)
        pupils = {str(p["id"]) for p in doc["pupils"]}
        seen: set[tuple[str, str]] = set()
        for index, entry in enumerate(scores):
            where = f"scores.{index}"
            if entry["pupil_id"] not in pupils:
                problems[f"{where}.pupil_id"] = ["Cet élève n'est pas dans la classe."]
            exercise = exercises.get(entry["exercise_id"])
            if exercise is None and not period_problem:
                problems[f"{where}.exercise_id"] = ["Exercice inconnu pour cette période."]
            elif exercise is not None and not 0 <= entry["score"] <= exercise.max_score:
                problems[f"{where}.score"] = [f"Le score doit être compris entre 0 et {exercise.max_score}."]
            if (entry["pupil_id"], entry["exercise_id"]) in seen:
                problems[where] = ["Ce score (élève, exercice) figure deux fois."]
            seen.add((entry["pupil_id"], entry["exercise_id"]))
        if problems:
            store.record_audit(self._audit(caller, RECORD_REPERES, class_id, INVALID, now))
            return Outcome(error=Invalid("Les scores n'ont pas été enregistrés : corrigez les lignes signalées.",
                                         problems))
        merged = {pupil: dict(values) for pupil, values in ((existing or {}).get("scores") or {}).items()}
        for entry in scores:
            merged.setdefault(entry["pupil_id"], {})[entry["exercise_id"]] = entry["score"]
        store.save_reperes(class_id, period, framework.version, merged, actor_id, now)
        store.record_audit(self._audit(caller, RECORD_REPERES, class_id, OK, now, cells=len(scores)))
        return Outcome(self._profile(doc, period, framework, merged))

    def reperes_profile(self, store, caller: Caller, class_id: str, period: str) -> Outcome:
        actor_id = caller.require_member()
        doc = store.get_for_teacher(class_id, actor_id)
        store.record_audit(self._audit(caller, GET_REPERES, class_id, OK if doc is not None else DENIED))
        if doc is None:
            return Outcome(error=NotFound(NOT_FOUND))
        existing = store.get_reperes(class_id, period)
        framework = self._reperes_framework(existing)
        problem = self._period_problem(framework, period, doc["level"])
        if problem:
            return Outcome(error=Invalid(fields={"period": [problem]}))
        return Outcome(self._profile(doc, period, framework, (existing or {}).get("scores") or {}))

    def _reperes_framework(self, existing: dict | None) -> Framework:
        """The version a class's scores of a period were first entered with stays theirs."""
        if existing is not None:
            return self.frameworks.get(existing["framework_version"]) or self.frameworks.current
        return self.frameworks.current

    @staticmethod
    def _period_problem(framework: Framework, period: str, class_level: str) -> str | None:
        if framework.period(period) is None:
            return "Période inconnue : debut-cp, mi-cp ou debut-ce1."
        if period not in PERIODS_OF.get(class_level, ()):
            allowed = " ou ".join(PERIODS_OF.get(class_level, ()))
            return f"Cette période ne concerne pas une classe de {class_level} ({allowed})."
        return None

    @staticmethod
    def _profile(doc: dict, period_id: str, framework: Framework, scores: dict) -> dict:
        period = framework.period(period_id)
        aliases = {str(p["id"]): p["alias"] for p in doc["pupils"]}
        exercises = []
        for exercise in framework.exercises(period_id).values():
            counts = _zeros(GROUPS)
            pupils = []
            for pupil_id, alias in aliases.items():
                score = (scores.get(pupil_id) or {}).get(exercise.id)
                if score is None:
                    continue
                group = exercise.group(score)
                counts[group] += 1
                pupils.append({"pupil_id": pupil_id, "alias": alias, "score": score, "group": group})
            pupils.sort(key=lambda p: (GROUPS.index(p["group"]), p["alias"].casefold()))
            exercises.append({"id": exercise.id, "label": exercise.label, "domain": exercise.domain,
                              "max_score": exercise.max_score, "thresholds": list(exercise.thresholds),
                              "source": exercise.source, "source_label": framework.source_label(exercise.source),
                              "scored": sum(counts.values()), "counts": counts, "pupils": pupils})
        return {"class_id": str(doc["_id"]), "period": period_id, "period_label": period["label"],
                "framework_version": framework.version, "pupils_count": doc["pupils_count"],
                "exercises": exercises}

    # -- audit -----------------------------------------------------------------------------

    def _audit(self, caller: Caller, action: str, class_id: str, outcome: str, at: datetime | None = None,
               **extra) -> dict:
        return {"actor_id": caller.actor_id, "action": action, "class_id": class_id, "outcome": outcome,
                "at": at or self.clock(), "request_id": caller.request_id, **extra}


def observation_view(doc: dict) -> dict:
    from .parents import observation_view as view  # parents builds on this module
    return view(doc)
