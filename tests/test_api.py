"""The GraphQL contract, in-process over HTTP, on the seed corpus."""

from __future__ import annotations

import pytest

from tests.conftest import run_query

ENTITY_FIELDS = "id name aliases aliasCounts { name count } mentionCount articleCount"


def test_stats_count_a_non_empty_graph(gql) -> None:
    stats = gql("{ stats { articles people places organizations events quotes nodes edges } }")["stats"]
    assert stats["articles"] == 5
    assert stats["people"] > 0 and stats["places"] > 0 and stats["organizations"] > 0
    assert stats["nodes"] >= stats["articles"] + stats["people"] + stats["places"] + stats["organizations"]
    assert stats["edges"] > 0


def test_every_entity_is_linked_to_the_articles_that_mention_it(gql) -> None:
    query = "{ %s(first: 100) { totalCount edges { node { %s articles(first: 100) { totalCount edges { node { id } } } } } } }"
    articles = gql("{ articles(first: 100) { edges { node { id mentions { text kind entity { id } } } } } }")["articles"]["edges"]
    mentioned = {(a["node"]["id"], m["entity"]["id"]) for a in articles for m in a["node"]["mentions"]}
    for field in ("people", "places", "organizations"):
        connection = gql(query % (field, ENTITY_FIELDS))[field]
        assert connection["totalCount"] == len(connection["edges"]) > 0
        for edge in connection["edges"]:
            node = edge["node"]
            assert node["articleCount"] == node["articles"]["totalCount"] >= 1
            assert node["mentionCount"] >= sum(a["count"] for a in node["aliasCounts"])
            assert node["aliases"] == [a["name"] for a in node["aliasCounts"]]
            assert all((a["node"]["id"], node["id"]) in mentioned for a in node["articles"]["edges"])


def test_places_carry_gazetteer_data(gazetteer_places) -> None:
    linked = [p for p in gazetteer_places if p["geonameId"] is not None]
    assert linked, "some seed places must link to GeoNames"
    with_coordinates = [p for p in linked if p["latitude"] is not None]
    assert with_coordinates
    for place in with_coordinates:
        assert -90 <= place["latitude"] <= 90 and -180 <= place["longitude"] <= 180
        assert place["kind"] in {"COUNTRY", "CITY", "REGION", "CONTINENT"}
    assert any(p["kind"] == "COUNTRY" and p["countryCode"] for p in linked)


@pytest.fixture
def gazetteer_places(gql) -> list[dict]:
    data = gql("{ places(first: 100) { edges { node { name countryCode latitude longitude geonameId kind } } } }")
    return [edge["node"] for edge in data["places"]["edges"]]


def test_article_fields_and_mentions_point_into_the_text(gql) -> None:
    articles = gql("{ articles(first: 10) { edges { node { id } } } }")["articles"]["edges"]
    for edge in articles:
        article = gql(
            """query($id: ID!) { article(id: $id) {
                id source title published datePrecision text wordCount ingestedAt removedLines { rule text }
                people { id name } places { id name } organizations { id } events { id } quotes { id }
                mentions { entity { __typename id name } text start end sentence label }
            } }""",
            {"id": edge["node"]["id"]},
        )["article"]
        assert article["source"].endswith(".txt") and article["title"] and article["wordCount"] > 50
        assert (article["published"] is None) == (article["datePrecision"] is None)
        for mention in article["mentions"]:
            assert article["text"][mention["start"] : mention["end"]] == mention["text"]
        mentioned = {m["entity"]["id"] for m in article["mentions"]}
        assert {p["id"] for p in article["people"]} <= mentioned
        assert {p["id"] for p in article["places"]} <= mentioned


def test_published_dates_keep_their_precision(gql) -> None:
    articles = [e["node"] for e in gql("{ articles(first: 10) { edges { node { published datePrecision } } } }")["articles"]["edges"]]
    assert {a["datePrecision"] for a in articles} >= {"MONTH", None}
    assert all(a["published"] is None or len(a["published"]) == 7 for a in articles if a["datePrecision"] == "MONTH")
    assert articles[-1]["published"] is None, "undated articles come last"


def test_boilerplate_is_recorded_but_not_in_the_text(gql) -> None:
    articles = [e["node"] for e in gql("{ articles(first: 10) { edges { node { text removedLines { rule text } } } } }")["articles"]["edges"]]
    removed = [line for a in articles for line in a["removedLines"]]
    assert removed
    for article in articles:
        for line in article["removedLines"]:
            assert line["text"] not in article["text"]


