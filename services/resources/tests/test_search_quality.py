"""Search quality on the catalogue's own content: every query of content/search_queries.yaml must
rank each of its expected resources in the first five (recall@5 printed: pytest -s)."""
import pytest

from classe12_resources.domain.taxonomy import current_taxonomy
from classe12_resources.search import SearchIndex
from classe12_resources.search.evaluation import corpus, queries, recall_at

pytestmark = pytest.mark.unit

CORPUS = corpus()
QUERIES = queries()


@pytest.fixture(scope="module")
def index():
    return SearchIndex.of(CORPUS, current_taxonomy())


def test_the_corpus_and_the_queries_are_there():
    assert len(CORPUS) >= 10 and len(QUERIES) >= 10
    slugs = {doc["slug"] for doc in CORPUS}
    assert [slug for case in QUERIES for slug in case["expect"] if slug not in slugs] == []


def test_recall_at_5(index):
    quality = recall_at(index, CORPUS, QUERIES, k=5)
    print(f"\nrecall@5 = {quality.recall:.3f} ({quality.found}/{quality.expected} expected resources, "
          f"{len(QUERIES)} queries)")
    for q, filters, missing, returned in quality.misses:
        print(f"  missed {missing} for {q!r} {filters or ''}: got {returned}")
    assert quality.misses == []


@pytest.mark.parametrize("case", QUERIES, ids=[case["q"] for case in QUERIES])
def test_each_query(index, case):
    quality = recall_at(index, CORPUS, [case], k=5)
    assert quality.misses == []
