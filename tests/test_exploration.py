"""The exploration queries over HTTP, against a real server of the hand-written corpus of known structure
(tests/exploration_corpus.py) ingested with the real model into a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph_api.corpus import Corpus, Outcome
from graph_api.settings import Settings
from tests import exploration_corpus as corpus
from tests.conftest import run_query, serve_process
from tests.exploration_corpus import Named

ENTITY = "... on Entity { name } ... on Node { id }"


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory, extractor) -> tuple[Path, dict[str, str]]:
    """The corpus ingested into a SQLite file, and the article id of each file name."""
    db = tmp_path_factory.mktemp("exploration") / "graph.db"
    built = Corpus(Settings.load(environ={}, db=db), extractor=extractor)
    results = list(built.ingest_paths([corpus.FOLDER]))
    built.close()
    assert [r.outcome for r in results] == [Outcome.INGESTED] * len(corpus.ARTICLES), [r.line() for r in results]
    return db, {Path(r.origin).name: str(r.article_id) for r in results}


@pytest.fixture(scope="module")
def explorer(tmp_path_factory: pytest.TempPathFactory, ingested: tuple[Path, dict[str, str]]) -> Iterator[httpx.Client]:
    workdir = tmp_path_factory.mktemp("exploration-server")
    server = serve_process(workdir, {"GRAPH_API_DB": str(ingested[0]), "GRAPH_API_RESPONSE_CACHE_ENTRIES": "0"})
    with httpx.Client(base_url=next(server), timeout=60) as client:
        yield client
    server.close()


@pytest.fixture(scope="module")
def ids(explorer: httpx.Client) -> dict[Named, str]:
    """The global id of every entity the corpus names, each found by name as exactly one entity of its type."""
    found = {}
    for named in corpus.ENTITIES:
        entities = run_query(explorer, "query($n: String!) { entities(name: $n) { __typename id name } }", {"n": named.name})["data"]["entities"]
        assert [(e["name"], e["__typename"].lower()) for e in entities] == [(named.name, named.type.value)], named
        found[named] = entities[0]["id"]
    return found


@pytest.fixture(scope="module")
def files(ingested: tuple[Path, dict[str, str]]) -> dict[str, str]:
    """File name of each article id."""
    return {article_id: name for name, article_id in ingested[1].items()}


def gql(client: httpx.Client, query: str, **variables: object) -> dict:
    return run_query(client, query, variables)["data"]


def article_files(connection: dict, files: dict[str, str]) -> set[str]:
    assert connection["totalCount"] == len(connection["edges"])
    return {files[edge["node"]["id"]] for edge in connection["edges"]}


# ---- path ------------------------------------------------------------------------------------

PATH = """query($from: ID!, $to: ID!, $max: Int) { path(from: $from, to: $to, maxLength: $max) {
    from { id name } to { id name } kind weight articleCount eventCount articles { totalCount edges { node { id } } } } }"""


def test_a_chain_gives_a_path_of_two_hops_with_the_articles_of_each(explorer, ids, files) -> None:
    steps = gql(explorer, PATH, **{"from": ids[corpus.A], "to": ids[corpus.C]})["path"]
    assert [(s["from"]["name"], s["to"]["name"]) for s in steps] == [(corpus.A.name, corpus.B.name), (corpus.B.name, corpus.C.name)]
    for step, hop in zip(steps, [(corpus.A, corpus.B), (corpus.B, corpus.C)], strict=True):
        evidence = corpus.CHAIN_HOPS[hop]
        assert article_files(step["articles"], files) == evidence
        assert step["articleCount"] == len(evidence) and step["weight"] == step["articleCount"] + step["eventCount"]
        assert step["kind"] == ("SHARED_EVENT" if step["eventCount"] else "CO_MENTION")
    backwards = gql(explorer, PATH, **{"from": ids[corpus.C], "to": ids[corpus.A]})["path"]
    assert [s["to"]["name"] for s in backwards] == [corpus.B.name, corpus.A.name]


def test_no_path_within_max_length_or_between_unconnected_entities_is_null(explorer, ids) -> None:
    assert gql(explorer, PATH, **{"from": ids[corpus.A], "to": ids[corpus.C], "max": 1})["path"] is None
    assert gql(explorer, PATH, **{"from": ids[corpus.A], "to": ids[corpus.S]})["path"] is None  # the chain and the star never meet
    one = gql(explorer, PATH, **{"from": ids[corpus.A], "to": ids[corpus.B], "max": 1})["path"]
    assert [(s["from"]["name"], s["to"]["name"]) for s in one] == [(corpus.A.name, corpus.B.name)]


def test_path_through_people_only_avoids_places(explorer, ids) -> None:
    query = "query($f: ID!, $t: ID!) { path(from: $f, to: $t, via: [PERSON]) { to { __typename name } } }"
    steps = gql(explorer, query, f=ids[corpus.A_PLACE], t=ids[corpus.C_PLACE])["path"]
    assert [s["to"]["name"] for s in steps] == [corpus.B.name, corpus.C_PLACE.name]  # Leuven – Koen – Oslo
    assert gql(explorer, query, f=ids[corpus.A], t=ids[corpus.C_PLACE])["path"][0]["to"]["name"] == corpus.B.name


# ---- neighbourhood ---------------------------------------------------------------------------

NEIGHBOURHOOD = """query($id: ID!, $depth: Int!, $first: Int!, $types: [NodeKind!], $min: Int!) {
    neighbourhood(id: $id, depth: $depth, first: $first, types: $types, minWeight: $min) {
        nodes { __typename ENTITY } edges { source target kind weight articleCount articles(first: 5) { totalCount edges { node { id } } } } } }
