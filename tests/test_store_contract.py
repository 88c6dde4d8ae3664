"""The store interface's contract, run against both backends as ``open_store`` picks them: a SQLite file and a
PostgreSQL database (a real server, tests/postgres.py). The articles are tests/facts.py's, written as facts."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from graph_api.model import (
    ArticleBody,
    ArticleDeletion,
    ArticleFacts,
    ArticleRecord,
    Curation,
    CurationKind,
    Mention,
    PlaceInfo,
    PlaceKind,
    StoredArticle,
    quote_id,
)
from graph_api.settings import Settings
from graph_api.store import SearchTimeout, Store, StoreError, open_store
from tests import facts
from tests.postgres import fresh_database

Opener = Callable[..., Store]
ELECTION_TEXT = "De verkiezing in Zwolle trok veel kiezers. De burgemeester was tevreden over de opkomst."


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The ``db`` setting of a new, empty store of each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "contract.db")
    return fresh_database(request.getfixturevalue("postgres"))


@pytest.fixture
def open_(backend: str) -> Iterator[Opener]:
    """``open_(**settings)`` opens the backend's store through ``open_store`` (as a process would); all closed at the end."""
    opened: list[Store] = []

    def make(**settings: object) -> Store:
        store = open_store(Settings.load(environ={}, db=backend, **settings))
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def store(open_: Opener) -> Store:
    return open_()


def written(store: Store, articles: list[StoredArticle]) -> list[int]:
    """Write each article in a transaction of its own; their positions."""
    positions = []
    for article in articles:
        with store.transaction() as writer:
            positions.append(writer.add_article(article))
    return positions


def election() -> StoredArticle:
    """An article of our own whose text says "verkiezing" (singular), to find by "verkiezingen"."""
    record = ArticleRecord("e1", "e1.txt", "Rustige dag in Zwolle", None, None, len(ELECTION_TEXT.split()), "2026-01-01T00:00:00+00:00")
    return StoredArticle(record, ArticleFacts(), ArticleBody(ELECTION_TEXT, [(0, 42)]))


def normalised(facts_: ArticleFacts) -> ArticleFacts:
    """Facts as a store gives them back: entities by id, mentions in text order."""
    return replace(facts_, entities=sorted(facts_.entities, key=lambda e: e.id), mentions=sorted(facts_.mentions, key=lambda m: m.start))


def test_articles_come_back_whole_in_commit_order_from_any_position(store: Store) -> None:
    articles = facts.articles()
    positions = written(store, articles)
    assert positions == sorted(positions) and len(set(positions)) == 3
    read = list(store.iter_articles())
    assert [p for p, _ in read] == positions
    assert [a.record.id for _, a in read] == [facts.A1, facts.A2, facts.A3]
    for (_, stored), original in zip(read, articles, strict=True):
        assert stored.facts == normalised(original.facts)
        assert (stored.record.title, stored.record.published, stored.record.word_count) == (
            original.record.title,
            original.record.published,
            original.record.word_count,
        )
    assert [a.record.id for _, a in store.iter_articles(after=positions[0])] == [facts.A2, facts.A3]
    assert list(store.iter_articles(after=positions[-1])) == []
    geneva = next(e for _, a in read for e in a.facts.entities if e.id == facts.GENEVA.id)
    assert geneva == facts.GENEVA  # the GeoNames facts of a place come back exactly
    got = store.get_article(facts.A1)
    assert got is not None and got.facts == read[0][1].facts
    assert store.get_article("nope") is None


def test_a_transaction_is_all_or_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError, match="midway"), store.transaction() as writer:
        writer.add_article(facts.articles()[0])
        writer.add_article(facts.articles()[1])
        raise RuntimeError("midway")
    assert store.article_count() == 0 and list(store.iter_articles()) == []
    assert store.get_article(facts.A1) is None
    with store.transaction() as writer:
        writer.add_article(facts.articles()[0])
    with pytest.raises(Exception, match=r"(?i)unique"), store.transaction() as writer:
        writer.add_article(facts.articles()[1])
        writer.add_article(facts.articles()[0])  # its id is taken: the whole transaction goes
    assert [a.record.id for _, a in store.iter_articles()] == [facts.A1]


