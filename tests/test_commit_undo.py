"""A commit that fails after the article went into the graph takes just that article out again: no rebuild."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from graph_api.corpus import Corpus, Outcome
from graph_api.ingest.article import RawInput
from graph_api.model import NodeType

TEXTS = [
    ("Eerste", "Wethouder Pieter Smit opende maandag in Utrecht een nieuwe school voor driehonderd leerlingen."),
    ("Weigering", "Burgemeester Karin Jansen van Zwolle sprak dinsdag met minister Jan de Vries over de dijken."),
    ("Derde", "Minister Jan de Vries bezocht woensdag Arnhem, waar hij wethouder Pieter Smit sprak."),
]


def refuse_commits_of(db: Path, title: str) -> None:
    """A real SQLite failure at COMMIT (a deferred foreign key), for articles with this title only."""
    with sqlite3.connect(db) as connection:
        connection.executescript(
            f"""
            CREATE TABLE parent (id INTEGER PRIMARY KEY);
            CREATE TABLE guard (parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED);
            CREATE TRIGGER refuse AFTER INSERT ON articles WHEN NEW.title = '{title}' BEGIN INSERT INTO guard VALUES (1); END;
            """
        )


def inputs(titles: set[str]) -> list[RawInput]:
    return [RawInput(f"input-{title}", "test", text, title) for title, text in TEXTS if title in titles]


def snapshot(corpus: Corpus) -> dict:
    graph = corpus.graph
    people = {r.name: (graph.article_count(r.id), r.mention_count, dict(r.aliases)) for r in map(graph.entity, graph.ids(NodeType.PERSON)) if r}
    return {"stats": graph.stats(), "people": people, "articles": sorted(graph.ids(NodeType.ARTICLE))}


def test_a_failed_commit_takes_only_that_article_out_of_the_graph(make_corpus, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "failing.db")
    refuse_commits_of(tmp_path / "failing.db", "Weigering")
    graph = corpus.graph
    results = list(corpus.ingest(inputs({"Eerste", "Weigering", "Derde"})))
    assert [r.outcome for r in results] == [Outcome.INGESTED, Outcome.REJECTED, Outcome.INGESTED]
    assert results[1].reason == "could not be stored: FOREIGN KEY constraint failed"
    assert corpus.graph is graph  # undone in place, not rebuilt

    expected = make_corpus(tmp_path / "expected.db")
    assert [r.outcome for r in expected.ingest(inputs({"Eerste", "Derde"}))] == [Outcome.INGESTED, Outcome.INGESTED]
    assert snapshot(corpus) == snapshot(expected)
    assert corpus.graph.find_entities("Karin Jansen") == []
    assert corpus.store.article_count() == 2
