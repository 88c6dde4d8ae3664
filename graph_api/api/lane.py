"""POST /graphql carrying one JSON query, answered without Strawberry's HTTP view.

Strawberry's view handles every kind of GraphQL request (GET, batches, multipart uploads, GraphiQL,
streams), and sorting one out costs a light query more than its execution. A request that is
plainly one query (a JSON body: an object whose ``query`` holds a query operation, ``variables`` and
``extensions`` objects or absent, from a client that may read) goes to the code the view would
reach (``GraphQLApp.run_query``: admission, the read lock, the time limit) and is answered with the
bytes the view would send. Anything else goes to the view, which handles it or says what is wrong.
"""

from __future__ import annotations

import json
from typing import Protocol

from graphql import OperationType
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.http import GraphQLRequestData, process_result
from strawberry.types import ExecutionResult

from graph_api.api.budget import operation_type
from graph_api.api.context import Context
from graph_api.api.guard import read_body, replay


class QueryRunner(Protocol):
    """What the lane needs of the GraphQL app (``graph_api.server.GraphQLApp``)."""

    def reading_context(self, authorization: str | None) -> Context | None:
        """The context of a request with this Authorization header; None when it may not read."""

    async def run_query(self, context: Context, request: GraphQLRequestData) -> ExecutionResult:
        """The query admitted and executed within the limits."""

    def encode_json(self, data: object) -> str:
        """The response body, within the response size limit."""


class QueryLane:
    """Answers a POST that is plainly one query; passes every other request to ``app`` untouched."""

    def __init__(self, app: ASGIApp, runner: QueryRunner, max_tokens: int) -> None:
        self.app = app
        self.runner = runner
        self.max_tokens = max_tokens

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        body = await read_body(receive)  # the guard in front has bounded it
        request = self._plain_query(headers, body)
        context = self.runner.reading_context(headers.get("authorization")) if request is not None else None
        if request is None or context is None:
            await self.app(scope, replay(body), send)
            return
        answer = self.runner.encode_json(process_result(await self.runner.run_query(context, request))).encode()
        start = [(b"content-length", str(len(answer)).encode()), (b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": 200, "headers": start})
        await send({"type": "http.response.body", "body": answer})

    def _plain_query(self, headers: Headers, body: bytes) -> GraphQLRequestData | None:
        """The request, when it is plainly one query; None for anything else."""
        if headers.get("content-type", "").partition(";")[0].strip().lower() != "application/json":
            return None
        try:
            data = json.loads(body)
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        query, name, variables, extensions = data.get("query"), data.get("operationName"), data.get("variables"), data.get("extensions")
        if not isinstance(query, str) or not isinstance(name, str | None):
            return None
        if not isinstance(variables, dict | None) or not isinstance(extensions, dict | None):
            return None
        if operation_type(query, name, self.max_tokens) is not OperationType.QUERY:
            return None
        return GraphQLRequestData(query=query, variables=variables, operation_name=name, extensions=extensions)