""".replace("ENTITY", ENTITY)


def neighbourhood(client: httpx.Client, **variables: object) -> dict:
    """The neighbourhood with the field's own defaults for what is not given (a missing variable counts at its maximum)."""
    return gql(client, NEIGHBOURHOOD, **{"depth": 1, "first": 25, "min": 1, **variables})["neighbourhood"]


def test_a_star_gives_its_centre_and_every_partner_strongest_first(explorer, ids, files) -> None:
    found = neighbourhood(explorer, id=ids[corpus.S])
    names = [n["name"] for n in found["nodes"]]
    assert names[0] == corpus.S.name and set(names[1:]) == {p.name for p in corpus.STAR_PARTNERS} and len(names) == 6
    assert names[1] == corpus.STRONGEST.name
    assert {(e["source"], e["target"]) for e in found["edges"]} == {(ids[corpus.S], ids[p]) for p in corpus.STAR_PARTNERS}
    strongest = found["edges"][0]
    assert strongest["target"] == ids[corpus.STRONGEST] and strongest["articleCount"] == 2
    assert article_files(strongest["articles"], files) == {"star_1.txt", "star_2.txt"}
    assert all(e["articleCount"] == 1 for e in found["edges"][1:])
    assert [e["weight"] for e in found["edges"]] == sorted((e["weight"] for e in found["edges"]), reverse=True)


def test_neighbourhood_filters_by_type_weight_and_size(explorer, ids) -> None:
    people = neighbourhood(explorer, id=ids[corpus.S], types=["PERSON"])
    assert {n["name"] for n in people["nodes"][1:]} == {p.name for p in corpus.STAR_PARTNERS if p.type.value == "person"}
    assert {n["__typename"] for n in people["nodes"][1:]} == {"Person"}
    strong = neighbourhood(explorer, id=ids[corpus.S], min=2)
    assert [n["name"] for n in strong["nodes"]] == [corpus.S.name, corpus.STRONGEST.name]
    two = neighbourhood(explorer, id=ids[corpus.S], first=2)
    assert len(two["nodes"]) == 3 and two["nodes"][1]["name"] == corpus.STRONGEST.name


def test_depth_two_reaches_the_far_end_of_the_chain_and_every_edge_joins_two_nodes(explorer, ids) -> None:
    one = neighbourhood(explorer, id=ids[corpus.A])
    assert {n["name"] for n in one["nodes"]} == {corpus.A.name, corpus.B.name, corpus.A_PLACE.name}
    two = neighbourhood(explorer, id=ids[corpus.A], depth=2)
    assert {n["name"] for n in two["nodes"]} == {corpus.A.name, corpus.B.name, corpus.A_PLACE.name, corpus.C.name, corpus.C_PLACE.name}
    node_ids = {n["id"] for n in two["nodes"]}
    assert all(e["source"] in node_ids and e["target"] in node_ids for e in two["edges"])
    # connected: every node but the centre is the target of an edge
    assert node_ids - {ids[corpus.A]} <= {e["target"] for e in two["edges"]} | {e["source"] for e in two["edges"]}
    assert (ids[corpus.B], ids[corpus.C]) in {(e["source"], e["target"]) for e in two["edges"]}


