"""Where GraphQL executions run: worker threads with an event loop each, under a time limit; and how a query runs.

The server's own event loop only accepts connections, reads bodies and answers cheap routes such as
``/health``; a query that computes for a while runs in a worker thread, so the loop, other clients
and SIGTERM are served meanwhile. A query that runs out of time is cancelled where it waits next
(every DataLoader batch and store call is such a point), which stops its work, not only its answer.

A query the server admitted (``graph_api/api/admission.py``) is executed by graphql-core on
Strawberry's schema as Strawberry executes one, without the extension hooks Strawberry builds for
every request, which cost a light query more than its execution.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from inspect import isawaitable
from typing import Any, TypeGuard, TypeVar, cast

import strawberry
from graphql import DocumentNode, GraphQLError, execute
from strawberry.execution.is_awaitable import optimized_is_awaitable
from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult

from graph_api.api.errors import masked
from graph_api.api.graphql_schema import executable_schema

T = TypeVar("T")


@dataclass(frozen=True)
class Deadline:
    """When a request's execution must stop (a ``time.monotonic()`` value), and the limit it comes from."""

    at: float
    seconds: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        return cls(time.monotonic() + seconds, seconds)

    def remaining(self) -> float:
        """Seconds left before the deadline (0 once it has passed)."""
        return max(0.0, self.at - time.monotonic())

    def check(self) -> None:
        """Raise the timeout error when the deadline has passed (long loops look now and then)."""
        if self.remaining() <= 0:
            raise self.error()

    def error(self) -> GraphQLError:
        """The error a client gets for a query stopped at this deadline."""
        return GraphQLError(f"the query ran longer than the limit of {self.seconds:g} s and was stopped: ask for less")


class ExecutionTimeout(Exception):
    """A query ran longer than the execution limit."""


class ExecutionThreads:
    """A fixed set of threads, each running its own event loop; work goes to the least busy one."""

    def __init__(self, count: int) -> None:
        self._loops = [asyncio.new_event_loop() for _ in range(max(1, count))]
        self._busy = [0] * len(self._loops)
        for number, loop in enumerate(self._loops):
            threading.Thread(target=loop.run_forever, name=f"graphql-execution-{number}", daemon=True).start()

    async def run(self, work: Callable[[], Awaitable[T]], timeout: float) -> T:
        """Run ``work()`` in a worker loop; ExecutionTimeout after ``timeout`` seconds (work cancelled)."""
        index = self._busy.index(min(self._busy))
        self._busy[index] += 1
        future = asyncio.run_coroutine_threadsafe(_within(work, timeout), self._loops[index])
        try:
            return await asyncio.wrap_future(future)
        except asyncio.CancelledError:
            future.cancel()  # the client went away or the server is stopping: stop the work too
            raise
        finally:
            self._busy[index] -= 1

    def close(self) -> None:
        for loop in self._loops:
            loop.call_soon_threadsafe(loop.stop)


async def run_within(work: Callable[[], Awaitable[T]], timeout: float) -> T:
    """Run ``work()`` on this event loop; ExecutionTimeout after ``timeout`` seconds (work cancelled)."""
    return await _within(work, timeout)


async def _within(work: Callable[[], Awaitable[T]], timeout: float) -> T:
    # asyncio.timeout cancels the running task itself; wait_for would wrap the work in a task of
    # its own, which costs a light query more turns of the event loop than its execution.
    try:
        async with asyncio.timeout(timeout):
            return await work()
    except TimeoutError:
        raise ExecutionTimeout from None


async def execute_document(schema: strawberry.Schema, document: DocumentNode, request: GraphQLRequestData, context: Any) -> ExecutionResult:
    """An admitted document executed as Strawberry would (its executor class and awaitable check), unexpected errors masked."""
    try:
        result = execute(
            executable_schema(schema),
            document,
            context_value=context,
            variable_values=request.variables,
            operation_name=request.operation_name,
            executor_class=schema.execution_context_class,
            is_awaitable=cast("Callable[[Any], TypeGuard[Awaitable[Any]]]", optimized_is_awaitable),  # Strawberry's faster check
            operation_extensions=request.extensions,
        )
        if isawaitable(result):
            result = await result
    except Exception as error:  # noqa: BLE001 - as Strawberry does: the client gets an error, masked when unexpected
        return ExecutionResult(data=None, errors=masked([GraphQLError(str(error), original_error=error)]))
    return ExecutionResult(data=result.data, errors=masked(result.errors) if result.errors else None)
