"""The real ``graph-api serve`` process, queried over HTTP on a free port."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, SEEDS, run_query


def test_serve_outside_the_checkout_seeds_itself_from_the_bundled_seeds(server: str) -> None:
    """The fixture starts `graph-api serve` in an empty temporary folder with no --seeds."""
    body = httpx.get(f"{server}/health").json()
    assert body["status"] == "ok" and body["articles"] == len(list(SEEDS.glob("*.txt"))) == 5
    assert body["people"] > 0 and body["places"] > 0


def test_every_count_and_weight_agrees_with_the_articles_own_mentions(server: str) -> None:
    """Over the whole seeded graph: each entity's article count, article list and co-mention weights,
    recomputed here from the mentions of every article, match what the API reports."""
    with httpx.Client(base_url=server, timeout=60) as client:
        articles = every_node(client, "articles", "id mentions(first: 100) { totalCount edges { node { entity { id } } } }", page=5)
        entity_fields = "id articleCount articles(first: 20) { edges { node { id } } } related(first: 60) { weight entity { id } }"
        entities = [node for field in ("people", "places", "organizations") for node in every_node(client, field, entity_fields)]
    assert len(articles) == 5
    mentioned_in: dict[str, set[str]] = {}
    for article in articles:
        assert article["mentions"]["totalCount"] == len(article["mentions"]["edges"])  # every mention on one page
        for edge in article["mentions"]["edges"]:
            mentioned_in.setdefault(edge["node"]["entity"]["id"], set()).add(article["id"])
    assert {e["id"] for e in entities} == set(mentioned_in), "every entity is mentioned, every mentioned entity is listed"
    for entity in entities:
        own = mentioned_in[entity["id"]]
        assert entity["articleCount"] == len(own) and {a["node"]["id"] for a in entity["articles"]["edges"]} == own, entity["id"]
        expected = {other: len(own & theirs) for other, theirs in mentioned_in.items() if other != entity["id"] and own & theirs}
        assert {r["entity"]["id"]: r["weight"] for r in entity["related"]} == expected, entity["id"]
        weights = [r["weight"] for r in entity["related"]]
        assert weights == sorted(weights, reverse=True)


def every_node(client: httpx.Client, field: str, selection: str, page: int = 20) -> list[dict]:
    """Every node of a root connection, page by page (one page of everything would exceed the query cost limit)."""
    nodes: list[dict] = []
    after = None
    while True:
        query = "query($after: String) { %s(first: %d, after: $after) { pageInfo { hasNextPage endCursor } edges { node { %s } } } }"
        connection = run_query(client, query % (field, page, selection), {"after": after})["data"][field]
        nodes += [edge["node"] for edge in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            return nodes
        after = connection["pageInfo"]["endCursor"]


def test_graphiql_page_is_self_hosted(server: str) -> None:
    page = httpx.get(f"{server}/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "GraphiQL" in page.text
    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text)
    assert urls, "the page must load its scripts and styles"
    assert all(url.startswith("/") and not url.startswith("//") for url in urls), urls
    assert not re.search(r"https?://", page.text), "the page must reference no external host"
    for url in urls:
        asset = httpx.get(f"{server}{url}")
        assert asset.status_code == 200 and len(asset.content) > 40, url


def test_root_links_to_the_explorer_and_graphiql(server: str) -> None:
    response = httpx.get(server, follow_redirects=False)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert set(re.findall(r'<a href="([^"]+)"', response.text)) == {"/explore", "/graphql"}
    graphiql = httpx.get(f"{server}/graphql", headers={"accept": "text/html"})
    assert '<a class="explorer-link" href="/explore">' in graphiql.text


def test_explorer_page_is_self_hosted_under_every_view_url(server: str) -> None:
    pages = [httpx.get(f"{server}{path}") for path in ("/explore", "/explore/entity/person:x", "/explore/path/a/b", "/explore/search?q=x")]
    assert all(page.status_code == 200 for page in pages), [page.status_code for page in pages]
    assert len({page.text for page in pages}) == 1, "every view is the same page; its script reads the URL"
    page = pages[0]
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "<script>" not in page.text and not re.search(r"https?://", page.text), "no inline script, no external host"
    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text)
    assert "/static/explore.js" in urls and "/static/cytoscape.min.js" in urls, urls
    for url in [u for u in urls if u.startswith("/static/")] + ["/static/countries-110m.json"]:
        asset = httpx.get(f"{server}{url}")
        assert asset.status_code == 200 and len(asset.content) > 1000, url


@pytest.mark.slow
def test_the_wheel_ships_the_seeds_the_model_and_the_static_files(tmp_path) -> None:
    """An installed (not editable) package serves the same default corpus: the seeds are package data."""
    # Built from a copy: an in-tree build would leave build/ and egg-info in the checkout.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, symlinks=True, ignore=_not_for_the_wheel)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)], check=True, timeout=300)
    [wheel] = tmp_path.glob("graph_api-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"graph_api/seeds/{p.name}" for p in SEEDS.glob("*.txt")} <= names
    assert {"graph_api/nlp/model/config.cfg", "graph_api/api/static/graphiql.min.js", "graph_api/bench/run.py"} <= names


def _not_for_the_wheel(folder: str, names: list[str]) -> list[str]:
    """What the wheel test leaves out of its copy of the checkout: local state and build leftovers."""
    top_level = {"build", "data", "bench", "training"} if Path(folder) == ROOT else set()
    return [n for n in names if n.startswith(".") or n in top_level or n == "__pycache__" or n.endswith(".egg-info")]
