"""The explorer's entity view of a hub, timed in headless Chromium against a server.

The page stamps ``data-draw-ms`` on its view: the milliseconds from the GraphQL answer to the next
frame after the network, the chart and the lists are drawn. Beside it, in the same run, the
browser's own timing of that GraphQL request (the baseline the drawing adds to). Needs Playwright
(the `test` extra) and Debian's chromium; ``graph-api bench`` runs it on its stores (and notes it
skipped without them), ``python -m graph_api.bench.explorer http://HOST:PORT`` on a running server.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from graph_api.bench.servers import serving

RUNS = 5
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HUB = "{ people(first: 1, orderBy: DEGREE) { edges { node { id name } } } }"
# The duration of the page's last POST to /graphql, as the browser measured it.
LAST_QUERY_MS = (
    "() => { const q = performance.getEntriesByType('resource').filter(e => e.name.endsWith('/graphql')); return q[q.length - 1].duration; }"
)


class BrowserMissing(RuntimeError):
    """Playwright or Debian's chromium is not installed."""


def hub(server: str) -> dict[str, str]:
    """The person with the most links, by the public API."""
    answer = httpx.post(f"{server}/graphql", json={"query": HUB}, timeout=60).json()
    edges = answer["data"]["people"]["edges"]
    if not edges:
        raise SystemExit(f"{server} has no people to draw")
    return dict(edges[0]["node"])


def bench_explorer(server: str, runs: int = RUNS, depth: int = 1) -> dict[str, Any]:
    """Median draw and GraphQL times of the hub's entity view over ``runs`` loads (after one warm-up)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise BrowserMissing("the explorer bench needs Playwright: pip install -e '.[test]'") from None
    chromium = shutil.which("chromium")
    if chromium is None:
        raise BrowserMissing("the explorer bench needs Debian's chromium: apt-get install chromium")
    person = hub(server)
    url = f"{server}/explore/entity/{quote(person['id'], safe=':')}" + ("?depth=2" if depth == 2 else "")
    draws, queries, nodes = [], [], 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.set_default_timeout(120_000)
            for run in range(runs + 1):
                page.goto(url)
                page.wait_for_selector("#view[data-draw-ms]")
                if run:  # the first load warms the caches of the server and the browser
                    draws.append(float(page.locator("#view").get_attribute("data-draw-ms") or "nan"))
                    queries.append(float(page.evaluate(LAST_QUERY_MS)))
            nodes = int(page.locator("#network").evaluate("element => element.cy.nodes().length"))
        finally:
            browser.close()
    return {
        "entity": person["name"],
        "depth": depth,
        "nodes": nodes,
        "graphql_ms_p50": round(statistics.median(queries), 1),
        "draw_ms_p50": round(statistics.median(draws), 1),
        "draw_ms_max": round(max(draws), 1),
    }


def bench_explorer_store(store: Path, runs: int = RUNS) -> dict[str, Any]:
    """The hub's entity view at depth 1 and 2 on a server of ``store`` with its response cache off; why it was skipped without a browser."""
    with serving(["graph_api.cli", "serve", "--db", str(store)], env={"GRAPH_API_RESPONSE_CACHE_ENTRIES": "0"}) as url:
        try:
            return {"views": [bench_explorer(url.removesuffix("/graphql"), runs, depth) for depth in (1, 2)]}
        except BrowserMissing as missing:
            return {"skipped": str(missing)}


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    try:
        print(json.dumps([bench_explorer(target, depth=depth) for depth in (1, 2)], indent=2))
    except BrowserMissing as missing:
        raise SystemExit(str(missing)) from None
