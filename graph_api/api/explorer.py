"""The explorer page: a browser frontend of the public GraphQL API, served from our own static files."""

from __future__ import annotations

from functools import cache

from starlette.requests import Request
from starlette.responses import HTMLResponse

from graph_api.api.graphiql import STATIC_DIR

EXPLORE_PREFIX = "/explore"
PAGE = STATIC_DIR / "explore.html"

HOME = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>graph-api</title>
  <link rel="stylesheet" href="/static/explore.css">
</head>
<body class="home">
  <main>
    <h1>graph-api</h1>
    <p>A knowledge graph of Dutch news.</p>
    <ul>
      <li><a href="/explore">Explorer</a>: search a name, see its network, its timeline and its places.</li>
      <li><a href="/graphql">GraphiQL</a>: write GraphQL queries against the API.</li>
    </ul>
  </main>
</body>
</html>
"""


async def explore_page(request: Request) -> HTMLResponse:  # noqa: ARG001 - every explorer URL is the same page; its script reads the path
    """The explorer's one page, for /explore and every view under it."""
    return HTMLResponse(_page())


@cache
def _page() -> str:
    return PAGE.read_text()


async def home_page(request: Request) -> HTMLResponse:  # noqa: ARG001
    """The start page: links to the explorer and to GraphiQL."""
    return HTMLResponse(HOME)
