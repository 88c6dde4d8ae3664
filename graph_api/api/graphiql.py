"""GraphiQL served from our own static files: it works with no internet."""

from __future__ import annotations

import html
from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static"
STATIC_PREFIX = "/static"

EXAMPLE_QUERY = """# Welcome to graph-api: a knowledge graph of Dutch news.
# Press the play button (or Ctrl-Enter) to run this query.
# To look rather than query, open the explorer: /explore
{
  stats { articles people places organizations nodes edges }
  people(first: 5) {
    totalCount
    edges {
      node {
        name
        aliases
        articleCount
        related(first: 3) { weight entity { __typename name } }
      }
    }
  }
}
"""

_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>graph-api · GraphiQL</title>
  <link rel="stylesheet" href="{prefix}/graphiql.min.css">
  <link rel="stylesheet" href="{prefix}/graphiql-page.css">
</head>
<body>
  <a class="explorer-link" href="/explore">Explorer</a>
  <div id="graphiql" data-default-query="{query}">Loading GraphiQL…</div>
  <script src="{prefix}/react.production.min.js"></script>
  <script src="{prefix}/react-dom.production.min.js"></script>
  <script src="{prefix}/graphiql.min.js"></script>
  <script src="{prefix}/graphiql-start.js"></script>
</body>
</html>
"""


def graphiql_html() -> str:
    """The GraphiQL page; every script and stylesheet comes from our own /static, none is inline (CSP)."""
    return _PAGE.format(prefix=STATIC_PREFIX, query=html.escape(EXAMPLE_QUERY, quote=True))
