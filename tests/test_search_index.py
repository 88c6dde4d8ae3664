"""Full-text search of articles through the tantivy index beside the store, and through FTS5 (``search_engine``).

The articles are written for these tests straight into real SQLite stores (no NLP); the results are
read over HTTP from real server processes. Stemming is what tells the engines apart: the index finds
``gesprek`` in a text saying ``gesprekken``, FTS5 does not; a test that needs to know the index
answered (not FTS5, which answers while the index is behind) asks for another form of a word.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph_api.corpus import Corpus
from graph_api.model import ArticleBody, ArticleDeletion, ArticleFacts, ArticleRecord, StoredArticle
from graph_api.settings import Settings
from graph_api.store import IndexedStore, SearchTimeout, SQLiteStore
from tests.conftest import graph_api_command, serve_process

TALKS = (
    "talks",
    "Overleg over de begroting",
    "De ministers overlegden dinsdag urenlang in Den Haag over de begroting voor het komende jaar. Er lag veel op tafel: de zorg,"
    " het onderwijs en de defensie-uitgaven. Pas laat in de avond kwamen de eerste voorstellen op papier. Na afloop noemden"
    " betrokkenen de gesprekken constructief, al bleven er verschillen over de hoogte van de uitgaven. Volgende week gaat het"
    " overleg verder.",
)
CAIRO = ("cairo", "Protest in Egypte", "In Caïro en in Genève gingen zaterdag duizenden mensen de straat op tegen de hoge prijzen.")
BRIDGE = ("bridge", "Verkeer", "De brug over de rivier gaat volgend jaar drie maanden dicht voor groot onderhoud.")
TITLE_ONLY = ("title-only", "Nieuwe fietsenstalling bij het station", "Het college opende woensdag de stalling. Reizigers parkeren er gratis.")
MANY = (
    "many",
    "Drukte op het plein",
    "De fietsenstalling was zaterdag al vroeg vol. Een tweede fietsenstalling komt er volgend jaar; tot die tijd blijft de oude"
    " fietsenstalling open.",
)
ONCE = (
    "once",
    "Raadsvergadering",
    "De gemeenteraad besprak dinsdagavond de begroting, de woningbouw in de nieuwe wijk, het onderhoud van wegen en de toekomst"
    " van de bibliotheek en het zwembad. Wethouders beantwoordden vragen van bewoners over parkeren, groen en veiligheid. Ook de"
    " fietsenstalling kwam kort aan bod. Over de plannen voor het marktplein wordt in het voorjaar verder gesproken, na een"
    " avond waarop inwoners hun ideeën kunnen geven.",
)
ARTICLES = [TALKS, CAIRO, BRIDGE, TITLE_ONLY, MANY, ONCE]
TEXTS = {article_id: text for article_id, _, text in ARTICLES}
WRITERS = "editor:editor-token-0123456789"
EDITOR = "editor-token-0123456789"
SEARCH = "query($q: String!) { search(query: $q, first: 20) { score snippet node { id } } }"


def write_articles(db: Path, articles: list[tuple[str, str, str]]) -> Path:
    """The articles (id, title, text) committed to the SQLite store at ``db``, without facts."""
    store = SQLiteStore(db)
    try:
        with store.transaction() as writer:
            for article_id, title, text in articles:
                record = ArticleRecord(article_id, f"{article_id}.txt", title, None, None, len(text.split()), "2026-01-01T00:00:00+00:00")
                writer.add_article(StoredArticle(record, ArticleFacts(), ArticleBody(text, [(0, len(text))])))
    finally:
        store.close()
    return db


def index_folder(db: Path) -> Path:
    return db.with_name(db.name + ".search")


def search(client: httpx.Client, words: str) -> list[dict]:
    response = client.post("/graphql", json={"query": SEARCH, "variables": {"q": words}})
    assert response.status_code == 200 and "errors" not in response.json(), response.text
    return response.json()["data"]["search"]


def found(client: httpx.Client, words: str) -> list[str]:
    return [hit["node"]["id"] for hit in search(client, words)]


def eventually_found(client: httpx.Client, words: str, seconds: float = 30) -> list[str]:
    deadline = time.monotonic() + seconds
    while not (ids := found(client, words)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return ids


def serve(workdir: Path, db: Path, **settings: object) -> Iterator[str]:
    env = {"GRAPH_API_DB": str(db), **{f"GRAPH_API_{name.upper()}": str(value) for name, value in settings.items()}}
    return serve_process(workdir, env)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_articles(tmp_path_factory.mktemp("search") / "graph.db", ARTICLES)


@pytest.fixture(scope="module")
def fts5_store(tmp_path_factory: pytest.TempPathFactory, store: Path) -> Path:
    """A copy of the store for the FTS5 server, so that an index folder beside it could only be that server's."""
    copy = tmp_path_factory.mktemp("fts5") / "graph.db"
    shutil.copy(store, copy)
    return copy


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory, store: Path, fts5_store: Path) -> Iterator[dict[str, httpx.Client]]:
    """A server of the store per engine."""
    servers = [serve(tmp_path_factory.mktemp("tantivy"), store), serve(fts5_store.parent, fts5_store, search_engine="fts5")]
    clients = {name: httpx.Client(base_url=next(server), timeout=30) for name, server in zip(("tantivy", "fts5"), servers, strict=True)}
    yield clients
    for client in clients.values():
        client.close()
    for server in servers:
        server.close()


