"""The exploration corpus (tests/exploration_corpus.py), ingested with the real model, holds the structures it was written for."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from graph_api.corpus import Outcome
from graph_api.graph.algorithms import Significance, shortest_path
from graph_api.graph.knowledge_graph import KnowledgeGraph
from graph_api.graph.timeline import Interval, trends
from graph_api.model import EventType, NodeType
from tests import exploration_corpus as corpus
from tests.exploration_corpus import Named


@dataclass
class Explored:
    """The ingested corpus: its graph and the article id of each file."""

    graph: KnowledgeGraph
    article_ids: dict[str, str]  # file name → article id

    def id(self, named: Named) -> str:
        """The one entity of that name, which must have the expected type."""
        found = self.graph.find_entities(named.name)
        assert [(e.name, e.type) for e in found] == [(named.name, named.type)], named
        return found[0].id

    def files(self, article_ids: list[str]) -> set[str]:
        names = {article_id: name for name, article_id in self.article_ids.items()}
        return {names[a] for a in article_ids}

    def files_of(self, named: Named) -> set[str]:
        return self.files(self.graph.article_ids_of_entity(self.id(named)))

    def neighbours(self, named: Named) -> set[str]:
        return set(self.graph.projection().graph.adj[self.id(named)])


@pytest.fixture
def explored(make_corpus) -> Explored:
    built = make_corpus()
    results = list(built.ingest_paths([corpus.FOLDER]))
    assert [r.outcome for r in results] == [Outcome.INGESTED] * len(results), [r.line() for r in results]
    return Explored(built.graph, {Path(r.origin).name: r.article_id for r in results})


def test_every_file_is_one_dated_article(explored: Explored) -> None:
    assert set(explored.article_ids) == set(corpus.ARTICLES)
    assert sorted(p.name for p in corpus.FOLDER.iterdir()) == sorted(corpus.ARTICLES)
    for name, article_id in explored.article_ids.items():
        record = explored.graph.article(article_id)
        assert record is not None and record.published is not None, name
        assert record.published.first_day().year == 2024, name


def test_each_entity_is_found_as_one_entity_of_its_type(explored: Explored) -> None:
    graph = explored.graph
    for named in corpus.ENTITIES:
        explored.id(named)
    for kind in (NodeType.PERSON, NodeType.PLACE, NodeType.ORGANIZATION):
        assert sorted(graph.entity(i).name for i in graph.ids(kind)) == sorted(n.name for n in corpus.ENTITIES if n.type is kind)


def test_every_article_names_exactly_the_entities_it_was_written_with(explored: Explored) -> None:
    for name, expected in corpus.ARTICLES.items():
        found = set(explored.graph.entity_ids_of_article(explored.article_ids[name]))
        assert found == {explored.id(n) for n in expected}, name


def test_the_chain_links_a_to_c_through_b_only(explored: Explored) -> None:
    graph = explored.graph
    a, b, c = (explored.id(n) for n in (corpus.A, corpus.B, corpus.C))
    assert graph.shared_articles(a, c) == []
    assert explored.files_of(corpus.A).isdisjoint(explored.files_of(corpus.C))
    assert explored.neighbours(corpus.A) == {b, explored.id(corpus.A_PLACE)}
    assert explored.neighbours(corpus.C) == {b, explored.id(corpus.C_PLACE)}
    assert explored.neighbours(corpus.A) & explored.neighbours(corpus.C) == {b}
    for (left, right), evidence in corpus.CHAIN_HOPS.items():
        assert explored.files(graph.shared_articles(explored.id(left), explored.id(right))) == evidence
    path = shortest_path(graph.projection(), a, c, max_length=4)
    assert path is not None
    assert [{link.source, link.target} for link in path] == [{a, b}, {b, c}]
    assert [link.articles for link in path] == [2, 2]


def test_the_star_has_five_partners_that_never_meet_and_one_strongest(explored: Explored) -> None:
    graph = explored.graph
    s = explored.id(corpus.S)
    partners = [explored.id(p) for p in corpus.STAR_PARTNERS]
    assert graph.article_count(s) == 6
    assert explored.neighbours(corpus.S) == set(partners)
    assert sorted(p.type for p in corpus.STAR_PARTNERS) == sorted([NodeType.PERSON] * 3 + [NodeType.ORGANIZATION, NodeType.PLACE])
    for first, second in itertools.combinations(partners, 2):
        assert graph.shared_articles(first, second) == [], (first, second)
    related = [(r.entity.id, r.weight) for r in graph.related(s, 10)]
    assert related[0] == (explored.id(corpus.STRONGEST), 2)
    assert sorted(related[1:]) == sorted((p, 1) for p in partners[1:])
    strongest = graph.projection().strongest(s)
    assert strongest[0] == (explored.id(corpus.STRONGEST), 2) and [w for _, w in strongest[1:]] == [1, 1, 1, 1]


def test_the_timeline_has_articles_and_mentions_per_month(explored: Explored) -> None:
    t = explored.id(corpus.T)
    buckets = explored.graph.entity_timeline(t, Interval.MONTH)
    articles = {(start.year, start.month): explored.files(bucket.article_ids) for start, bucket in buckets.items() if bucket.article_ids}
    mentions = {(start.year, start.month): bucket.mentions for start, bucket in buckets.items() if bucket.article_ids}
    assert articles == {month: files for month, (files, _) in corpus.T_MONTHS.items()}
    assert mentions == {month: count for month, (_, count) in corpus.T_MONTHS.items()}
    assert (2024, 2) not in articles
    assert explored.graph.entity(t).mention_count == sum(count for _, count in corpus.T_MONTHS.values())


def test_the_timeline_person_is_quoted_and_meets_someone(explored: Explored) -> None:
    graph = explored.graph
    t = explored.id(corpus.T)
    quote_file, quote_text = corpus.T_QUOTE
    quotes = [q for q in graph.quotes_of_speaker(t) if q.text == quote_text]
    assert [explored.files([q.article_id]) for q in quotes] == [{quote_file}]
    assert quotes[0].speaker_id == t and not quotes[0].fragment
    meeting_file, meeting_date = corpus.T_MEETING
    meetings = [e for e in graph.events_of_entity(t) if e.type is EventType.MEETING and e.date == meeting_date]
    assert len(meetings) == 1
    [meeting] = meetings
    assert explored.files(meeting.article_ids) == {meeting_file}
    assert meeting.place_id == explored.id(corpus.MEETING_PLACE)
    assert explored.id(corpus.MET) in meeting.participants


def test_pmi_ranks_the_exclusive_partner_above_the_ubiquitous_country(explored: Explored) -> None:
    graph = explored.graph
    r, e, u = (explored.id(n) for n in (corpus.R, corpus.E, corpus.U))
    assert explored.files(graph.shared_articles(r, e)) == corpus.R_WITH_E == explored.files_of(corpus.E)
    assert explored.files(graph.shared_articles(r, u)) == corpus.R_WITH_U
    assert graph.article_count(u) * 2 >= len(corpus.ARTICLES)
    assert {name for name, named in corpus.ARTICLES.items() if corpus.U in named} == explored.files_of(corpus.U)
    by_count = [x.entity.id for x in graph.related(r, 10, Significance.COUNT)]
    by_pmi = [x.entity.id for x in graph.related(r, 10, Significance.PMI)]
    assert by_count == [u, e]
    assert by_pmi == [e, u]


def test_the_trending_organisation_is_named_in_the_last_month_and_not_the_month_before(explored: Explored) -> None:
    graph = explored.graph
    trending = explored.id(corpus.TRENDING)
    start, end = corpus.LAST_MONTH
    assert graph.calendar().last_day() is not None and graph.calendar().last_day() <= end
    assert set(graph.calendar().between(start, end)) == {explored.article_ids[n] for n in corpus.TRENDING_IN_LAST_MONTH}
    assert explored.files_of(corpus.TRENDING) == corpus.TRENDING_IN_LAST_MONTH | corpus.TRENDING_BEFORE
    buckets = graph.entity_timeline(trending, Interval.MONTH)
    assert date(2024, 5, 1) not in buckets
    assert explored.files(buckets[date(2024, 6, 1)].article_ids) == corpus.TRENDING_IN_LAST_MONTH
    found = trends(graph.calendar(), graph.mention_counts, start, end, keep=lambda _: True)
    assert found[0].entity_id == trending
    assert found[0].previous == 0 and found[0].mentions > 0
