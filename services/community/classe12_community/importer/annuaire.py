"""Rows of the official school directory: the open-data CSV "Annuaire de l'éducation"
(data.education.gouv.fr, dataset fr-en-annuaire-education), with its own column names.

Only écoles and collèges are kept (Type_etablissement "Ecole", "Collège"): the teachers of CP
and CE1 work in écoles, and a REP or REP+ network is a collège with its écoles. Other types
are skipped, not refused. A row is refused, with its reasons, when its UAI is malformed or its
check letter wrong, when its name, commune, département or académie is missing or wrong, or
when its priority-education value is neither empty, "REP" nor "REP+".
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.text import fold
from ..domain.uai import normalise_departement, uai_problem

UAI = "Identifiant_de_l_etablissement"
NAME = "Nom_etablissement"
TYPE = "Type_etablissement"
COMMUNE = "Nom_commune"
DEPARTEMENT = "Code_departement"
DEPARTEMENT_LABEL = "Libelle_departement"
ACADEMIE = "Libelle_academie"
PRIORITY = "Appartenance_Education_Prioritaire"
REQUIRED_COLUMNS = (UAI, NAME, TYPE, COMMUNE, DEPARTEMENT, DEPARTEMENT_LABEL, ACADEMIE, PRIORITY)
KINDS = {"ecole": "ecole", "college": "college"}
NETWORKS = {"": None, "rep": "REP", "rep+": "REP+", "hors rep": None, "hors ep": None}


class SourceError(Exception):
    """The file cannot be read as the directory's CSV (French message for the operator)."""


@dataclass
class Row:
    line: int
    values: dict


@dataclass
class Parsed:
    schools: list[dict] = field(default_factory=list)
    refused: list[tuple[int, list[str]]] = field(default_factory=list)
    skipped: int = 0


def read_rows(path: Path) -> list[Row]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"Fichier illisible : {path} ({exc.strerror}).") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise SourceError("Ce n'est pas l'export CSV de l'Annuaire de l'éducation : colonnes absentes : "
                          + ", ".join(missing) + ".")
    return [Row(index + 2, row) for index, row in enumerate(reader)]


def parse(rows: list[Row]) -> Parsed:
    parsed = Parsed()
    seen: dict[str, int] = {}
    for row in rows:
        value = {k: (row.values.get(k) or "").strip() for k in REQUIRED_COLUMNS}
        kind = KINDS.get(fold(value[TYPE]))
        if kind is None:
            parsed.skipped += 1
            continue
        reasons = []
        uai = value[UAI].upper()
        problem = uai_problem(uai)
        if problem:
            reasons.append(f"{UAI} « {value[UAI]} » : {problem}")
        for column, label in ((NAME, "nom"), (COMMUNE, "commune"), (DEPARTEMENT_LABEL, "département"),
                              (ACADEMIE, "académie")):
            if not value[column]:
                reasons.append(f"{column} : {label} manquant")
        departement = normalise_departement(value[DEPARTEMENT])
        if departement is None:
            reasons.append(f"{DEPARTEMENT} « {value[DEPARTEMENT]} » : code de département invalide")
        priority = value[PRIORITY].lower()
        if priority not in NETWORKS:
            reasons.append(f"{PRIORITY} « {value[PRIORITY]} » : REP, REP+ ou vide attendu")
        if not problem and uai in seen:
            reasons.append(f"{UAI} « {uai} » : déjà vu ligne {seen[uai]}")
        if reasons:
            parsed.refused.append((row.line, reasons))
            continue
        seen[uai] = row.line
        parsed.schools.append({"uai": uai, "name": value[NAME][:200], "kind": kind, "commune": value[COMMUNE][:100],
                               "departement": departement, "departement_label": value[DEPARTEMENT_LABEL][:100],
                               "academie": value[ACADEMIE][:100], "network": NETWORKS[priority]})
    return parsed
