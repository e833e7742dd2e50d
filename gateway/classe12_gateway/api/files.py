"""Files of resources: multipart upload, streamed download (ranges, revalidation), removal.

The bytes never travel over RPC: the gateway asks the resources service for a short-lived
grant (`grant_file_upload`, `grant_file_download`), then streams the file to or from the
service's file endpoint (streaming.py) with bounded buffers:

- upload: the multipart body (per-route limit: FILES_MAX_UPLOAD_MB plus 1 MiB of form) is
  parsed by werkzeug, which spools the file part to a temporary file beyond 500 KiB; the
  grant is asked only once the whole file is here (a slow client cannot outlive it), and the
  file is sent on in 256 KiB blocks. The service reads its real type (415), applies the limit
  of that type (413) and sanitises SVG;
- download: Range, If-Range and If-None-Match go to the service; 200, 206, 304 and 416 come
  back; the body is passed on in 64 KiB blocks as it arrives;
- a bulkhead per process for each (FILES_MAX_UPLOADS, FILES_MAX_DOWNLOADS): 503 + Retry-After
  beyond; a service that does not answer: 503 + Retry-After, never a 500 or a hang.

Served files carry `X-Content-Type-Options: nosniff`, `Content-Security-Policy: sandbox`
(installed by `install`, after the gateway's own headers), a Content-Disposition of the safe
form (RFC 6266), their ETag and `Accept-Ranges: bytes`.
"""
from __future__ import annotations

import re
import unicodedata

from flask import Blueprint, Flask, Response, current_app, g, request

from classe12_contracts.errors import Invalid, NotFound
from classe12_contracts.validation import field_errors

from ..contracts import loaded
from ..endpoints import AUTH_OPTIONAL, AUTH_REQUIRED, Reply, UnsupportedMediaType, endpoint, forward, rpc
from ..problems import problem
from ..streaming import FileTransfers, ServiceRefusal, Streamed, load_transfer_settings, refusal, served_headers

bp = Blueprint("files", __name__, url_prefix="/api/v1")

FILE_SCHEMA = {"$ref": "urn:classe12:resources:contract#/components/schemas/File"}
ROLE_SCHEMA = {"$ref": "urn:classe12:resources:contract#/components/schemas/FileRole"}
BOOLEAN_TEXT = {"type": "string", "enum": ["true", "false"], "default": "false"}
#: the text fields of the upload form, as the gateway checks them
FORM_FIELDS = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "role": {"allOf": [ROLE_SCHEMA], "default": "attachment",
                 "description": "plan (d'un guide d'aménagement), media (la vidéo ou le son de la ressource), "
                                "attachment (une fiche à imprimer...) ; attachment par défaut."},
        "title": {"type": "string", "maxLength": 160,
                  "description": "Titre affiché (facultatif ; vide : pas de titre)."},
        "shows_pupils": {**BOOLEAN_TEXT, "description": "On y voit ou reconnaît des élèves."},
        "image_rights_attested": {**BOOLEAN_TEXT, "description": "Vous détenez l'autorisation de droit à l'image "
                                                                 "des familles (obligatoire si shows_pupils)."},
    },
}
#: the whole multipart body, as the OpenAPI document describes it
UPLOAD_FORM = {
    **FORM_FIELDS,
    "required": ["file"],
    "properties": {
        "file": {"type": "string", "format": "binary", "contentMediaType": "application/octet-stream", "minLength": 1,
                 "description": "Le fichier. Son type réel est lu dans ses premiers octets : PDF, PNG, JPEG, GIF, "
                                "WebP, SVG (nettoyé), MP3, Ogg (Vorbis, Opus), WAV, MP4/M4A, WebM/Matroska ; "
                                "tout autre contenu est refusé (415). Taille maximale par type (413)."},
        **FORM_FIELDS["properties"],
    },
    "anyOf": [{"properties": {"shows_pupils": {"const": "false"}}},
              {"required": ["image_rights_attested"], "properties": {"image_rights_attested": {"const": "true"}}}],
}
#: the accepted (and served) types, as the resources service recognises them from the bytes
SERVED_MEDIA = ("application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml", "audio/mpeg",
                "audio/ogg", "audio/wav", "audio/mp4", "video/mp4", "video/webm", "video/x-matroska")
