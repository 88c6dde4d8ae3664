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
        # One timer per connection, moved on by each response rather than one more per response: a busy
        # keep-alive connection would otherwise keep a timer per request of the last ``seconds`` in the loop.
        _header_timer: asyncio.TimerHandle | None = None
        _armed_cycle: Any = None
        _armed_at = 0.0

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm_header_deadline()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm_header_deadline()

        def _arm_header_deadline(self) -> None:
            self._armed_cycle, self._armed_at = self.cycle, self.loop.time()
            if self._header_timer is None:
                self._header_timer = self.loop.call_at(self._armed_at + seconds, self._header_deadline_reached)

        def _header_deadline_reached(self) -> None:
            self._header_timer = None
            if self.transport.is_closing():
                return
            deadline = self._armed_at + seconds
            if deadline > self.loop.time():  # armed again since: wait for that deadline
                self._header_timer = self.loop.call_at(deadline, self._header_deadline_reached)
                return
            waiting = self.cycle is self._armed_cycle and (self.cycle is None or self.cycle.response_complete)
            if waiting:
                self.transport.close()

    return HeaderDeadlineProtocol
