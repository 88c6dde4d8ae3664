"""The GraphQL contract, over HTTP against a real server, on the corpus of tests/facts.py (every answer known)."""

from __future__ import annotations

import httpx
import pytest
from graphql import get_introspection_query

from graph_api.api.types.registry import registered
from graph_api.model import NodeType, quote_id
from tests import facts
from tests.conftest import run_query

ARTICLE_ORDER = [facts.A1, facts.A2, facts.A3]  # newest first, undated last


def test_stats_count_every_kind_of_node(gql) -> None:
    stats = gql("{ stats { articles people places organizations events quotes nodes edges } }")["stats"]
    assert stats == {
        "articles": 3, "people": 2, "places": 1, "organizations": 1, "events": 1, "quotes": 3,
        "nodes": 11,
        # 8 article→entity, 1 article→event, 2 event→participant, 1 event→place, 3 article→quote, 1 quote→speaker
        "edges": 16,
    }  # fmt: skip


def test_lists_come_in_their_documented_order(gql) -> None:
    data = gql("{ articles { edges { node { id published datePrecision } } } people { edges { node { id articleCount mentionCount } } } }")
    articles = [e["node"] for e in data["articles"]["edges"]]
    assert [a["id"] for a in articles] == ARTICLE_ORDER
    assert [(a["published"], a["datePrecision"]) for a in articles] == [("2024-03-05", "DAY"), ("2024-03", "MONTH"), (None, None)]
    people = [e["node"] for e in data["people"]["edges"]]
    # Both are in two articles; Anna de Vries has more mentions.
    assert people == [
        {"id": facts.ANNA.id, "articleCount": 2, "mentionCount": 3},
        {"id": facts.KOEN.id, "articleCount": 2, "mentionCount": 2},
    ]


# One id of every node type; a node type added without a GraphQL type or an example here fails.
NODE_IDS = {
    NodeType.ARTICLE: (facts.A1, "Article"),
    NodeType.PERSON: (facts.ANNA.id, "Person"),
    NodeType.PLACE: (facts.GENEVA.id, "Place"),
    NodeType.ORGANIZATION: (facts.RED_CROSS.id, "Organization"),
    NodeType.EVENT: (None, "Event"),
    NodeType.QUOTE: (quote_id(facts.A1, facts.A1_TEXT.index("We gaan")), "Quote"),
}


def test_every_node_type_has_a_graphql_type() -> None:
    import graph_api.api.schema  # noqa: F401 - builds the types, which register themselves

    assert registered() == set(NodeType) == set(NODE_IDS)


@pytest.mark.parametrize("node_type", list(NodeType))
def test_node_resolves_every_node_type(gql, node_type: NodeType) -> None:
    node_id, typename = NODE_IDS[node_type]
    if node_id is None:  # event ids are hashes: take the one event's id from the list
        node_id = gql("{ events { edges { node { id } } } }")["events"]["edges"][0]["node"]["id"]
    node = gql("query($id: ID!) { node(id: $id) { __typename id } }", {"id": node_id})["node"]
    assert node == {"__typename": typename, "id": node_id}


def test_node_is_null_for_unknown_ids_of_every_prefix(gql) -> None:
    for unknown in ("article:nope", "person:nobody", "place:gn1", "organization:none", "event:0", "quote:a1:9999", "nonsense"):
        assert gql("query($id: ID!) { node(id: $id) { id } }", {"id": unknown})["node"] is None, unknown


def test_every_entity_links_to_exactly_the_articles_that_mention_it(gql) -> None:
    data = gql(
        "{ people { edges { node { id articles { totalCount edges { node { id } } } } } }"
        " places { edges { node { id articles { totalCount edges { node { id } } } } } }"
        " organizations { edges { node { id articles { totalCount edges { node { id } } } } } } }"
    )
    found = {e["node"]["id"]: [a["node"]["id"] for a in e["node"]["articles"]["edges"]] for field in data.values() for e in field["edges"]}
    assert found == {
        facts.ANNA.id: [facts.A1, facts.A2],
        facts.KOEN.id: [facts.A1, facts.A3],
        facts.GENEVA.id: [facts.A1, facts.A2],
        facts.RED_CROSS.id: [facts.A2, facts.A3],
    }


