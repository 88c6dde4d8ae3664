"""The document budget (graph_api/api/budget.py): exact figures on documents written here, and the limits it enforces."""

from __future__ import annotations

import asyncio

import pytest
from graphql import get_introspection_query, parse

from graph_api.api.budget import DocumentMeter, Measure
from graph_api.api.graphql_schema import executable_schema
from graph_api.api.schema import limits_of, schema_for
from graph_api.graph.knowledge_graph import KnowledgeGraph
from graph_api.graph.list_sizes import ListKind
from graph_api.settings import Settings
from tests import facts

SETTINGS = Settings.load(environ={})
SCHEMA = schema_for(SETTINGS)
LIMITS = limits_of(SETTINGS)


def measure(query: str, variables: dict | None = None) -> Measure:
    meter = DocumentMeter(executable_schema(SCHEMA), parse(query), variables or {}, LIMITS)
    operation = meter.operations[0]
    return meter.selection(operation.selection_set, executable_schema(SCHEMA).query_type)


def cost(query: str, variables: dict | None = None) -> int:
    return measure(query, variables).cost_with(LIMITS.max_page)


def errors(query: str, variables: dict | None = None) -> list[str]:
    return [e.message for e in DocumentMeter(executable_schema(SCHEMA), parse(query), variables or {}, LIMITS).errors()]


@pytest.mark.parametrize(
    ("query", "variables", "expected"),
    [
        ("{ stats { articles people } }", None, 3),
        # a connection: 1 for the field, 1 for totalCount, per edge 1 + cursor + node (1 + name)
        ("{ people(first: 3) { totalCount edges { cursor node { name } } } }", None, 1 + 1 + 3 * 4),
        ("query($n: Int) { people(first: $n) { edges { node { name } } } }", {"n": 5}, 1 + 5 * 3),
        # an unknown page size counts at the maximum
        ("query($n: Int) { people(first: $n) { edges { node { name } } } }", {}, 1 + 100 * 3),
        ("{ people { edges { node { name } } } }", None, 1 + 20 * 3),  # the default page
        # a fragment on the connection type still takes its page size from the field above
        ("{ people(first: 2) { ...C } } fragment C on PersonConnection { edges { node { name } } }", None, 1 + 2 * 3),
        # related: its own default (25), two fields per item, plus its weight once
        ('{ entity(name: "x") { related { weight entity { name } } } }', None, 1 + 25 * (1 + 1 + 2) + 5),
        # a plain list counts at max_list_items
        ('{ article(id: "x") { removedLines { text } } }', None, 1 + 100 * 2),
        # search: its page (default 20) and its weight
        ('{ search(query: "x") { score } }', None, 20 * 2 + 500),
        ("{ events(first: 1) { totalCount } }", None, 1 + 1 + 500),
        # nested pages multiply
        ("{ people(first: 10) { edges { node { articles(first: 10) { edges { node { title } } } } } } }", None, 1 + 10 * (2 + 1 + 10 * 3)),
        # a subgraph: `first` entities and the centre, four edges per node, and the neighbourhood's weight
        ('{ neighbourhood(id: "x", first: 10) { nodes { id } edges { source target } } }', None, 1 + (2 + 12) * (1 + 10) + 50),
        ('{ neighbourhood(id: "x") { nodes { id } } }', None, 1 + 2 * (1 + 25) + 50),  # the field's own default, 25
        # a path: as many steps as `maxLength` (default 4), and its weight
        ('{ path(from: "a", to: "b") { kind } }', None, 4 * 2 + 50),
        ('query($m: Int) { path(from: "a", to: "b", maxLength: $m) { kind } }', {"m": 2}, 2 * 2 + 50),
        # a timeline: the buckets from `from` to `to` in its interval (month by default), and its weight
        ('{ timeline(id: "x", from: "2024-01", to: "2024-12") { start } }', None, 12 * 2 + 20),
        ('{ timeline(id: "x", interval: QUARTER, from: "2024-01", to: "2024-12") { start } }', None, 4 * 2 + 20),
        ('{ timeline(id: "x") { start } }', None, 400 * 2 + 20),  # no corpus to take the span from: the limit
        # filters that scan add their weight
        ('{ articles(first: 1, filter: {source: "x"}) { totalCount } }', None, 2 + 500),
        # introspection and __typename cost nothing
        ("{ __typename __schema { types { name } } stats { articles } }", None, 2),
    ],
)
def test_cost_is_the_nodes_a_query_may_return(query: str, variables: dict | None, expected: int) -> None:
    assert cost(query, variables) == expected