def test_deletion_frees_nothing_of_the_positions_and_the_change_log_keeps_order(store: Store) -> None:
    positions = written(store, facts.articles())
    with store.transaction() as writer:
        assert writer.delete_article(facts.A3) is True
        deletion = writer.log_change(ArticleDeletion(facts.A3, "editor", "2026-01-02T00:00:00+00:00", extracted=(facts.KOEN,)))
        assert writer.delete_article("nope") is False
    assert store.article_at(positions[2]) is None and store.get_article(facts.A3) is None
    assert store.positions() == (positions[2], deletion.sequence)  # the deleted last position is not given again
    [new] = written(store, [election()])
    assert new > positions[2] and store.article_at(new) == "e1"
    place = PlaceInfo(2759794, "Amsterdam", "NL", 52.37, 4.89, PlaceKind.CITY, 741636)
    with store.transaction() as writer:
        curation = writer.log_change(Curation(CurationKind.LINK_PLACE, facts.GENEVA.id, place=place, author="editor", at="2026-01-03T00:00:00+00:00"))
    assert deletion.sequence < curation.sequence
    assert (deletion.after_article, curation.after_article) == (positions[2], new)
    changes = list(store.iter_changes())
    assert changes == [deletion, curation]
    assert changes[0].extracted == (facts.KOEN,) and changes[1].place == place
    assert list(store.iter_changes(after=deletion.sequence)) == [curation]
    assert store.positions() == (new, curation.sequence)
    assert [a.record.id for _, a in store.iter_articles()] == [facts.A1, facts.A2, "e1"]


def test_bodies_mentions_counts_and_positions(store: Store) -> None:
    assert store.positions() == (0, 0) and store.article_count() == 0
    articles = facts.articles()
    positions = written(store, articles)
    assert store.article_count() == 3
    assert [store.article_at(p) for p in positions] == [facts.A1, facts.A2, facts.A3]
    assert store.article_at(positions[-1] + 1) is None
    bodies = store.article_bodies([facts.A2, facts.A1, "nope"])
    assert bodies == {facts.A1: articles[0].body, facts.A2: articles[1].body}
    mentions = store.article_mentions([facts.A1, "nope"])
    assert mentions == {facts.A1: sorted(articles[0].facts.mentions, key=lambda m: m.start), "nope": []}
    assert all(isinstance(m, Mention) for m in mentions[facts.A1]) and len(mentions[facts.A1]) == 4


def test_identity_is_the_stores_own_and_survives_reopening(store: Store, open_: Opener, tmp_path: Path) -> None:
    identity = store.identity()
    assert len(identity) >= 16 and open_().identity() == identity
    other = open_store(Settings.load(environ={}, db=str(tmp_path / "other.db")))
    try:
        assert other.identity() != identity
    finally:
        other.close()


def test_search_finds_every_word_ranks_and_marks_the_snippet(store: Store) -> None:
    written(store, [*facts.articles(), election()])
    hits = store.search_text("Genève", 10)
    assert {hit.article_id for hit in hits} == {facts.A1, facts.A2}
    assert all("[Genève]" in hit.snippet for hit in hits)
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    assert [hit.article_id for hit in store.search_text("Genève bezocht", 10)] == [facts.A2]  # every word
    assert len(store.search_text("Genève", 1)) == 1
    assert store.search_text("", 10) == [] and store.search_text("onbekendwoord", 10) == []
    assert sorted(store.matching_articles("Rode Kruis")) == [facts.A2, facts.A3]
    a1_quote = facts.A1_TEXT.index("We gaan")
    assert store.search_quotes("gaan door") == [quote_id(facts.A1, a1_quote)]


def test_search_stems_dutch_words(store: Store) -> None:
    """ "verkiezingen" finds an article that says "verkiezing" (the tantivy index beside SQLite, to_tsvector('dutch') in PostgreSQL)."""
    written(store, [*facts.articles(), election()])
    assert [hit.article_id for hit in store.search_text("verkiezingen", 10)] == ["e1"]


def test_a_search_past_its_deadline_is_stopped(store: Store) -> None:
    written(store, facts.articles())
    with pytest.raises(SearchTimeout):
        store.search_text("Genève", 10, deadline=time.monotonic() - 1)