def test_entity_fields_aliases_and_place_data(gql) -> None:
    anna = gql('{ entity(name: "anna de vries") { id name aliases aliasCounts { name count } ... on Person { roles { title article { id } } } } }')
    assert anna["entity"] == {
        "id": facts.ANNA.id,
        "name": "Anna de Vries",
        "aliases": ["Anna de Vries", "De Vries"],
        "aliasCounts": [{"name": "Anna de Vries", "count": 2}, {"name": "De Vries", "count": 1}],
        "roles": [{"title": "minister", "article": {"id": facts.A1}}],
    }
    geneva = gql("{ places { edges { node { name countryCode latitude longitude geonameId kind } } } }")["places"]["edges"][0]["node"]
    assert geneva == {"name": "Genève", "countryCode": "CH", "latitude": 46.20222, "longitude": 6.14569, "geonameId": 2660646, "kind": "CITY"}


@pytest.mark.parametrize("variant", ["Genève", "geneve", "GENEVE", "  Geneve "])
def test_entity_lookup_ignores_case_diacritics_and_spaces(gql, variant: str) -> None:
    assert gql("query($n: String!) { entity(name: $n) { id } }", {"n": variant})["entity"] == {"id": facts.GENEVA.id}


def test_unknown_names_find_nothing(gql) -> None:
    assert gql('{ entity(name: "Qwxz Nobody") { id } entities(name: "Qwxz Nobody") { id } }') == {"entity": None, "entities": []}


def test_related_entities_are_weighted_by_shared_articles(gql) -> None:
    related = gql("query($n: String!) { entity(name: $n) { related { weight entity { id } } } }", {"n": "Anna de Vries"})["entity"]["related"]
    # Genève shares A1 and A2; Koen Bakker A1; the Rode Kruis A2; ties by id.
    assert related == [
        {"weight": 2, "entity": {"id": facts.GENEVA.id}},
        {"weight": 1, "entity": {"id": facts.RED_CROSS.id}},
        {"weight": 1, "entity": {"id": facts.KOEN.id}},
    ]
    first = gql('{ entity(name: "Anna de Vries") { related(first: 1) { weight } } }')["entity"]["related"]
    assert first == [{"weight": 2}]


def test_article_fields_mentions_events_and_quotes(gql) -> None:
    article = gql(
        """query($id: ID!) { article(id: $id) {
            source title published text wordCount ingestedAt removedLines { rule }
            people { id } places { id } organizations { id } events { type } quotes { text } withFragments: quotes(fragments: true) { text }
            mentions { totalCount edges { node { entity { __typename id } text start end sentence label kind } } }
        } }""",
        {"id": facts.A1},
    )["article"]
    assert article["source"] == "a1.txt" and article["title"] == "De Vries in Genève" and article["published"] == "2024-03-05"
    assert [p["id"] for p in article["people"]] == [facts.ANNA.id, facts.KOEN.id]  # most mentioned first
    assert [p["id"] for p in article["places"]] == [facts.GENEVA.id] and article["organizations"] == []
    assert article["events"] == [{"type": "MEETING"}] and article["quotes"] == article["withFragments"] == [{"text": "We gaan door"}]
    mentions = [edge["node"] for edge in article["mentions"]["edges"]]
    assert article["mentions"]["totalCount"] == 4
    assert [(m["text"], m["entity"]["__typename"], m["sentence"]) for m in mentions] == [
        ("Anna de Vries", "Person", 0),
        ("Genève", "Place", 0),
        ("Koen Bakker", "Person", 0),
        ("De Vries", "Person", 1),
    ]
    assert all(article["text"][m["start"] : m["end"]] == m["text"] for m in mentions)
    fragments = gql("query($id: ID!) { article(id: $id) { quotes { text } all: quotes(fragments: true) { text fragment } } }", {"id": facts.A2})
    assert fragments["article"] == {"quotes": [], "all": [{"text": "nuttig", "fragment": True}]}


