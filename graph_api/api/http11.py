"""uvicorn's HTTP/1.1 protocol with a deadline for a request's headers.

uvicorn closes idle keep-alive connections, but a client that opens a connection and sends its
headers a byte at a time keeps it forever; enough of them fill the connection limit. Here every
connection must start a new request within the header timeout of opening or of its last response.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol


def with_header_timeout(seconds: float) -> type[H11Protocol]:
    """The H11 protocol class that closes a connection whose next request has not started in ``seconds``."""

    class HeaderDeadlineProtocol(H11Protocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm_header_deadline()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm_header_deadline()

        def _arm_header_deadline(self) -> None:
            self.loop.call_later(seconds, self._close_if_no_new_request, self.cycle)

        def _close_if_no_new_request(self, cycle_when_armed: Any) -> None:
            waiting = self.cycle is cycle_when_armed and (self.cycle is None or self.cycle.response_complete)
            if waiting and not self.transport.is_closing():
                self.transport.close()

    return HeaderDeadlineProtocol
