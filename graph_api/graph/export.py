"""The entity graph, or a neighbourhood of one entity, as a plain networkx graph and in file formats.

``exportable`` copies the projection (or a ``Subgraph`` of it) into a new ``nx.Graph`` whose
attributes are strings, ints and floats only, named as in the GraphQL API, so networkx's own writers
take it as it is: GraphML and GEXF (Gephi, Cytoscape), node-link JSON (edges under ``"edges"``) and a
folder with ``nodes.csv`` and ``edges.csv`` (pandas). An attribute an entity lacks is left out, never
written as an empty value; in CSV its cell is empty.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

import networkx as nx

from graph_api.graph.algorithms import Subgraph, neighbourhood
from graph_api.graph.knowledge_graph import KnowledgeGraph
from graph_api.graph.projection import Link, Projection

JSON_EDGES_KEY = "edges"
NODE_COLUMNS = ("id", "label", "type", "articleCount", "mentionCount", "degree", "pagerank", "latitude", "longitude", "countryCode", "geonameId")
EDGE_COLUMNS = ("source", "target", "weight", "articles", "events", "kind")

Value = str | int | float


class Format(StrEnum):
    GRAPHML = "graphml"
    GEXF = "gexf"
    JSON = "json"
    CSV = "csv"  # a folder: nodes.csv and edges.csv


def resolve_entity(graph: KnowledgeGraph, entity: str) -> str | None:
    """The id of an entity of the projection given by global id (``person:anna-de-vries``) or by name."""
    if ":" in entity:
        found: str | None = graph.canonical_id(entity)
    else:
        records = graph.find_entities(entity)
        found = records[0].id if records else None
    return found if found is not None and found in graph.projection() else None


def entity_neighbourhood(projection: Projection, centre: str, depth: int, first: int, edges_per_node: int) -> Subgraph:
    """The centre and its ``first`` most strongly connected entities within ``depth`` hops, with the links between them."""
    return neighbourhood(projection, centre, depth, first, None, 1, edges_per_node)


def exportable(graph: KnowledgeGraph, projection: Projection, subgraph: Subgraph | None = None) -> nx.Graph[str]:
    """A new graph of the whole projection, or of the subgraph, with writer-friendly attributes only.

    ``degree`` and ``pagerank`` are those of the whole projection, also in a neighbourhood.
    """
    exported: nx.Graph[str] = nx.Graph()
    if subgraph is None:
        nodes: list[str] = list(projection.graph)
        links = [Link(source, target, int(data["articles"]), int(data["events"])) for source, target, data in projection.graph.edges(data=True)]
    else:
        nodes, links = subgraph.nodes, subgraph.links
    exported.add_nodes_from((node, _node_attributes(graph, projection, node)) for node in nodes)
    exported.add_edges_from((link.source, link.target, _edge_attributes(link)) for link in links)
    return exported


def _node_attributes(graph: KnowledgeGraph, projection: Projection, node: str) -> dict[str, Value]:
    record = graph.entity(node)
    attributes: dict[str, Value] = {
        "id": node,
        "label": record.name if record else node,
        "type": projection.type_of(node).value,
        "articleCount": graph.article_count(node),
        "mentionCount": record.mention_count if record else 0,
        "degree": projection.degree(node),
        "pagerank": float(projection.pagerank.get(node, 0.0)),
    }
    place = record.place if record else None
    if place is not None:
        optional = {"latitude": place.latitude, "longitude": place.longitude, "countryCode": place.country_code, "geonameId": place.geoname_id}
        attributes.update({name: value for name, value in optional.items() if value is not None})
    return attributes


def _edge_attributes(link: Link) -> dict[str, Value]:
    return {"weight": link.weight, "articles": link.articles, "events": link.events, "kind": link.kind.value}


def write(exported: nx.Graph[str], fmt: Format, out: Path | None) -> None:
    """Write the graph in the format to ``out`` (for csv a folder, created if missing), else to standard output."""
    if fmt is Format.CSV:
        if out is None:
            raise ValueError("csv export writes nodes.csv and edges.csv into a folder: give one")
        write_csv(exported, out)
    elif out is None:
        write_stream(exported, fmt, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    else:
        with out.open("wb") as stream:
            write_stream(exported, fmt, stream)


def write_stream(exported: nx.Graph[str], fmt: Format, stream: BinaryIO) -> None:
    """Write the graph as one GraphML, GEXF or node-link JSON document."""
    if fmt is Format.GRAPHML:
        nx.write_graphml(exported, stream)
    elif fmt is Format.GEXF:
        nx.write_gexf(exported, stream)
    elif fmt is Format.JSON:
        text = io.TextIOWrapper(stream, encoding="utf-8", newline="\n")
        json.dump(nx.node_link_data(exported, edges=JSON_EDGES_KEY), text, ensure_ascii=False, indent=2)
        text.write("\n")
        text.flush()
        text.detach()  # the caller owns the stream: closing the wrapper would close it
    else:
        raise ValueError(f"{fmt} is not a one-file format")


def write_csv(exported: nx.Graph[str], folder: Path) -> None:
    """Write ``nodes.csv`` and ``edges.csv`` (each with a header row) into the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "nodes.csv").open("w", encoding="utf-8", newline="") as handle:
        nodes = csv.DictWriter(handle, NODE_COLUMNS)
        nodes.writeheader()
        nodes.writerows(data for _, data in exported.nodes(data=True))
    with (folder / "edges.csv").open("w", encoding="utf-8", newline="") as handle:
        edges = csv.DictWriter(handle, EDGE_COLUMNS)
        edges.writeheader()
        edges.writerows({"source": source, "target": target, **data} for source, target, data in exported.edges(data=True))
