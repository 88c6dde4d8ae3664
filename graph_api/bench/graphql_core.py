"""The graphql-core peer: our schema and resolvers run by bare graphql-core, without Strawberry's request handling.

Measured two ways: in this process with no HTTP (``p50_in_process``), and over HTTP behind a plain Starlette
endpoint, which the query benchmark runs as ``python -m graph_api.bench.graphql_core --db STORE --port PORT``.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import json
import statistics
import time
from pathlib import Path

import uvicorn
from graphql import DocumentNode, GraphQLSchema, execute, parse, validate
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from graph_api.api.context import Context
from graph_api.api.graphql_schema import executable_schema
from graph_api.api.schema import schema_for
from graph_api.corpus import Corpus
from graph_api.settings import Settings


def our_schema() -> GraphQLSchema:
    """The graphql-core schema behind our API, with its resolvers (default limits)."""
    return executable_schema(schema_for(Settings()))


def create_app(corpus: Corpus) -> Starlette:
    """POST /graphql run by graphql-core: each document parsed once, no validation, no response cache; and /health."""
    schema = our_schema()
    documents: dict[str, DocumentNode] = {}

    async def endpoint(request: Request) -> Response:
        body = json.loads(await request.body())
        document = documents.get(body["query"]) or documents.setdefault(body["query"], parse(body["query"]))
        result = execute(schema, document, variable_values=body.get("variables"), context_value=Context(corpus))
        if inspect.isawaitable(result):
            result = await result
        errors = [error.formatted for error in result.errors or []]
        return JSONResponse({"data": result.data, **({"errors": errors} if errors else {})})

    async def health(request: Request) -> Response:  # noqa: ARG001 - Starlette's signature
        return Response("ok")

    return Starlette(routes=[Route("/graphql", endpoint, methods=["POST"]), Route("/health", health)])


def p50_in_process(store: Path, bodies: dict[str, str], repeat: int = 200) -> dict[str, float]:
    """Median milliseconds per query body of graphql-core executing it in this process: no HTTP, and the
    query parsed and validated once beforehand (the strongest form of the peer)."""
    corpus = Corpus(Settings.load(db=store))
    try:
        return asyncio.run(_median_timings(our_schema(), corpus, bodies, repeat))
    finally:
        corpus.close()


async def _median_timings(schema: GraphQLSchema, corpus: Corpus, bodies: dict[str, str], repeat: int) -> dict[str, float]:
    timings = {}
    for name, text in bodies.items():
        body = json.loads(text)
        document = parse(body["query"])
        if validate(schema, document):
            raise RuntimeError(f"{name} does not validate against our schema")
        samples = [await _timed_execution(schema, corpus, document, body.get("variables")) for _ in range(repeat)]
        timings[name] = round(statistics.median(samples), 3)
    return timings


async def _timed_execution(schema: GraphQLSchema, corpus: Corpus, document: DocumentNode, variables: dict | None) -> float:
    """Milliseconds to execute one parsed document, its result awaited when the resolvers are async."""
    started = time.perf_counter()
    result = execute(schema, document, variable_values=variables, context_value=Context(corpus))
    if inspect.isawaitable(result):
        result = await result
    if result.errors:
        raise RuntimeError(f"graphql-core answered with errors: {result.errors}")
    return (time.perf_counter() - started) * 1000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m graph_api.bench.graphql_core", description="Serve a store through bare graphql-core.")
    parser.add_argument("--db", type=Path, required=True, help="the SQLite store to load")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    corpus = Corpus(Settings.load(db=args.db))
    uvicorn.run(create_app(corpus), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
