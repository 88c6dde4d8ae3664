"""The HTTP server: GraphQL (with GraphiQL) and a health check, on Starlette and uvicorn.

A request to /graphql passes, in order: the rate limit (when one is set), the request guard (body
size, time and shape; a larger body for a write token), the response cache (queries only: hits and
identical requests in flight, per token), then the lane of plain queries or Strawberry's view; either
way a query is parsed, measured and validated on the event loop (each kept per document text) and
executed by graphql-core under the graph's read lock and the execution time limit, a heavy one in a
worker thread. A mutation needs a write token (else HTTP 401) and makes its change on the corpus's
writer thread. Subscriptions use graphql-transport-ws on the same path. While it serves, the server
looks at its store every ``follow_interval`` seconds (at once when a PostgreSQL store NOTIFYs a
commit) for what another process (``graph-api ingest``, another replica) wrote, and has the search
index read it too.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
import resource
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from graphql import GraphQLError, OperationType
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLRequestData
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from graph_api.api.auth import HOW_TO_ENABLE, Client, Tokens
from graph_api.api.budget import VERDICTS, operation_type
from graph_api.api.cache import ResponseCache, ResponseCacheMiddleware
from graph_api.api.concurrency import ConcurrencyLimit
from graph_api.api.context import Context
from graph_api.api.execution import ExecutionThreads, ExecutionTimeout, execute_document, run_within
from graph_api.api.explorer import EXPLORE_PREFIX, explore_page, home_page
from graph_api.api.graphiql import STATIC_DIR, STATIC_PREFIX, graphiql_html
from graph_api.api.graphql_schema import executable_schema
from graph_api.api.guard import RequestGuard
from graph_api.api.headers import SecurityHeaders
from graph_api.api.http11 import with_header_timeout
from graph_api.api.lane import QueryLane
from graph_api.api.ratelimit import RateLimit, TokenBuckets
from graph_api.api.schema import limits_of, schema_for
from graph_api.corpus import Corpus
from graph_api.settings import Settings

log = logging.getLogger(__name__)
SUBSCRIPTIONS_BY_WEBSOCKET = "subscriptions are served over a websocket: connect to /graphql with the graphql-transport-ws protocol"


class GraphQLApp(GraphQL[Context, None]):
    """Strawberry's ASGI app with our context and GraphiQL page, heavy queries in worker threads, a time and a response size limit,
    tokens for writes (and closed reads)."""

    def __init__(self, corpus: Corpus, threads: ExecutionThreads, tokens: Tokens) -> None:
        self.graph_schema = schema_for(corpus.settings)
        self.limits = limits_of(corpus.settings)
        # graphql-transport-ws only: the older graphql-ws protocol is deprecated by its own authors.
        super().__init__(self.graph_schema, graphql_ide="graphiql", subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,))
        self.corpus = corpus
        self.threads = threads
        self.tokens = tokens
        self._page = graphiql_html()

    async def get_context(self, request: Any, response: Any) -> Context:  # noqa: ARG002 - Strawberry's signature
        return Context(self.corpus, self.tokens.client(request.headers.get("authorization")), websocket=isinstance(request, WebSocket))

    def reading_context(self, authorization: str | None) -> Context | None:
        """The context of an HTTP request with this Authorization header; None when the client may not read."""
        client = self.tokens.client(authorization)
        if not self.tokens.reads_open and client.access is None:
            return None
        return Context(self.corpus, client)

    async def on_ws_connect(self, context: Context) -> Any:
        """Closed reads: a subscription needs a token too, in the Authorization header or the connection_init payload."""
        if self.tokens.reads_open or context.client.access is not None:
            return UNSET
        payload = context.connection_params or {}
        client = self.tokens.client(str(payload.get("Authorization") or payload.get("authorization") or ""))
        if client.access is None:
            raise ConnectionRejectionError  # Strawberry closes the connection: 4403 Forbidden
        context.client = client
        return UNSET

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:  # noqa: ARG002
        return HTMLResponse(self._page)

    async def execute_single(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        """One operation: a query admitted and executed here; a mutation by Strawberry on this loop, its
        change on the writer thread; anything else by Strawberry, which says what is wrong with it."""
        context: Context = kwargs["context"]
        request: GraphQLRequestData = kwargs["request_data"]
        operation = operation_type(request.query or "", request.operation_name, self.corpus.settings.max_query_tokens)
        if operation is OperationType.MUTATION:
            return await self._mutate(context, kwargs["sub_response"], lambda: super(GraphQLApp, self).execute_single(*args, **kwargs))
        if operation is OperationType.SUBSCRIPTION:
            kwargs["sub_response"].status_code = 400
            return ExecutionResult(data=None, errors=[GraphQLError(SUBSCRIPTIONS_BY_WEBSOCKET)])
        if operation is OperationType.QUERY and isinstance(request.variables, dict | None):
            return await self.run_query(context, request)
        return await self._within_limits(context, lambda: super(GraphQLApp, self).execute_single(*args, **kwargs), cost=0)

    async def run_query(self, context: Context, request: GraphQLRequestData) -> ExecutionResult:
        """A query: admitted (parse, budget, validation), then executed by graphql-core within the limits."""
        schema = executable_schema(self.graph_schema)
        variables = request.variables or {}
        admitted = self.graph_schema.admission.admit(schema, request.query or "", variables, request.operation_name, self.corpus.graph.list_sizes)
        if admitted.errors:
            return ExecutionResult(data=None, errors=list(admitted.errors))
        return await self._within_limits(context, lambda: execute_document(self.graph_schema, admitted.document, request, context), admitted.cost)

    async def _within_limits(self, context: Context, execute: Callable[[], Awaitable[ExecutionResult]], cost: int) -> ExecutionResult:
        """An execution within the request's deadline, under the graph's read lock: on this event loop when
        it may cost at most ``inline_cost``, else in a worker thread (handing work to a thread costs more
        than a light query)."""
        deadline = context.deadline  # the request's one deadline, which its store reads also keep

        async def work() -> ExecutionResult:
            await context.hold_read()
            try:
                return await execute()
            finally:
                context.release_read()

        try:
            if cost <= self.corpus.settings.inline_cost:
                return await run_within(work, deadline.remaining())
            return await self.threads.run(work, deadline.remaining())
        except ExecutionTimeout:
            return ExecutionResult(data=None, errors=[deadline.error()])

    async def _mutate(self, context: Context, response: Any, work: Callable[[], Awaitable[ExecutionResult]]) -> ExecutionResult:
        """A mutation: refused with 401 before anything runs unless the client has a write token; else run under the write time limit."""
        if not context.client.may_write:
            return _unauthorized(response, self._refusal(context.client))
        context.renew(self.corpus.settings.write_timeout)
        try:
            return await run_within(work, context.deadline.remaining())
        except ExecutionTimeout:
            return ExecutionResult(data=None, errors=[context.deadline.error()])
        finally:
            context.release_read()

    def _refusal(self, client: Client) -> str:
        if not self.tokens.writes_enabled:
            return HOW_TO_ENABLE
        if client.access is not None:
            return f"the token of {client.name!r} may read, not write: mutations need a write token"
        return "mutations need a write token: send `Authorization: Bearer <token>` with a token the server knows"

    def _cost(self, request: GraphQLRequestData) -> int:
        """What the query may cost (the figure its admission computes, and keeps)."""
        schema, settings = executable_schema(self.graph_schema), self.corpus.settings
        variables = request.variables or {}
        verdict = VERDICTS.judge(schema, request.query or "", variables, self.limits, settings.max_query_tokens, self.corpus.graph.list_sizes)
        return verdict.cost if verdict is not None else 0

    async def execute_operation(self, *args: Any, **kwargs: Any) -> Any:
        """Strawberry's execution; a batch whose operations together cost more than one query may is refused whole."""
        batch = kwargs.get("request_data")
        context: Context = kwargs["context"]
        if not self.tokens.reads_open and context.client.access is None:
            refusal = _unauthorized(kwargs["sub_response"], "this server needs a token to read: send `Authorization: Bearer <token>`")
            return [refusal for _ in batch] if isinstance(batch, list) else refusal
        if isinstance(batch, list):
            settings = self.corpus.settings
            cost = sum(self._cost(item) for item in batch)
            if cost > settings.max_query_cost:
                message = f"the batch may return {cost} nodes together, the limit is {settings.max_query_cost}"
                return [ExecutionResult(data=None, errors=[GraphQLError(message)]) for _ in batch]
        return await super().execute_operation(*args, **kwargs)

    def encode_json(self, data: object) -> str:
        text = json.dumps(data)
        limit = self.corpus.settings.max_response_bytes
        if len(text) > limit:  # ASCII: json.dumps escapes everything else, so characters are bytes
            message = f"the response of {len(text)} bytes is larger than the limit of {limit} bytes: ask for smaller pages or fewer fields"
            return json.dumps({"data": None, "errors": [{"message": message}]})
        return text


