"""The HTTP server: GraphQL (with GraphiQL) and a health check, on Starlette and uvicorn."""

from __future__ import annotations

import gc
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from strawberry.asgi import GraphQL

from graph_api.api.cache import ResponseCache, ResponseCacheMiddleware
from graph_api.api.context import Context
from graph_api.api.graphiql import STATIC_DIR, STATIC_PREFIX, graphiql_html
from graph_api.api.schema import schema_for
from graph_api.corpus import Corpus


class GraphQLApp(GraphQL[Context, None]):
    """Strawberry's ASGI app with our context and our self-hosted GraphiQL page."""

    def __init__(self, corpus: Corpus) -> None:
        super().__init__(schema_for(corpus.settings), graphql_ide="graphiql")
        self.corpus = corpus
        self._page = graphiql_html()

    async def get_context(self, request: Any, response: Any) -> Context:  # noqa: ARG002 - Strawberry's signature
        return Context(self.corpus)

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:  # noqa: ARG002
        return HTMLResponse(self._page)


def create_app(corpus: Corpus) -> Starlette:
    """The ASGI application serving one corpus."""

    async def health(request: Request) -> JSONResponse:  # noqa: ARG001
        return JSONResponse({"status": "ok", **corpus.graph.stats()})

    async def home(request: Request) -> Response:  # noqa: ARG001
        return RedirectResponse("/graphql")

    async def no_icon(request: Request) -> Response:  # noqa: ARG001
        # Browsers ask for /favicon.ico on their own; "no content" instead of a 404 keeps their consoles clean.
        return Response(status_code=204)

    cache = ResponseCache(corpus.settings.response_cache_entries)
    graphql = ResponseCacheMiddleware(GraphQLApp(corpus), cache, lambda: corpus.graph.version)
    return Starlette(
        routes=[
            Route("/", home),
            Route("/health", health),
            Route("/favicon.ico", no_icon),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Mount(STATIC_PREFIX, StaticFiles(directory=STATIC_DIR), name="static"),
        ]
    )


def serve(corpus: Corpus) -> None:
    """Run uvicorn on the corpus's host and port until interrupted."""
    # The graph is long-lived: keep the cyclic garbage collector from walking all of it on every
    # full collection, which stalls a request for as long as the walk takes.
    gc.collect()
    gc.freeze()
    uvicorn.run(create_app(corpus), host=corpus.settings.host, port=corpus.settings.port, log_level="info")