def test_events_with_their_place_participants_evidence_and_filters(gql) -> None:
    event = gql(
        "{ events { totalCount edges { node { type date datePrecision label place { id } participants { role entity { id } }"
        " articleCount sources firstSeen lastSeen articles { totalCount edges { node { id } } } evidence { sentence text article { id } } } } } }"
    )["events"]
    assert event["totalCount"] == 1
    assert event["edges"][0]["node"] == {
        "type": "MEETING",
        "date": "2024-03-04",
        "datePrecision": "DAY",
        "label": "ontmoeting met Anna de Vries, Koen Bakker in Genève",
        "place": {"id": facts.GENEVA.id},
        "participants": [{"role": None, "entity": {"id": facts.ANNA.id}}, {"role": "with", "entity": {"id": facts.KOEN.id}}],
        "articleCount": 1,
        "sources": ["a1.txt"],
        "firstSeen": "2024-03-05",
        "lastSeen": "2024-03-05",
        "articles": {"totalCount": 1, "edges": [{"node": {"id": facts.A1}}]},
        "evidence": [{"sentence": 0, "text": "Minister Anna de Vries sprak maandag in Genève met Koen Bakker.", "article": {"id": facts.A1}}],
    }
    filtered = gql(
        """query($place: ID!, $person: ID!) {
            meetings: events(filter: {type: MEETING}) { totalCount }
            protests: events(filter: {type: PROTEST}) { totalCount }
            march: events(filter: {from: "2024-03", to: "2024-03-31"}) { totalCount }
            april: events(filter: {from: "2024-04"}) { totalCount }
            here: events(filter: {placeId: $place}) { totalCount }
            his: events(filter: {participantId: $person}, orderBy: DATE) { totalCount }
        }""",
        {"place": facts.GENEVA.id, "person": facts.KOEN.id},
    )
    assert {name: value["totalCount"] for name, value in filtered.items()} == {
        "meetings": 1,
        "protests": 0,
        "march": 1,
        "april": 0,
        "here": 1,
        "his": 1,
    }


def test_quotes_with_speakers_and_filters(gql) -> None:
    data = gql(
        """query($anna: ID!, $a3: ID!) {
            all: quotes { edges { node { text speaker { id } article { id } fragment } } }
            byAnna: quotes(filter: {speakerId: $anna}) { edges { node { text } } }
            inA3: quotes(filter: {articleId: $a3}) { edges { node { text } } }
            words: quotes(filter: {textContains: "WERK begint"}) { edges { node { text } } }
            wordsAndSpeaker: quotes(filter: {textContains: "werk", speakerId: $anna}) { totalCount }
            anna: entity(name: "Anna de Vries") { ... on Person { quotes { totalCount edges { node { text } } } } }
        }""",
        {"anna": facts.ANNA.id, "a3": facts.A3},
    )
    assert [e["node"] for e in data["all"]["edges"]] == [
        {"text": "We gaan door", "speaker": {"id": facts.ANNA.id}, "article": {"id": facts.A1}, "fragment": False},
        {"text": "Het werk begint nu", "speaker": None, "article": {"id": facts.A3}, "fragment": False},
    ]
    assert data["byAnna"]["edges"] == [{"node": {"text": "We gaan door"}}] == data["anna"]["quotes"]["edges"]
    assert data["inA3"]["edges"] == data["words"]["edges"] == [{"node": {"text": "Het werk begint nu"}}]
    assert data["wordsAndSpeaker"]["totalCount"] == 0


def test_connections_paginate_with_cursors(gql) -> None:
    seen: list[str] = []
    after = None
    while True:
        page = gql(
            "query($after: String) { articles(first: 2, after: $after) {"
            " totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }",
            {"after": after},
        )["articles"]
        assert page["totalCount"] == 3
        seen += [e["node"]["id"] for e in page["edges"]]
        assert page["pageInfo"]["hasPreviousPage"] == (after is not None)
        assert page["pageInfo"]["startCursor"] == page["edges"][0]["cursor"] and page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == ARTICLE_ORDER
    anna_page = gql('{ entity(name: "Anna de Vries") { articles(first: 1) { edges { node { id } } pageInfo { endCursor } } } }')
    after = anna_page["entity"]["articles"]["pageInfo"]["endCursor"]
    rest = gql('query($a: String) { entity(name: "Anna de Vries") { articles(first: 5, after: $a) { edges { node { id } } } } }', {"a": after})
    assert [e["node"]["id"] for e in rest["entity"]["articles"]["edges"]] == [facts.A2]


