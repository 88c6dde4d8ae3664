"""The HTTP server: GraphQL (with GraphiQL) and a health check, on Starlette and uvicorn.

A request to /graphql passes, in order: the rate limit (when one is set), the request guard (body
size, time and shape), the response cache (hits and identical requests in flight), then Strawberry,
which parses, measures and validates the query on the event loop and executes it in a worker thread
under the execution time limit.
"""

from __future__ import annotations

import gc
import json
import resource
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from graphql import GraphQLError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult

from graph_api.api.budget import VERDICTS
from graph_api.api.cache import ResponseCache, ResponseCacheMiddleware
from graph_api.api.concurrency import ConcurrencyLimit
from graph_api.api.context import Context
from graph_api.api.execution import Deadline, ExecutionThreads, ExecutionTimeout, run_within
from graph_api.api.graphiql import STATIC_DIR, STATIC_PREFIX, graphiql_html
from graph_api.api.graphql_schema import executable_schema
from graph_api.api.guard import RequestGuard
from graph_api.api.headers import SecurityHeaders
from graph_api.api.http11 import with_header_timeout
from graph_api.api.ratelimit import RateLimit, TokenBuckets
from graph_api.api.schema import limits_of, schema_for
from graph_api.corpus import Corpus
from graph_api.settings import Settings


class GraphQLApp(GraphQL[Context, None]):
    """Strawberry's ASGI app with our context and GraphiQL page, heavy queries in worker threads, a time and a response size limit."""

    def __init__(self, corpus: Corpus, threads: ExecutionThreads) -> None:
        self.graph_schema = schema_for(corpus.settings)
        self.limits = limits_of(corpus.settings)
        super().__init__(self.graph_schema, graphql_ide="graphiql")
        self.corpus = corpus
        self.threads = threads
        self._page = graphiql_html()

    async def get_context(self, request: Any, response: Any) -> Context:  # noqa: ARG002 - Strawberry's signature
        return Context(self.corpus)

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:  # noqa: ARG002
        return HTMLResponse(self._page)

    async def execute_single(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        """Strawberry's execution of one operation within the time limit: a light one on this event
        loop, a heavy one in a worker thread (handing work to a thread costs more than a light query)."""
        deadline: Deadline = kwargs["context"].deadline  # the request's one deadline, which its store reads also keep

        def work() -> Awaitable[ExecutionResult]:
            return super(GraphQLApp, self).execute_single(*args, **kwargs)

        try:
            if self._cost(kwargs["request_data"]) <= self.corpus.settings.inline_cost:
                return await run_within(work, deadline.remaining())
            return await self.threads.run(work, deadline.remaining())
        except ExecutionTimeout:
            return ExecutionResult(data=None, errors=[deadline.error()])

    def _cost(self, request: GraphQLRequestData) -> int:
        """What the query may cost (the same figure its validation will compute, and keep)."""
        schema, settings = executable_schema(self.graph_schema), self.corpus.settings
        variables = request.variables or {}
        verdict = VERDICTS.judge(schema, request.query or "", variables, self.limits, settings.max_query_tokens, self.corpus.graph.list_sizes)
        return verdict.cost if verdict is not None else 0

    async def execute_operation(self, *args: Any, **kwargs: Any) -> Any:
        """Strawberry's execution; a batch whose operations together cost more than one query may is refused whole."""
        batch = kwargs.get("request_data")
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


def create_app(corpus: Corpus) -> Starlette:
    """The ASGI application serving one corpus."""
    settings = corpus.settings
    threads = ExecutionThreads(settings.execution_threads)

    async def health(request: Request) -> JSONResponse:  # noqa: ARG001
        return JSONResponse({"status": "ok", **corpus.graph.stats()})

    async def home(request: Request) -> Response:  # noqa: ARG001
        return RedirectResponse("/graphql")

    async def no_icon(request: Request) -> Response:  # noqa: ARG001
        # Browsers ask for /favicon.ico on their own; "no content" instead of a 404 keeps their consoles clean.
        return Response(status_code=204)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:  # noqa: ARG001
        yield
        threads.close()

    return Starlette(
        routes=[
            Route("/", home),
            Route("/health", health),
            Route("/favicon.ico", no_icon),
            Route("/graphql", graphql_endpoint(corpus, threads), methods=["GET", "POST"]),
            Mount(STATIC_PREFIX, StaticFiles(directory=STATIC_DIR), name="static"),
        ],
        middleware=_middleware(settings),
        lifespan=lifespan,
    )


def graphql_endpoint(corpus: Corpus, threads: ExecutionThreads) -> ASGIApp:
    """/graphql: rate limit, request guard and response cache around Strawberry."""
    settings = corpus.settings
    cache = ResponseCache(settings.response_cache_entries, settings.response_cache_bytes)
    app: ASGIApp = ResponseCacheMiddleware(GraphQLApp(corpus, threads), cache, lambda: corpus.graph.version)
    app = RequestGuard(app, settings.max_body_bytes, settings.body_timeout, settings.max_batch_operations)
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


def serve(corpus: Corpus) -> None:
    """Run uvicorn on the corpus's host and port until interrupted."""
    settings = corpus.settings
    # Built before the first request, and from then on rebuilt beside the requests, which keep
    # the previous projection until the next is ready.
    corpus.graph.projection()
    corpus.graph.projections.background = True
    # The graph is long-lived: keep the cyclic garbage collector from walking all of it on every
    # full collection, which stalls a request for as long as the walk takes.
    gc.collect()
    gc.freeze()
    _allow_open_files_to_the_hard_limit()
    uvicorn.run(
        create_app(corpus),
        host=settings.host,
        port=settings.port,
        log_level="info",
        http=with_header_timeout(settings.header_timeout),
        server_header=False,
        timeout_keep_alive=settings.keep_alive_timeout,
        timeout_graceful_shutdown=settings.shutdown_timeout,
    )
