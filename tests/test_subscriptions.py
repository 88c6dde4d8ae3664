"""Subscriptions over graphql-transport-ws on /graphql, with a real websocket client against a real server process."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from websockets.sync.client import ClientConnection, connect

from tests import facts
from tests.conftest import serve_process

TOKEN = "editor-token-0123456789"
READER = "reader-token-zyxwvutsrqpo"
ANNA = "person:anna-de-vries"
INGEST = "mutation($a: [ArticleInput!]!) { ingestArticles(articles: $a) { ingested } }"
TEXT = "Anna de Vries opende woensdag in Utrecht een nieuw station samen met wethouder Pieter Smit."


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    workdir = tmp_path_factory.mktemp("live")
    db = facts.write_store(workdir / "graph.db")
    server = serve_process(workdir, {"GRAPH_API_DB": str(db), "GRAPH_API_WRITE_TOKENS": f"editor:{TOKEN}", "GRAPH_API_READ_TOKENS": f"r:{READER}"})
    yield next(server)
    server.close()


@contextmanager
def open_socket(base: str, payload: dict | None = None, headers: dict | None = None) -> Iterator[ClientConnection]:
    """A graphql-transport-ws connection, initialised (with ``payload``) but not yet acknowledged."""
    with connect(base.replace("http://", "ws://") + "/graphql", subprotocols=["graphql-transport-ws"], additional_headers=headers or {}) as socket:
        socket.send(json.dumps({"type": "connection_init", **({"payload": payload} if payload else {})}))
        yield socket


def subscribe(socket: ClientConnection, number: str, query: str, variables: dict | None = None) -> None:
    socket.send(json.dumps({"id": number, "type": "subscribe", "payload": {"query": query, "variables": variables or {}}}))


def messages(socket: ClientConnection, count: int) -> list[dict]:
    return [json.loads(socket.recv(timeout=60)) for _ in range(count)]


def write(base: str, query: str, variables: dict | None = None) -> dict:
    response = httpx.post(
        f"{base}/graphql", json={"query": query, "variables": variables or {}}, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120
    )
    body = response.json()
    assert not body.get("errors"), body
    return body["data"]


def test_a_subscriber_receives_the_ingested_article_and_its_entities_changes(live: str) -> None:
    with open_socket(live, {"Authorization": f"Bearer {READER}"}) as socket:
        assert messages(socket, 1) == [{"type": "connection_ack"}]
        subscribe(socket, "articles", "subscription { articleIngested { title people { name } } }")
        subscribe(socket, "anna", "subscription($id: ID!) { entityChanged(id: $id) { entityId reason entity { name articleCount } } }", {"id": ANNA})
        socket.ping().wait(10)  # both subscriptions are registered before the write
        assert write(live, INGEST, {"a": [{"text": TEXT, "title": "Een station"}]}) == {"ingestArticles": {"ingested": 1}}
        received = {m["id"]: m for m in messages(socket, 2)}
    article = received["articles"]["payload"]["data"]["articleIngested"]
    assert article["title"] == "Een station"
    assert {"Anna de Vries", "Pieter Smit"} <= {p["name"] for p in article["people"]}
    change = received["anna"]["payload"]["data"]["entityChanged"]
    assert change == {"entityId": ANNA, "reason": "mentioned", "entity": {"name": "Anna de Vries", "articleCount": 3}}


def test_a_subscription_needs_the_read_token_when_reads_are_closed(live: str) -> None:
    with open_socket(live) as socket:
        with pytest.raises(Exception) as closed:
            socket.recv(timeout=10)
        assert "4403" in str(closed.value)


def test_a_subscription_to_an_unknown_entity_is_an_error(live: str) -> None:
    with open_socket(live, headers={"Authorization": f"Bearer {READER}"}) as socket:
        assert messages(socket, 1) == [{"type": "connection_ack"}]
        subscribe(socket, "x", 'subscription { entityChanged(id: "person:nobody-at-all") { entityId } }')
        (answer,) = messages(socket, 1)
    assert answer["type"] == "error" or answer["payload"].get("errors"), answer
    assert "person:nobody-at-all: no such entity" in json.dumps(answer)


def test_graphiql_is_told_where_to_subscribe() -> None:
    script = (Path(__file__).resolve().parents[1] / "graph_api" / "api" / "static" / "graphiql-start.js").read_text()
    assert "subscriptionUrl" in script


@pytest.mark.parametrize(
    "operation",
    ['mutation { deleteArticle(id: "a1") }', "{ stats { articles } }"],
)
def test_the_websocket_carries_subscriptions_only(live: str, operation: str) -> None:
    """Not even a write token's mutation: the websocket skips what HTTP checks, so only subscriptions go over it."""
    with open_socket(live, headers={"Authorization": f"Bearer {TOKEN}"}) as socket:
        assert messages(socket, 1) == [{"type": "connection_ack"}]
        subscribe(socket, "x", operation)
        answer = messages(socket, 1)[0]
    assert "the websocket carries subscriptions only" in json.dumps(answer)
    response = httpx.post(f"{live}/graphql", json={"query": '{ node(id: "a1") { id } }'}, headers={"Authorization": f"Bearer {READER}"})
    assert response.json()["data"]["node"] == {"id": "a1"}
