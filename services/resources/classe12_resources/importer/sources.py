"""Rows to import, read from a JSON file (a list of objects), a CSV file (one resource per line,
lists separated by "|", `layout` as JSON) or a folder of Markdown files (YAML front matter,
then the body). Each row is a dict plus where it came from, for the report."""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import yaml

LIST_COLUMNS = ("levels", "topics", "tags", "competences", "authors")
INTEGER_COLUMNS = ("duration_minutes",)
JSON_COLUMNS = ("layout", "files")


@dataclass
class Row:
    where: str      # "ligne 3", "lire-a-deux-voix.md"...
    data: dict
    folder: Path    # relative file paths of the row are read from here


class SourceError(ValueError):
    """The file itself cannot be read (not a row of it)."""


def read_rows(path: Path, files_from: Path | None = None) -> list[Row]:
    """The rows of `path`; their file paths are relative to `files_from` (default: the
    folder of the file, or the Markdown folder itself)."""
    path = Path(path)
    if path.is_dir():
        return [_markdown_row(p, Path(files_from or path)) for p in sorted(path.glob("*.md"))]
    if path.suffix.lower() == ".json":
        return _json_rows(path, Path(files_from or path.parent))
    if path.suffix.lower() == ".csv":
        return _csv_rows(path, Path(files_from or path.parent))
    raise SourceError(f"{path} : un fichier .json, .csv ou un dossier de fichiers .md est attendu.")


def _json_rows(path: Path, folder: Path) -> list[Row]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise SourceError(f"{path} : JSON illisible ({exc}).") from None
    if not isinstance(data, list):
        raise SourceError(f"{path} : une liste d'objets est attendue.")
    return [Row(f"élément {n}", item if isinstance(item, dict) else {"_not_an_object": item}, folder)
            for n, item in enumerate(data, start=1)]


def _csv_rows(path: Path, folder: Path) -> list[Row]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            lines = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise SourceError(f"{path} : CSV illisible ({exc}).") from None
    return [Row(f"ligne {n}", _typed(line), folder) for n, line in enumerate(lines, start=2)]


def _typed(line: dict) -> dict:
    """A CSV line's cells as the fields they stand for (empty cells left out)."""
    data = {}
    for name, cell in line.items():
        if name is None or cell is None or cell.strip() == "":
            continue
        cell = cell.strip()
        if name in LIST_COLUMNS:
            items = [item.strip() for item in cell.split("|") if item.strip()]
            data[name] = [{"name": item} for item in items] if name == "authors" else items
        elif name in INTEGER_COLUMNS:
            data[name] = int(cell) if cell.isdigit() else cell
        elif name in JSON_COLUMNS:
            try:
                data[name] = json.loads(cell)
            except ValueError:
                data[name] = cell
        else:
            data[name] = cell
    return data


def _markdown_row(path: Path, folder: Path) -> Row:
    text = path.read_text("utf-8")
    if not text.startswith("---\n"):
        return Row(path.name, {"_front_matter": None}, folder)
    front, _, body = text[4:].partition("\n---\n")
    try:
        data = yaml.safe_load(front) or {}
    except yaml.YAMLError as exc:
        return Row(path.name, {"_front_matter": str(exc)}, folder)
    if not isinstance(data, dict):
        return Row(path.name, {"_front_matter": None}, folder)
    data["body"] = body.strip("\n")
    if isinstance(data.get("authors"), list):
        data["authors"] = [a if isinstance(a, dict) else {"name": a} for a in data["authors"]]
    return Row(path.name, data, folder)
