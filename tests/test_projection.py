"""The entity projection (graph_api/graph/projection.py): every link counted right, rebuilt when the graph changes."""

from __future__ import annotations

import itertools
import time

from graph_api.corpus import Corpus
from graph_api.graph.knowledge_graph import KnowledgeGraph
from graph_api.model import ENTITY_TYPES, EdgeKind
from tests import facts


def test_every_link_of_the_seeds_counts_exactly_the_shared_articles_and_events(seeded_corpus: Corpus) -> None:
    """Recounted here pair by pair from each entity's articles and events; resolution merged entities while the seeds went in."""
    graph = seeded_corpus.graph
    projection = graph.projection()
    entities = [i for kind in ENTITY_TYPES for i in graph.ids(kind)]
    assert set(projection.graph) == set(entities)
    articles = {e: set(graph.article_ids_of_entity(e)) for e in entities}
    events = {e: {event.id for event in graph.events_of_entity(e)} for e in entities}
    linked = 0
    for source, target in itertools.combinations(entities, 2):
        shared_articles, shared_events = len(articles[source] & articles[target]), len(events[source] & events[target])
        link = projection.link(source, target)
        if shared_articles or shared_events:
            linked += 1
            assert link is not None and (link.articles, link.events) == (shared_articles, shared_events), (source, target)
            assert link.kind is (EdgeKind.SHARED_EVENT if shared_events else EdgeKind.CO_MENTION)
            assert set(graph.shared_articles(source, target)) >= articles[source] & articles[target]
        else:
            assert link is None, (source, target)
    assert linked == projection.graph.number_of_edges() > 50


def test_pagerank_and_degree_cover_every_entity(seeded_corpus: Corpus) -> None:
    projection = seeded_corpus.graph.projection()
    assert set(projection.pagerank) == set(projection.graph)
    assert abs(sum(projection.pagerank.values()) - 1) < 1e-6
    hub = max(projection.graph, key=projection.degree)
    assert projection.degree(hub) == len(projection.graph.adj[hub]) > 5


def test_a_changed_graph_gets_a_new_projection_and_the_server_mode_keeps_the_old_one_meanwhile() -> None:
    first_two, third = facts.articles()[:2], facts.articles()[2]
    graph = KnowledgeGraph()
    for article in first_two:
        graph.add_article(article)
    before = graph.projection()
    assert before.link(facts.KOEN.id, facts.RED_CROSS.id) is None  # only the third article names both
    graph.projections.background = True
    graph.add_article(third)
    assert graph.projection() is before  # answered at once from the previous projection
    deadline = time.monotonic() + 30
    while graph.projection().version != graph.version and time.monotonic() < deadline:
        time.sleep(0.01)
    after = graph.projection()
    assert after.version == graph.version
    link = after.link(facts.KOEN.id, facts.RED_CROSS.id)
    assert link is not None and (link.articles, link.events) == (1, 0)


def test_outside_the_server_a_stale_projection_is_rebuilt_before_use() -> None:
    graph = KnowledgeGraph()
    stored = facts.articles()
    graph.add_article(stored[0])
    assert graph.projection().link(facts.ANNA.id, facts.RED_CROSS.id) is None
    graph.add_article(stored[1])
    assert graph.projection().version == graph.version
    assert graph.projection().link(facts.ANNA.id, facts.RED_CROSS.id) is not None