def test_bad_neighbourhood_arguments_are_named(explorer, ids) -> None:
    for variables, message in (
        ({"id": "person:nobody"}, "`id`: no person, place or organisation has the id 'person:nobody'"),
        ({"id": ids[corpus.S], "depth": 3}, "`depth` must be between 1 and 2, got 3"),
        ({"id": ids[corpus.S], "first": 101}, "`first` must be between 0 and 100, got 101"),
    ):
        query = "query($id: ID!, $depth: Int!, $first: Int!) { neighbourhood(id: $id, depth: $depth, first: $first) { nodes { id } } }"
        body = run_query(explorer, query, {"depth": 1, "first": 25, **variables}, expect_errors=True)
        assert [e["message"] for e in body["errors"]] == [message]


# ---- timelines -------------------------------------------------------------------------------

TIMELINE = """query($id: ID!, $interval: Interval, $from: String, $to: String) {
    timeline(id: $id, interval: $interval, from: $from, to: $to) { start end mentionCount articleCount
        articles { edges { node { id } } } events(first: 5) { edges { node { type date } } } quotes(first: 5) { edges { node { text } } } } }"""


COUNTS = """query($id: ID!, $interval: Interval, $from: String, $to: String) {
    timeline(id: $id, interval: $interval, from: $from, to: $to) { start end mentionCount articleCount } }"""


def test_a_timeline_has_a_bucket_per_month_with_the_empty_ones_between(explorer, ids, files) -> None:
    buckets = gql(explorer, TIMELINE, id=ids[corpus.T])["timeline"]
    assert [(b["start"], b["end"]) for b in buckets] == [
        ("2024-01-01", "2024-01-31"), ("2024-02-01", "2024-02-29"), ("2024-03-01", "2024-03-31"),
        ("2024-04-01", "2024-04-30"), ("2024-05-01", "2024-05-31"),
    ]  # fmt: skip
    for bucket in buckets:
        year, month = int(bucket["start"][:4]), int(bucket["start"][5:7])
        articles, mentions = corpus.T_MONTHS.get((year, month), (frozenset(), 0))
        assert {files[e["node"]["id"]] for e in bucket["articles"]["edges"]} == articles, bucket["start"]
        assert (bucket["articleCount"], bucket["mentionCount"]) == (len(articles), mentions), bucket["start"]
    by_start = {b["start"]: b for b in buckets}
    assert {"node": {"text": corpus.T_QUOTE[1]}} in by_start["2024-03-01"]["quotes"]["edges"]
    assert {"node": {"type": "MEETING", "date": corpus.T_MEETING[1].iso()}} in by_start["2024-05-01"]["events"]["edges"]
    assert by_start["2024-02-01"]["events"]["edges"] == by_start["2024-02-01"]["quotes"]["edges"] == []


def test_a_timeline_window_is_padded_and_other_intervals_regroup_the_same_articles(explorer, ids) -> None:
    padded = gql(explorer, TIMELINE, id=ids[corpus.T], **{"from": "2023-12", "to": "2024-06"})["timeline"]
    assert [b["start"] for b in padded] == [f"{y}-{m:02d}-01" for y, m in [(2023, 12), *((2024, m) for m in range(1, 7))]]
    assert padded[0]["articleCount"] == padded[-1]["articleCount"] == 0
    quarters = gql(explorer, TIMELINE, id=ids[corpus.T], interval="QUARTER")["timeline"]
    assert [(b["start"], b["end"], b["articleCount"]) for b in quarters] == [("2024-01-01", "2024-03-31", 3), ("2024-04-01", "2024-06-30", 3)]
    days = gql(explorer, COUNTS, id=ids[corpus.T], interval="DAY")["timeline"]
    assert sum(b["articleCount"] for b in days) == 6 and sum(b["mentionCount"] for b in days) == sum(m for _, m in corpus.T_MONTHS.values())
    weeks = gql(explorer, COUNTS, id=ids[corpus.T], interval="WEEK", **{"from": "2024-05-01", "to": "2024-05-31"})["timeline"]
    assert weeks[0]["start"] == "2024-04-29" and all(b["start"] < b["end"] for b in weeks)  # weeks start on Monday


