"""Shared fixtures: the real extractor, corpora on real SQLite files, and real `graph-api serve` processes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from graph_api.bench.servers import free_port, wait_until_healthy
from graph_api.corpus import Corpus
from graph_api.nlp.extract import Extractor
from graph_api.settings import Settings
from tests import facts
from tests.postgres import postgres_server

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The real bundled model and gazetteer, loaded once per test session."""
    return Extractor()


@pytest.fixture
def make_corpus(tmp_path: Path, extractor: Extractor) -> Iterator:
    """Build corpora on fresh SQLite files that share the loaded extractor."""
    corpora: list[Corpus] = []

    def make(db: Path | None = None, **settings: object) -> Corpus:
        corpus = Corpus(Settings.load(environ={}, db=db or tmp_path / "graph.db", **settings), extractor=extractor)
        corpora.append(corpus)
        return corpus

    yield make
    for corpus in corpora:
        corpus.close()


@pytest.fixture(scope="session")
def seeded_corpus(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Corpus:
    """The seed articles ingested into a real SQLite file."""
    db = tmp_path_factory.mktemp("seeded") / "graph.db"
    corpus = Corpus(Settings.load(environ={}, db=db), extractor=extractor)
    results = list(corpus.ingest_paths([SEEDS]))
    assert all(r.outcome.value == "ingested" for r in results), [r.line() for r in results]
    return corpus


@pytest.fixture(scope="session")
def fact_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real SQLite store holding the corpus of tests/facts.py (written as facts, no NLP)."""
    return facts.write_store(tmp_path_factory.mktemp("facts") / "graph.db")


def run_query(client: TestClient | httpx.Client, query: str, variables: dict | None = None, *, expect_errors: bool = False) -> dict:
    """POST a GraphQL query; fail on errors unless they are expected."""
    response = client.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code == 200, response.text
    body = response.json()
    if expect_errors:
        assert body.get("errors"), body
    else:
        assert not body.get("errors"), body.get("errors")
    return body


@pytest.fixture(scope="session")
def fact_server(tmp_path_factory: pytest.TempPathFactory, fact_store: Path) -> Iterator[str]:
    """A real ``graph-api serve`` process serving the fact corpus; yields its base URL."""
    yield from serve_process(tmp_path_factory.mktemp("fact-server"), {"GRAPH_API_DB": str(fact_store)})


@pytest.fixture(scope="session")
def http(fact_server: str) -> Iterator[httpx.Client]:
    """An HTTP client of the server of the fact corpus."""
    with httpx.Client(base_url=fact_server, timeout=30) as client:
        yield client


@pytest.fixture
def gql(http: httpx.Client):
    """``gql(query, variables)`` → the ``data`` of a successful query to the server of the fact corpus."""

    def execute(query: str, variables: dict | None = None) -> dict:
        return run_query(http, query, variables)["data"]

    return execute


def graph_api_command() -> list[str]:
    """The installed console script, or the module when running from a checkout."""
    script = shutil.which("graph-api")
    return [script] if script else [sys.executable, "-m", "graph_api.cli"]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real ``graph-api serve`` process on a free port, started outside the checkout on an empty
    store, so it seeds itself from the bundled seeds; yields its base URL."""
    workdir = tmp_path_factory.mktemp("server")
    yield from serve_process(workdir, {"GRAPH_API_DB": str(workdir / "graph.db")})


def serve_process(workdir: Path, env: dict[str, str]) -> Iterator[str]:
    """Run ``graph-api serve`` in ``workdir`` on a free port until the generator is closed."""
    port = free_port()
    log = (workdir / "server.log").open("w")
    process = subprocess.Popen(
        [*graph_api_command(), "serve", "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **env}, cwd=workdir
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(process, f"{base}/health", "graph-api serve", timeout=180, log=workdir / "server.log")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def fact_server_with(tmp_path_factory: pytest.TempPathFactory, fact_store: Path) -> Iterator:
    """``fact_server_with(**settings)`` → the base URL of a real server of the fact corpus with those settings
    (as ``GRAPH_API_*`` variables); each distinct set of settings is started once per module."""
    servers: dict[tuple, str] = {}
    running: list[Iterator[str]] = []

    def start(**settings: object) -> str:
        key = tuple(sorted(settings.items()))
        if key not in servers:
            env = {"GRAPH_API_DB": str(fact_store), **{f"GRAPH_API_{name.upper()}": str(value) for name, value in settings.items()}}
            server = serve_process(tmp_path_factory.mktemp("fact-server-with"), env)
            servers[key] = next(server)
            running.append(server)
        return servers[key]

    yield start
    for server in running:
        server.close()


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """A real PostgreSQL server in a temporary folder for the session (its maintenance database's URL); see tests/postgres.py."""
    yield from postgres_server()
