"""HTTP range and conditional requests on a stored file (RFC 9110 sections 13 and 14).

- `If-None-Match` (weak comparison, `*` included) matching the file's ETag: 304;
- `Range: bytes=...` with one range (`first-last`, `first-`, `-suffix`): 206 with that part;
  a range that starts past the end, a suffix of 0 bytes, or a malformed `bytes=` value: 416
  (with `Content-Range: bytes */<size>`); several ranges, or another unit: ignored (200, the
  whole file), as the RFC allows;
- `If-Range` with the file's (strong) ETag keeps the Range; any other value (another ETag, a
  date) makes the answer the whole file, so a player never stitches two versions together.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_RANGE = re.compile(r"\s*(\d*)\s*-\s*(\d*)\s*")


@dataclass(frozen=True)
class ByteRange:
    first: int
    last: int  # inclusive

    @property
    def length(self) -> int:
        return self.last - self.first + 1

    def content_range(self, size: int) -> str:
        return f"bytes {self.first}-{self.last}/{size}"


class Unsatisfiable(Exception):
    """416: the Range names no byte of the file, or is malformed."""


def etag_of(sha256_hex: str) -> str:
    """The strong ETag of a file: its content's SHA-256, quoted."""
    return f'"{sha256_hex}"'


def _opaque(tag: str) -> str:
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def not_modified(if_none_match: str | None, etag: str) -> bool:
    """True when `If-None-Match` names this ETag (weak comparison) or is `*`."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    return any(_opaque(tag) == etag for tag in if_none_match.split(","))


def requested_range(range_header: str | None, size: int, if_range: str | None = None,
                    etag: str | None = None) -> ByteRange | None:
    """The one range to serve, or None for the whole file; raises Unsatisfiable (416)."""
    if not range_header:
        return None
    if if_range is not None and (etag is None or if_range.strip() != etag):
        return None  # the client's copy may be another version: send the whole file
    unit, _, spec = range_header.partition("=")
    if unit.strip().lower() != "bytes":
        return None
    if "," in spec:
        return None  # several ranges: the whole file (no multipart/byteranges)
    match = _RANGE.fullmatch(spec)
    if match is None or (not match[1] and not match[2]):
        raise Unsatisfiable()
    if not match[1]:  # the last N bytes
        suffix = int(match[2])
        if suffix == 0 or size == 0:
            raise Unsatisfiable()
        return ByteRange(max(0, size - suffix), size - 1)
    first = int(match[1])
    last = int(match[2]) if match[2] else size - 1
    if last < first:
        raise Unsatisfiable()
    if first >= size:
        raise Unsatisfiable()
    return ByteRange(first, min(last, size - 1))
