"""A response cache for GraphQL POST requests, as ASGI middleware.

The graph changes only when articles are ingested, while readers repeat the same queries (a
frontend's entity page, a dashboard's lists). A successful response is kept by its exact request
body and served again until the graph's version changes. Responses with errors are never kept.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_CACHED_BODY = 64 * 1024  # larger requests are answered but not cached


class ResponseCache:
    """LRU of (request body → response body) for one graph version."""

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self.version = -1
        self._items: OrderedDict[bytes, bytes] = OrderedDict()

    def get(self, key: bytes, version: int) -> bytes | None:
        if version != self.version:
            self._items.clear()
            self.version = version
            return None
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: bytes, value: bytes, version: int) -> None:
        if version != self.version or self.entries <= 0:
            return
        self._items[key] = value
        if len(self._items) > self.entries:
            self._items.popitem(last=False)


class ResponseCacheMiddleware:
    """Answers a repeated POST /graphql from the cache; otherwise runs the app and keeps the answer."""

    def __init__(self, app: ASGIApp, cache: ResponseCache, version: Callable[[], int], path: str = "/graphql") -> None:
        self.app = app
        self.cache = cache
        self.version = version
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != self.path or self.cache.entries <= 0:
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        version = self.version()
        cached = self.cache.get(body, version) if len(body) <= MAX_CACHED_BODY else None
        if cached is not None:
            await _send_json(send, cached)
            return
        await self._run_and_keep(scope, body, send, version)

    async def _run_and_keep(self, scope: Scope, body: bytes, send: Send, version: int) -> None:
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if delivered:
                return {"type": "http.disconnect"}
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        status = 0
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        await self.app(scope, replay, capture)
        response = b"".join(chunks)
        if status == 200 and len(body) <= MAX_CACHED_BODY and b'"errors"' not in response:
            self.cache.put(body, response, version)


async def _read_body(receive: Receive) -> bytes:
    parts = []
    while True:
        message = await receive()
        parts.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(parts)


async def _send_json(send: Send, body: bytes) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), (b"x-cache", b"hit")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