def test_a_word_finds_the_other_forms_of_it_through_the_index(engines: dict[str, httpx.Client]) -> None:
    tantivy = engines["tantivy"]
    assert found(tantivy, "gesprek") == ["talks"]  # the text says "gesprekken"
    assert found(tantivy, "overleg") == ["talks"]  # "Overleg", "overlegden", "overleg"
    assert found(tantivy, "bruggen") == ["bridge"]  # the text says "brug"
    assert found(tantivy, "gesprekken begroting") == ["talks"]
    assert found(tantivy, "gesprekken brug") == []  # every word must be in the article
    assert found(engines["fts5"], "gesprek") == []  # FTS5 matches whole words only
    assert found(engines["fts5"], "gesprekken") == ["talks"]


@pytest.mark.parametrize("engine", ["tantivy", "fts5"])
@pytest.mark.parametrize("words", ["cairo", "CAIRO", "Caïro", "Genève", "geneve", "GENEVE"])
def test_diacritics_and_case_do_not_matter(engines: dict[str, httpx.Client], engine: str, words: str) -> None:
    assert found(engines[engine], words) == ["cairo"]


@pytest.mark.parametrize("engine", ["tantivy", "fts5"])
def test_a_snippet_is_a_passage_of_the_text_with_the_words_in_brackets(engines: dict[str, httpx.Client], engine: str) -> None:
    (hit,) = search(engines[engine], "gesprekken")
    snippet = hit["snippet"]
    assert "[gesprekken]" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")  # the word is in the middle of a longer text
    assert len(snippet) < 120
    plain = snippet.strip("…").replace("[", "").replace("]", "")
    assert plain in TEXTS["talks"]


def test_the_index_marks_the_form_the_text_has(engines: dict[str, httpx.Client]) -> None:
    (hit,) = search(engines["tantivy"], "gesprek")
    assert "[gesprekken]" in hit["snippet"]
    (hit,) = search(engines["tantivy"], "cairo")
    assert hit["snippet"].startswith("In [Caïro] en in Genève gingen zaterdag") and hit["snippet"].endswith("…")


def test_an_article_matching_by_its_title_only_shows_the_opening_of_its_text(engines: dict[str, httpx.Client]) -> None:
    by_title = [hit for hit in search(engines["tantivy"], "fietsenstalling") if hit["node"]["id"] == "title-only"]
    assert [hit["snippet"] for hit in by_title] == [TEXTS["title-only"]]


@pytest.mark.parametrize("engine", ["tantivy", "fts5"])
def test_an_article_with_the_word_in_its_title_or_many_times_ranks_above_one_mentioning_it_once(
    engines: dict[str, httpx.Client], engine: str
) -> None:
    hits = search(engines[engine], "fietsenstalling")
    assert sorted(hit["node"]["id"] for hit in hits[:2]) == ["many", "title-only"]
    assert [hit["node"]["id"] for hit in hits[2:]] == ["once"]
    assert hits[0]["score"] >= hits[1]["score"] > hits[2]["score"] > 0


