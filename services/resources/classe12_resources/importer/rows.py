"""One row to import, checked as the service checks a new resource, with its own fields:
`slug` (its stable name: re-importing it updates it, never duplicates it), `status`
(published, the default, or draft) and `files` ([{path, role, title}], paths relative to the
imported file's folder)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from classe12_contracts.errors import Invalid
from classe12_runtime.validation import load_or_invalid

from ..domain.model import FILE_ROLES
from ..domain.resources import check_content
from ..domain.taxonomy import Taxonomy
from ..schemas import CreateResourceSchema
from .sources import Row

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{2,80}")
STATUSES = ("published", "draft")
#: fields of a row that are not a resource's content
OWN = ("slug", "status", "files")


@dataclass
class Item:
    slug: str
    status: str
    content: dict
    files: list[dict] = field(default_factory=list)  # {path: Path, role, title}


class Rejected(Exception):
    """A row that cannot be imported, with every reason (French, one per field)."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def checked(row: Row, taxonomy: Taxonomy) -> Item:
    data = dict(row.data)
    reasons = []
    if "_front_matter" in data or "_not_an_object" in data:
        raise Rejected(["en-tête YAML absent ou illisible" if "_front_matter" in data else "un objet est attendu"])
    slug = data.pop("slug", None)
    if not isinstance(slug, str) or not SLUG.fullmatch(slug):
        reasons.append("slug : 3 à 81 caractères, minuscules sans accents, chiffres et tirets")
    status = data.pop("status", "published")
    if status not in STATUSES:
        reasons.append("status : published ou draft")
    files = _files(data.pop("files", None) or [], row.folder, reasons)
    content, problems = {}, {}
    try:
        content = load_or_invalid(CreateResourceSchema(), data)
    except Invalid as exc:
        problems.update(exc.fields)
    try:  # the rules beyond the schema too, so that one run lists everything to fix
        check_content(content or _as_far_as_readable(data), (content or data).get("kind"), taxonomy)
    except Invalid as exc:
        problems.update({name: messages for name, messages in exc.fields.items() if name not in problems})
    reasons += [f"{name} : {' '.join(messages)}" for name, messages in sorted(problems.items())]
    if reasons:
        raise Rejected(reasons)
    return Item(slug, status, content, files)


def _as_far_as_readable(data: dict) -> dict:
    """The fields check_content reads, from a row the schema refused."""
    topics = data.get("topics") if isinstance(data.get("topics"), list) else []
    return {"topics": [t.strip().lower() for t in topics if isinstance(t, str)], "layout": data.get("layout")}


def _files(files, folder: Path, reasons: list[str]) -> list[dict]:
    found = []
    if not isinstance(files, list):
        reasons.append("files : une liste est attendue")
        return found
    for n, entry in enumerate(files):
        path = folder / str(entry.get("path", "")) if isinstance(entry, dict) else None
        if path is None or not path.is_file() or folder.resolve() not in path.resolve().parents:
            reasons.append(f"files.{n} : fichier introuvable dans le dossier importé")
        elif entry.get("role") not in FILE_ROLES:
            reasons.append(f"files.{n} : role parmi {', '.join(FILE_ROLES)}")
        else:
            found.append({"path": path, "role": entry["role"], "title": entry.get("title")})
    return found