DOWNLOAD_OPERATION = "gateway.get_api_v1_resources_{id}_files_{file_id}"
BINARY = {media: {"schema": {"type": "string", "format": "binary"}} for media in SERVED_MEDIA}
FILE_HEADERS = {
    "ETag": {"description": "Empreinte du contenu (SHA-256) ; à renvoyer dans If-None-Match ou If-Range.",
             "schema": {"type": "string"}},
    "Accept-Ranges": {"description": "bytes : on peut demander une partie du fichier (Range).",
                      "schema": {"type": "string", "enum": ["bytes"]}},
    "Content-Disposition": {"description": "inline (images, sons, vidéos) ou attachment, avec le nom du fichier "
                                           "(RFC 6266).", "schema": {"type": "string"}},
    "Cache-Control": {"description": "public pour une ressource publiée, private sinon.", "schema": {"type": "string"}},
}
UPLOAD_OPENAPI = {
    # the part's own Content-Type is not believed: `encoding` lists the types its bytes may be of
    "requestBody": {"required": True, "content": {"multipart/form-data": {
        "schema": UPLOAD_FORM, "encoding": {"file": {"contentType": ", ".join(SERVED_MEDIA)}}}}},
    "responses": {
        "201": {"links": {  # what can be done with the new file
            DOWNLOAD_OPERATION.replace(".", "_"): {"operationId": DOWNLOAD_OPERATION, "parameters": {
                "path.id": "$request.path.id", "path.file_id": "$response.body#/id"}},
            "resources_delete_file": {"operationId": "resources.delete_file", "parameters": {
                "path.id": "$request.path.id", "path.file_id": "$response.body#/id"}}}},
        "413": {"description": "Fichier trop volumineux pour son type (vidéo, son, image, PDF, SVG)."},
        "415": {"description": "Type de fichier refusé (lu dans ses octets), ou corps qui n'est pas multipart/form-data."},
    },
}
DOWNLOAD_OPENAPI = {
    "responses": {
        "200": {"description": "Le fichier entier.", "headers": FILE_HEADERS, "content": BINARY},
        "206": {"description": "La partie demandée par Range (une seule plage : bytes=début-fin, début- ou -n).",
                "headers": {**FILE_HEADERS, "Content-Range": {"description": "bytes début-fin/taille",
                                                              "schema": {"type": "string"}}},
                "content": BINARY},
        "304": {"description": "Inchangé depuis la version nommée par If-None-Match.", "headers": FILE_HEADERS},
        "416": {"description": "La plage demandée ne correspond à aucun octet du fichier (Content-Range: bytes */taille).",
                "content": {"application/problem+json": {
                    "schema": {"$ref": "urn:classe12:gateway:http#/definitions/Problem"}}}},
    },
}
UPLOAD_DESCRIPTION = (
    "Ajoute un fichier à une ressource (son auteur tant qu'elle est en brouillon ou à modifier, les conseillers et "
    "administrateurs sauf si elle est archivée). Corps multipart/form-data : `file` et les champs du formulaire. "
    "Le type réel est lu dans les octets (liste ci-dessus, 415 sinon), chaque type a sa taille maximale (413), un "
    "SVG est nettoyé (ni script, ni événement, ni référence externe). Une vidéo ou une photo où l'on voit des "
    "élèves demande l'attestation du droit à l'image (422 sinon) ; un plan (role plan) devient le plan d'un "
    "guide d'aménagement qui n'en a pas. 20 fichiers au plus par ressource (409).")
DOWNLOAD_DESCRIPTION = (
    "Le fichier, pour qui peut lire la ressource (les fichiers d'un brouillon : son auteur et les conseillers). "
    "En-têtes de requête pris en compte : `Range` (une plage d'octets : 206, ou 416 si elle est hors du fichier ; "
    "pour avancer dans une vidéo), `If-Range`, `If-None-Match` (304). Servi avec X-Content-Type-Options: nosniff "
    "et Content-Security-Policy: sandbox.")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MULTIPART = "multipart/form-data"
PASSED_REQUEST_HEADERS = ("Range", "If-Range", "If-None-Match")


def transfers() -> FileTransfers:
    app = current_app
    if "classe12.files" not in app.extensions:
        app.extensions["classe12.files"] = FileTransfers(load_transfer_settings())
    return app.extensions["classe12.files"]


def install(app: Flask) -> None:
    """Register BEFORE web.install: Flask runs after_request hooks last-registered first, so this
    one runs after the gateway's JSON policy and gives served files `sandbox` instead (a media
    viewer needs to load the file itself, which `default-src 'none'` forbids)."""
    app.extensions["classe12.files"] = FileTransfers(load_transfer_settings())

    @app.after_request
    def sandbox_served_files(response):
        if g.get("served_file"):
            response.headers["Content-Security-Policy"] = "sandbox"
            response.headers["X-Content-Type-Options"] = "nosniff"
        return response


# --- upload -----------------------------------------------------------------------------------

def text(value: str) -> str:
    return _CONTROL.sub("", value).strip()


def part_filename(name: str | None) -> str:
    """The part's file name as the operation takes it: last path segment, 1 to 200 characters."""
    name = unicodedata.normalize("NFC", name or "")
    name = text(re.split(r"[\\/]", name)[-1])
    if len(name) > 200:
        stem, dot, extension = name.rpartition(".")
        name = (stem[:199 - len(extension)] + "." + extension) if dot and len(extension) <= 10 else name[:200]
    return name or "fichier"