def _unauthorized(response: Any, message: str) -> ExecutionResult:
    """HTTP 401 with a bearer challenge, and the GraphQL error saying what is missing."""
    response.status_code = 401
    response.headers["WWW-Authenticate"] = 'Bearer realm="graph-api"'
    return ExecutionResult(data=None, errors=[GraphQLError(message)])


def create_app(corpus: Corpus, close_at_shutdown: bool = False) -> Starlette:
    """The ASGI application serving one corpus (closed when the application stops if ``close_at_shutdown``)."""
    settings = corpus.settings
    threads = ExecutionThreads(settings.execution_threads)
    tokens = Tokens.from_settings(settings)
    graphql = GraphQLApp(corpus, threads, tokens)

    async def health(request: Request) -> JSONResponse:  # noqa: ARG001
        articles, changes = corpus.held
        return JSONResponse({"status": "ok", "storeVersion": f"{articles}.{changes}", **corpus.graph.stats()})

    async def no_icon(request: Request) -> Response:  # noqa: ARG001
        # Browsers ask for /favicon.ico on their own; "no content" instead of a 404 keeps their consoles clean.
        return Response(status_code=204)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:  # noqa: ARG001
        await asyncio.to_thread(corpus.store.prepare_search)  # a missing search index is built while the server answers
        following = asyncio.create_task(_follow_store(corpus)) if settings.follow_interval > 0 else None
        yield
        if following is not None:
            following.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await following
        threads.close()
        if close_at_shutdown:
            await asyncio.to_thread(corpus.close)

    return Starlette(
        routes=[
            Route("/", home_page),
            Route(EXPLORE_PREFIX, explore_page),
            Route(EXPLORE_PREFIX + "/{path:path}", explore_page),
            Route("/health", health),
            Route("/favicon.ico", no_icon),
            Route("/graphql", graphql_endpoint(corpus, graphql, tokens), methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Mount(STATIC_PREFIX, StaticFiles(directory=STATIC_DIR), name="static"),
        ],
        middleware=_middleware(settings),
        lifespan=lifespan,
    )


async def _follow_store(corpus: Corpus) -> None:
    """Read in, on the writer thread, what another process wrote to the store: when the store tells of a commit
    (PostgreSQL's NOTIFY), else every ``follow_interval`` seconds."""
    while True:
        await asyncio.to_thread(corpus.store.wait_for_changes, corpus.settings.follow_interval)
        try:
            await asyncio.wrap_future(corpus.writer.submit(corpus.follow))
            await asyncio.to_thread(corpus.store.prepare_search)  # the search index follows too, off the event loop
        except Exception:  # a store that cannot be read now may be readable at the next look
            log.exception("reading the store's new changes failed")


def graphql_endpoint(corpus: Corpus, graphql: GraphQLApp, tokens: Tokens) -> ASGIApp:
    """/graphql: rate limit, request guard, response cache and the lane of plain queries around Strawberry."""
    settings = corpus.settings
    cache = ResponseCache(settings.response_cache_entries, settings.response_cache_bytes)
    app: ASGIApp = QueryLane(graphql, graphql, settings.max_query_tokens)
    # Keyed on the store positions the graph holds, which name the same graph in every replica of the store.
    app = ResponseCacheMiddleware(app, cache, lambda: corpus.held, settings.max_query_tokens)
    writer_body = settings.max_write_body_bytes

    def body_limit(authorization: str | None) -> int:
        return writer_body if tokens.client(authorization).may_write else settings.max_body_bytes

    app = RequestGuard(app, settings.max_body_bytes, settings.body_timeout, settings.max_batch_operations, body_limit)
    if settings.rate_limit > 0:
        app = RateLimit(app, TokenBuckets(settings.rate_limit, settings.rate_limit_burst))
    return app


def _middleware(settings: Settings) -> list[Middleware]:
    middleware = [Middleware(SecurityHeaders), Middleware(ConcurrencyLimit, limit=settings.max_concurrent_requests)]
    origins = [origin.strip() for origin in settings.cors_origins.split(",") if origin.strip()]
    if origins:
        cors = Middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST"], allow_headers=["content-type", "authorization"])
        middleware.append(cors)
    return middleware


def _allow_open_files_to_the_hard_limit() -> None:
    """Raise the soft limit of open files: each connection is one, and silent clients hold theirs until the header timeout."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def prepare(corpus: Corpus) -> None:
    """Make a loaded corpus ready to serve: its projection, the model when writes are allowed, the collector told the graph stays."""
    settings = corpus.settings
    # Built before the first request unless the snapshot brought one (then, if the store moved on
    # since, its successor is built beside the requests, which keep the previous projection until
    # the next is ready, as after every write).
    corpus.graph.projections.background = True
    corpus.graph.projections.min_interval = settings.projection_interval
    corpus.graph.projection()
    if Tokens.from_settings(settings).writes_enabled:
        # Loaded now rather than at the first write, which would stall the answers around it for seconds.
        corpus.extractor.warm_up()
    # The graph is long-lived: keep the cyclic garbage collector from walking all of it on every
    # full collection, which stalls a request for as long as the walk takes.
    gc.collect()
    gc.freeze()


def serve(corpus: Corpus) -> None:
    """Run uvicorn on the corpus's host and port until interrupted."""
    settings = corpus.settings
    prepare(corpus)
    _allow_open_files_to_the_hard_limit()
    uvicorn.run(
        create_app(corpus),
        host=settings.host,
        port=settings.port,
        log_level="info",
        access_log=settings.access_log,
        http=with_header_timeout(settings.header_timeout),
        server_header=False,
        timeout_keep_alive=settings.keep_alive_timeout,
        timeout_graceful_shutdown=settings.shutdown_timeout,
    )
    corpus.close()  # writes done, and the graph's snapshot when it changed: the next start loads it