def test_the_fts5_engine_searches_without_an_index(engines: dict[str, httpx.Client], store: Path, fts5_store: Path) -> None:
    assert sorted(found(engines["fts5"], "begroting")) == ["once", "talks"]
    assert (index_folder(store) / "meta.json").is_file() and not index_folder(fts5_store).exists()


def test_an_article_ingested_through_the_api_is_found_at_once_and_a_deleted_one_never(tmp_path: Path) -> None:
    db = write_articles(tmp_path / "graph.db", [BRIDGE])
    server = serve(tmp_path, db, write_tokens=WRITERS)
    client = httpx.Client(base_url=next(server), timeout=120, headers={"Authorization": f"Bearer {EDITOR}"})
    try:
        assert found(client, "brug") == ["bridge"]  # the index is built and up to date
        ingest = "mutation($a: [ArticleInput!]!) { ingestArticles(articles: $a) { ingested items { article { id } } } }"
        text = "De wethouder opende woensdag de vergaderingen over de nieuwe bruggen in de binnenstad."
        body = client.post("/graphql", json={"query": ingest, "variables": {"a": [{"text": text, "title": "Bruggen"}]}}).json()
        assert body["data"]["ingestArticles"]["ingested"] == 1, body
        new_id = body["data"]["ingestArticles"]["items"][0]["article"]["id"]
        assert found(client, "vergadering") == [new_id]  # another form: the index answered, right after the commit
        assert sorted(found(client, "brug")) == sorted(["bridge", new_id])

        deleted = client.post("/graphql", json={"query": f'mutation {{ deleteArticle(id: "{new_id}") }}'}).json()
        assert deleted["data"] == {"deleteArticle": True}
        assert found(client, "vergadering") == [] and found(client, "vergaderingen") == []
        assert found(client, "brug") == ["bridge"]
    finally:
        client.close()
        server.close()
    restarted = serve(tmp_path, db)
    try:
        with httpx.Client(base_url=next(restarted), timeout=30) as again:
            assert found(again, "vergadering") == [] and found(again, "brug") == ["bridge"]
    finally:
        restarted.close()


def test_an_article_another_process_deletes_is_not_returned(tmp_path: Path) -> None:
    db = write_articles(tmp_path / "graph.db", [TALKS, BRIDGE])
    # The server does not read the store into its graph in between, and caches no answer (a cached one lasts until it does).
    server = serve(tmp_path, db, follow_interval=60, response_cache_entries=0)
    try:
        with httpx.Client(base_url=next(server), timeout=30) as client:
            assert found(client, "gesprek") == ["talks"]
            other = Corpus(Settings.load(environ={}, db=db))  # another process's corpus: no model needed to delete
            try:
                assert other.delete_article("talks", "test")
            finally:
                other.close()
            assert found(client, "gesprek") == [] and found(client, "begroting") == []
            assert found(client, "brug") == ["bridge"]
    finally:
        server.close()


def test_a_deleted_damaged_or_behind_index_is_caught_up_from_the_store(tmp_path: Path) -> None:
    db = write_articles(tmp_path / "graph.db", [TALKS])
    folder = index_folder(db)

    def restart_and_find(*words: str) -> tuple[list[list[str]], str]:
        """What a freshly started server finds for each of the words, and what it logged."""
        server = serve(tmp_path, db)
        try:
            with httpx.Client(base_url=next(server), timeout=30) as client:
                return [found(client, w) for w in words], (tmp_path / "server.log").read_text()
        finally:
            server.close()

    assert restart_and_find("gesprek")[0] == [["talks"]]
    assert (folder / "meta.json").is_file()

    # An article committed to the store but not to the index: a process killed between the two commits.
    write_articles(db, [BRIDGE])
    assert restart_and_find("bruggen")[0] == [["bridge"]]

    shutil.rmtree(folder)
    found_then, log = restart_and_find("gesprek", "bruggen")
    assert found_then == [["talks"], ["bridge"]] and "no search index at" in log

    write_articles(db, [CAIRO])
    (folder / "meta.json").write_text("{ not what tantivy wrote")
    found_then, log = restart_and_find("cairo", "bruggen", "gesprek")
    assert found_then == [["cairo"], ["bridge"], ["talks"]] and "is damaged" in log

    for segment in folder.glob("*.term"):  # a damaged segment: a search fails, the index is rebuilt, FTS5 answers meanwhile
        segment.write_bytes(b"\0" * 16)
    found_then, log = restart_and_find("cairo", "bruggen")
    assert found_then[0] == ["cairo"] and found_then[1] in ([], ["bridge"])  # "bruggen" stems only in a rebuilt index
    assert "rebuilding it from the store" in log
    assert restart_and_find("bruggen")[0] == [["bridge"]]


