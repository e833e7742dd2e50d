"""Names of stored files: cleaned at upload, and a safe Content-Disposition when served.

The member's file name is only shown: it never becomes a path, and what the browser saves
always ends with an extension of the file's real type (a PDF named `devoir.html` is saved as
`devoir.html.pdf`, so it is never opened as a web page). The header follows RFC 6266: an ASCII
`filename` for old clients and the exact name as `filename*=UTF-8''...` (RFC 8187); `inline`
for media and images, `attachment` for anything else.
"""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

MAX_NAME = 200
DEFAULT_NAME = "fichier"
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/gif": (".gif",),
    "image/webp": (".webp",),
    "image/svg+xml": (".svg",),
    "audio/mpeg": (".mp3",),
    "audio/ogg": (".ogg", ".oga", ".opus"),
    "audio/wav": (".wav",),
    "audio/mp4": (".m4a", ".m4b", ".mp4"),
    "video/mp4": (".mp4", ".m4v"),
    "video/webm": (".webm",),
    "video/x-matroska": (".mkv",),
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9 ._()-]+")
#: RFC 8187 attr-char besides letters and digits (quote() keeps "_.-~" itself)
_ATTR_CHARS = "!#$&+^`|"


def clean_filename(name: str) -> str:
    """The name as it is stored and shown: its last path segment (browsers may send
    `C:\\fakepath\\plan.png`), NFC, without control characters or surrounding blanks, at most
    200 characters (extension kept); "fichier" when nothing is left."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = _CONTROL.sub("", name).strip().strip(".").strip()
    if len(name) > MAX_NAME:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = stem[:MAX_NAME - len(extension) - 1].rstrip() + "." + extension
        else:
            name = name[:MAX_NAME].rstrip()
    return name or DEFAULT_NAME


def served_filename(name: str, content_type: str) -> str:
    """`name` ending with an extension of `content_type`."""
    name = clean_filename(name)
    extensions = EXTENSIONS.get(content_type, ())
    if extensions and not name.lower().endswith(extensions):
        name += extensions[0]
    return name


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _UNSAFE_ASCII.sub("_", decomposed).strip(" ._")


def ascii_fallback(name: str) -> str:
    """`name` in plain ASCII for the `filename` parameter (accents dropped, anything unsafe
    inside quotes replaced); "fichier" for a name with nothing left, extension kept."""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    stem, extension = _ascii(stem) or DEFAULT_NAME, _ascii(extension)
    fallback = f"{stem}.{extension}" if extension else stem
    return fallback[:MAX_NAME]


def content_disposition(name: str, content_type: str, inline: bool) -> str:
    """e.g. `inline; filename="seance a deux.webm"; filename*=UTF-8''s%C3%A9ance%20%C3%A0%20deux.webm`"""
    name = served_filename(name, content_type)
    fallback = ascii_fallback(name)
    extensions = EXTENSIONS.get(content_type, ())
    if extensions and not fallback.lower().endswith(extensions):
        fallback = fallback[:MAX_NAME - len(extensions[0])] + extensions[0]
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe=_ATTR_CHARS)}"
