"""The change feed: what changed in the graph, handed from the writer to every live subscriber.

The writer publishes from its own thread after a change is committed and in the graph; each
subscriber reads on its own event loop from a bounded queue. A subscriber that falls more than a
queue behind is told so and dropped, so a slow client never holds the writer or grows memory.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass


@dataclass(frozen=True)
class ArticleIngested:
    """An article was committed and added to the graph."""

    article_id: str


@dataclass(frozen=True)
class EntityChanged:
    """An entity gained or lost mentions, or was curated; ``gone`` when it no longer exists under this id."""

    entity_id: str
    reason: str
    gone: bool = False


FeedEvent = ArticleIngested | EntityChanged


class FeedOverflow(Exception):
    """The subscriber fell too far behind the changes and was dropped."""


class _Subscriber:
    def __init__(self, loop: asyncio.AbstractEventLoop, size: int) -> None:
        self.loop = loop
        self.queue: asyncio.Queue[FeedEvent | None] = asyncio.Queue(size)
        self.overflowed = False

    def offer(self, event: FeedEvent) -> None:
        """Runs on the subscriber's loop."""
        if self.overflowed:
            return
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.overflowed = True
            self.queue.get_nowait()  # room for the end marker, which wakes the reader
            self.queue.put_nowait(None)


class ChangeFeed:
    """Publish from any thread; subscribe from any event loop."""

    def __init__(self, queue_size: int) -> None:
        self.queue_size = queue_size
        self._subscribers: set[_Subscriber] = set()
        self._lock = threading.Lock()

    def publish(self, events: list[FeedEvent]) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            for event in events:
                try:
                    subscriber.loop.call_soon_threadsafe(subscriber.offer, event)
                except RuntimeError:  # its loop has closed: the subscription is over
                    self._drop(subscriber)
                    break

    def subscriber_count(self) -> int:
        with self._lock:
            return len(self._subscribers)

    async def events(self) -> AsyncIterator[FeedEvent]:
        """Every event published from now on, until the caller stops; FeedOverflow when it fell behind."""
        subscriber = _Subscriber(asyncio.get_running_loop(), self.queue_size)
        with self._lock:
            self._subscribers.add(subscriber)
        try:
            while True:
                event = await subscriber.queue.get()
                if event is None:
                    raise FeedOverflow(f"the subscription fell more than {self.queue_size} changes behind and was closed: subscribe again")
                yield event
        finally:
            self._drop(subscriber)

    def _drop(self, subscriber: _Subscriber) -> None:
        with self._lock:
            self._subscribers.discard(subscriber)
