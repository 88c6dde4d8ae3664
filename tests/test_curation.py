"""Curation through the API of a real server: every kind, its effect on queries and counts, its history,
later articles, errors, and the log surviving a restart and a re-ingest.

The servers serve fresh copies of the fact corpus (tests/facts.py: Anna de Vries, Koen Bakker,
Genève, the Rode Kruis over articles a1–a3); later articles are sentences written for these tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import facts
from tests.test_writes import INGEST, Api, start

TOKEN = "editor-token-0123456789"
HISTORY = "history { kind entityId sources value geonameId author at sequence }"
ENTITY = f"id name aliases articleCount mentionCount {HISTORY}"
BERN = 2661552  # GeoNames: Bern, Switzerland


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    workdir = tmp_path_factory.mktemp("curation")
    server = start(workdir, write_tokens=f"editor:{TOKEN}")
    yield Api(next(server), workdir / "graph.db")
    server.close()


@pytest.fixture(scope="module")
def untouched(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """A server that only ever gets curations that do not apply."""
    workdir = tmp_path_factory.mktemp("untouched")
    server = start(workdir, write_tokens=f"editor:{TOKEN}")
    yield Api(next(server), workdir / "graph.db")
    server.close()


def curate(api: Api, mutation: str, variables: dict | None = None) -> dict:
    return api.query(mutation, variables, TOKEN)


def ingest(api: Api, *texts: str) -> list[dict]:
    result = api.query(INGEST, {"articles": [{"text": t, "published": "2026-11-18"} for t in texts]}, TOKEN)["ingestArticles"]
    assert result["ingested"] == len(texts), result
    return [item["article"] for item in result["items"]]


def entity(api: Api, entity_id: str) -> dict | None:
    return api.query(f"query($id: ID!) {{ node(id: $id) {{ ... on Entity {{ {ENTITY} }} }} }}", {"id": entity_id})["node"]


def test_rename_keeps_the_old_name_findable_and_records_who_did_it(editor: Api) -> None:
    renamed = curate(editor, f'mutation {{ renameEntity(id: "person:anna-de-vries", name: "Anna M. de Vries") {{ {ENTITY} }} }}')["renameEntity"]
    assert renamed["id"] == "person:anna-de-vries"
    assert renamed["name"] == "Anna M. de Vries"
    assert (renamed["articleCount"], renamed["mentionCount"]) == (2, 3)
    ((entry),) = renamed["history"]
    assert entry["kind"] == "RENAME" and entry["value"] == "Anna M. de Vries" and entry["author"] == "editor"
    assert entry["at"].startswith("20") and entry["sequence"] >= 1
    found = editor.query('{ old: entities(name: "Anna de Vries") { id } new: entities(name: "Anna M. de Vries") { id } }')
    assert found == {"old": [{"id": "person:anna-de-vries"}], "new": [{"id": "person:anna-de-vries"}]}


def test_set_entity_type_moves_everything_to_the_new_type_and_the_old_id_finds_it(editor: Api) -> None:
    before = editor.query("{ people { totalCount } organizations { totalCount } }")
    changed = curate(editor, f'mutation {{ setEntityType(id: "person:koen-bakker", type: ORGANIZATION) {{ __typename {ENTITY} }} }}')["setEntityType"]
    assert changed["__typename"] == "Organization" and changed["id"] == "organization:koen-bakker"
    assert (changed["articleCount"], changed["mentionCount"]) == (2, 2)
    assert [h["kind"] for h in changed["history"]] == ["SET_TYPE"]
    after = editor.query("{ people { totalCount } organizations { totalCount } }")
    assert after["people"]["totalCount"] == before["people"]["totalCount"] - 1
    assert after["organizations"]["totalCount"] == before["organizations"]["totalCount"] + 1
    assert entity(editor, "person:koen-bakker")["id"] == "organization:koen-bakker"
    a3 = editor.query('{ node(id: "a3") { ... on Article { people { id } organizations { id } } } }')["node"]
    assert a3["people"] == [] and {"id": "organization:koen-bakker"} in a3["organizations"]


def test_reject_drops_the_entity_and_it_is_not_recognised_in_later_articles(editor: Api) -> None:
    text = "Het Rode Kruis stuurde vrijdag hulpgoederen naar Groningen, meldde woordvoerder Karin Jansen."
    (control,) = ingest(editor, text)
    assert entity(editor, "organization:rode-kruis")["articleCount"] == 3  # the model finds it in a new article
    assert curate(editor, 'mutation { rejectEntity(id: "organization:rode-kruis") { id } }') == {"rejectEntity": None}
    assert entity(editor, "organization:rode-kruis") is None
    assert editor.query('{ entities(name: "Rode Kruis") { id } }')["entities"] == []
    assert editor.query(f'{{ node(id: "{control["id"]}") {{ ... on Article {{ organizations {{ id }} }} }} }}')["node"]["organizations"] == []
    (later,) = ingest(editor, "Vrijwilligers van het Rode Kruis hielpen zondag in Zwolle na de storm, zei Karin Jansen.")
    article = editor.query(f'{{ node(id: "{later["id"]}") {{ ... on Article {{ organizations {{ name }} people {{ name }} }} }} }}')["node"]
    assert article["organizations"] == []
    assert article["people"] == [{"name": "Karin Jansen"}]  # the rest of the article is read as ever


def test_link_place_gives_the_place_its_geonames_id_and_facts(editor: Api) -> None:
    linked = curate(
        editor,
        "mutation($id: ID!, $g: Int!) { linkPlace(id: $id, geonameId: $g) {"
        " id ... on Place { geonameId countryCode latitude } history { kind geonameId } } }",
        {"id": "place:gn2660646", "g": BERN},
    )["linkPlace"]
    assert linked["id"] == f"place:gn{BERN}" and linked["geonameId"] == BERN and linked["countryCode"] == "CH"
    assert 46 < linked["latitude"] < 47.1
    assert linked["history"] == [{"kind": "LINK_PLACE", "geonameId": BERN}]
    assert entity(editor, "place:gn2660646")["id"] == f"place:gn{BERN}"


def test_split_alias_makes_the_mentions_under_it_their_own_entity(editor: Api) -> None:
    (article,) = ingest(editor, "Minister Eva Visser bezocht dinsdag Leiden. Daar sprak Visser met studenten over de begroting.")
    (person,) = editor.query('{ entities(name: "Eva Visser") { id aliases mentionCount } }')["entities"]
    assert set(person["aliases"]) == {"Eva Visser", "Visser"} and person["mentionCount"] == 2
    split = curate(editor, f'mutation($id: ID!) {{ splitAlias(entityId: $id, alias: "Visser") {{ {ENTITY} }} }}', {"id": person["id"]})["splitAlias"]
    assert split["id"] != person["id"] and split["name"] == "Visser"
    assert (split["aliases"], split["mentionCount"], split["articleCount"]) == (["Visser"], 1, 1)
    assert [h["kind"] for h in split["history"]] == ["SPLIT_ALIAS"]
    assert entity(editor, person["id"])["aliases"] == ["Eva Visser"]
    people = editor.query(f'{{ node(id: "{article["id"]}") {{ ... on Article {{ people {{ id }} }} }} }}')["node"]["people"]
    assert {p["id"] for p in people} == {person["id"], split["id"]}


def test_merge_folds_entities_into_one_and_later_mentions_land_in_it(editor: Api) -> None:
    ingest(editor, "Wethouder Pieter Smit en schrijver Bas Smit openden maandag in Delft een bibliotheek.")
    (pieter,) = editor.query('{ entities(name: "Pieter Smit") { id } }')["entities"]
    (bas,) = editor.query('{ entities(name: "Bas Smit") { id } }')["entities"]
    merged = curate(
        editor,
        f"mutation($ids: [ID!]!, $into: ID!) {{ mergeEntities(ids: $ids, into: $into) {{ {ENTITY} }} }}",
        {"ids": [bas["id"]], "into": pieter["id"]},
    )["mergeEntities"]
    assert merged["id"] == pieter["id"] and set(merged["aliases"]) >= {"Pieter Smit", "Bas Smit"}
    assert [(h["kind"], h["sources"]) for h in merged["history"]] == [("MERGE", [bas["id"]])]
    assert entity(editor, bas["id"])["id"] == pieter["id"]
    ingest(editor, "Schrijver Bas Smit las woensdag in Breda voor uit zijn nieuwe roman.")
    assert entity(editor, pieter["id"])["articleCount"] == 2


@pytest.mark.parametrize(
    ("mutation", "message"),
    [
        ('renameEntity(id: "person:nobody", name: "X") { id }', "person:nobody: no such entity"),
        ('renameEntity(id: "a1", name: "X") { id }', "a1: no such entity"),
        ('linkPlace(id: "person:anna-de-vries", geonameId: 2661552) { id }', "person:anna-de-vries"),
        ('linkPlace(id: "place:gn2660646", geonameId: 999999999) { id }', "geonameId 999999999: not a place this server's gazetteer knows"),
        ('mergeEntities(ids: ["place:gn2660646"], into: "person:anna-de-vries") { id }', "merge"),
        ('splitAlias(entityId: "person:anna-de-vries", alias: "Nobody") { id }', "person:anna-de-vries"),
    ],
)
def test_a_curation_that_does_not_apply_is_an_error_and_changes_nothing(untouched: Api, mutation: str, message: str) -> None:
    state = '{ stats { people places organizations } anna: node(id: "person:anna-de-vries") { ... on Entity { name aliases history { kind } } } }'
    before = untouched.query(state)
    assert message in untouched.error(f"mutation {{ {mutation} }}", token=TOKEN)
    assert untouched.query(state) == before


def test_curations_survive_a_restart_and_a_re_ingest(tmp_path: Path) -> None:
    snapshot = "{ stats { people places organizations } people { edges { node { id name aliases articleCount history { kind author } } } } }"
    server = start(tmp_path, write_tokens=f"editor:{TOKEN}")
    api = Api(next(server), tmp_path / "graph.db")
    try:
        curate(api, 'mutation { renameEntity(id: "person:anna-de-vries", name: "Anna M. de Vries") { id } }')
        curate(api, 'mutation { rejectEntity(id: "organization:rode-kruis") { id } }')
        curate(api, 'mutation { setEntityType(id: "place:gn2660646", type: ORGANIZATION) { id } }')
        live = api.query(snapshot)
        assert curate(api, 'mutation { deleteArticle(id: "a2") }') == {"deleteArticle": True}
    finally:
        server.close()
    restarted = start(tmp_path, write_tokens=f"editor:{TOKEN}")
    api = Api(next(restarted), tmp_path / "graph.db")
    try:
        (a2,) = [a for a in facts.articles() if a.record.id == "a2"]
        (again,) = ingest(api, a2.body.text)  # the same text, now through the real extractor
        assert api.query(snapshot) == live
        article = api.query(f'{{ node(id: "{again["id"]}") {{ ... on Article {{ organizations {{ id }} places {{ id }} }} }} }}')["node"]
        assert article == {"organizations": [{"id": "organization:geneve"}], "places": []}
    finally:
        restarted.close()