def test_connections_paginate_with_cursors(gql) -> None:
    total = gql("{ people { totalCount } }")["people"]["totalCount"]
    seen: list[str] = []
    after = None
    while True:
        page = gql(
            "query($after: String) { people(first: 2, after: $after) {"
            " edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }",
            {"after": after},
        )["people"]
        seen += [e["node"]["id"] for e in page["edges"]]
        assert page["pageInfo"]["hasPreviousPage"] == (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
        assert after == page["edges"][-1]["cursor"]
    assert len(seen) == len(set(seen)) == total


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("{ people(first: 101) { totalCount } }", "between 0 and 100"),
        ("{ people(first: -1) { totalCount } }", "between 0 and 100"),
        ('{ people(after: "nonsense") { totalCount } }', "invalid cursor"),
        ('{ search(query: "  ") { score } }', "must not be empty"),
    ],
)
def test_bad_arguments_get_clear_errors(client, query: str, message: str) -> None:
    body = run_query(client, query, expect_errors=True)
    assert message in body["errors"][0]["message"]


def test_entity_lookup_is_case_and_diacritic_insensitive(gql) -> None:
    first_person = gql("{ people(first: 1) { edges { node { id name } } } }")["people"]["edges"][0]["node"]
    for variant in (first_person["name"].upper(), first_person["name"].lower(), f"  {first_person['name']} "):
        assert gql("query($n: String!) { entity(name: $n) { id } }", {"n": variant})["entity"]["id"] == first_person["id"]
    place = gql("{ places(first: 50) { edges { node { id name } } } }")["places"]["edges"]
    accented = next((p["node"] for p in place if any(ord(c) > 127 for c in p["node"]["name"])), None)
    if accented:
        import unicodedata

        plain = "".join(c for c in unicodedata.normalize("NFKD", accented["name"]) if not unicodedata.combining(c))
        assert gql("query($n: String!) { entity(name: $n) { id } }", {"n": plain})["entity"]["id"] == accented["id"]
    assert gql('{ entity(name: "Qwxz Nobody") { id } }')["entity"] is None


def test_node_resolves_every_kind_of_global_id(gql) -> None:
    ids = gql(
        "{ articles(first: 1) { edges { node { id } } } people(first: 1) { edges { node { id } } } places(first: 1) { edges { node { id } } } }"
    )
    for field, typename in (("articles", "Article"), ("people", "Person"), ("places", "Place")):
        node_id = ids[field]["edges"][0]["node"]["id"]
        assert gql("query($id: ID!) { node(id: $id) { __typename id } }", {"id": node_id})["node"] == {
            "__typename": typename,
            "id": node_id,
        }
    assert gql('{ node(id: "person:nobody") { id } }')["node"] is None


def test_related_entities_are_weighted(gql) -> None:
    person = gql("{ people(first: 1) { edges { node { articleCount related(first: 5) { weight entity { __typename id } } } } } }")["people"]["edges"][
        0
    ]["node"]
    weights = [r["weight"] for r in person["related"]]
    assert weights == sorted(weights, reverse=True) and all(1 <= w <= person["articleCount"] for w in weights)


def test_search_finds_entities_by_name_and_articles_by_text(gql) -> None:
    person = gql("{ people(first: 1) { edges { node { id name } } } }")["people"]["edges"][0]["node"]
    hits = gql("query($q: String!) { search(query: $q, first: 5) { score snippet node { __typename id } } }", {"q": person["name"][:4]})["search"]
    assert hits[0]["node"]["id"] == person["id"]
    text_hits = gql('{ search(query: "persconferentie", first: 5) { score snippet node { __typename id } } }')["search"]
    articles = [h for h in text_hits if h["node"]["__typename"] == "Article"]
    assert articles and all("[" in h["snippet"] for h in articles)


def test_query_depth_is_limited(client) -> None:
    nested = "related { entity { " * 5 + "name" + " } }" * 5
    deep = "{ people(first: 1) { edges { node { " + nested + " } } } }"
    body = run_query(client, deep, expect_errors=True)
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]


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


def test_aliases_are_limited(client) -> None:
    query = "{ " + " ".join(f"a{i}: stats {{ articles }}" for i in range(101)) + " }"
    body = run_query(client, query, expect_errors=True)
    assert "101 aliases found. Allowed: 100" in body["errors"][0]["message"]


def test_the_introspection_query_graphiql_sends_passes_the_depth_limit(client) -> None:
    from graphql import get_introspection_query

    body = run_query(client, get_introspection_query(descriptions=True))
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"
