"""Who listens to which member's inbox in this process: member id -> their open streams."""
from __future__ import annotations

import asyncio
import itertools
from collections import defaultdict

#: frames waiting for a slow reader before its stream is closed (it reconnects and resyncs)
QUEUE_LIMIT = 100


class Hub:
    def __init__(self):
        self._streams: dict[str, set[asyncio.Queue]] = defaultdict(set)
        self._ids = itertools.count(1)

    def open(self, member_id: str) -> asyncio.Queue:
        queue: asyncio.Queue = asyncio.Queue(QUEUE_LIMIT)
        self._streams[member_id].add(queue)
        return queue

    def close(self, member_id: str, queue: asyncio.Queue) -> None:
        streams = self._streams.get(member_id)
        if streams is not None:
            streams.discard(queue)
            if not streams:
                del self._streams[member_id]

    def listeners(self) -> int:
        return sum(len(streams) for streams in self._streams.values())

    def publish(self, member_id: str, data: dict) -> int:
        """Hand one change to each open stream of the member (event loop thread only)."""
        frame = (next(self._ids), data)
        told = 0
        for queue in list(self._streams.get(member_id, ())):
            try:
                queue.put_nowait(frame)
                told += 1
            except asyncio.QueueFull:  # a reader that does not read: end its stream
                self._overflowed(member_id, queue)
        return told

    def _overflowed(self, member_id: str, queue: asyncio.Queue) -> None:
        self.close(member_id, queue)
        while not queue.empty():
            queue.get_nowait()
        queue.put_nowait(None)  # None: the stream ends

    def close_all(self) -> None:
        """Graceful shutdown: every stream ends (their clients reconnect to another process)."""
        for member_id, streams in list(self._streams.items()):
            for queue in list(streams):
                self._overflowed(member_id, queue)
