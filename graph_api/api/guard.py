"""The door of /graphql: a request body within its size and time limits, and one JSON GraphQL request.

What fails here is answered before Strawberry sees it, with a status and a JSON error that says what
is wrong: 413 for a body over the limit, 408 for one sent too slowly, 400 for bytes that are not
UTF-8, text that is not JSON, a lone surrogate, a batch (a JSON array) or anything but an object.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class RequestRefused(Exception):
    """A request answered with ``status`` and ``message`` before it reaches GraphQL."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class RequestGuard:
    """Reads and checks the body of every POST, then hands the same bytes on."""

    def __init__(self, app: ASGIApp, max_bytes: int, timeout: float, max_batch: int, body_limit: Callable[[str | None], int] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.max_batch = max_batch
        self.body_limit = body_limit  # the limit for a request's Authorization header (a write token may send articles)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        try:
            body = await self._body(headers, receive)
            if "application/json" in headers.get("content-type", ""):
                check_json_request(body, self.max_batch)
        except RequestRefused as refused:
            await send_error(send, refused.status, refused.message)
            return
        await self.app(scope, replay(body), send)

    async def _body(self, headers: Headers, receive: Receive) -> bytes:
        limit = self.body_limit(headers.get("authorization")) if self.body_limit else self.max_bytes
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise RequestRefused(413, f"request body of {declared} bytes is larger than the limit of {limit} bytes")
        try:
            async with asyncio.timeout(self.timeout):  # in this task: wait_for would start one more per request
                return await read_body(receive, limit)
        except TimeoutError:
            raise RequestRefused(408, f"request body not received within {self.timeout:g} s") from None


async def read_body(receive: Receive, limit: int | None = None) -> bytes:
    """The whole request body; RequestRefused (413) as soon as it grows past ``limit``."""
    parts: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise RequestRefused(400, "client disconnected before sending the whole body")
        chunk = message.get("body", b"")
        size += len(chunk)
        if limit is not None and size > limit:
            raise RequestRefused(413, f"request body is larger than the limit of {limit} bytes")
        parts.append(chunk)
        if not message.get("more_body"):
            return b"".join(parts)


def check_json_request(body: bytes, max_batch: int) -> None:
    """RequestRefused (400) unless the body is UTF-8 JSON holding one request object (or a batch of them, when allowed)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RequestRefused(400, f"request body is not valid UTF-8: byte 0x{body[error.start]:02x} at position {error.start}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise RequestRefused(400, f"request body is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}") from None
    if isinstance(data, list):
        check_batch(data, max_batch)
    elif not isinstance(data, dict):
        raise RequestRefused(400, 'request body must be a JSON object such as {"query": "{ stats { articles } }"}')
    if b"\\ud" not in body and b"\\uD" not in body:
        return  # a lone surrogate can only come from a \uD800–\uDFFF escape: valid UTF-8 never decodes to one
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as error:
        raise RequestRefused(400, f"request body holds a lone surrogate ({error.object[error.start]!a}), which is not valid Unicode") from None


def check_batch(items: list[object], max_batch: int) -> None:
    if max_batch <= 0:
        raise RequestRefused(400, "batched requests (a JSON array) are not enabled (setting max_batch_operations): send one request object per POST")
    if len(items) > max_batch:
        raise RequestRefused(400, f"a batch of {len(items)} operations is over the limit of {max_batch}")
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise RequestRefused(400, f"batch item {number} is not a JSON object with a `query`")


def replay(body: bytes) -> Receive:
    """A ``receive`` that hands on a body already read, then reports the client gone."""
    delivered = False

    async def receive() -> Message:
        nonlocal delivered
        if delivered:
            return {"type": "http.disconnect"}
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def send_error(send: Send, status: int, message: str, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    """A JSON ``{"errors": [{"message": …}]}`` response with ``status``."""
    body = json.dumps({"errors": [{"message": message}]}).encode()
    start = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *(headers or [])]
    await send({"type": "http.response.start", "status": status, "headers": start})
    await send({"type": "http.response.body", "body": body})
