"""The graph's read-write lock: many readers at once, or one writer.

Every GraphQL execution reads the graph under it and every change (an article added or deleted, a
curation) is applied under it, so a reader sees the graph before a change or after it, never half
of it. A writer holds it only for the in-memory change and the store commit (milliseconds); the
slow part of ingestion, extraction, runs before it is taken. A waiting writer goes before readers
that arrive after it, so a stream of readers cannot keep changes out.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

POLL_SECONDS = 0.001  # how often an event loop looks whether it may read: writers hold the lock for milliseconds
READERS_TURN = 0.003  # what a writer coming back leaves readers refused meanwhile, to take their share first


class ReadWriteLock:
    """Shared reading, exclusive writing, writers first; the writing thread may also read and write again."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._readers = 0
        self._writer: int | None = None  # the thread writing
        self._depth = 0  # how often that thread took the write lock
        self._writers_waiting = 0
        self._refused = False  # a reader was refused since the last write: the next writer lets it in first

    def try_read(self) -> bool:
        """Take a read share now if no writer holds or waits for the lock."""
        with self._condition:
            if self._writer == threading.get_ident():
                self._readers += 1
                return True
            if self._writer is not None or self._writers_waiting:
                self._refused = True
                return False
            self._readers += 1
            return True

    def acquire_read(self, timeout: float | None = None) -> bool:
        """Wait for a read share (at most ``timeout`` seconds); False when the time ran out."""
        with self._condition:
            if self._writer == threading.get_ident():
                self._readers += 1
                return True
            if not self._condition.wait_for(lambda: self._writer is None and not self._writers_waiting, timeout):
                return False
            self._readers += 1
            return True

    async def acquire_read_async(self, deadline: float) -> bool:
        """Wait for a read share without blocking the event loop, until ``deadline`` (``time.monotonic()``)."""
        while not self.try_read():
            if time.monotonic() >= deadline:
                return False
            await asyncio.sleep(POLL_SECONDS)
        return True

    def release_read(self) -> None:
        with self._condition:
            self._readers -= 1
            if self._readers == 0:
                self._condition.notify_all()

    @contextmanager
    def reading(self) -> Iterator[None]:
        self.acquire_read()
        try:
            yield
        finally:
            self.release_read()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the lock alone: readers in progress finish first, new ones wait."""
        me = threading.get_ident()
        if self._refused and self._writer != me:
            # Commits come back to back while articles stream in; without a turn here, a reader
            # polling for its share would wait for the whole run.
            self._refused = False
            time.sleep(READERS_TURN)
        with self._condition:
            if self._writer == me:
                self._depth += 1
            else:
                self._writers_waiting += 1
                try:
                    self._condition.wait_for(lambda: self._writer is None and self._readers == 0)
                finally:
                    self._writers_waiting -= 1
                self._writer, self._depth = me, 1
        try:
            yield
        finally:
            with self._condition:
                self._depth -= 1
                if self._depth == 0:
                    self._writer = None
                    self._condition.notify_all()
