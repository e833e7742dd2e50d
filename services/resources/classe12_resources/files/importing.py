"""Files of imported resources (`classe12-resources import`): stored as an upload stores them
(real type sniffed, its limit, SVG sanitised, GridFS chunks, the entry added in a transaction
that re-checks who may change the resource), but read from the operator's disk."""
from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from bson import ObjectId

from classe12_contracts.errors import Conflict, Invalid
from classe12_runtime import mongo
from classe12_runtime.clock import utcnow
from classe12_runtime.context import Caller

from ..domain.access import require_edit
from .chunks import CHUNK_SIZE, ChunkStore
from .repository import MAX_FILES, FileRepository
from .settings import load_file_settings
from .sniffing import SNIFF_BYTES, sniff
from .svg import UnsafeSvg, sanitise


def attach_files(db, caller: Caller, resource_id: str, files: list[dict], clock=utcnow) -> int:
    """Add the files ({path, role, title}) the resource does not hold yet (same name, role
    and contents as on disk: `import_sha256`); the number added. Invalid/Conflict name the file
    when one is refused."""
    added = 0
    for wanted in files:
        path = Path(wanted["path"])
        digest = _sha256(path)
        held = FileRepository(db).get(resource_id)
        if any(f["filename"] == path.name and f["role"] == wanted["role"] and f.get("import_sha256") == digest
               for f in held.get("files") or []):
            continue
        entry = {**_store(db, path, wanted, caller.actor_id, clock()), "import_sha256": digest}
        try:
            _enter(db, caller, resource_id, entry, clock())
        except BaseException:
            ChunkStore(db).delete(entry["storage_id"])
            raise
        added += 1
    return added


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK_SIZE), b""):
            digest.update(block)
    return digest.hexdigest()


def _store(db, path: Path, wanted: dict, member_id: str, now: datetime) -> dict:
    with path.open("rb") as handle:
        sniffed = sniff(handle.read(SNIFF_BYTES))
    if sniffed is None:
        raise Invalid(fields={"files": [f"{path.name} : type de fichier refusé."]})
    limit = load_file_settings().limit_of(sniffed.family)
    if path.stat().st_size > limit:
        raise Invalid(fields={"files": [f"{path.name} : plus de {limit // (1024 * 1024)} Mo."]})
    storage_id = ObjectId()
    writer = ChunkStore(db).writer(storage_id, path.name, {"content_type": sniffed.content_type})
    digest = hashlib.sha256()
    try:
        if sniffed.family == "svg":
            try:
                clean = sanitise(path.read_bytes())
            except UnsafeSvg as exc:
                raise Invalid(fields={"files": [f"{path.name} : {exc}"]}) from None
            writer.write(clean)
            digest.update(clean)
        else:
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(CHUNK_SIZE), b""):
                    writer.write(block)
                    digest.update(block)
        writer.metadata["sha256"] = digest.hexdigest()
        writer.close()
    except BaseException:
        writer.abort()
        raise
    return {"id": str(ObjectId()), "filename": path.name, "content_type": sniffed.content_type, "size": writer.size,
            "role": wanted["role"], "title": wanted.get("title"), "shows_pupils": False, "image_rights_attested": False,
            "uploaded_at": now, "uploaded_by": member_id, "storage_id": storage_id, "sha256": digest.hexdigest()}


def _enter(db, caller: Caller, resource_id: str, entry: dict, now: datetime) -> None:
    def work(session):
        repository = FileRepository(db, session)
        doc = repository.get(resource_id)
        require_edit(caller, doc)
        if repository.add_file(doc, entry, now) is None:
            raise Conflict(f"Cette ressource a déjà {MAX_FILES} fichiers.")
    mongo.run_in_transaction(db, work)
