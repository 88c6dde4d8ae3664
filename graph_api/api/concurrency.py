"""A cap on requests handled at once: over it, 503 at once instead of a queue that grows.

uvicorn's own ``limit_concurrency`` counts open connections too, so a client holding many silent
connections (until the header timeout closes them) would shut every other client out; this counts
only requests being handled.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from graph_api.api.guard import send_error


class ConcurrencyLimit:
    """Answers 503 while ``limit`` requests are already being handled."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit
        self.handling = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.handling >= self.limit:
            await send_error(send, 503, f"the server is handling {self.limit} requests already: try again shortly", [(b"retry-after", b"1")])
            return
        self.handling += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.handling -= 1
