"""The service's HTTP file endpoint, as plain werkzeug (the nameko edge is http.py).

    PUT /files                 body: the file's bytes (Content-Length or chunked);
                               Authorization: Grant <upload grant>          -> 201 File
    GET|HEAD /files/<file_id>  Authorization: Grant <download grant>;
                               Range, If-Range, If-None-Match               -> 200, 206, 304, 416

Specified in contract/files.openapi.yaml and docs/rpc-protocol.md. Both ways the bytes are
streamed in 255 KiB chunks between the socket and GridFS: memory stays bounded whatever the
size of the file (an SVG, at most FILE_MAX_MB_SVG, is read whole to be sanitised). Errors are
problem+json with a French message.

An upload: the grant is claimed (single use), the first bytes are sniffed against the
allowlist (415), the limit of that type applies (413, before anything is written when the
length is announced), then the chunks are written, the GridFS file closed, and the file
entered in its resource in one transaction that checks again that the grant's member may
change it. Any failure on the way removes every chunk written and gives the grant back.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from datetime import datetime, timedelta
from email.utils import format_datetime
from typing import Callable

from bson import ObjectId
from werkzeug.exceptions import ClientDisconnected
from werkzeug.wrappers import Request, Response
from werkzeug.wsgi import get_input_stream

from classe12_contracts.errors import AppError, Conflict, Invalid, NotFound, Unauthorized, Unavailable
from classe12_runtime import mongo
from classe12_runtime.clock import as_utc, utcnow
from classe12_runtime.context import Caller
from classe12_runtime.logs import bind
from classe12_runtime.outage import DATABASE

from ..domain.access import can_read, require_edit
from ..domain.model import PUBLISHED, file_view
from .chunks import CHUNK_SIZE, ChunkStore
from .conditional import Unsatisfiable, etag_of, not_modified, requested_range
from .disposition import content_disposition
from .grants import DONE, DOWNLOAD, UPLOAD, UPLOADING, GrantStore
from .repository import MAX_FILES, FileRepository, find_file
from .settings import MIB, FileSettings
from .sniffing import FAMILY_OF, SNIFF_BYTES, Sniffed, sniff
from .svg import UnsafeSvg, sanitise

log = logging.getLogger(__name__)

PROBLEM = "application/problem+json"
TITLES = {400: "Requête mal formée", 401: "Autorisation requise", 403: "Accès refusé", 404: "Introuvable",
          408: "Envoi trop lent", 409: "Conflit", 413: "Fichier trop volumineux", 415: "Type de fichier refusé",
          416: "Plage non satisfiable", 422: "Données invalides", 500: "Erreur interne",
          503: "Service indisponible"}
#: headers of every served file: never sniffed as something else, never run as a page
SAFE_HEADERS = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox"}
RETRY_AFTER = "5"
GRANT_SCHEME = "grant"
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


class FileProblem(AppError):
    """An HTTP refusal of the endpoint that is not one of the RPC error codes."""

    def __init__(self, status: int, code: str, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.headers = status, code, headers or {}


def too_large(limit: int) -> FileProblem:
    size = f"{limit / MIB:g} Mo"
    return FileProblem(413, "too_large", f"Ce fichier dépasse la taille autorisée pour ce type ({size} au plus).")


def problem(status: int, code: str, detail: str, errors: dict | None = None, headers: dict | None = None) -> Response:
    body = {"type": f"urn:classe12:problem:{code}", "title": TITLES.get(status, "Erreur"), "status": status,
            "detail": detail, "code": code}
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM)
    response.headers.update(headers or {})
    if status == 503:
        response.headers["Retry-After"] = RETRY_AFTER
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Grant realm="classe12-files"'
    return response


def problem_of(error: AppError) -> Response:
    headers = getattr(error, "headers", None)
    retry = error.details.get("retry_after") if error.details else None
    response = problem(error.status, error.code, error.message, error.fields or None, headers)
    if retry:
        response.headers["Retry-After"] = str(int(retry))
    return response


def grant_token(request: Request) -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != GRANT_SCHEME or not token.strip():
        raise Unauthorized("Une autorisation est nécessaire (en-tête Authorization: Grant <autorisation>).")
    return token.strip()


def invalid_grant() -> Unauthorized:
    return Unauthorized("Cette autorisation est inconnue ou expirée : demandez-en une nouvelle.")


def grant_caller(grant: dict) -> Caller:
    return Caller(actor_id=grant.get("member_id"), roles=tuple(grant.get("roles") or ()))


class FileEndpoint:
    """Upload and download over HTTP; `db` is the resources database."""

    def __init__(self, db, settings: FileSettings, clock: Callable[[], datetime] = utcnow):
        self.db = db
        self.settings = settings
        self.clock = clock
        self.chunks = ChunkStore(db)
        self.slots = threading.BoundedSemaphore(settings.max_concurrent_uploads)
        self._indexed = False

    def ensure_indexes(self) -> bool:
        if not self._indexed:
            try:
                FileRepository(self.db).ensure_indexes()
                self._indexed = True
            except mongo.UNAVAILABLE_ERRORS as exc:
                DATABASE.down(exc, where="file indexes")
        return self._indexed

    # -- the two entrypoints -------------------------------------------------------------------

    def upload(self, request: Request) -> Response:
        return self._answer(request, lambda: self._upload(request))

    def download(self, request: Request, file_id: str) -> Response:
        return self._answer(request, lambda: self._download(request, file_id))

    def _answer(self, request: Request, handler) -> Response:
        request_id = request.headers.get("X-Request-ID", "")
        bind(request_id if REQUEST_ID.fullmatch(request_id) else None, None)  # the gateway's, in every log line
        try:
            response = handler()
        except AppError as error:
            return problem_of(error)
        except mongo.UNAVAILABLE_ERRORS as exc:
            DATABASE.down(exc)
            return problem(503, "unavailable", Unavailable.default_message)
        DATABASE.up()
        return response

    # -- upload --------------------------------------------------------------------------------

    def _upload(self, request: Request) -> Response:
        token = grant_token(request)
        if not self.slots.acquire(blocking=False):
            raise FileProblem(503, "unavailable", "Trop d'envois de fichiers en cours : réessayez dans quelques "
                                                  "instants.", {"Retry-After": RETRY_AFTER})
        try:
            self.ensure_indexes()
            grants = GrantStore(self.db)
            now, storage_id = self.clock(), ObjectId()
            abandon_at = now + timedelta(seconds=self.settings.upload_max_seconds)
            grant = grants.claim(token, now, storage_id, abandon_at)
            if grant is None:
                return self._unclaimable(grants, token)
            try:
                entry = self._receive(request, grant, storage_id, abandon_at)
                entry = self._enter(token, grant, entry)
            except BaseException:
                self._undo(grants, token, storage_id)
                raise
            return Response(json.dumps(file_view(entry), ensure_ascii=False), status=201,
                            content_type="application/json")
        finally:
            self.slots.release()

    def _unclaimable(self, grants: GrantStore, token: str) -> Response:
        """Why an upload grant cannot be used: unknown or expired (401), in use (409), or used:
        the same upload again (a retry with the same grant) answers what the first one did."""
        grant = grants.get(token, UPLOAD)
        if grant is not None and grant.get("state") == DONE:
            return Response(json.dumps(grant["answer"], ensure_ascii=False), status=201, content_type="application/json")
        if grant is not None and grant.get("state") == UPLOADING:
            raise Conflict("Un envoi utilise déjà cette autorisation.")
        raise invalid_grant()

    def _receive(self, request: Request, grant: dict, storage_id: ObjectId, abandon_at: datetime) -> dict:
        """Read, check and store the bytes; the file entry to add to the resource."""
        announced = request.content_length
        stream = get_input_stream(request.environ, safe_fallback=False)
        head = _read_at_least(stream, SNIFF_BYTES)
        if not head:
            raise Invalid("Le fichier est vide.", {"file": ["Le fichier est vide."]})
        sniffed = sniff(head[:SNIFF_BYTES])
        if sniffed is None:
            raise FileProblem(415, "unsupported_media_type",
                              "Type de fichier refusé : seuls les PDF, images (PNG, JPEG, GIF, WebP, SVG), sons "
                              "(MP3, Ogg, WAV, M4A) et vidéos (MP4, WebM) sont acceptés.")
        limit = self.settings.limit_of(sniffed.family)
        if announced is not None and announced > limit:
            raise too_large(limit)
        metadata = {"resource_id": grant["resource_id"], "content_type": sniffed.content_type}
        writer = self.chunks.writer(storage_id, grant["filename"], metadata)
        digest = hashlib.sha256()
        try:
            if sniffed.family == "svg":
                data = head + _read_up_to(stream, limit + 1 - len(head))
                if len(data) > limit:
                    raise too_large(limit)
                try:
                    clean = sanitise(data)
                except UnsafeSvg as exc:
                    raise FileProblem(415, "unsupported_media_type", str(exc)) from None
                writer.write(clean)
                digest.update(clean)
            else:
                block = head
                while block:
                    if writer.size + len(block) > limit:
                        raise too_large(limit)
                    writer.write(block)
                    digest.update(block)
                    if self.clock() > abandon_at:
                        raise FileProblem(408, "too_slow", "L'envoi a pris trop de temps : recommencez.")
                    block = stream.read(CHUNK_SIZE)
            if announced is not None and writer.size != announced and sniffed.family != "svg":
                raise FileProblem(400, "incomplete", "L'envoi a été interrompu avant la fin du fichier.")
            metadata["sha256"] = digest.hexdigest()
            writer.close()
        except ClientDisconnected:
            writer.abort()
            raise FileProblem(400, "incomplete", "L'envoi a été interrompu avant la fin du fichier.") from None
        except (OSError, ValueError) as exc:  # a broken chunked body, a connection cut
            writer.abort()
            log.info("file upload interrupted", extra={"error": repr(exc)})
            raise FileProblem(400, "incomplete", "L'envoi a été interrompu avant la fin du fichier.") from None
        except BaseException:
            writer.abort()
            raise
        return {"id": str(ObjectId()), "filename": grant["filename"], "content_type": sniffed.content_type,
                "size": writer.size, "role": grant["role"], "title": grant.get("title"),
                "shows_pupils": bool(grant.get("shows_pupils")),
                "image_rights_attested": bool(grant.get("image_rights_attested")),
                "uploaded_at": self.clock(), "uploaded_by": grant["member_id"], "storage_id": storage_id,
                "sha256": metadata["sha256"]}

    def _enter(self, token: str, grant: dict, entry: dict) -> dict:
        """Add the stored file to its resource, if its member may still change it (one transaction)."""
        def work(session):
            repository = FileRepository(self.db, session)
            doc = repository.get(grant["resource_id"])
            caller = grant_caller(grant)
            if doc is None or not can_read(caller, doc):
                raise NotFound("Cette ressource n'existe pas ou n'est pas accessible.")
            require_edit(caller, doc)
            if repository.add_file(doc, entry, self.clock()) is None:
                raise Conflict(f"Cette ressource a déjà {MAX_FILES} fichiers : supprimez-en un avant d'en ajouter "
                               f"un autre.")
            if not repository.grants.complete(token, entry["storage_id"], file_view(entry)):
                raise Conflict("Cette autorisation a expiré pendant l'envoi : recommencez.")
            return entry
        return mongo.run_in_transaction(self.db, work)

    def _undo(self, grants: GrantStore, token: str, storage_id: ObjectId) -> None:
        """Nothing half written: the chunks go, the grant may be used again (unless the file was
        entered after all: a commit whose answer was lost)."""
        try:
            if FileRepository(self.db).names_storage(storage_id):
                return
            self.chunks.delete(storage_id)
            grants.give_back(token, storage_id)
        except Exception as exc:  # the database is away: the housekeeping removes them later
            log.warning("could not remove a failed upload yet; housekeeping will", extra={"error": repr(exc)})

    # -- download ------------------------------------------------------------------------------

    def _download(self, request: Request, file_id: str) -> Response:
        token = grant_token(request)
        grant = GrantStore(self.db).get(token, DOWNLOAD)
        if grant is None or grant["expires_at"] <= self.clock():
            raise invalid_grant()
        if grant["file_id"] != file_id:
            raise NotFound("Ce fichier n'existe pas ou n'est pas accessible.")
        doc = FileRepository(self.db).get(grant["resource_id"])
        entry = find_file(doc, file_id) if doc is not None and can_read(grant_caller(grant), doc) else None
        if entry is None:
            raise NotFound("Ce fichier n'existe pas ou n'est pas accessible.")
        size, etag = int(entry["size"]), etag_of(entry["sha256"])
        headers = {**SAFE_HEADERS, "ETag": etag, "Accept-Ranges": "bytes",
                   "Cache-Control": "public, max-age=300" if doc["status"] == PUBLISHED else "private, no-cache",
                   "Content-Disposition": content_disposition(entry["filename"], entry["content_type"],
                                                              Sniffed(entry["content_type"],
                                                                      FAMILY_OF[entry["content_type"]]).inline),
                   "Last-Modified": _http_date(entry["uploaded_at"])}
        if not_modified(request.headers.get("If-None-Match"), etag):
            return Response(status=304, headers=headers)
        try:
            byte_range = requested_range(request.headers.get("Range"), size, request.headers.get("If-Range"), etag)
        except Unsatisfiable:
            return problem(416, "range_not_satisfiable",
                           f"La plage demandée ne correspond à aucun octet du fichier ({size} octets).",
                           headers={**SAFE_HEADERS, "Content-Range": f"bytes */{size}", "Accept-Ranges": "bytes"})
        first, last, status = 0, size - 1, 200
        if byte_range is not None:
            first, last, status = byte_range.first, byte_range.last, 206
            headers["Content-Range"] = byte_range.content_range(size)
        headers["Content-Length"] = str(last - first + 1)
        body = [] if request.method == "HEAD" or size == 0 else self.chunks.read(entry["storage_id"], first, last)
        response = Response(body, status=status, headers=headers, content_type=entry["content_type"],
                            direct_passthrough=True)
        response.headers["Content-Length"] = str(last - first + 1)  # also for HEAD, as a GET would say
        return response


def _http_date(value: datetime) -> str:
    return format_datetime(as_utc(value), usegmt=True)


def _read_at_least(stream, wanted: int) -> bytes:
    """At least `wanted` bytes (less only at the end of the body), in blocks of a chunk."""
    data = b""
    while len(data) < wanted:
        block = stream.read(CHUNK_SIZE)
        if not block:
            break
        data += block
    return data


def _read_up_to(stream, limit: int) -> bytes:
    """The rest of the body, but never more than `limit` bytes."""
    parts, total = [], 0
    while total < limit:
        block = stream.read(min(CHUNK_SIZE, limit - total))
        if not block:
            break
        parts.append(block)
        total += len(block)
    return b"".join(parts)
