"""What notifications keeps of a deleted member's e-mails and announcements (domain/erasure.py)."""
from datetime import datetime, timezone

from classe12_notifications.domain.erasure import ERASED_SUBJECT, anonymised_delivery, new_pseudonym, replaced

GONE, OTHER = "a" * 24, "b" * 24
AT = datetime(2026, 6, 1, tzinfo=timezone.utc)


def test_replaced_reaches_lists_and_mappings_and_only_the_member():
    doc = {"_id": "ev1", "direct": [GONE, OTHER], "excluded": [GONE], "data": {"author_id": GONE, "title": GONE[:5]}}
    assert replaced(doc, GONE, "p") == {"_id": "ev1", "direct": ["p", OTHER], "excluded": ["p"],
                                        "data": {"author_id": "p", "title": GONE[:5]}}


def test_a_failed_delivery_keeps_its_counts_not_its_member():
    doc = {"_id": f"ev1|{GONE}|email", "recipient_id": GONE, "kind": "immediate", "category": "account",
           "status": "failed", "attempts": 2, "created_at": AT, "failed_at": AT, "error": "permanent",
           "message": {"title": f"Bienvenue, {GONE}", "body": "…", "link": None},
           "log": [{"at": AT, "outcome": "failed", "code": 550, "detail": f"550 <{GONE}@example.org>"}]}
    pseudonym = new_pseudonym()
    copy = anonymised_delivery(doc, "erased|x", pseudonym, lambda delivery_id: "f" * 24)
    assert GONE not in repr(copy)
    assert (copy["_id"], copy["recipient_id"], copy["status"], copy["attempts"]) == ("erased|x", pseudonym, "failed", 2)
    assert copy["message"]["title"] == ERASED_SUBJECT and copy["log"] == [
        {"at": AT, "outcome": "failed", "code": 550, "detail": ""}]
    assert copy["list_id"] == "f" * 24 and copy["list_key"].endswith("|" + "f" * 24)
    assert len(pseudonym) == 24 and int(pseudonym, 16) >= 0
