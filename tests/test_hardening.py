"""Defences of the server that the attack suite does not cover: masked errors, batches, the execution
time limit, identical requests computed once, the response size limit, and the settings behind them."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import socket
import time

import httpx
import pytest
import strawberry
from starlette.types import Receive, Scope, Send

from graph_api.api.cache import ResponseCache, ResponseCacheMiddleware
from graph_api.api.errors import INTERNAL_ERROR, MaskInternalErrors
from graph_api.settings import Settings
from tests.conftest import run_query


def test_an_unexpected_exception_is_masked_with_an_error_id_that_is_in_the_log(caplog: pytest.LogCaptureFixture) -> None:
    @strawberry.type
    class Query:
        @strawberry.field
        def broken(self) -> int | None:
            raise KeyError("/srv/secret/path.py: SELECT * FROM articles")

        @strawberry.field
        def refused(self) -> int | None:
            raise strawberry.exceptions.StrawberryGraphQLError("`first` must be between 0 and 100, got 101")

    schema = strawberry.Schema(query=Query, extensions=[MaskInternalErrors])
    with caplog.at_level(logging.ERROR, logger="graph_api.errors"):
        result = asyncio.run(schema.execute("{ broken refused }"))
    masked, precise = sorted(result.errors or [], key=lambda e: e.path or [])
    assert masked.message == INTERNAL_ERROR and re.fullmatch(r"[0-9a-f]{16}", masked.extensions["errorId"])
    assert "secret" not in json.dumps(masked.formatted) and "SELECT" not in json.dumps(masked.formatted)
    assert precise.message == "`first` must be between 0 and 100, got 101"
    logged = [r for r in caplog.records if masked.extensions["errorId"] in r.getMessage()]
    assert len(logged) == 1 and logged[0].exc_info and "KeyError" in caplog.text and "SELECT * FROM articles" in caplog.text


def test_batches_are_refused_unless_enabled_and_then_their_cost_is_counted_together(http: httpx.Client, fact_server_with) -> None:
    batch = [{"query": "{ stats { articles } }"}, {"query": "{ stats { people } }"}]
    refused = http.post("/graphql", json=batch)
    assert refused.status_code == 400 and "batched requests (a JSON array) are not enabled" in refused.json()["errors"][0]["message"]

    with httpx.Client(base_url=fact_server_with(max_batch_operations=3), timeout=30) as client:
        answers = client.post("/graphql", json=batch).json()
        assert [a["data"]["stats"] for a in answers] == [{"articles": 3}, {"people": 2}]
        too_many = client.post("/graphql", json=batch * 2)
        assert too_many.status_code == 400 and too_many.json()["errors"][0]["message"] == "a batch of 4 operations is over the limit of 3"
        not_objects = client.post("/graphql", json=[{"query": "{ stats { articles } }"}, 42])
        assert not_objects.status_code == 400 and "batch item 2 is not a JSON object" in not_objects.text
        # Each of these passes alone (cost 6,121); two of them do not.
        heavy = {"query": "{ people(first: 60) { edges { node { articles(first: 33) { edges { node { title } } } } } } }"}
        assert "errors" not in client.post("/graphql", json=[heavy]).json()[0]
        together = client.post("/graphql", json=[heavy, heavy]).json()
        assert [a["errors"][0]["message"] for a in together] == ["the batch may return 12242 nodes together, the limit is 10000"] * 2


def test_a_query_over_the_execution_time_limit_is_stopped_with_a_clear_error(fact_server_with) -> None:
    with httpx.Client(base_url=fact_server_with(execution_timeout=0.000001), timeout=30) as client:
        body = run_query(client, "{ people(first: 100) { edges { node { name articles { totalCount } } } } }", expect_errors=True)
        assert body["data"] is None
        assert body["errors"] == [{"message": "the query ran longer than the limit of 1e-06 s and was stopped: ask for less"}]
        assert client.get("/health").json()["status"] == "ok"


def test_a_response_over_the_size_limit_is_replaced_by_an_error(fact_server_with) -> None:
    with httpx.Client(base_url=fact_server_with(max_response_bytes=300), timeout=30) as client:
        small = run_query(client, "{ stats { articles } }")
        assert small["data"]["stats"]["articles"] == 3
        body = run_query(client, "{ articles(first: 100) { edges { node { text } } } }", expect_errors=True)
        assert body["data"] is None and re.fullmatch(
            r"the response of \d+ bytes is larger than the limit of 300 bytes: ask for smaller pages or fewer fields", body["errors"][0]["message"]
        )


def test_search_texts_are_limited_in_words(gql, http: httpx.Client) -> None:
    many = {"text": " ".join(["woord"] * 17)}
    search = "query($text: String!) { search(query: $text) { score } }"
    quotes = "query($text: String!) { quotes(filter: {textContains: $text}) { totalCount } }"
    assert run_query(http, search, many, expect_errors=True)["errors"][0]["message"] == "`query` has 17 words, the limit is 16"
    assert run_query(http, quotes, many, expect_errors=True)["errors"][0]["message"] == "`textContains` has 17 words, the limit is 16"
    assert gql(search, {"text": " ".join(["woord"] * 16)})["search"] == []


def test_identical_requests_in_flight_are_computed_once() -> None:
    calls = 0
    release = asyncio.Event()

    async def slow_app(scope: Scope, receive: Receive, send: Send) -> None:
        nonlocal calls
        calls += 1
        await receive()
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": b'{"data": {"n": 1}}'})

    middleware = ResponseCacheMiddleware(slow_app, ResponseCache(16, 1_000_000), lambda: 1, Settings().max_query_tokens)

    async def request() -> tuple[int, bytes, dict[bytes, bytes]]:
        sent: list[dict] = []
        delivered = False

        async def receive() -> dict:
            nonlocal delivered
            delivered, was = True, delivered
            return {"type": "http.disconnect"} if was else {"type": "http.request", "body": b'{"query": "{ n }"}', "more_body": False}

        async def send(message: dict) -> None:
            sent.append(message)

        scope = {"type": "http", "method": "POST", "path": "/graphql", "headers": []}
        await middleware(scope, receive, send)
        return sent[0]["status"], sent[1]["body"], dict(sent[0]["headers"])

    async def burst() -> list[tuple[int, bytes, dict[bytes, bytes]]]:
        tasks = [asyncio.create_task(request()) for _ in range(16)]
        await asyncio.sleep(0.05)
        release.set()
        return await asyncio.gather(*tasks)

    answers = asyncio.run(burst())
    assert calls == 1
    assert {(status, body) for status, body, _ in answers} == {(200, b'{"data": {"n": 1}}')}
    assert sorted(headers.get(b"x-cache", b"") for _, _, headers in answers) == [b""] + [b"shared"] * 15


def test_the_response_cache_is_bounded_in_bytes() -> None:
    cache = ResponseCache(entries=100, max_bytes=100)
    for number in range(10):
        cache.put(f"k{number}".encode(), b"x" * 30, version=cache.version)
    assert cache.size <= 100 and len(cache._items) == 3
    assert cache.get(b"k9", cache.version) == b"x" * 30 and cache.get(b"k0", cache.version) is None


def test_each_response_moves_the_header_deadline_of_a_keep_alive_connection_and_silence_ends_it(fact_server_with) -> None:
    """header_timeout 1 s: requests every 0.3 s keep one connection for 2 s, then 1 s of silence closes it (keep-alive allows 30)."""
    base = fact_server_with(header_timeout=1, keep_alive_timeout=30, response_cache_entries=0)
    host, port = base.removeprefix("http://").split(":")
    body = b'{"query": "{ stats { articles } }"}'
    request = b"POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n%s" % (len(body), body)
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        answers = []
        for _ in range(7):
            connection.sendall(request)
            answers.append(_read_response(connection))
            time.sleep(0.3)
        assert all(a.startswith(b"HTTP/1.1 200") and a.endswith(b'{"data": {"stats": {"articles": 3}}}') for a in answers), answers
        silent_since = time.monotonic()
        connection.settimeout(4)
        assert connection.recv(1) == b""  # closed by the server
        assert 0.5 < time.monotonic() - silent_since < 2.5


def _read_response(connection: socket.socket) -> bytes:
    """One HTTP response with a content-length, read off a keep-alive connection."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += _received(connection)
    head, _, rest = data.partition(b"\r\n\r\n")
    length = int(re.search(rb"content-length: (\d+)", head, re.I).group(1))
    while len(rest) < length:
        rest += _received(connection)
    return head + b"\r\n\r\n" + rest


def _received(connection: socket.socket) -> bytes:
    chunk = connection.recv(4096)
    assert chunk, "the server closed the connection"
    return chunk
