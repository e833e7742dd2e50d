"""Stand-ins for a service that owns reference data, run by `run_service` in service tests of
the services that ask for it (classe12_runtime.reference_data)."""
from __future__ import annotations

from classe12_runtime.edge import rpc_method

#: what the stand-in answers: a version no announcement in the tests uses
TAXONOMY = {"version": 7, "domains": [{"slug": "francais", "label": "Français", "subdomains": [
    {"slug": "lecture", "label": "Lecture (demandée à resources)"}]}]}


class TaxonomyOwner:
    """Stands for the resources service: answers get_taxonomy like its contract says."""
    name = "resources"

    @rpc_method()
    def get_taxonomy(self, data):
        return TAXONOMY