def test_depth_counts_nesting_below_the_root_fields_and_skips_introspection() -> None:
    assert measure("{ stats { articles } }").depth == 1
    assert measure("{ people { edges { node { name } } } }").depth == 3
    assert measure(get_introspection_query()).depth == 0


def test_graphiqls_introspection_query_is_within_every_limit() -> None:
    assert errors(get_introspection_query()) == []


def test_aliases_are_counted_as_often_as_their_fragment_is_spread() -> None:
    fields = " ".join(f"a{i}: stats {{ articles }}" for i in range(30))
    query = "{ ...F ...F ...F ...G } fragment F on Query { ...G } fragment G on Query { " + fields + " }"
    assert measure(query).aliases == 4 * 30
    assert errors(query) == ["the query has 120 aliases (fragments expanded), the limit is 100"]


def test_fragment_doubling_is_measured_once_per_fragment_and_refused() -> None:
    fragments = ["fragment F0 on Query { stats { articles } }"]
    fragments += [f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, 60)]
    query = "query Doubling { ...F59 }\n" + "\n".join(fragments)
    assert measure(query).repeats() == (2**59, "stats")
    assert (
        f"operation `Doubling` selects {2**59} fields on one response path starting at `stats` "
        "(repeats multiplied through nested selections, fragments merged), the limit is 10"
    ) in errors(query)


def test_repeats_multiply_through_nested_selections() -> None:
    def nested(levels: int) -> str:
        return "name" if levels == 0 else " ".join(["related(first: 1) { entity { " + nested(levels - 1) + " } }"] * 3)

    assert measure('{ entity(name: "x") { ' + nested(2) + " } }").repeats() == (9, "entity")
    assert "selects 27 fields on one response path" in errors('{ entity(name: "x") { ' + nested(3) + " } }")[0]
    assert errors("{ " + "stats { articles } " * 10 + "}") == []


def test_a_fragment_cycle_is_left_to_the_spec_rule() -> None:
    query = "{ ...A } fragment A on Query { stats { articles } ...B } fragment B on Query { ...A }"
    assert errors(query) == []
    result = asyncio.run(SCHEMA.execute(query))
    assert result.errors and "Cannot spread fragment" in result.errors[0].message


@pytest.mark.parametrize(
    ("query", "variables", "message"),
    [
        ('{ search(query: "' + "woord " * 200 + '") { score } }', None, "argument `query` is longer than the limit of 1000 bytes"),
        ("query($q: String!) { search(query: $q) { score } }", {"q": "x" * 1001}, "variable `$q` is longer than the limit of 1000 bytes"),
        ('{ search(query: "a\\u0000b") { score } }', None, "argument `query` contains a NUL character"),
        ("query($q: String!) { search(query: $q) { score } }", {"q": "a\0b"}, "variable `$q` contains a NUL character"),
        ('{ quotes(filter: {textContains: "' + "é" * 501 + '"}) { totalCount } }', None, "argument `filter` is longer than the limit of 1000 bytes"),
    ],
)
def test_long_strings_and_nul_characters_are_refused(query: str, variables: dict | None, message: str) -> None:
    assert errors(query, variables) == [message]


