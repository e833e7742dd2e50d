"""`classe12-resources import`: every row checked, refused rows reported with their reasons,
the others imported idempotently (real SecantusDB through the service's settings)."""
import csv
import io
import json
from importlib import resources as package_files
from pathlib import Path

import pytest

from classe12_resources.cli import import_command
from classe12_runtime import mongo

pytestmark = pytest.mark.integration

EDITOR = "c" * 24
GOOD = {"slug": "coin-lecture-cp", "title": "Un coin lecture en CP", "summary": "Installer un coin lecture.",
        "body": "## Installer\n\nUn tapis, des coussins.", "kind": "fiche", "levels": ["CP"], "topics": ["lecture"]}


def run(path, files_from=None, dry_run=False):
    out = io.StringIO()
    status = import_command(Path(path), EDITOR, dry_run, files_from, out=out)
    return status, out.getvalue()


def resources(service_env):
    return mongo.client()[service_env["databases"]["resources"]]["resources"]


def events(service_env) -> list[str]:
    """The types of the events the imports wrote to the outbox (the service relays them)."""
    outbox = mongo.client()[service_env["databases"]["resources"]]["outbox"]
    return sorted(doc["envelope"]["type"] for doc in outbox.find())


def test_json_rows_are_checked_reported_and_imported_once(service_env, tmp_path):
    rows = [GOOD, {**GOOD, "slug": "Pas Un Slug", "kind": "podcast", "topics": ["inconnu"]}, "pas un objet",
            {**GOOD, "slug": "brouillon-ce1", "title": "Un brouillon", "levels": ["CE1"], "status": "draft"}]
    source = tmp_path / "ressources.json"
    source.write_text(json.dumps(rows), encoding="utf-8")
    status, report = run(source)
    assert status == 1
    assert "refusé — élément 2 : slug :" in report and "kind : Valeur non autorisée" in report
    assert "topics.0 : Thème inconnu" in report and "refusé — élément 3 : un objet est attendu" in report
    assert "2 ressources importées (2 créées, 0 mises à jour, 0 inchangées, 0 ignorées), 2 refusées." in report
    stored = {d["import_slug"]: d for d in resources(service_env).find()}
    assert stored["coin-lecture-cp"]["status"] == "published" and stored["coin-lecture-cp"]["published_by"] == EDITOR
    assert stored["brouillon-ce1"]["status"] == "draft"
    assert events(service_env) == ["resources.resource_published"]  # what the publication caused, as any

    status, report = run(source)  # again: nothing changes
    assert "(0 créées, 0 mises à jour, 2 inchangées, 0 ignorées)" in report
    assert resources(service_env).count_documents({}) == 2
    assert events(service_env) == ["resources.resource_published"]

    rows[0] = {**GOOD, "summary": "Installer un coin lecture accueillant."}
    source.write_text(json.dumps(rows), encoding="utf-8")
    run(source)
    changed = resources(service_env).find_one({"import_slug": "coin-lecture-cp"})
    assert changed["summary"] == "Installer un coin lecture accueillant." and changed["version"] == 2
    versions = mongo.client()[service_env["databases"]["resources"]]["versions"]
    assert versions.count_documents({"resource_id": str(changed["_id"])}) == 2  # the first content stays readable
    assert events(service_env) == ["resources.resource_published", "resources.resource_updated"]


def test_csv_rows_with_lists_and_a_layout(service_env, tmp_path):
    source = tmp_path / "ressources.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["slug", "title", "summary", "body", "kind", "levels", "topics", "tags",
                                         "duration_minutes", "authors", "layout"])
        writer.writeheader()
        writer.writerow({"slug": "ilots-de-trois", "title": "Des îlots de trois", "summary": "Un plan.",
                         "body": "Quatre îlots.", "kind": "amenagement", "levels": "CP|CE1", "topics": "espace-classe",
                         "tags": "ilots|plan", "duration_minutes": "", "authors": "Nadia B.|Karim L.",
                         "layout": json.dumps({"surface_m2": 50, "pupils": 12, "zones": ["ateliers"]})})
        writer.writerow({"slug": "sans-salle", "title": "Un guide sans salle", "summary": "Un.", "body": "Un.",
                         "kind": "amenagement", "levels": "CP", "duration_minutes": "quarante"})
    status, report = run(source)
    assert status == 1 and "refusé — ligne 3 : duration_minutes" in report and "layout :" in report
    guide = resources(service_env).find_one({"import_slug": "ilots-de-trois"})
    assert guide["levels"] == ["CP", "CE1"] and guide["tags"] == ["ilots", "plan"]
    assert [a["name"] for a in guide["authors"]] == ["Nadia B.", "Karim L."] and guide["layout"]["pupils"] == 12


def test_the_project_content_is_valid_whole():
    content = Path(str(package_files.files("classe12_resources").joinpath("content")))
    status, report = run(content / "resources", files_from=content, dry_run=True)
    assert status == 0, report
    assert report.strip().endswith("ressources à importer, 0 refusées.")


def test_an_unreadable_file_is_status_2(tmp_path):
    (tmp_path / "cassé.json").write_text("{pas du json", encoding="utf-8")
    assert run(tmp_path / "cassé.json")[0] == 2
    assert run(tmp_path / "ressources.txt")[0] == 2


def test_a_guide_comes_with_its_plan_once(service_env, tmp_path):
    content = Path(str(package_files.files("classe12_resources").joinpath("content")))
    guide = next(p for p in sorted((content / "resources").glob("*.md")) if "kind: amenagement" in p.read_text("utf-8"))
    folder = tmp_path / "resources"
    folder.mkdir()
    (folder / guide.name).write_text(guide.read_text("utf-8"), encoding="utf-8")
    for _ in range(2):
        status, report = run(folder, files_from=content)
        assert status == 0, report
    [doc] = list(resources(service_env).find())
    [plan] = doc["files"]
    assert plan["role"] == "plan" and plan["content_type"] == "image/svg+xml"
    assert doc["layout"]["plan_file_id"] == plan["id"] and doc["status"] == "published"
    stored = mongo.client()[service_env["databases"]["resources"]]["fs.files"]
    assert stored.count_documents({}) == 1  # imported twice, stored once
