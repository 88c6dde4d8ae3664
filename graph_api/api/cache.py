"""A response cache for GraphQL POST requests, as ASGI middleware.

The graph changes only when articles are ingested or curated, while readers repeat the same
queries (a frontend's entity page, a dashboard's lists). A successful response is kept by its exact
request body and the client's ``Authorization`` header (answers never cross tokens) and served again
until the graph's version changes; responses with errors are never kept. Identical requests that
arrive while the first is still computing wait for its answer instead of computing it again, so a
burst of one expensive query costs one execution. Only queries: a mutation or a subscription is
never answered from the cache nor shared, whatever its body.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from graphql import OperationType
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_api.api.budget import operation_type
from graph_api.api.guard import read_body, replay

MAX_CACHED_BODY = 64 * 1024  # larger requests are answered but neither cached nor shared


@dataclass(frozen=True)
class Answer:
    """A complete HTTP response as it was sent."""

    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class ResponseCache:
    """LRU of (request body → response body) for one graph version, bounded in entries and bytes."""

    def __init__(self, entries: int, max_bytes: int) -> None:
        self.entries = entries
        self.max_bytes = max_bytes
        self.version: Hashable = -1
        self.size = 0
        self._items: OrderedDict[bytes, bytes] = OrderedDict()

    def get(self, key: bytes, version: Hashable) -> bytes | None:
        if version != self.version:
            self._items.clear()
            self.size = 0
            self.version = version
            return None
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: bytes, value: bytes, version: Hashable) -> None:
        if version != self.version or self.entries <= 0 or len(key) + len(value) > self.max_bytes or key in self._items:
            return
        self._items[key] = value
        self.size += len(key) + len(value)
        while len(self._items) > self.entries or self.size > self.max_bytes:
            old_key, old_value = self._items.popitem(last=False)
            self.size -= len(old_key) + len(old_value)


class ResponseCacheMiddleware:
    """Answers a repeated POST /graphql from the cache or from the identical request in flight."""

    def __init__(self, app: ASGIApp, cache: ResponseCache, version: Callable[[], Hashable], max_tokens: int, path: str = "/graphql") -> None:
        self.app = app
        self.cache = cache
        self.version = version
        self.max_tokens = max_tokens
        self.path = path
        self._in_flight: dict[tuple[bytes, Hashable], asyncio.Future[Answer | None]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != self.path or self.cache.entries <= 0:
            await self.app(scope, receive, send)
            return
        body = await read_body(receive)
        if len(body) > MAX_CACHED_BODY:
            await self.app(scope, replay(body), send)
            return
        key_body = _token_digest(scope) + body
        version = self.version()
        cached = self.cache.get(key_body, version)  # only queries are ever put: a hit needs no parsing
        if cached is not None:
            await _send(send, Answer(200, [(b"content-type", b"application/json"), (b"x-cache", b"hit")], cached))
            return
        if not self._is_query(body):
            await self.app(scope, replay(body), send)
            return
        key = (key_body, version)
        shared = self._in_flight.get(key)
        answer = await asyncio.shield(shared) if shared is not None else None
        if answer is not None:
            await _send(send, Answer(answer.status, [*answer.headers, (b"x-cache", b"shared")], answer.body))
            return
        await self._compute(scope, key, body, send)  # the first of its kind, or the first failed

    def _is_query(self, body: bytes) -> bool:
        """Whether the body is one query operation (anything else is passed on untouched)."""
        try:
            request = json.loads(body)
        except ValueError:
            return False
        if not isinstance(request, dict) or not isinstance(request.get("query"), str):
            return False
        name = request.get("operationName")
        return operation_type(request["query"], name if isinstance(name, str) else None, self.max_tokens) is OperationType.QUERY

    async def _compute(self, scope: Scope, key: tuple[bytes, Hashable], body: bytes, send: Send) -> None:
        key_body, version = key
        waiting: asyncio.Future[Answer | None] = asyncio.get_running_loop().create_future()
        self._in_flight[key] = waiting
        recorded = _Recorder(send)
        try:
            await self.app(scope, replay(body), recorded)
        finally:
            del self._in_flight[key]
            waiting.set_result(recorded.answer())  # None when it failed: the followers compute it themselves
        answer = recorded.answer()
        if answer is not None and answer.status == 200 and b'"errors"' not in answer.body:
            self.cache.put(key_body, answer.body, version)


class _Recorder:
    """Passes a response on while keeping a copy of it."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self.status = 0
        self.headers: list[tuple[bytes, bytes]] = []
        self.chunks: list[bytes] = []
        self.complete = False

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"content-length"]
        elif message["type"] == "http.response.body":
            self.chunks.append(message.get("body", b""))
            self.complete = not message.get("more_body", False)
        await self.send(message)

    def answer(self) -> Answer | None:
        """The whole response; None when it was not sent to the end."""
        return Answer(self.status, self.headers, b"".join(self.chunks)) if self.complete else None


def _token_digest(scope: Scope) -> bytes:
    """A prefix of the cache key naming the client's Authorization header (hashed; empty without one)."""
    authorization = Headers(scope=scope).get("authorization")
    return hashlib.sha256(authorization.encode()).digest() if authorization else b""


async def _send(send: Send, answer: Answer) -> None:
    headers = [*answer.headers, (b"content-length", str(len(answer.body)).encode())]
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})
