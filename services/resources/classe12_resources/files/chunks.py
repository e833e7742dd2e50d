"""File contents in GridFS of the resources database, written and read in bounded memory.

The layout is GridFS's (bucket `fs`: `fs.files` and `fs.chunks`, chunks of 255 KiB numbered
from 0), so any MongoDB tool or driver reads these files. pymongo's own GridIn buffers up to
32 MiB of chunks before writing and its reader fetches batches of up to 16 MiB: here a writer
holds at most `BATCH` chunks (1 MiB) and a reader asks for `BATCH` chunks at a time, so an
upload or a download costs about a megabyte of memory whatever the file's size.

Nothing is half written: the `fs.files` document is written last, once every chunk is; a
writer that fails or is refused removes its chunks (`abort`), and what a dead process left is
removed by the housekeeping of abandoned uploads (grants.py).
"""
from __future__ import annotations

from datetime import datetime, timezone

from bson import Binary, Int64
from pymongo import ASCENDING

CHUNK_SIZE = 255 * 1024
BATCH = 4
BUCKET = "fs"


class CorruptFile(Exception):
    """A chunk is missing or has the wrong size."""


class ChunkStore:
    def __init__(self, db, bucket: str = BUCKET):
        self.files = db[f"{bucket}.files"]
        self.chunks = db[f"{bucket}.chunks"]

    def ensure_indexes(self) -> None:
        # the indexes the GridFS specification names, so that drivers find them as they expect
        self.chunks.create_index([("files_id", ASCENDING), ("n", ASCENDING)], unique=True, name="files_id_1_n_1")
        self.files.create_index([("filename", ASCENDING), ("uploadDate", ASCENDING)], name="filename_1_uploadDate_1")

    def writer(self, storage_id, filename: str, metadata: dict) -> "ChunkWriter":
        return ChunkWriter(self, storage_id, filename, metadata)

    def delete(self, storage_id, session=None) -> None:
        """The file's chunks and description (inside the caller's transaction when given)."""
        self.files.delete_one({"_id": storage_id}, session=session)
        self.chunks.delete_many({"files_id": storage_id}, session=session)

    def read(self, storage_id, first: int, last: int, chunk_size: int = CHUNK_SIZE):
        """The bytes first..last (inclusive) of a file, chunk by chunk (a generator)."""
        first_n, last_n = first // chunk_size, last // chunk_size
        cursor = self.chunks.find({"files_id": storage_id, "n": {"$gte": first_n, "$lte": last_n}},
                                  {"_id": 0, "n": 1, "data": 1}).sort("n", ASCENDING).batch_size(BATCH)
        try:
            expected = first_n
            for chunk in cursor:
                if chunk["n"] != expected:
                    raise CorruptFile(f"chunk {expected} of {storage_id} is missing")
                data = bytes(chunk["data"])
                start = first - expected * chunk_size if expected == first_n else 0
                end = last - expected * chunk_size + 1 if expected == last_n else len(data)
                if end > len(data):
                    raise CorruptFile(f"chunk {expected} of {storage_id} is too short")
                yield data[start:end]
                expected += 1
            if expected != last_n + 1:
                raise CorruptFile(f"chunk {expected} of {storage_id} is missing")
        finally:
            cursor.close()


class ChunkWriter:
    def __init__(self, store: ChunkStore, storage_id, filename: str, metadata: dict):
        self.store = store
        self.storage_id = storage_id
        self.filename = filename
        self.metadata = metadata
        self.size = 0
        self._buffer = bytearray()
        self._pending: list[dict] = []
        self._number = 0

    def write(self, data: bytes) -> None:
        self._buffer += data
        self.size += len(data)
        while len(self._buffer) >= CHUNK_SIZE:
            self._queue(bytes(self._buffer[:CHUNK_SIZE]))
            del self._buffer[:CHUNK_SIZE]

    def _queue(self, data: bytes) -> None:
        self._pending.append({"files_id": self.storage_id, "n": self._number, "data": Binary(data)})
        self._number += 1
        if len(self._pending) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self.store.chunks.insert_many(self._pending, ordered=True)
            self._pending = []

    def close(self) -> dict:
        """Write the last chunks, then the file's description: the file exists from now on."""
        if self._buffer:
            self._queue(bytes(self._buffer))
            self._buffer = bytearray()
        self._flush()
        description = {"_id": self.storage_id, "length": Int64(self.size), "chunkSize": CHUNK_SIZE,
                       "uploadDate": datetime.now(timezone.utc), "filename": self.filename,
                       "metadata": self.metadata}
        self.store.files.insert_one(description)
        return description

    def abort(self) -> None:
        """Remove whatever was written."""
        self._pending, self._buffer = [], bytearray()
        self.store.delete(self.storage_id)
