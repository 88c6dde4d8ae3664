"""`graph-api export`, run as a real process on a copy of the fact corpus, its output read back with networkx's own readers."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest

from tests import facts
from tests.conftest import graph_api_command

ANNA, KOEN, GENEVA, RED_CROSS = facts.ANNA.id, facts.KOEN.id, facts.GENEVA.id, facts.RED_CROSS.id
EVERY_NODE = {ANNA, KOEN, GENEVA, RED_CROSS}
EVERY_EDGE = {frozenset(pair) for pair in [(ANNA, KOEN), (ANNA, GENEVA), (ANNA, RED_CROSS), (KOEN, GENEVA), (KOEN, RED_CROSS), (GENEVA, RED_CROSS)]}


@pytest.fixture
def db(fact_store: Path, tmp_path: Path) -> Path:
    """A copy of the fact store: the command never touches the shared one."""
    return Path(shutil.copy(fact_store, tmp_path / "facts.db"))


def export(db: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*graph_api_command(), "export", "--db", str(db), *args], capture_output=True, cwd=db.parent, timeout=300)


def exported(db: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    result = export(db, *args)
    assert result.returncode == 0, result.stderr.decode()
    return result


def edges(graph: nx.Graph) -> set[frozenset[str]]:
    return {frozenset(pair) for pair in graph.edges}


def assert_fact_graph(graph: nx.Graph) -> None:
    """The whole fact corpus: every entity linked with every other, with the counts tests/facts.py implies."""
    assert set(graph.nodes) == EVERY_NODE
    assert edges(graph) == EVERY_EDGE
    anna_geneva, anna_koen, anna_red_cross = graph.edges[ANNA, GENEVA], graph.edges[ANNA, KOEN], graph.edges[ANNA, RED_CROSS]
    assert (anna_geneva["weight"], anna_geneva["articles"], anna_geneva["events"], anna_geneva["kind"]) == (3, 2, 1, "SHARED_EVENT")
    assert (anna_koen["weight"], anna_koen["articles"], anna_koen["events"], anna_koen["kind"]) == (2, 1, 1, "SHARED_EVENT")
    assert (anna_red_cross["weight"], anna_red_cross["articles"], anna_red_cross["events"], anna_red_cross["kind"]) == (1, 1, 0, "CO_MENTION")
    anna, geneva = graph.nodes[ANNA], graph.nodes[GENEVA]
    assert (anna["label"], anna["type"], anna["articleCount"], anna["mentionCount"], anna["degree"]) == ("Anna de Vries", "person", 2, 3, 3)
    assert (geneva["label"], geneva["type"], geneva["articleCount"]) == ("Genève", "place", 2)
    assert (geneva["latitude"], geneva["longitude"], geneva["countryCode"], geneva["geonameId"]) == (46.20222, 6.14569, "CH", 2660646)
    assert graph.nodes[RED_CROSS]["type"] == "organization"
    assert "latitude" not in anna and "countryCode" not in anna
    assert sum(graph.nodes[n]["pagerank"] for n in graph) == pytest.approx(1)


def test_graphml_to_a_file(db: Path) -> None:
    exported(db, "--format", "graphml", "--out", "graph.graphml")
    assert_fact_graph(nx.read_graphml(db.parent / "graph.graphml"))


def test_graphml_goes_to_standard_output_by_default(db: Path) -> None:
    result = exported(db, "--format", "graphml")
    assert_fact_graph(nx.read_graphml(io.BytesIO(result.stdout)))


def test_gexf(db: Path) -> None:
    exported(db, "--format", "gexf", "--out", "graph.gexf")
    assert_fact_graph(nx.read_gexf(db.parent / "graph.gexf"))


def test_node_link_json_keeps_its_edges_under_edges(db: Path) -> None:
    data = json.loads(exported(db, "--format", "json").stdout)
    assert "links" not in data and len(data["edges"]) == 6
    assert_fact_graph(nx.node_link_graph(data, edges="edges"))


def test_csv_writes_nodes_and_edges_into_a_new_folder(db: Path) -> None:
    exported(db, "--format", "csv", "--out", "out/csv")
    folder = db.parent / "out" / "csv"
    with (folder / "nodes.csv").open(encoding="utf-8", newline="") as handle:
        nodes = {row["id"]: row for row in csv.DictReader(handle)}
    with (folder / "edges.csv").open(encoding="utf-8", newline="") as handle:
        links = {frozenset((row["source"], row["target"])): row for row in csv.DictReader(handle)}
    assert set(nodes) == EVERY_NODE
    assert set(links) == EVERY_EDGE
    anna_geneva = links[frozenset((ANNA, GENEVA))]
    assert (anna_geneva["weight"], anna_geneva["articles"], anna_geneva["events"], anna_geneva["kind"]) == ("3", "2", "1", "SHARED_EVENT")
    assert links[frozenset((ANNA, KOEN))]["kind"] == "SHARED_EVENT"
    assert links[frozenset((ANNA, RED_CROSS))]["kind"] == "CO_MENTION" and links[frozenset((ANNA, RED_CROSS))]["weight"] == "1"
    anna, geneva = nodes[ANNA], nodes[GENEVA]
    assert (anna["label"], anna["type"], anna["articleCount"], anna["mentionCount"], anna["latitude"]) == ("Anna de Vries", "person", "2", "3", "")
    assert (geneva["label"], geneva["type"], geneva["countryCode"], geneva["geonameId"]) == ("Genève", "place", "CH", "2660646")
    assert nodes[RED_CROSS]["type"] == "organization"


def test_csv_without_a_folder_is_a_usage_error(db: Path) -> None:
    result = export(db, "--format", "csv")
    assert result.returncode == 2
    assert b"--out" in result.stderr and not result.stdout


def test_a_neighbourhood_holds_the_entities_the_centre_links_to(db: Path) -> None:
    graph = nx.read_graphml(io.BytesIO(exported(db, "--format", "graphml", "--entity", KOEN, "--depth", "1").stdout))
    assert set(graph.nodes) == {KOEN, ANNA, GENEVA, RED_CROSS}
    assert graph.edges[KOEN, GENEVA]["weight"] == 2 and graph.edges[KOEN, RED_CROSS]["kind"] == "CO_MENTION"


def test_first_keeps_the_strongest_neighbours_and_the_links_between_them(db: Path) -> None:
    graph = nx.node_link_graph(json.loads(exported(db, "--format", "json", "--entity", KOEN, "--first", "2").stdout), edges="edges")
    assert set(graph.nodes) == {KOEN, ANNA, GENEVA}  # weight 2 each; the Rode Kruis (1) is left out
    assert edges(graph) == {frozenset((KOEN, ANNA)), frozenset((KOEN, GENEVA)), frozenset((ANNA, GENEVA))}
    assert graph.nodes[KOEN]["degree"] == 3  # the degree in the whole projection


def test_an_entity_given_by_name(db: Path) -> None:
    graph = nx.read_gexf(io.BytesIO(exported(db, "--format", "gexf", "--entity", "Rode Kruis", "--first", "1", "--depth", "2").stdout))
    assert set(graph.nodes) == {RED_CROSS, ANNA}  # ties broken by id
    assert graph.nodes[RED_CROSS]["label"] == "Rode Kruis"
    assert graph.edges[RED_CROSS, ANNA]["kind"] == "CO_MENTION"


def test_an_unknown_entity_is_named_in_one_line(db: Path) -> None:
    for entity in ("Piet Jansen", "person:piet-jansen"):
        result = export(db, "--format", "json", "--entity", entity)
        assert result.returncode == 2
        assert result.stderr.decode().strip().splitlines() == [f"Error: unknown entity {entity!r}"]
        assert not result.stdout