@pytest.mark.parametrize("engine", ["tantivy", "fts5"])
def test_search_finds_entities_by_name_prefix_then_articles_by_text(fact_server_with, engine: str) -> None:
    with httpx.Client(base_url=fact_server_with(search_engine=engine), timeout=30) as client:
        hits = run_query(client, '{ search(query: "gene", first: 5) { score snippet node { __typename id } } }')["data"]["search"]
        assert [h["node"]["id"] for h in hits] == [facts.GENEVA.id] and hits[0]["snippet"] is None
        text = run_query(client, '{ search(query: "kantoor", first: 5) { snippet node { __typename id } } }')["data"]["search"]
    assert [hit["node"] for hit in text] == [{"__typename": "Article", "id": facts.A3}]
    snippet = text[0]["snippet"]  # a passage of the text, the word in brackets, … where the text goes on
    assert "[kantoor]" in snippet and snippet.endswith("…")
    assert snippet.strip("…").replace("[", "").replace("]", "") in facts.A3_TEXT


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("{ people(first: 101) { totalCount } }", "between 0 and 100"),
        ("{ people(first: -1) { totalCount } }", "between 0 and 100"),
        ('{ people(after: "nonsense") { totalCount } }', "invalid cursor"),
        ('{ search(query: "  ") { score } }', "must not be empty"),
        ('{ events(filter: {from: "maart"}) { totalCount } }', "`from`"),
    ],
)
def test_bad_arguments_get_clear_errors(http: httpx.Client, query: str, message: str) -> None:
    body = run_query(http, query, expect_errors=True)
    assert message in body["errors"][0]["message"]


def test_query_depth_is_limited(http: httpx.Client) -> None:
    nested = "related { entity { " * 5 + "name" + " } }" * 5
    body = run_query(http, "{ people(first: 1) { edges { node { " + nested + " } } } }", expect_errors=True)
    assert "the query is 13 levels deep, the limit is 12" in body["errors"][0]["message"]
    allowed = "related(first: 2) { entity { " * 4 + "name" + " } }" * 4  # depth 12
    assert "errors" not in run_query(http, "{ people(first: 1) { edges { node { " + allowed + " } } } }")


def test_aliases_are_limited_inside_fragments_too(http: httpx.Client) -> None:
    fields = " ".join(f"a{i}: articles {{ totalCount }}" for i in range(101))
    body = run_query(http, "query { ...F } fragment F on Query { " + fields + " }", expect_errors=True)
    assert "the query has 101 aliases (fragments expanded), the limit is 100" in body["errors"][0]["message"]


def test_documents_with_too_many_tokens_are_refused(http: httpx.Client) -> None:
    query = "{ " + "stats { articles } " * 600 + "}"
    body = run_query(http, query, expect_errors=True)
    assert "Document contains more than 2000 tokens" in body["errors"][0]["message"]


def test_deep_introspection_is_refused_but_graphiqls_query_passes(http: httpx.Client) -> None:
    deep = "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"
    assert "Maximum introspection depth exceeded" in run_query(http, deep, expect_errors=True)["errors"][0]["message"]
    body = run_query(http, get_introspection_query(descriptions=True))
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"


def test_every_type_and_field_has_a_description(gql) -> None:
    types = gql("{ __schema { types { name kind description fields { name description } } } }")["__schema"]["types"]
    missing = []
    for graphql_type in types:
        if graphql_type["name"].startswith("__") or graphql_type["kind"] == "SCALAR":
            continue
        if not graphql_type["description"]:
            missing.append(graphql_type["name"])
        missing += [f"{graphql_type['name']}.{f['name']}" for f in graphql_type["fields"] or [] if not f["description"]]
    assert not missing, missing


def test_repeated_queries_are_served_from_the_cache_until_the_graph_changes(make_corpus, tmp_path) -> None:
    from starlette.testclient import TestClient

    from graph_api.server import create_app

    corpus = make_corpus()
    client = TestClient(create_app(corpus))
    query = {"query": "{ stats { articles } }"}
    first, second = client.post("/graphql", json=query), client.post("/graphql", json=query)
    assert first.json() == second.json() == {"data": {"stats": {"articles": 0}}}
    assert "x-cache" not in first.headers and second.headers["x-cache"] == "hit"
    (tmp_path / "a.txt").write_text("De burgemeester van Leiden opende dinsdag een nieuwe brug.", encoding="utf-8")
    list(corpus.ingest_paths([tmp_path / "a.txt"]))
    third = client.post("/graphql", json=query)
    assert third.json() == {"data": {"stats": {"articles": 1}}} and "x-cache" not in third.headers
    errors = [client.post("/graphql", json={"query": "{ nope }"}) for _ in range(2)]
    assert all("x-cache" not in r.headers and r.json()["errors"] for r in errors), "errors are never cached"
