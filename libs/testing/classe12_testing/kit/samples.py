"""Small files of every accepted type, made here (nothing downloaded), for the kit's HTTP steps,
the tests and the benchmarks.

`sample(kind, size=None)` gives the bytes of a file of that kind: a real 1x1 PNG and GIF, a
minimal PDF, an SVG (with a script and an event attribute the service must remove), and media
whose header is valid (WebM: an EBML header with DocType webm; MP4: an `ftyp` box; MP3: an
ID3 tag) followed by deterministic filler up to `size` bytes. `stream(kind, size)` yields the
same bytes in blocks, so a 200 MB upload never sits in memory.
"""
from __future__ import annotations

import hashlib
import random
import struct
import zlib

BLOCK = 1024 * 1024


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1x1, 8 bits, RGB
    pixels = zlib.compress(b"\x00\x20\x60\xa0")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
       b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")
SVG = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
       b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
       b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"'
       b' onload="alert(1)">'
       b'<script>alert(document.cookie)</script>'
       b'<rect id="table" x="1" y="1" width="8" height="4" fill="url(#bois)" onclick="alert(2)"/>'
       b'<a xlink:href="javascript:alert(3)"><text x="1" y="9">Coin lecture</text></a>'
       b'<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'
       b'</svg>\n')
WEBM_HEADER = (b"\x1a\x45\xdf\xa3\x9f"                    # EBML, 31 bytes
               b"\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08"
               b"\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02"
               b"\x18\x53\x80\x67\x01\xff\xff\xff\xff\xff\xff\xff")  # Segment, unknown size
MP4_HEADER = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00\x00\x00\x08free"
MP3_HEADER = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64"
HEADERS = {"webm": WEBM_HEADER, "mp4": MP4_HEADER, "mp3": MP3_HEADER}
FIXED = {"png": png, "gif": lambda: GIF, "pdf": lambda: PDF, "svg": lambda: SVG}
CONTENT_TYPES = {"png": "image/png", "gif": "image/gif", "pdf": "application/pdf", "svg": "image/svg+xml",
                 "webm": "video/webm", "mp4": "video/mp4", "mp3": "audio/mpeg", "text": "text/plain"}


def _filler(offset: int, length: int) -> bytes:
    """Deterministic, incompressible bytes: `length` of them from `offset` (1 MiB blocks, each
    drawn from a generator seeded with its number)."""
    out, index, skip = bytearray(), offset // BLOCK, offset % BLOCK
    while len(out) < skip + length:
        out += random.Random(index).randbytes(BLOCK)
        index += 1
    return bytes(out[skip:skip + length])


def stream(kind: str, size: int | None = None, block: int = BLOCK):
    """The bytes of `sample(kind, size)`, in blocks of at most `block` bytes."""
    if kind in FIXED:  # the file, then filler up to `size` when asked (a PNG of 11 MB...)
        fixed = FIXED[kind]()
        yield fixed
        position = len(fixed)
        while size is not None and position < size:
            length = min(block, size - position)
            yield _filler(position, length)
            position += length
        return
    if kind == "text":
        yield b"Ceci n'est pas un fichier accepte.\n" * max(1, (size or 64) // 36)
        return
    header = HEADERS[kind]
    size = max(size or 64 * 1024, len(header))
    yield header
    position = len(header)
    while position < size:
        length = min(block, size - position)
        yield _filler(position, length)
        position += length


def sample(kind: str, size: int | None = None) -> bytes:
    return b"".join(stream(kind, size))


def sha256_of(kind: str, size: int | None = None) -> str:
    digest = hashlib.sha256()
    for part in stream(kind, size):
        digest.update(part)
    return digest.hexdigest()


def sample_range(kind: str, size: int, first: int, last: int) -> bytes:
    """Bytes first..last (inclusive) of `sample(kind, size)` for a media kind, without making the
    whole file (a 50 MB video's middle)."""
    header = HEADERS[kind]
    last = min(last, size - 1)
    part = header[first:last + 1] if first < len(header) else b""
    start = max(first, len(header))
    return part + (_filler(start, last + 1 - start) if last >= start else b"")


class MultipartUpload:
    """A multipart/form-data body (text fields, then one file made by `stream`) read in blocks,
    with its length known in advance: an HTTP client sends it with Content-Length without ever
    holding it whole (`requests.post(url, data=upload, headers={"Content-Type": upload.content_type})`)."""

    def __init__(self, fields: dict, filename: str, kind: str, size: int | None = None, field: str = "file"):
        self.boundary = "classe12-" + hashlib.sha256(f"{filename}{kind}{size}".encode()).hexdigest()[:24]
        self.content_type = f"multipart/form-data; boundary={self.boundary}"
        head = "".join(f"--{self.boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                       for name, value in fields.items())
        head += (f"--{self.boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n"
                 f"Content-Type: {CONTENT_TYPES.get(kind, 'application/octet-stream')}\r\n\r\n")
        self._head, self._tail = head.encode("utf-8"), f"\r\n--{self.boundary}--\r\n".encode()
        self.file_size = sum(len(part) for part in stream(kind, size, block=BLOCK)) if kind in FIXED or kind == "text" \
            else max(size or 64 * 1024, len(HEADERS[kind]))
        self._kind, self._size = kind, size
        self._pending = b""
        self._sources = None

    def __len__(self) -> int:
        return len(self._head) + self.file_size + len(self._tail)

    def _chunks(self):
        yield self._head
        yield from stream(self._kind, self._size)
        yield self._tail

    def read(self, size: int = -1) -> bytes:
        if self._sources is None:
            self._sources = self._chunks()
        while size < 0 or len(self._pending) < size:
            block = next(self._sources, None)
            if block is None:
                break
            self._pending += block
        if size < 0:
            data, self._pending = self._pending, b""
        else:
            data, self._pending = self._pending[:size], self._pending[size:]
        return data
