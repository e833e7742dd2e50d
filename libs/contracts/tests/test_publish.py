"""Published schemas are frozen: compatible changes update them, anything else needs a new version."""
import json

import pytest

from classe12_contracts.publish import incompatibilities, publish

V1 = {"$id": "urn:classe12:shop:events:sold:v1", "type": "object", "required": ["item", "price"],
      "properties": {"item": {"type": "string", "maxLength": 40}, "price": {"type": "integer", "minimum": 0},
                     "tag": {"type": "string", "enum": ["a", "b"]}, "note": {"type": "string"}}}


def changed(**edits):
    schema = json.loads(json.dumps(V1))
    for path, value in edits.items():
        node = schema
        *parents, leaf = path.split("__")
        for part in parents:
            node = node[part]
        if value is None:
            node.pop(leaf, None)
        else:
            node[leaf] = value
    return schema


@pytest.mark.parametrize("new", [
    changed(description="documentation only"),
    changed(properties__extra={"type": "boolean"}),          # a new optional field
    changed(properties__tag__enum=["a"]),                     # fewer values
    changed(properties__item__maxLength=20),                  # tighter
    changed(required=["item", "price", "note"]),              # more required
    changed(properties__note=None),                           # an optional field dropped
])
def test_compatible_changes(new):
    assert incompatibilities(V1, new) == []


@pytest.mark.parametrize("new, fragment", [
    (changed(required=["item"]), "no longer required"),
    (changed(properties__tag__enum=["a", "b", "c"]), "enumeration"),
    (changed(properties__price__type="string"), "type widened"),
    (changed(properties__item__maxLength=80), "maxLength relaxed"),
    (changed(properties__price__minimum=None), "minimum relaxed"),
])
def test_incompatible_changes(new, fragment):
    problems = incompatibilities(V1, new)
    assert problems and fragment in " ".join(problems)


def test_publish_adds_updates_and_refuses(tmp_path):
    contract = tmp_path / "services" / "shop" / "contract" / "events"
    contract.mkdir(parents=True)
    published = tmp_path / "published"
    source = contract / "sold.v1.json"
    source.write_text(json.dumps(V1))
    report = publish(tmp_path / "services", published)
    assert report.added == [V1["$id"]] and (published / "shop" / "events" / "sold.v1.json").exists()
    assert not publish(tmp_path / "services", published).pending

    source.write_text(json.dumps(changed(properties__extra={"type": "boolean"})))
    assert publish(tmp_path / "services", published, write=False).updated == [V1["$id"]]
    assert publish(tmp_path / "services", published).updated == [V1["$id"]]

    source.write_text(json.dumps(changed(required=["item"])))
    report = publish(tmp_path / "services", published)
    assert list(report.incompatible) == [V1["$id"]]
    frozen = json.loads((published / "shop" / "events" / "sold.v1.json").read_text())
    assert frozen["required"] == ["item", "price"]  # left as it was published
