"""Replicas over one store, end to end: real ``graph-api serve`` processes over one real PostgreSQL database
(and ``serve --workers 2`` over PostgreSQL and SQLite). A write through one is answered by the others."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import serve_process
from tests.postgres import fresh_database

TOKEN = "replica-token-1234567890"
INGEST = "mutation($a: [ArticleInput!]!) { ingestArticles(articles: $a) { ingested items { article { id people { id name } } } } }"
TEXT = "Minister Jan de Vries bezocht dinsdag Utrecht. Hij sprak daar met burgemeester Sharon Dijksma over woningbouw."
ARTICLE = "query($id: ID!) { node(id: $id) { ... on Article { id title } } }"
PERSON = "query($id: ID!) { node(id: $id) { ... on Person { name } } }"
SYNC_SECONDS = 1.0  # the promise: a write through any replica is answered by every replica within a second


def post(base: str, query: str, variables: dict | None = None, token: str | None = None) -> dict:
    """One request on a new connection (so ``serve --workers`` may hand it to any worker); the data of a successful answer."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.post(f"{base}/graphql", json={"query": query, "variables": variables or {}}, headers=headers, timeout=60)
    body = response.json()
    assert response.status_code == 200 and not body.get("errors"), body
    return body["data"]


def within(seconds: float, check: Callable[[], bool]) -> bool:
    """Whether ``check`` holds at some look within ``seconds`` (looking at least once after they are up)."""
    deadline = time.monotonic() + seconds
    while True:
        if check():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


def ingest(base: str) -> dict:
    result = post(base, INGEST, {"a": [{"text": TEXT, "title": "De Vries in Utrecht"}]}, TOKEN)["ingestArticles"]
    assert result["ingested"] == 1, result
    return result["items"][0]["article"]


def replica_env(db: str, workdir: Path, **more: str) -> dict[str, str]:
    return {"GRAPH_API_DB": db, "GRAPH_API_WRITE_TOKENS": f"editor:{TOKEN}", "GRAPH_API_SEEDS": str(workdir / "no-seeds"), **more}


@pytest.fixture
def two_replicas(postgres: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two ``graph-api serve`` processes over one new PostgreSQL database, started on an empty store."""
    db = fresh_database(postgres)
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    one = serve_process(first, replica_env(db, first))
    two = serve_process(second, replica_env(db, second))
    try:
        yield next(one), next(two)
    finally:
        one.close()
        two.close()


def test_a_write_through_one_replica_is_answered_by_the_other_within_a_second(two_replicas: tuple[str, str]) -> None:
    first, second = two_replicas
    assert post(second, "{ stats { articles } }") == {"stats": {"articles": 0}}  # also fills the second's response cache
    article = ingest(first)
    assert within(SYNC_SECONDS, lambda: post(second, "{ stats { articles } }") == {"stats": {"articles": 1}})
    assert post(second, ARTICLE, {"id": article["id"]})["node"] == {"id": article["id"], "title": "De Vries in Utrecht"}

    person = next(p for p in article["people"] if p["name"] == "Jan de Vries")
    renamed = post(second, 'mutation($id: ID!) { renameEntity(id: $id, name: "J. de Vries") { name } }', {"id": person["id"]}, TOKEN)
    assert renamed == {"renameEntity": {"name": "J. de Vries"}}
    assert within(SYNC_SECONDS, lambda: post(first, PERSON, {"id": person["id"]})["node"] == {"name": "J. de Vries"})

    assert post(first, "mutation($id: ID!) { deleteArticle(id: $id) }", {"id": article["id"]}, TOKEN) == {"deleteArticle": True}
    assert within(SYNC_SECONDS, lambda: post(second, ARTICLE, {"id": article["id"]})["node"] is None)
    versions = {httpx.get(f"{base}/health").json()["storeVersion"] for base in two_replicas}
    assert versions == {"1.2"}, "both replicas hold the store at its one article and two changes: one version"


def worker_pids(base: str, workdir: Path) -> set[int]:
    """The pids of the uvicorn workers of the ``serve`` process started in ``workdir`` (its children running spawn_main)."""
    del base
    pids = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ")
            cwd = (proc / "cwd").resolve()
        except OSError:
            continue
        if b"spawn_main" in command and cwd == workdir:
            pids.add(int(proc.name))
    return pids


@pytest.mark.parametrize("backend", ["postgres", "sqlite"])
def test_serve_with_two_workers_answers_from_both_with_every_write(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    db = fresh_database(request.getfixturevalue("postgres")) if backend == "postgres" else str(tmp_path / "graph.db")
    server = serve_process(tmp_path, replica_env(db, tmp_path, GRAPH_API_SERVE_WORKERS="2"))
    base = next(server)
    try:
        assert len(worker_pids(base, tmp_path)) == 2
        article = ingest(base)
        # SQLite tells no process of a commit: the other worker looks every follow_interval (1 s).
        seconds = SYNC_SECONDS if backend == "postgres" else 3.0
        assert within(seconds, lambda: all(post(base, ARTICLE, {"id": article["id"]})["node"] is not None for _ in range(8)))
    finally:
        server.close()
