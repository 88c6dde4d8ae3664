"""The lane of plain queries (graph_api/api/lane.py): a POST that is plainly one query gets the bytes Strawberry's view
would send (compared with the same query sent as GET, which the view answers, on a real server), and every other
request is left to the view."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.types import Message, Receive, Scope, Send

from graph_api.api.auth import Tokens
from graph_api.api.execution import ExecutionThreads
from graph_api.api.lane import QueryLane
from graph_api.corpus import Corpus
from graph_api.server import GraphQLApp
from graph_api.settings import Settings
from tests import facts

TOO_DEEP = '{ entity(name: "x") { ' + "related { entity { " * 6 + "name" + " } }" * 6 + " } }"
QUERIES = [
    ("{ stats { articles people } }", None, None),
    ("query($n: String!) { entity(name: $n) { id name articleCount } }", {"n": "Anna de Vries"}, None),
    ("query A { stats { articles } } query B { stats { people } }", None, "B"),
    ("query A { stats { articles } } query B { stats { people } }", None, None),  # refused: no operation named
    ("{ stats { articlez } }", None, None),  # a validation error
    (TOO_DEEP, None, None),  # the budget's refusal
    ("{ people(first: 101) { totalCount } }", None, None),  # a resolver's error
    ('{ entity(name: "Nobody Atall") { id } }', None, None),
]


@pytest.fixture(scope="module")
def uncached(fact_server_with) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fact_server_with(response_cache_entries=0), timeout=30) as client:
        yield client


@pytest.mark.parametrize(("query", "variables", "name"), QUERIES)
def test_a_plain_query_gets_the_bytes_the_view_sends(uncached: httpx.Client, query: str, variables: dict | None, name: str | None) -> None:
    posted = uncached.post("/graphql", json={"query": query, "variables": variables, "operationName": name})
    params = {"query": query, **({"variables": json.dumps(variables)} if variables else {}), **({"operationName": name} if name else {})}
    got = uncached.get("/graphql", params=params)
    assert posted.status_code == got.status_code == 200
    assert posted.content == got.content and posted.headers["content-type"] == got.headers["content-type"] == "application/json"
    assert posted.headers["content-length"] == str(len(posted.content))
    assert posted.json().get("data") or posted.json().get("errors")


@pytest.fixture(scope="module")
def corpus(fact_store: Path) -> Iterator[Corpus]:
    corpus = Corpus(Settings.load(environ={}, db=fact_store))
    yield corpus
    corpus.close()


def answered(lane: QueryLane, body: bytes, headers: dict[str, str], method: str = "POST") -> tuple[int, bytes, bool]:
    """(status, body, whether the view was asked) for one request through the lane, in process."""
    asked: list[bytes] = []

    async def view(scope: Scope, receive: Receive, send: Send) -> None:
        message = await receive()
        asked.append(message.get("body", b""))
        await send({"type": "http.response.start", "status": 299, "headers": []})
        await send({"type": "http.response.body", "body": b"the view"})

    async def run() -> list[Message]:
        sent: list[Message] = []
        delivered = False

        async def receive() -> Message:
            nonlocal delivered
            delivered, was = True, delivered
            return {"type": "http.disconnect"} if was else {"type": "http.request", "body": body, "more_body": False}

        async def send(message: Message) -> None:
            sent.append(message)

        raw = [(k.encode(), v.encode()) for k, v in headers.items()]
        await QueryLane(view, lane.runner, lane.max_tokens)({"type": "http", "method": method, "path": "/graphql", "headers": raw}, receive, send)
        return sent

    sent = asyncio.run(run())
    assert not asked or asked == [body]  # the view gets the body untouched
    return sent[0]["status"], sent[1]["body"], bool(asked)


def lane_of(corpus: Corpus, **settings: object) -> QueryLane:
    tokens = Tokens.from_settings(Settings.load(environ={}, **settings))
    return QueryLane(None, GraphQLApp(corpus, ExecutionThreads(1), tokens), corpus.settings.max_query_tokens)  # type: ignore[arg-type]


def test_the_lane_answers_plain_queries_and_leaves_everything_else_to_the_view(corpus: Corpus) -> None:
    lane = lane_of(corpus)
    json_type = {"content-type": "application/json"}
    entity = json.dumps({"query": "query($n: String!) { entity(name: $n) { id } }", "variables": {"n": "Anna de Vries"}}).encode()
    assert answered(lane, entity, json_type) == (200, b'{"data": {"entity": {"id": "%s"}}}' % facts.ANNA.id.encode(), False)
    assert answered(lane, entity, {"content-type": "application/json; charset=utf-8"})[2] is False
    for body, headers in [
        (entity, {"content-type": "text/plain"}),
        (b"[" + entity + b"]", json_type),  # a batch
        (b'{"query": "mutation { deleteArticle(id: \\"a1\\") }"}', json_type),
        (b'{"query": "subscription { articleIngested { id } }"}', json_type),
        (b'{"query": "{ stats { articles } }", "variables": [1]}', json_type),
        (b'{"query": "{ stats { articles } }", "extensions": "x"}', json_type),
        (b'{"query": "query A { stats { articles } }", "operationName": "B"}', json_type),
        (b'{"query": 42}', json_type),
        (b'{"query": "{ stats { articles }"}', json_type),  # a syntax error: the view says so
        (b"not json", json_type),
    ]:
        assert answered(lane, body, headers) == (299, b"the view", True), body
    assert answered(lane, b"", {}, method="GET") == (299, b"the view", True)


def test_a_client_that_may_not_read_is_left_to_the_view(corpus: Corpus) -> None:
    reader = "r" * 20
    lane = lane_of(corpus, read_tokens=f"reader:{reader}")
    body = b'{"query": "{ stats { articles } }"}'
    assert answered(lane, body, {"content-type": "application/json"}) == (299, b"the view", True)  # the view answers 401
    allowed = answered(lane, body, {"content-type": "application/json", "authorization": f"Bearer {reader}"})
    assert allowed == (200, b'{"data": {"stats": {"articles": 3}}}', False)
