"""Writes through the API of a real server process: tokens, ingestion, deletion, the response cache, following the store.

Every server here serves a fresh copy of the fact corpus (tests/facts.py: articles a1, a2, a3 naming
Anna de Vries, Koen Bakker, Genève and the Rode Kruis), so every expected count is known.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph_api.api.auth import HOW_TO_ENABLE
from tests import facts
from tests.conftest import graph_api_command, serve_process

EDITOR = "editor-token-0123456789"
BOT = "bot-token-abcdefghijklmnop"
READER = "reader-token-zyxwvutsrqpo"
WRITERS = f"editor:{EDITOR}, bot:{BOT}"

INGEST = """mutation Ingest($articles: [ArticleInput!]!) {
  ingestArticles(articles: $articles) { ingested duplicates rejected items { status reason article { id title people { name } } } }
}"""
STATS = "{ stats { articles people places organizations events quotes } }"
# Sentences written for these tests: names the model finds in any Dutch news.
NEW_TEXT = "Minister Jan de Vries bezocht dinsdag Utrecht. Hij sprak daar met burgemeester Sharon Dijksma over woningbouw."


class Api:
    """A client of one server: ``query`` for data, ``post`` for the whole response."""

    def __init__(self, base: str, db: Path) -> None:
        self.base = base
        self.db = db
        self.client = httpx.Client(base_url=base, timeout=120)

    def post(self, query: str, variables: dict | None = None, token: str | None = None, **extra: object) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.client.post("/graphql", json={"query": query, "variables": variables or {}, **extra}, headers=headers)

    def query(self, query: str, variables: dict | None = None, token: str | None = None) -> dict:
        response = self.post(query, variables, token)
        assert response.status_code == 200, response.text
        body = response.json()
        assert not body.get("errors"), body["errors"]
        return body["data"]

    def error(self, query: str, variables: dict | None = None, token: str | None = None, status: int = 200) -> str:
        response = self.post(query, variables, token)
        assert response.status_code == status, response.text
        return response.json()["errors"][0]["message"]


def start(workdir: Path, **settings: object) -> Iterator[str]:
    """A server of a fresh copy of the fact corpus in ``workdir`` (kept across restarts), with settings as GRAPH_API_* variables."""
    db = workdir / "graph.db"
    if not db.exists():
        facts.write_store(db)
    env = {"GRAPH_API_DB": str(db), **{f"GRAPH_API_{name.upper()}": str(value) for name, value in settings.items()}}
    return serve_process(workdir, env)


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """A server with two write tokens and a batch limit of 3."""
    workdir = tmp_path_factory.mktemp("writable")
    server = start(workdir, write_tokens=WRITERS, max_ingest_articles=3, follow_interval=0.2)
    api = Api(next(server), workdir / "graph.db")
    yield api
    server.close()


def test_a_mutation_without_tokens_configured_says_how_to_enable_writes(http: httpx.Client) -> None:
    before = http.post("/graphql", json={"query": STATS}).json()
    response = http.post("/graphql", json={"query": INGEST, "variables": {"articles": [{"text": NEW_TEXT}]}}, headers={"Authorization": "Bearer x"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["errors"][0]["message"] == HOW_TO_ENABLE
    assert "GRAPH_API_WRITE_TOKENS" in HOW_TO_ENABLE
    assert http.post("/graphql", json={"query": STATS}).json() == before


@pytest.mark.parametrize(
    ("token", "problem"),
    [
        (None, "mutations need a write token"),
        ("not-a-token-at-all-1234", "mutations need a write token"),
        (EDITOR[:-1], "mutations need a write token"),
    ],
)
def test_a_missing_or_wrong_token_gets_401_and_writes_nothing(writable: Api, token: str | None, problem: str) -> None:
    before = writable.query(STATS)
    message = writable.error(INGEST, {"articles": [{"text": NEW_TEXT}]}, token, status=401)
    assert message.startswith(problem)
    for mutation in ('mutation { deleteArticle(id: "a1") }', 'mutation { rejectEntity(id: "person:anna-de-vries") { id } }'):
        assert writable.error(mutation, token=token, status=401).startswith(problem)
    assert writable.query(STATS) == before


def test_a_get_request_never_runs_a_mutation(writable: Api) -> None:
    before = writable.query(STATS)
    response = writable.client.get(
        "/graphql", params={"query": 'mutation { deleteArticle(id: "a3") }'}, headers={"Authorization": f"Bearer {EDITOR}"}
    )
    assert response.status_code == 400
    assert writable.query(STATS) == before
    assert writable.query('{ node(id: "a3") { id } }')["node"] == {"id": "a3"}


def test_ingest_articles_reports_every_input_in_order(writable: Api) -> None:
    before = writable.query(STATS)["stats"]
    inputs = [
        {"text": NEW_TEXT, "title": "De Vries in Utrecht", "published": "2026-11-17", "source": "testbron"},
        {"text": "   \n  "},
        {"text": NEW_TEXT + "\n"},  # the same article once cleaned: a duplicate within the batch
    ]
    result = writable.query(INGEST, {"articles": inputs}, EDITOR)["ingestArticles"]
    assert (result["ingested"], result["duplicates"], result["rejected"]) == (1, 1, 1)
    ingested, rejected, duplicate = result["items"]
    assert ingested["status"] == "INGESTED" and ingested["reason"] is None
    assert ingested["article"]["title"] == "De Vries in Utrecht"
    assert {p["name"] for p in ingested["article"]["people"]} == {"Jan de Vries", "Sharon Dijksma"}
    assert rejected == {"status": "REJECTED", "reason": "articles[1]: empty text", "article": None}
    assert duplicate["status"] == "DUPLICATE" and duplicate["article"]["id"] == ingested["article"]["id"]

    after = writable.query(STATS)["stats"]
    assert after["articles"] == before["articles"] + 1
    assert after["people"] == before["people"] + 2
    article = writable.query("query($id: ID!) { node(id: $id) { ... on Article { source published } } }", {"id": ingested["article"]["id"]})
    assert article["node"] == {"source": "testbron", "published": "2026-11-17"}
    again = writable.query(INGEST, {"articles": inputs[:1]}, BOT)["ingestArticles"]
    assert (again["ingested"], again["duplicates"]) == (0, 1)  # a mutation is never answered from the response cache


def test_a_batch_over_the_limit_is_refused_whole(writable: Api) -> None:
    before = writable.query(STATS)
    texts = [{"text": f"Burgemeester Karin Jansen opende in Zwolle gebouw nummer {n}."} for n in range(4)]
    assert writable.error(INGEST, {"articles": texts}, EDITOR) == "`articles` holds 4 articles, the limit is 3 per call: send smaller batches"
    assert writable.query(STATS) == before


def test_a_write_token_may_send_a_larger_body(writable: Api) -> None:
    padded = "{ stats { articles } }" + " " * 300_000  # over the 256 KB limit of anonymous requests
    assert writable.post(padded).status_code == 413
    assert writable.post(padded, token=EDITOR).status_code == 200


def test_an_article_another_process_ingests_into_the_store_appears(writable: Api, tmp_path: Path) -> None:
    text = tmp_path / "follow.txt"
    text.write_text("Wethouder Pieter Smit sprak donderdag in Arnhem over de nieuwe brug.\n", encoding="utf-8")
    before = writable.query("{ stats { articles } }")["stats"]["articles"]
    subprocess.run([*graph_api_command(), "ingest", str(text)], check=True, env={**os.environ, "GRAPH_API_DB": str(writable.db)}, capture_output=True)
    deadline = time.monotonic() + 10
    while writable.query("{ stats { articles } }")["stats"]["articles"] == before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert writable.query("{ stats { articles } }")["stats"]["articles"] == before + 1
    assert [p["name"] for p in writable.query('{ entities(name: "Pieter Smit") { name } }')["entities"]] == ["Pieter Smit"]


def test_delete_article_removes_it_and_what_only_it_held(tmp_path: Path) -> None:
    server = start(tmp_path, write_tokens=WRITERS)
    api = Api(next(server), tmp_path / "graph.db")
    try:
        assert api.query('mutation { deleteArticle(id: "a3") }', token=EDITOR) == {"deleteArticle": True}
        assert api.query('mutation { deleteArticle(id: "a3") }', token=EDITOR) == {"deleteArticle": False}
        state = _state(api)
        assert state["stats"]["articles"] == 2
        assert state["node"] is None
        assert state["search"] == []  # its text is gone from the full-text index
        assert state["koen"] == [{"articleCount": 1, "mentionCount": 1}]
        assert state["stats"]["quotes"] == 2  # a3's unattributed quote went with it

        assert api.query('mutation { deleteArticle(id: "a2") }', token=EDITOR) == {"deleteArticle": True}
        state = _state(api)
        assert state["stats"] == {"articles": 1, "people": 2, "places": 1, "organizations": 0, "events": 1, "quotes": 1}
        assert api.query('{ node(id: "organization:rode-kruis") { id } }')["node"] is None
        assert api.query('{ entities(name: "Anna de Vries") { articleCount mentionCount } }')["entities"] == [{"articleCount": 1, "mentionCount": 2}]
    finally:
        server.close()
    restarted = start(tmp_path, write_tokens=WRITERS)
    try:
        assert _state(Api(next(restarted), tmp_path / "graph.db"))["stats"] == {
            "articles": 1,
            "people": 2,
            "places": 1,
            "organizations": 0,
            "events": 1,
            "quotes": 1,
        }
    finally:
        restarted.close()


def _state(api: Api) -> dict:
    return api.query(
        '{ stats { articles people places organizations events quotes } node(id: "a3") { id }'
        ' search(query: "kantoor") { __typename } koen: entities(name: "Koen Bakker") { articleCount mentionCount } }'
    )


def test_reads_can_be_closed_and_cached_answers_never_cross_tokens(tmp_path: Path) -> None:
    server = start(tmp_path, write_tokens=WRITERS, read_tokens=f"reader:{READER}")
    api = Api(next(server), tmp_path / "graph.db")
    try:
        assert api.error(STATS, status=401) == "this server needs a token to read: send `Authorization: Bearer <token>`"
        first = api.post(STATS, token=READER)
        again = api.post(STATS, token=READER)
        assert first.status_code == again.status_code == 200
        assert again.headers.get("x-cache") == "hit"
        anonymous = api.post(STATS)
        assert anonymous.status_code == 401 and "x-cache" not in anonymous.headers
        as_editor = api.post(STATS, token=EDITOR)
        assert as_editor.status_code == 200 and as_editor.headers.get("x-cache") is None  # its own cache entry, first computed
        assert (
            api.error('mutation { deleteArticle(id: "a1") }', token=READER, status=401)
            == "the token of 'reader' may read, not write: mutations need a write token"
        )
    finally:
        server.close()


def test_aliased_ingest_calls_share_the_batch_limit(writable: Api) -> None:
    before = writable.query(STATS)
    texts = [{"text": f"Burgemeester Karin Jansen opende in Zwolle gebouw nummer {n}."} for n in range(2)]
    mutation = "mutation($a: [ArticleInput!]!) { one: ingestArticles(articles: $a) { ingested } two: ingestArticles(articles: $a) { ingested } }"
    response = writable.post(mutation, {"a": texts}, EDITOR).json()
    assert response["data"] is None  # the second field is refused, and it may not be null
    assert response["errors"][0]["message"] == "this request sends 4 articles in all, the limit is 3 per request: send smaller batches"
    assert writable.query(STATS)["stats"]["articles"] == before["stats"]["articles"] + 2  # mutation fields run in order: the first went in
