"""What failed uploads and old grants leave behind, removed (run every minute, by one replica).

An upload whose process died (or stalled past FILE_UPLOAD_MAX_SECONDS) stays `uploading`:
its chunks are removed, with its GridFS file unless a resource holds that file (the process
died after entering it), and the grant is marked abandoned. Grants a day old are purged.
"""
from __future__ import annotations

import logging
from datetime import datetime

from .chunks import ChunkStore
from .grants import GrantStore
from .repository import FileRepository

log = logging.getLogger(__name__)


def sweep(db, now: datetime) -> dict:
    grants, chunks, repository = GrantStore(db), ChunkStore(db), FileRepository(db)
    abandoned = 0
    for grant in grants.abandoned(now):
        if not repository.names_storage(grant["storage_id"]):
            chunks.delete(grant["storage_id"])
        grants.mark_abandoned(grant)
        abandoned += 1
    purged = grants.purge(now)
    if abandoned:
        log.warning("abandoned uploads removed", extra={"count": abandoned})
    return {"abandoned": abandoned, "purged": purged}
