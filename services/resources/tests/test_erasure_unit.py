"""The anonymisation of a resource and of a version (domain/erasure.py), without a server."""
from classe12_resources.domain.erasure import DELETED_AUTHOR, anonymised, hide_review

GONE, OTHER, PSEUDO = "a" * 24, "b" * 24, "c" * 24


def test_every_id_of_the_member_becomes_the_pseudonym_and_the_rest_stays():
    doc = {"_id": "r1", "title": "Lire", "author_id": GONE, "published_by": GONE, "version": 3,
           "authors": [{"member_id": GONE, "name": None}, {"member_id": OTHER, "name": None},
                       {"member_id": None, "name": "Mme Dupont"}],
           "review": {"comment": "Ajoutez un exemple.", "by": GONE, "at": "2026-01-01"},
           "files": [{"id": "f1", "uploaded_by": GONE}, {"id": "f2", "uploaded_by": OTHER}]}
    after = anonymised(doc, GONE, PSEUDO)
    assert after["authors"] == [{"member_id": None, "name": DELETED_AUTHOR}, {"member_id": OTHER, "name": None},
                                {"member_id": None, "name": "Mme Dupont"}]
    assert (after["author_id"], after["published_by"], after["version"]) == (PSEUDO, PSEUDO, 3)
    assert after["review"] == {"comment": "Ajoutez un exemple.", "by": PSEUDO, "at": "2026-01-01"}
    assert [f["uploaded_by"] for f in after["files"]] == [PSEUDO, OTHER]
    assert doc["author_id"] == GONE  # the original is left alone
    assert GONE not in repr(after)


def test_the_default_author_is_made_explicit_and_a_version_loses_its_editor():
    assert anonymised({"author_id": GONE, "authors": None}, GONE, PSEUDO)["authors"] == \
        [{"member_id": None, "name": DELETED_AUTHOR}]
    assert anonymised({"author_id": OTHER, "authors": None}, GONE, PSEUDO)["authors"] is None
    version = {"resource_id": "r1", "version": 2, "edited_by": GONE, "authors": [{"member_id": OTHER, "name": None}]}
    assert anonymised(version, GONE, PSEUDO) == dict(version, edited_by=PSEUDO)


class Ratings:
    def __init__(self):
        self.hidden = []

    def hide_review(self, resource_id, member_id, hidden):
        self.hidden.append((resource_id, member_id, hidden["by"]))
        return True


def test_only_reviews_are_hidden_here():
    store = Ratings()
    base = {"group_id": None, "thread_id": None, "author_id": GONE, "hidden_by": OTHER, "hidden_at": "2026-06-01"}
    assert hide_review(store, {**base, "kind": "post", "id": "p1"}) is False
    assert hide_review(store, {**base, "kind": "review", "id": "not-a-pair"}) is False
    assert hide_review(store, {**base, "kind": "review", "id": f"r1:{GONE}"}) is True
    assert store.hidden == [("r1", GONE, OTHER)]