def test_a_refused_document_never_reaches_the_spec_rules() -> None:
    """The budget error alone: the spec's rules (which would report the unknown field) did not run."""
    nested = "related { entity { " * 6 + "name" + " } }" * 6
    result = asyncio.run(SCHEMA.execute('{ entity(name: "x") { nosuchfield ' + nested + " } }"))
    messages = [e.message for e in result.errors or []]
    assert len(messages) == 2 and messages[0] == "the query is 13 levels deep, the limit is 12", messages
    assert messages[1].startswith("the query may return ") and messages[1].endswith("the limit is 10000: ask for smaller pages or fewer nested lists")


def test_every_operation_of_a_document_is_measured() -> None:
    deep = "related { entity { " * 6 + "name" + " } }" * 6
    query = 'query Small { stats { articles } } query Deep { entity(name: "x") { ' + deep + " } }"
    assert "operation `Deep` is 13 levels deep, the limit is 12" in errors(query)


def test_the_graph_keeps_the_longest_list_of_each_kind() -> None:
    graph = KnowledgeGraph()
    stored = facts.articles()
    for article in stored:
        graph.add_article(article)
    sizes = graph.list_sizes
    assert sizes.longest(ListKind.ARTICLE_MENTIONS) == max(len(a.facts.mentions) for a in stored)
    assert sizes.longest(ListKind.ARTICLE_QUOTES) == max(len(a.facts.quotes) for a in stored)
    assert sizes.longest(ListKind.EVENT_PARTICIPANTS) == 2  # the meeting of Anna de Vries and Koen Bakker
    assert sizes.longest(ListKind.PERSON_QUOTES) == max(len(graph.quotes_of_speaker(p.id)) for p in (facts.ANNA, facts.KOEN))
    assert sizes.longest(ListKind.ENTITY_EVENTS) == 1


def test_plain_lists_count_at_the_longest_list_in_the_graph_never_above_the_cap() -> None:
    graph = KnowledgeGraph()
    for article in facts.articles():
        graph.add_article(article)
    query = "{ articles(first: 100) { edges { node { people { name } } } } }"
    longest = graph.list_sizes.longest(ListKind.ARTICLE_ENTITIES)
    meter = DocumentMeter(executable_schema(SCHEMA), parse(query), {}, LIMITS, graph.list_sizes)
    assert meter.cost() == 1 + 100 * (1 + 1 + longest * 2) < cost(query) == 1 + 100 * (1 + 1 + 100 * 2)
    graph.list_sizes.observe(ListKind.ARTICLE_ENTITIES, 10_000)
    assert DocumentMeter(executable_schema(SCHEMA), parse(query), {}, LIMITS, graph.list_sizes).cost() == cost(query)


def test_a_query_over_the_cap_estimate_passes_when_the_corpus_lists_are_short(gql) -> None:
    """100 articles with all their people would be 20,201 nodes at the cap; the fact corpus's entity lists are short."""
    articles = gql("{ articles(first: 100) { edges { node { people { name } } } } }")["articles"]["edges"]
    assert len(articles) == 3 and all(a["node"]["people"] for a in articles)


def test_a_document_with_several_operations_needs_an_operation_name(http) -> None:
    document = "query A { stats { articles } } query B { stats { people } }"
    body = http.post("/graphql", json={"query": document}).json()
    assert body == {"data": None, "errors": [{"message": "the document has 2 operations: name the one to run in `operationName`"}]}
    chosen = http.post("/graphql", json={"query": document, "operationName": "B"}).json()
    assert chosen == {"data": {"stats": {"people": 2}}}


def test_a_timeline_without_bounds_counts_the_buckets_of_the_corpus_dates() -> None:
    graph = KnowledgeGraph()
    for article in facts.articles():
        graph.add_article(article)  # dated 2024-03-05 and 2024-03 (the whole month)

    def timeline_cost(interval: str) -> int:
        query = '{ timeline(id: "x", interval: INTERVAL) { start } }'.replace("INTERVAL", interval)
        return DocumentMeter(executable_schema(SCHEMA), parse(query), {}, LIMITS, graph.list_sizes).cost()

    assert timeline_cost("MONTH") == 1 * 2 + 20
    assert timeline_cost("DAY") == 31 * 2 + 20
