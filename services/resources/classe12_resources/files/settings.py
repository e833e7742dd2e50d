"""Settings of the resource files, from environment variables (12-factor).

| variable | default | meaning |
|---|---|---|
| FILE_MAX_MB_VIDEO | 200 | largest video (MP4, WebM, Matroska), in MiB |
| FILE_MAX_MB_AUDIO | 50 | largest audio file (MP3, Ogg, WAV, M4A) |
| FILE_MAX_MB_IMAGE | 10 | largest photo or drawing (PNG, JPEG, GIF, WebP) |
| FILE_MAX_MB_PDF | 20 | largest PDF |
| FILE_MAX_MB_SVG | 1 | largest SVG (read whole to be sanitised) |
| FILE_GRANT_TTL_SECONDS | 300 | how long a grant may be used |
| FILE_UPLOAD_MAX_SECONDS | 1800 | an upload still running after this is abandoned (its chunks removed) |
| FILE_MAX_CONCURRENT_UPLOADS | 3 | uploads one process receives at once (503 beyond) |
| FILES_HTTP_BIND | 127.0.0.1:8101 | address of the file endpoint (config.yaml: WEB_SERVER_ADDRESS) |
"""
from __future__ import annotations

from dataclasses import dataclass, field

from classe12_runtime.config import env_float

MIB = 1024 * 1024
#: the families of accepted types, each with its own size limit
FAMILIES = ("video", "audio", "image", "pdf", "svg")
DEFAULT_LIMITS_MB = {"video": 200, "audio": 50, "image": 10, "pdf": 20, "svg": 1}


@dataclass(frozen=True)
class FileSettings:
    limits: dict = field(default_factory=lambda: {f: mb * MIB for f, mb in DEFAULT_LIMITS_MB.items()})
    grant_ttl: float = 300.0
    upload_max_seconds: float = 1800.0
    max_concurrent_uploads: int = 3

    @property
    def max_bytes(self) -> int:
        """The largest file of any accepted type (what an upload grant announces)."""
        return max(self.limits.values())

    def limit_of(self, family: str) -> int:
        return self.limits[family]


def load_file_settings() -> FileSettings:
    limits = {
        "video": int(env_float("FILE_MAX_MB_VIDEO", DEFAULT_LIMITS_MB["video"]) * MIB),
        "audio": int(env_float("FILE_MAX_MB_AUDIO", DEFAULT_LIMITS_MB["audio"]) * MIB),
        "image": int(env_float("FILE_MAX_MB_IMAGE", DEFAULT_LIMITS_MB["image"]) * MIB),
        "pdf": int(env_float("FILE_MAX_MB_PDF", DEFAULT_LIMITS_MB["pdf"]) * MIB),
        "svg": int(env_float("FILE_MAX_MB_SVG", DEFAULT_LIMITS_MB["svg"]) * MIB),
    }
    for family, limit in limits.items():
        if limit < 1:
            raise RuntimeError(f"FILE_MAX_MB_{family.upper()} must be positive")
    return FileSettings(limits=limits,
                        grant_ttl=env_float("FILE_GRANT_TTL_SECONDS", 300.0),
                        upload_max_seconds=env_float("FILE_UPLOAD_MAX_SECONDS", 1800.0),
                        max_concurrent_uploads=max(1, int(env_float("FILE_MAX_CONCURRENT_UPLOADS", 3))))
