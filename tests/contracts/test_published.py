"""Every schema of every contract is published, frozen, and changed only compatibly."""
from pathlib import Path

from classe12_contracts.publish import publish

SERVICES = Path(__file__).resolve().parents[2] / "services"


def test_published_schemas_are_up_to_date_and_compatible():
    report = publish(SERVICES, write=False)
    assert not report.incompatible, (
        f"incompatible changes to published schemas (publish a new version instead): {report.incompatible}")
    assert not report.added and not report.updated, (
        f"run `make contracts` to publish {report.added + report.updated}")
