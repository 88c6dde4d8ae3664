"""The real ``graph-api serve`` process, queried over HTTP on a free port."""

from __future__ import annotations

import re

import httpx

from tests.conftest import run_query


def test_health_reports_counts(server: str) -> None:
    response = httpx.get(f"{server}/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["articles"] == 5 and body["people"] > 0


def test_graphql_over_http_serves_the_seeded_graph(server: str) -> None:
    with httpx.Client(base_url=server) as client:
        data = run_query(client, "{ stats { articles places } places(first: 3) { edges { node { name latitude articles { totalCount } } } } }")[
            "data"
        ]
    assert data["stats"]["articles"] == 5
    assert all(edge["node"]["articles"]["totalCount"] >= 1 for edge in data["places"]["edges"])


def test_graphiql_page_is_self_hosted(server: str) -> None:
    page = httpx.get(f"{server}/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "GraphiQL" in page.text
    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text)
    assert urls, "the page must load its scripts and styles"
    assert all(url.startswith("/") and not url.startswith("//") for url in urls), urls
    assert not re.search(r"https?://", page.text), "the page must reference no external host"
    for url in urls:
        asset = httpx.get(f"{server}{url}")
        assert asset.status_code == 200 and len(asset.content) > 1000, url


def test_root_redirects_to_graphql(server: str) -> None:
    response = httpx.get(server, follow_redirects=False)
    assert response.status_code in (302, 307) and response.headers["location"].endswith("/graphql")
