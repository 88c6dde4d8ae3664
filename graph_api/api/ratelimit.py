"""An optional per-client rate limit: a token bucket per bearer token, or per IP address without one."""

from __future__ import annotations

import hashlib
import math
import time
from collections import OrderedDict

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from graph_api.api.guard import send_error

MAX_CLIENTS = 100_000  # buckets kept; the least recently seen client is forgotten first


class TokenBuckets:
    """``per_minute`` requests a minute for each client, with bursts up to ``burst``."""

    def __init__(self, per_minute: int, burst: int) -> None:
        self.rate = per_minute / 60.0
        self.burst = max(1, burst)
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # client → (tokens, when)

    def take(self, client: str, now: float) -> float:
        """0 when the client may go ahead; otherwise the seconds until it may."""
        tokens, then = self._buckets.pop(client, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - then) * self.rate)
        wait = 0.0 if tokens >= 1 else (1 - tokens) / self.rate
        self._buckets[client] = (tokens - 1 if tokens >= 1 else tokens, now)
        if len(self._buckets) > MAX_CLIENTS:
            self._buckets.popitem(last=False)
        return wait


class RateLimit:
    """Answers 429 with ``Retry-After`` once a client has used up its bucket."""

    def __init__(self, app: ASGIApp, buckets: TokenBuckets) -> None:
        self.app = app
        self.buckets = buckets

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            wait = self.buckets.take(client_key(scope), time.monotonic())
            if wait > 0:
                retry = str(math.ceil(wait)).encode()
                await send_error(send, 429, f"too many requests: try again in {math.ceil(wait)} s", [(b"retry-after", retry)])
                return
        await self.app(scope, receive, send)


def client_key(scope: Scope) -> str:
    """The bearer token (hashed, so it is not kept in memory as is) or else the client's address."""
    authorization = Headers(scope=scope).get("authorization", "")
    if authorization.lower().startswith("bearer "):
        return "token:" + hashlib.sha256(authorization[7:].strip().encode()).hexdigest()
    client = scope.get("client")
    return "ip:" + (client[0] if client else "unknown")
