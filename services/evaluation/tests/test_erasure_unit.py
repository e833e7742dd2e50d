"""The pseudonym evaluation writes for a deleted member, and the export's class entry (no server)."""
from datetime import datetime, timezone

from classe12_evaluation.domain.erasure import new_pseudonym
from classe12_evaluation.domain.export import class_entry

AT = datetime(2026, 1, 5, tzinfo=timezone.utc)


def test_pseudonyms_are_random_and_recognisable():
    first, second = new_pseudonym(), new_pseudonym()
    assert first != second and first.startswith("deleted:") and len(first) == len("deleted:") + 12


def test_aclass_entry_names_no_co_teacher():
    doc = {"_id": "c1", "name": "CP Les Hiboux", "level": "CP", "school_year": "2025-2026",
           "teacher_ids": ["a" * 24, "b" * 24], "pupils_count": 1, "retain_until": AT, "archived_at": None,
           "created_at": AT, "updated_at": AT, "pupils": [{"id": "p1", "alias": "Léo", "added_at": AT}]}
    owner, colleague = class_entry(doc, "a" * 24), class_entry(doc, "b" * 24)
    assert owner["role"] == "owner" and colleague["role"] == "coteacher"
    assert "b" * 24 not in repr(owner) and "a" * 24 not in repr(colleague)
    assert owner["pupils"] == [{"id": "p1", "alias": "Léo", "added_at": "2026-01-05T00:00:00.000+00:00"}]