def test_a_timeline_longer_than_the_limit_is_refused_with_what_to_do(explorer, ids) -> None:
    query = 'query($id: ID!) { timeline(id: $id, interval: DAY, from: "2020", to: "2024") { start articleCount } }'
    body = run_query(explorer, query, {"id": ids[corpus.T]}, expect_errors=True)
    assert body["errors"][0]["message"].startswith("the timeline would have 1827 buckets of one day from 2020-01-01 to 2024-12-31, the limit is 400")


def test_a_text_timeline_counts_the_articles_that_match(explorer) -> None:
    query = "query($q: String!) { textTimeline(query: $q) { start articleCount mentionCount quotes { totalCount } } }"
    buckets = gql(explorer, query, q=corpus.T.name.split()[-1])["textTimeline"]
    assert [(b["start"], b["articleCount"]) for b in buckets] == [
        (f"2024-{m:02d}-01", len(corpus.T_MONTHS.get((2024, m), (frozenset(), 0))[0])) for m in range(1, 6)
    ]
    assert all(b["mentionCount"] == b["articleCount"] for b in buckets)
    assert next(b for b in buckets if b["start"] == "2024-03-01")["quotes"]["totalCount"] >= 1


# ---- related, trending, rankings, filters ---------------------------------------------------------


def test_pmi_ranks_a_rare_exclusive_partner_above_a_ubiquitous_country(explorer, ids) -> None:
    query = """query($id: ID!) { node(id: $id) { ... on Entity { count: related { entity { name } weight score }
        pmi: related(by: PMI) { entity { name } weight score } llr: related(by: LOG_LIKELIHOOD) { entity { name } } } } }"""
    found = gql(explorer, query, id=ids[corpus.R])["node"]
    by_count = [r["entity"]["name"] for r in found["count"]]
    assert by_count.index(corpus.U.name) < by_count.index(corpus.E.name)
    assert [r["score"] for r in found["count"]] == [float(r["weight"]) for r in found["count"]]
    assert found["pmi"][0]["entity"]["name"] == found["llr"][0]["entity"]["name"] == corpus.E.name
    assert found["pmi"][0]["score"] > found["pmi"][1]["score"]


def test_trending_finds_what_grew_against_the_window_before(explorer) -> None:
    query = """query($t: NodeKind) { trending(from: "2024-06-01", to: "2024-06-30", type: $t) {
        entity { name } mentionCount previousMentionCount share previousShare growth } }"""
    found = gql(explorer, query)["trending"]
    top = found[0]
    assert top["entity"]["name"] == corpus.TRENDING.name and top["previousMentionCount"] == 0 and top["mentionCount"] > 0
    assert all(t["growth"] > 0 and abs(t["growth"] - (t["share"] - t["previousShare"])) < 1e-9 for t in found)
    people = gql(explorer, query, t="PERSON")["trending"]
    assert corpus.TRENDING.name not in {t["entity"]["name"] for t in people}


def test_people_ranked_by_degree_pagerank_mentions_and_name(explorer) -> None:
    query = "query($o: EntityOrder) { people(orderBy: $o, first: 100) { totalCount edges { node { name mentionCount } } } }"
    ranked = {order: gql(explorer, query, o=order)["people"] for order in ("ARTICLE_COUNT", "MENTION_COUNT", "DEGREE", "PAGERANK", "NAME")}
    everyone = {e["node"]["name"] for e in ranked["ARTICLE_COUNT"]["edges"]}
    assert all({e["node"]["name"] for e in r["edges"]} == everyone for r in ranked.values())
    assert ranked["DEGREE"]["edges"][0]["node"]["name"] == corpus.S.name  # five partners
    assert ranked["PAGERANK"]["edges"][0]["node"]["name"] in (corpus.S.name, corpus.B.name)
    mentions = [e["node"]["mentionCount"] for e in ranked["MENTION_COUNT"]["edges"]]
    assert mentions == sorted(mentions, reverse=True)
    names = [e["node"]["name"] for e in ranked["NAME"]["edges"]]
    assert names == sorted(names, key=str.lower)
    places = gql(explorer, "{ places(orderBy: DEGREE, first: 1) { edges { node { name } } } }")["places"]
    assert places["edges"][0]["node"]["name"] == corpus.U.name


