"""French validation messages, pagination cursors and error flattening."""
import base64
import json
from datetime import datetime, timedelta, timezone

import pytest
from marshmallow import fields, validate

from classe12_contracts.errors import Invalid
from classe12_runtime.pagination import PageSchema, decode_cursor, encode_cursor, list_key, page_of, strictly_after
from classe12_runtime.validation import Id, Schema, Text, flatten_messages, load_or_invalid


class Sample(Schema):
    name = Text(required=True, validate=validate.Length(min=2, max=5))
    count = fields.Integer(validate=validate.Range(min=1, max=3))
    ref = Id()
    tags = fields.List(fields.String(validate=validate.OneOf(["a", "b"])))


def test_messages_are_french_and_per_field():
    with pytest.raises(Invalid) as err:
        load_or_invalid(Sample(), {"count": 9, "ref": "xyz", "tags": ["c"], "other": {"$gt": ""}})
    assert err.value.fields == {
        "name": ["Ce champ est obligatoire."],
        "count": ["Doit être supérieur ou égal à 1 et inférieur ou égal à 3."],
        "ref": ["Identifiant invalide."],
        "tags.0": ["Valeur non autorisée. Valeurs possibles : a, b."],
        "other": ["Champ inconnu."],
    }


def test_operator_objects_are_not_strings():
    with pytest.raises(Invalid) as err:
        load_or_invalid(Sample(), {"name": {"$ne": None}})
    assert err.value.fields == {"name": ["Une chaîne de caractères est attendue."]}


def test_text_strips_blanks_and_control_characters():
    assert load_or_invalid(Sample(), {"name": "  ab\x00c \n"})["name"] == "abc"


def test_flatten_nested_and_schema_level_messages():
    assert flatten_messages({"a": {"0": ["x"]}, "b": "y"}) == {"a.0": ["x"], "b": ["y"]}
    assert flatten_messages(["z"]) == {"_schema": ["z"]}


def test_cursor_round_trip_and_rejection():
    when = datetime(2026, 9, 1, 8, 30, 0, 123000, tzinfo=timezone.utc)
    assert decode_cursor(encode_cursor(when, "a" * 24)) == (when, "a" * 24)
    naive = encode_cursor(datetime(2026, 9, 1), "a" * 24)
    for bad in ["", "!!!", "e30", naive, encode_cursor(when, "pas-un-id"), "a" * 500, 12]:
        with pytest.raises(Invalid) as err:
            decode_cursor(bad)
        assert list(err.value.fields) == ["cursor"]


def test_page_schema_defaults_and_limits():
    assert load_or_invalid(PageSchema(), {}) == {"limit": 20, "cursor": None}
    with pytest.raises(Invalid) as err:
        load_or_invalid(PageSchema(), {"limit": "20", "cursor": "x" * 300})
    assert set(err.value.fields) == {"limit", "cursor"}


def test_cursor_with_a_timestamp_out_of_range_is_invalid_not_a_crash():
    for when in ("9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"):
        raw = json.dumps([when, "0" * 24]).encode()
        with pytest.raises(Invalid) as err:
            decode_cursor(base64.urlsafe_b64encode(raw).decode().rstrip("="))
        assert list(err.value.fields) == ["cursor"]
    with pytest.raises(Invalid):
        decode_cursor(encode_cursor(datetime(2026, 9, 1, tzinfo=timezone.utc), "a" * 24 + "\n"))


def test_list_key_is_fixed_width_utc_and_orders_like_timestamp_then_id():
    when = datetime(2026, 9, 1, 8, 30, 0, 123456, tzinfo=timezone.utc)
    assert list_key(when, "ab" * 12) == "2026-09-01T08:30:00.123|" + "ab" * 12
    paris = datetime(2026, 9, 1, 10, 30, 0, 123000, tzinfo=timezone(timedelta(hours=2)))
    assert list_key(paris, "AB" * 12) == list_key(when, "ab" * 12)  # same instant, same key
    assert len(list_key(datetime(1, 1, 1, tzinfo=timezone.utc), "0" * 24)) == len(list_key(when, "0" * 24))
    keys = [(when, "b" * 24), (when, "a" * 24), (when - timedelta(milliseconds=1), "f" * 24),
            (datetime(999, 1, 1, tzinfo=timezone.utc), "f" * 24)]
    assert sorted((list_key(*k) for k in keys), reverse=True) == [list_key(*k) for k in keys]


def test_strictly_after_is_one_range_on_the_key_without_or():
    when = datetime(2026, 9, 1, tzinfo=timezone.utc)
    assert strictly_after((when, "a" * 24)) == {"list_key": {"$lt": "2026-09-01T00:00:00.000|" + "a" * 24}}


def test_page_of_cuts_the_extra_document_and_points_at_the_last_shown():
    when = datetime(2026, 9, 1, tzinfo=timezone.utc)
    docs = [{"_id": f"{n:024x}", "created_at": when} for n in (3, 2, 1)]
    page = page_of(docs, 2, "created_at", lambda doc: doc["_id"])
    assert page["items"] == [f"{3:024x}", f"{2:024x}"]
    assert decode_cursor(page["next_cursor"]) == (when, f"{2:024x}")
    assert page_of(docs, 3, "created_at", lambda doc: doc["_id"])["next_cursor"] is None


def test_ids_are_matched_to_the_very_end():
    from classe12_runtime.validation import is_object_id
    assert is_object_id("a" * 24) and not is_object_id("a" * 24 + "\n") and not is_object_id("A" * 24)