def read_form() -> tuple[dict, object]:
    """The form's fields, checked (422), and the file part."""
    settings = transfers().settings
    request.max_content_length = settings.upload_body_limit  # this route's own limit (413 beyond)
    if request.mimetype != MULTIPART:
        raise UnsupportedMediaType("Le corps de la requête doit être un formulaire multipart/form-data "
                                   "(le fichier dans le champ « file »).")
    form, files = request.form, request.files  # parsed now; file parts spooled to disk beyond 500 KiB
    problems: dict[str, list[str]] = {}
    fields = {}
    for name, values in form.lists():
        if len(values) > 1:
            problems[name] = ["Ce champ ne peut apparaître qu'une fois."]
        fields[name] = values[0]
    for name, values in files.lists():
        if name != "file":
            problems[name] = ["Champ inconnu."]
        elif len(values) > 1:
            problems[name] = ["Un seul fichier par envoi."]
    if "file" not in files:
        problems["file"] = ["Ce champ est obligatoire."]
    problems.update(field_errors(FORM_FIELDS, fields, loaded().registry))
    if problems:
        raise Invalid(fields=dict(sorted(problems.items())))
    return fields, files["file"]


@endpoint(bp, "POST", "/resources/<id>/files", summary="Ajouter un fichier à une ressource", auth=AUTH_REQUIRED,
          response=FILE_SCHEMA, status=201, errors=(400, 401, 403, 404, 409, 413, 415, 422, 502),
          description=UPLOAD_DESCRIPTION, openapi=UPLOAD_OPENAPI, publishes=True)
def upload_file(caller, _data, id):
    slot = transfers().uploads.enter()
    try:
        fields, part = read_form()
        part.stream.seek(0, 2)
        size = part.stream.tell()
        part.stream.seek(0)
        title = text(fields.get("title") or "") or None
        grant = rpc("resources", "grant_file_upload", resource_id=id, filename=part_filename(part.filename),
                    role=fields.get("role", "attachment"), title=title, shows_pupils=fields.get("shows_pupils") == "true",
                    image_rights_attested=fields.get("image_rights_attested") == "true")
        if grant["max_bytes"] is not None and size > grant["max_bytes"]:
            raise ServiceRefusal(413, "too_large", f"Ce fichier dépasse la taille autorisée "
                                                   f"({grant['max_bytes'] // (1024 * 1024)} Mo au plus).")
        return transfers().upload(grant["grant"], part.stream, size, g.get("request_id"))
    finally:
        slot.release()


# --- download ---------------------------------------------------------------------------------

@endpoint(bp, "GET", "/resources/<id>/files/<file_id>", summary="Lire un fichier d'une ressource", auth=AUTH_OPTIONAL,
          errors=(401, 404, 416, 502), description=DOWNLOAD_DESCRIPTION, openapi=DOWNLOAD_OPENAPI)
def download_file(caller, _data, id, file_id):
    slot = transfers().downloads.enter()
    try:
        grant = rpc("resources", "grant_file_download", resource_id=id, file_id=file_id)
        asked = {name: request.headers[name] for name in PASSED_REQUEST_HEADERS if name in request.headers}
        method = "HEAD" if request.method == "HEAD" else "GET"
        upstream = transfers().download(file_id, grant["grant"], asked, method, g.get("request_id"))
    except BaseException:
        slot.release()
        raise
    g.served_file = True
    if upstream.status in (200, 206, 304):
        headers = served_headers(upstream)
        if upstream.status == 304:
            headers = {k: v for k, v in headers.items() if k not in ("Content-Length", "Content-Type")}
        body = upstream.body if upstream.status != 304 and method == "GET" else []
        response = Response(Streamed(body, upstream.close, slot.release), status=upstream.status, headers=headers,
                            direct_passthrough=True)
        response.call_on_close(upstream.close)  # HEAD and 304: werkzeug sends no body and closes the response
        response.call_on_close(slot.release)
        return Reply(response, upstream.status)
    slot.release()
    if upstream.status == 416:
        response = problem(416, "La plage demandée ne correspond à aucun octet du fichier.", "range_not_satisfiable")
        content_range = upstream.headers.get("Content-Range")
        if content_range and re.fullmatch(r"bytes \*/\d+", content_range):
            response.headers["Content-Range"] = content_range
        return Reply(response, 416)
    if upstream.status == 404:
        raise NotFound("Ce fichier n'existe pas ou n'est pas accessible.")
    raise refusal(upstream.status, upstream.headers, upstream.body if isinstance(upstream.body, bytes) else b"")


# --- removal ----------------------------------------------------------------------------------

forward(bp, "DELETE", "/resources/<id>/files/<file_id>", "resources.delete_file",
        summary="Retirer un fichier d'une ressource", path={"id": "resource_id", "file_id": "file_id"})
