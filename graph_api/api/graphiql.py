"""GraphiQL served from our own static files: it works with no internet."""

from __future__ import annotations

import json
from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static"
STATIC_PREFIX = "/static"

EXAMPLE_QUERY = """# Welcome to graph-api: a knowledge graph of Dutch news.
# Press the play button (or Ctrl-Enter) to run this query.
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
  <style>html, body, #graphiql {{ height: 100%; margin: 0; }}</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="{prefix}/react.production.min.js"></script>
  <script src="{prefix}/react-dom.production.min.js"></script>
  <script src="{prefix}/graphiql.min.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({{ url: window.location.pathname }});
    const root = ReactDOM.createRoot(document.getElementById("graphiql"));
    root.render(React.createElement(GraphiQL, {{
      fetcher,
      defaultQuery: {query},
      defaultEditorToolsVisibility: true,
    }}));
  </script>
</body>
</html>
"""


def graphiql_html() -> str:
    """The GraphiQL page; every script and stylesheet comes from our own /static."""
    return _PAGE.format(prefix=STATIC_PREFIX, query=json.dumps(EXAMPLE_QUERY))