def test_the_index_follows_what_graph_api_ingest_writes_to_the_store_of_a_running_server(tmp_path: Path) -> None:
    db = write_articles(tmp_path / "graph.db", [BRIDGE])
    server = serve(tmp_path, db, follow_interval=0.2)
    try:
        with httpx.Client(base_url=next(server), timeout=30) as client:
            assert found(client, "bruggen") == ["bridge"]
            article = tmp_path / "raad.txt"
            article.write_text("De gemeenteraad hield dinsdag twee vergaderingen over de verkiezingen in het voorjaar.\n", encoding="utf-8")
            env = {**os.environ, "GRAPH_API_DB": str(db)}
            subprocess.run([*graph_api_command(), "ingest", str(article)], check=True, env=env, capture_output=True, timeout=300)
            assert len(eventually_found(client, "vergadering verkiezing")) == 1  # other forms: the index has it
            assert found(client, "bruggen") == ["bridge"]
    finally:
        server.close()


def test_an_index_far_behind_is_built_in_the_background_while_fts5_answers(tmp_path: Path) -> None:
    db = write_articles(tmp_path / "graph.db", ARTICLES)
    elsewhere = tmp_path / "indexes" / "articles"
    # Any gap is too large to catch up inside a search. The response cache is off: it would keep FTS5's
    # unstemmed answer until the graph changes (a known limit of the fallback, see the README).
    server = serve(tmp_path, db, search_index_lag=0, search_index=elsewhere, response_cache_entries=0)
    try:
        with httpx.Client(base_url=next(server), timeout=30) as client:
            assert found(client, "gesprekken") == ["talks"]  # by FTS5 or the index, whichever is ready
            assert eventually_found(client, "gesprek") == ["talks"]  # only the index stems
    finally:
        server.close()
    assert "building it from the store" in (tmp_path / "server.log").read_text()
    assert (elsewhere / "meta.json").is_file() and not index_folder(db).exists()


def test_an_article_deleted_and_ingested_again_is_found_once(tmp_path: Path) -> None:
    db = write_articles(tmp_path / "graph.db", [TALKS, BRIDGE])
    store = IndexedStore(SQLiteStore(db), index_folder(db), lag=1000)
    try:
        assert [hit.article_id for hit in store.search_text("gesprek", 10)] == ["talks"]
        with store.transaction() as writer:
            assert writer.delete_article("talks")
            writer.log_change(ArticleDeletion("talks", "test", "2026-01-01T00:00:00+00:00"))
        assert store.search_text("gesprek", 10) == []
        write_articles(db, [TALKS])  # the same id at a later position
        assert [hit.article_id for hit in store.search_text("gesprek", 10)] == ["talks"]
    finally:
        store.close()
    reopened = IndexedStore(SQLiteStore(db), index_folder(db), lag=1000)
    try:
        assert [hit.article_id for hit in reopened.search_text("gesprek", 10)] == ["talks"]
        with pytest.raises(SearchTimeout):
            reopened.search_text("gesprek", 10, deadline=time.monotonic() - 1)
    finally:
        reopened.close()


def test_an_unknown_search_engine_is_refused_by_name(tmp_path: Path) -> None:
    env = {**os.environ, "GRAPH_API_SEARCH_ENGINE": "lucene", "GRAPH_API_DB": str(tmp_path / "graph.db")}
    result = subprocess.run([*graph_api_command(), "settings"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert re.search(r"search_engine 'lucene' is none of tantivy, fts5", result.stderr), result.stderr
