"""A write, then the first page of the article order and of the busiest person's articles: the orders kept up to date
as articles come in, beside the orders sorted again after every write (what the graph did before), on the same graph."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from graph_api.graph.knowledge_graph import KnowledgeGraph
from graph_api.model import ArticleBody, ArticleFacts, ArticleRecord, EntityRef, Mention, NodeType, StoredArticle

WRITES = 5


def bench_order_after_write(graph: KnowledgeGraph, writes: int = WRITES) -> dict[str, float]:
    """Median milliseconds from adding an article (naming the busiest person) to both first pages, kept and sorted again."""
    busiest = graph.ids(NodeType.PERSON)[0]
    kept = _median_ms(graph, busiest, writes, "kept", lambda: None)
    resorted = _median_ms(graph, busiest, writes, "resorted", graph.rankings.invalidate)
    return {"order_after_write_ms": kept, "order_resorted_after_write_ms": resorted}


def _median_ms(graph: KnowledgeGraph, person_id: str, writes: int, label: str, after_write: Callable[[], None]) -> float:
    graph.ids(NodeType.ARTICLE)
    graph.article_ids_of_entity(person_id)
    times = []
    for number in range(writes):
        started = time.perf_counter()
        graph.add_article(_article(f"bench-order-{label}-{number}", graph, person_id))
        after_write()
        graph.ids(NodeType.ARTICLE)[:10]
        graph.article_ids_of_entity(person_id)[:10]
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 3)


def _article(article_id: str, graph: KnowledgeGraph, person_id: str) -> StoredArticle:
    record = graph.entity(person_id)
    assert record is not None
    person = EntityRef(person_id, NodeType.PERSON, record.name)
    text = f"{record.name} sprak."
    stored = ArticleRecord(article_id, "bench", "Bericht", None, None, 2, "2026-01-01T00:00:00+00:00")
    mention = Mention(person_id, record.name, 0, len(record.name), 0, "PER")
    return StoredArticle(stored, ArticleFacts(mentions=[mention], entities=[person]), ArticleBody(text))
