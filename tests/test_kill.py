"""``kill -9`` of a real server in the middle of an ``ingestArticles`` batch: nothing reported is lost, nothing is half-written."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest

from graph_api.bench.servers import free_port, wait_until_healthy
from tests import facts
from tests.conftest import graph_api_command, serve_process

TOKEN = "editor-token-0123456789"
INGEST = "mutation($a: [ArticleInput!]!) { ingestArticles(articles: $a) { items { status article { id } } } }"
CITIES = ["Utrecht", "Arnhem", "Zwolle", "Groningen", "Leiden", "Delft", "Breda", "Tilburg", "Enschede", "Maastricht"]


def article(n: int) -> dict[str, str]:
    """An article of its own, findable by a word only it has (``kenmerk<n>``)."""
    city = CITIES[n % len(CITIES)]
    text = (
        f"Wethouder Pieter Smit opende maandag in {city} een nieuwe school. "
        f"Het gebouw met kenmerk{n} biedt plaats aan {100 + n} leerlingen, zei burgemeester Karin Jansen."
    )
    return {"text": text, "published": "2026-11-16", "source": "test"}


def stored_ids(db: Path) -> set[str]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        return {row[0] for row in connection.execute("SELECT id FROM articles")}


@pytest.mark.slow
def test_kill_9_in_a_batch_loses_nothing_reported_and_leaves_nothing_half_written(tmp_path: Path) -> None:
    db = facts.write_store(tmp_path / "graph.db")
    port = free_port()
    env = {**os.environ, "GRAPH_API_DB": str(db), "GRAPH_API_WRITE_TOKENS": f"editor:{TOKEN}", "GRAPH_API_MAX_INGEST_ARTICLES": "40"}
    log = tmp_path / "server.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [*graph_api_command(), "serve", "--port", str(port)], stdout=output, stderr=subprocess.STDOUT, env=env, cwd=tmp_path
        )
    base = f"http://127.0.0.1:{port}"
    wait_until_healthy(process, f"{base}/health", "graph-api serve", timeout=180, log=log)
    client = httpx.Client(base_url=base, timeout=300, headers={"Authorization": f"Bearer {TOKEN}"})

    reported: set[str] = set()
    for batch in ([article(n) for n in range(0, 3)], [article(n) for n in range(3, 6)]):
        items = client.post("/graphql", json={"query": INGEST, "variables": {"a": batch}}).json()["data"]["ingestArticles"]["items"]
        reported |= {item["article"]["id"] for item in items if item["status"] == "INGESTED"}
    assert len(reported) == 6

    before = len(stored_ids(db))
    killed_batch = [article(n) for n in range(6, 46)]
    threading.Thread(target=_post_ignoring_the_end, args=(client, killed_batch), daemon=True).start()
    deadline = time.monotonic() + 120
    while len(stored_ids(db)) < before + 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    stored = stored_ids(db)
    assert before + 3 <= len(stored) < before + len(killed_batch), "the kill came in the middle of the batch"

    server = serve_process(tmp_path, {"GRAPH_API_DB": str(db)})
    try:
        restarted = httpx.Client(base_url=next(server), timeout=60)
        data = restarted.post("/graphql", json={"query": "{ stats { articles } }"}).json()["data"]
        assert data["stats"]["articles"] == len(stored)
        assert reported <= stored
        whole = sum(_whole_or_absent(restarted, n, stored) for n in range(46))
        assert whole == len(stored) - len(facts.articles())  # every stored article is found by its own word
    finally:
        server.close()


def _post_ignoring_the_end(client: httpx.Client, batch: list[dict[str, str]]) -> None:
    with contextlib.suppress(httpx.HTTPError):  # the server is killed under it: nothing is reported
        client.post("/graphql", json={"query": INGEST, "variables": {"a": batch}})


def _whole_or_absent(client: httpx.Client, n: int, stored: set[str]) -> bool:
    """Whether article ``n`` is there, asserting that it is there in full (text searchable, mentions and people) if at all."""
    query = "query($w: String!) { search(query: $w) { node { ... on Article { id people { name } mentions { totalCount } } } } }"
    hits = client.post("/graphql", json={"query": query, "variables": {"w": f"kenmerk{n}"}}).json()["data"]["search"]
    found = [hit["node"] for hit in hits if hit["node"]]
    if not found:
        return False
    (found_article,) = found
    assert found_article["id"] in stored
    assert {p["name"] for p in found_article["people"]} >= {"Pieter Smit", "Karin Jansen"}
    assert found_article["mentions"]["totalCount"] >= 3
    return True
