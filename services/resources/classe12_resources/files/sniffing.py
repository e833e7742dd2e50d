"""The real type of a file, read from its first bytes, against the allowlist.

What the client declares (name, Content-Type) is never believed: a file is what its signature
says, and anything without an accepted signature is refused (415). `sniff(head)` needs the
first `SNIFF_BYTES` bytes (less when the file is shorter) and answers a `Sniffed` (media type
and family, whose size limit applies) or None.

| signature | media type | family |
|---|---|---|
| `%PDF-` | application/pdf | pdf |
| `\\x89PNG\\r\\n\\x1a\\n` | image/png | image |
| `\\xff\\xd8\\xff` | image/jpeg | image |
| `GIF87a`, `GIF89a` | image/gif | image |
| `RIFF....WEBP` | image/webp | image |
| `<svg` (after an optional BOM, XML declaration, comments, DOCTYPE) | image/svg+xml | svg |
| `ID3`, or an MPEG audio layer III frame header | audio/mpeg | audio |
| `OggS` whose first packet is Vorbis or Opus | audio/ogg | audio |
| `RIFF....WAVE` | audio/wav | audio |
| `....ftyp` with an MP4 brand (`M4A `/`M4B `: audio) | video/mp4, audio/mp4 | video, audio |
| EBML `\\x1a\\x45\\xdf\\xa3` with DocType webm / matroska | video/webm, video/x-matroska | video |
"""
from __future__ import annotations

import re
from dataclasses import dataclass

SNIFF_BYTES = 4096


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    family: str  # video, audio, image, pdf, svg: the size limit that applies

    @property
    def inline(self) -> bool:
        """Shown in the browser (media and images) rather than downloaded (RFC 6266)."""
        return self.family in ("video", "audio", "image", "svg")


#: every type the endpoint may serve (anything else is refused at upload)
SERVED_TYPES = ("application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml",
                "audio/mpeg", "audio/ogg", "audio/wav", "audio/mp4", "video/mp4", "video/webm", "video/x-matroska")
FAMILY_OF = {"application/pdf": "pdf", "image/svg+xml": "svg", "video/mp4": "video", "video/webm": "video",
             "video/x-matroska": "video", "audio/mp4": "audio", "audio/mpeg": "audio", "audio/ogg": "audio",
             "audio/wav": "audio", "image/png": "image", "image/jpeg": "image", "image/gif": "image",
             "image/webp": "image"}

MP4_BRANDS = {b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"M4VH",
              b"M4VP", b"dash", b"mmp4", b"MSNV", b"f4v "}
MP4_AUDIO_BRANDS = {b"M4A ", b"M4B "}
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
EBML_DOCTYPE = b"\x42\x82"  # the DocType element id inside the EBML header


def of(content_type: str) -> Sniffed:
    return Sniffed(content_type, FAMILY_OF[content_type])


def sniff(head: bytes) -> Sniffed | None:
    """The accepted type whose signature `head` (the file's first bytes) carries, or None."""
    if head.startswith(b"%PDF-"):
        return of("application/pdf")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return of("image/png")
    if head.startswith(b"\xff\xd8\xff"):
        return of("image/jpeg")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return of("image/gif")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return of("image/webp")
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return of("audio/wav")
    if head[4:8] == b"ftyp":
        return _mp4(head)
    if head.startswith(EBML_MAGIC):
        return _ebml(head)
    if head.startswith(b"OggS"):
        return _ogg(head)
    if head.startswith(b"ID3") or _mpeg_audio_frame(head):
        return of("audio/mpeg")
    if looks_like_svg(head):
        return of("image/svg+xml")
    return None


def _mp4(head: bytes) -> Sniffed | None:
    brands = [head[8:12]] + [head[i:i + 4] for i in range(16, min(len(head), int.from_bytes(head[:4], "big")), 4)]
    if brands[0] in MP4_AUDIO_BRANDS:
        return of("audio/mp4")
    if any(brand in MP4_BRANDS for brand in brands):
        return of("video/mp4")
    return None  # QuickTime, HEIF... are not accepted


def _ebml(head: bytes) -> Sniffed | None:
    """WebM or Matroska: the DocType of the EBML header."""
    at = head.find(EBML_DOCTYPE, 4, 64)
    if at < 0 or at + 3 > len(head):
        return None
    size_byte = head[at + 2]
    if not size_byte & 0x80:  # a one-byte size is enough for "webm" / "matroska"
        return None
    doctype = head[at + 3:at + 3 + (size_byte & 0x7F)]
    if doctype == b"webm":
        return of("video/webm")
    if doctype == b"matroska":
        return of("video/x-matroska")
    return None


def _ogg(head: bytes) -> Sniffed | None:
    """An Ogg stream whose first packet is Vorbis or Opus (audio only: no Theora video)."""
    if len(head) < 28:
        return None
    segments = head[26]
    packet = head[27 + segments:27 + segments + 8]
    if packet.startswith(b"\x01vorbis") or packet.startswith(b"OpusHead"):
        return of("audio/ogg")
    return None


def _mpeg_audio_frame(head: bytes) -> bool:
    """An MPEG-1/2/2.5 layer III frame header: 11 sync bits, a known version, layer III, a
    valid bit rate and sample rate."""
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer = (head[1] >> 3) & 0x03, (head[1] >> 1) & 0x03
    bitrate, sample_rate = head[2] >> 4, (head[2] >> 2) & 0x03
    return version != 0x01 and layer == 0x01 and bitrate not in (0x00, 0x0F) and sample_rate != 0x03


_PROLOGUE = re.compile(rb"""\A(?:\xef\xbb\xbf)?\s*
    (?:<\?xml[^>]*\?>\s*)?
    (?:(?:<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)\s*)*
    <svg[\s>/]""", re.VERBOSE | re.DOTALL | re.IGNORECASE)


def looks_like_svg(head: bytes) -> bool:
    """An XML document whose root element is <svg> (the sanitiser then reads it whole)."""
    return _PROLOGUE.match(head) is not None
