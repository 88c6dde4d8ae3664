"""The ceiling peer: a bare Starlette endpoint answering each query body with its precomputed response bytes.

No GraphQL at all, so its speed is what uvicorn and Starlette allow on this machine. The query benchmark runs it
as ``python -m graph_api.bench.ceiling TABLE --port PORT``, TABLE being a JSON object from request body to
response body. It imports nothing of graph_api's beyond this module, to stay bare.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


def create_app(responses: dict[str, str]) -> Starlette:
    """The app answering POST /graphql from ``responses`` (keyed by the exact request body), with /health."""

    async def endpoint(request: Request) -> Response:
        payload = await request.body()
        return Response(responses[payload.decode()], media_type="application/json")

    async def health(request: Request) -> Response:  # noqa: ARG001 - Starlette's signature
        return Response("ok")

    return Starlette(routes=[Route("/graphql", endpoint, methods=["POST"]), Route("/health", health)])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m graph_api.bench.ceiling", description=__doc__.splitlines()[0])
    parser.add_argument("table", type=Path, help="JSON object: request body → response body")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    responses = json.loads(args.table.read_text(encoding="utf-8"))
    uvicorn.run(create_app(responses), host="127.0.0.1", port=args.port, log_level="warning", workers=1)


if __name__ == "__main__":
    main()