def test_a_ranked_list_pages_with_cursors(explorer) -> None:
    query = "query($after: String) { people(orderBy: NAME, first: 3, after: $after) { pageInfo { hasNextPage endCursor } edges { node { name } } } }"
    names, after = [], None
    while True:
        page = gql(explorer, query, after=after)["people"]
        names += [e["node"]["name"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert names == sorted(names, key=str.lower) and len(names) == len(set(names)) > 3


def test_entity_filters(explorer) -> None:
    data = gql(
        explorer,
        """{ byName: people(filter: {nameContains: "VERHOEV"}) { edges { node { name } } }
             june: organizations(filter: {mentionedFrom: "2024-06", mentionedTo: "2024-06"}) { edges { node { name } } }
             norway: places(filter: {country: "no"}) { edges { node { name } } }
             north: places(filter: {within: {south: 57, west: 4, north: 72, east: 32}}) { edges { node { name } } }
             countries: places(filter: {kind: COUNTRY}) { edges { node { name } } } }""",
    )
    names = {key: [e["node"]["name"] for e in value["edges"]] for key, value in data.items()}
    assert names == {
        "byName": [corpus.T.name],
        "june": [corpus.TRENDING.name],
        "norway": [corpus.C_PLACE.name],
        "north": [corpus.C_PLACE.name],
        "countries": [corpus.U.name],
    }
    body = run_query(explorer, "{ people(filter: {kind: CITY}) { totalCount } }", expect_errors=True)
    assert body["errors"][0]["message"] == "`filter.kind` applies to places only"


def test_article_filters(explorer, ids, files) -> None:
    query = """query($who: [ID!], $text: String, $from: String, $to: String, $source: String) {
        articles(filter: {mentions: $who, text: $text, from: $from, to: $to, source: $source}, first: 50) {
            totalCount edges { node { id published } } } }"""

    def found(**where: object) -> set[str]:
        return article_files(gql(explorer, query, **where)["articles"], files)

    assert found(who=[ids[corpus.A], ids[corpus.B]]) == corpus.CHAIN_HOPS[(corpus.A, corpus.B)]
    assert found(who=[ids[corpus.T]], **{"from": "2024-05", "to": "2024-05"}) == corpus.T_MONTHS[(2024, 5)][0]
    assert found(text=corpus.TRENDING.name, **{"from": "2024-06"}) == corpus.TRENDING_IN_LAST_MONTH
    assert found(source="star_1.txt") == {"star_1.txt"}
    newest_first = [e["node"]["published"] for e in gql(explorer, query, who=[ids[corpus.U]])["articles"]["edges"]]
    assert newest_first == sorted(newest_first, reverse=True)


def test_the_evidence_of_a_shared_event_link(explorer, ids, files) -> None:
    query = """query($id: ID!) { neighbourhood(id: $id) { edges { source target kind eventCount
        events(first: 5) { totalCount edges { node { type date } } } articles(first: 5) { edges { node { id } } } } } }"""
    edges = gql(explorer, query, id=ids[corpus.T])["neighbourhood"]["edges"]
    met = next(e for e in edges if ids[corpus.MET] in (e["source"], e["target"]))
    assert met["kind"] == "SHARED_EVENT" and met["eventCount"] >= 1
    assert {"node": {"type": "MEETING", "date": corpus.T_MEETING[1].iso()}} in met["events"]["edges"]
    assert corpus.T_MEETING[0] in {files[e["node"]["id"]] for e in met["articles"]["edges"]}


def test_null_arguments_take_the_defaults_the_schema_shows(explorer, ids) -> None:
    query = """query($id: ID!, $far: ID!) {
        a: neighbourhood(id: $id, depth: null, first: null, minWeight: null) { nodes { id } }
        b: neighbourhood(id: $id) { nodes { id } }
        p: path(from: $id, to: $far, maxLength: null) { kind }
        t: timeline(id: $id, interval: null) { start }
        m: timeline(id: $id) { start } }"""
    data = gql(explorer, query, id=ids[corpus.A], far=ids[corpus.C])
    assert data["a"] == data["b"] and len(data["p"]) == 2 and data["t"] == data["m"] != []