def test_one_writer_at_a_time(store: Store, open_: Opener) -> None:
    """While one transaction writes, another process's writer waits, and gives up after the busy timeout."""
    other = open_(store_busy_timeout_ms=300)
    inside, release = threading.Event(), threading.Event()

    def hold() -> None:
        with store.transaction() as writer:
            writer.add_article(facts.articles()[0])
            inside.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert inside.wait(10)
        with pytest.raises(StoreError, match="locked by another process"):
            other.check_writable()
    finally:
        release.set()
        holder.join()
    other.check_writable()
    [position] = written(other, [facts.articles()[1]])
    assert [p for p, _ in store.iter_articles()][-1] == position


def test_postgres_faults_name_the_url_without_its_password(postgres: str) -> None:
    from graph_api.bench.servers import free_port

    url = f"postgresql://someone:secret@127.0.0.1:{free_port()}/graph"
    with pytest.raises(StoreError) as raised:
        open_store(Settings.load(environ={}, db=url))
    message = str(raised.value)
    assert message.startswith(f"postgresql://someone@127.0.0.1:{url.rsplit(':', 1)[1].split('/')[0]}/graph: cannot reach the server")
    assert "secret" not in message


def test_postgres_refuses_a_database_of_another_program(postgres: str) -> None:
    import psycopg

    url = fresh_database(postgres)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(StoreError, match="not a graph-api database: it holds 1 tables of another program"):
        open_store(Settings.load(environ={}, db=url))
    with psycopg.connect(url) as connection:
        assert connection.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (1,)


def test_postgres_followers_are_woken_by_a_commit(postgres: str) -> None:
    """``wait_for_changes`` returns at another store's commit, long before its timeout."""
    url = fresh_database(postgres)
    follower, writer = (open_store(Settings.load(environ={}, db=url)) for _ in range(2))
    try:
        follower.wait_for_changes(0.01)  # starts listening; the first (re)connection wakes it once
        follower.wait_for_changes(5)
        woke = threading.Event()
        waiting = threading.Thread(target=lambda: (follower.wait_for_changes(30), woke.set()))
        waiting.start()
        time.sleep(0.3)
        assert not woke.is_set()
        written(writer, [facts.articles()[0]])
        waiting.join(10)
        assert woke.is_set(), "the commit's NOTIFY woke the follower"
        assert follower.positions() == writer.positions() == (1, 0)
    finally:
        follower.close()
        writer.close()


def test_the_command_line_takes_a_postgresql_url(postgres: str, tmp_path: Path) -> None:
    """``--db postgresql://…`` selects the PostgreSQL store; a server that is not there is one line naming the URL without its password."""
    import json
    import subprocess

    from graph_api.bench.servers import free_port
    from tests.conftest import graph_api_command

    url = fresh_database(postgres)
    store = open_store(Settings.load(environ={}, db=url))
    try:
        written(store, facts.articles())
    finally:
        store.close()
    run = subprocess.run([*graph_api_command(), "stats", "--json", "--db", url], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["articles"] == 3
    gone = f"postgresql://someone:secret@127.0.0.1:{free_port()}/graph"
    run = subprocess.run([*graph_api_command(), "stats", "--db", gone], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert run.returncode == 1 and "Traceback" not in run.stderr and "secret" not in run.stderr
    assert run.stderr.startswith("Error: postgresql://someone@127.0.0.1:"), run.stderr
    assert "cannot reach the server" in run.stderr


def test_postgres_stops_a_search_at_its_deadline_and_answers_the_next(postgres: str) -> None:
    """The deadline becomes the statement's ``statement_timeout``: the server cancels it, the store raises SearchTimeout."""
    import psycopg

    url = fresh_database(postgres)
    store = open_store(Settings.load(environ={}, db=url))
    try:
        with psycopg.connect(url, autocommit=True) as connection:  # many long matching articles, so ranking them takes a while
            connection.execute(
                "INSERT INTO articles (position, id, source, title, text, word_count, sentences, removed, ingested_at)"
                " SELECT g, 'bulk' || g, 'bulk', 'Titel', repeat('verkiezing in de stad ', 60), 300, '[]', '[]', '' FROM generate_series(1, 20000) g"
            )
        with pytest.raises(SearchTimeout, match="statement timeout"):
            store.search_text("verkiezing stad", 10, deadline=time.monotonic() + 0.05)
        assert len(store.search_text("verkiezing stad", 10)) == 10  # the connection went back to the pool usable
    finally:
        store.close()
