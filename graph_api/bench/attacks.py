"""The attack catalogue: what a hostile client sends to /graphql, and the defence that must stop it.

One entry per attack: its name, what it sends (for the report), the defence expected in words and as
a check (the HTTP status and a pattern of the first error message or of what happened), the settings
its server needs beyond the defaults, and the function that sends it. ``graph-api bench --attacks``
(graph_api/bench/attack_runner.py) measures each against real servers; tests/test_attacks.py asserts
each defence with the same entries.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial

from graphql import get_introspection_query

from graph_api.bench import hostile
from graph_api.bench.hostile import Outcome, Target

Settings = tuple[tuple[str, str], ...]  # (setting name, value) pairs, hashable so servers can be shared by them

SLOW_CLIENT_SETTINGS: Settings = (("body_timeout", "2"), ("header_timeout", "2"))
SLOW_CLIENT_GIVE_UP = 6.0  # seconds a slow client keeps going: the 2 s timeouts and a margin
EXECUTION_TIMEOUT_SETTINGS: Settings = (("execution_timeout", "0.005"),)  # the heavy search executes for some 20–50 ms here
RATE_LIMIT_SETTINGS: Settings = (("rate_limit", "60"), ("rate_limit_burst", "5"))
SHUTDOWN_GIVE_UP = 5 + 3.0  # shutdown_timeout (5 s) and a margin
ANY_NAME = "naam"  # for documents refused before execution, where no entity needs to be found


@dataclass(frozen=True)
class Attack:
    """One attack: what it sends, the defence expected, and how to send it."""

    name: str
    sent: str
    defence: str
    send: Callable[[Target], Outcome]
    status: int | None  # the HTTP status the defence answers with; None: no response (a closed connection, an exit)
    answer: str  # a regular expression the first error message (or what happened) must match
    settings: Settings = ()
    own_server: bool = False  # the attack ends its server, so it gets one of its own

    def held(self, outcome: Outcome) -> bool:
        """Whether the server stopped the attack the way this entry expects."""
        return outcome.status == self.status and re.search(self.answer, outcome.answer) is not None


def nested(fields: list[str], leaf: str) -> str:
    """Fields nested in one another: ``nested(["a", "b"], "c")`` is ``a { b { c } }``."""
    text = leaf
    for name in reversed(fields):
        text = f"{name} {{ {text} }}"
    return text


def related_chain(depth: int, first: int) -> str:
    """``entity { related(first: N) { entity { related … } } }``, ``depth`` levels of selections deep."""
    # The most written-about person, whoever that is in the served corpus, so the chain executes.
    fields = ["people(first: 1)", "edges", "node"] + [f"related(first: {first})" if i % 2 == 0 else "entity" for i in range(depth - 3)]
    return "{ " + nested(fields, "weight" if fields[-1].startswith("related") else "name") + " }"


def doubling(count: int, body: str) -> str:
    """``count`` fragments, each spreading the one before it twice; the first holds ``body``."""
    fragments = [f"fragment F0 on Query {{ {body} }}"]
    fragments += [f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, count)]
    return f"{{ ...F{count - 1} }} " + " ".join(fragments)


def repeated_at_each_level(fields: list[str], leaf: str, times: int) -> str:
    """Every field of a nest selected ``times`` times at its level, the leaf too."""
    text = " ".join([leaf] * times)
    for name in reversed(fields):
        text = " ".join([f"{name} {{ {text} }}"] * times)
    return "{ " + text + " }"


def aliases_in_nest() -> str:
    """A fragment of 100 aliases spread at three nested levels."""
    fragment = "fragment A on Entity { " + " ".join(f"a{i}: name" for i in range(100)) + " }"
    return "{ people(first: 1) { edges { node { ...A related(first: 1) { entity { ...A related(first: 1) { entity { ...A } } } } } } } } " + fragment


def words(count: int) -> str:
    return " ".join(["woord"] * count)


def search_literal(text: str) -> str:
    return "{ search(query: " + json.dumps(text) + ") { score } }"


SEARCH_VARIABLE = "query($q: String!) { search(query: $q) { score } }"
HEAVY_SEARCH = (  # 13 searches of 50 hits: within every limit (cost 9,750), the most full-text work one query may ask for
    "query($q: String!) { "
    + " ".join(f"s{i}: search(query: $q, first: 50) {{ ...Hit }}" for i in range(13))
    + " } fragment Hit on SearchHit { score snippet node { id } }"
)
HEAVY_WORDS = {"q": "de het een"}  # common words: every seed article matches
NESTED_WITHIN_LIMITS = (
    "{ people(first: 10) { edges { node { name related(first: 10) { weight entity { name articles(first: 10) { edges { node { title } } } } } } } } }"
)
DIRECTIVES_ON_MANY_FIELDS = (
    "{ people(first: 100) @include(if: true) { edges @skip(if: false) { node { id @skip(if: false) name @include(if: true)"
    " aliases @skip(if: false) mentionCount @include(if: true) articleCount @skip(if: false) } } } }"
)
DEEP_INTROSPECTION = "{ " + nested(["__schema", "types", "fields", "type", "fields", "type", "fields", "type", "fields"], "name") + " }"


def query(text: str, variables: Mapping[str, object] | None = None, fresh: bool = False) -> Callable[[Target], Outcome]:
    return partial(hostile.post_query, query=text, variables=variables, fresh=fresh)


def body(raw: bytes) -> Callable[[Target], Outcome]:
    return partial(hostile.post_bytes, body=raw)


def raw_json(payload: object) -> Callable[[Target], Outcome]:
    return partial(hostile.post_json_on_socket, payload=payload)


STRING_LIMIT = r"is longer than the limit of 1000 bytes"
BODY_LIMIT = r"^request body (of \d+ bytes )?is larger than the limit of 262144 bytes$"
COST_LIMIT = r"^the query may return \d+ nodes \(page sizes multiplied along nested lists\), the limit is 10000"
REPEAT_LIMIT = r"^the query selects \d+ fields on one response path starting at `\w+` .*the limit is 10$"
MB = 1_000_000

CATALOGUE: tuple[Attack, ...] = (
    # Shapes of documents
    Attack(
        "deep nesting, depth 13",
        "`people(first: 1) { … related(first: 1) { entity { related … } } }`, 13 levels",
        "depth limit (max_query_depth 12), before validation",
        query(related_chain(13, 1)),
        200,
        r"^the query is 13 levels deep, the limit is 12$",
    ),
    Attack(
        "nesting at the allowed depth 12",
        "the same chain 12 levels deep, `related(first: 2)`",
        "none needed: answered",
        query(related_chain(12, 2), fresh=True),
        200,
        r"^answered with data",
    ),
    Attack(
        "wide nesting",
        "`related(first: 25)` nested five times, depth 12",
        "cost limit (max_query_cost 10,000), before execution",
        query("{ " + nested([f'entity(name: "{ANY_NAME}")', *["related(first: 25)", "entity"] * 5, "aliasCounts"], "name") + " }"),
        200,
        COST_LIMIT,
    ),
    Attack(
        "nested connections at maximum pages",
        "`people(first: 100) { … articles(first: 100) { … people { name } } }`",
        "cost limit, before execution",
        query("{ " + nested(["people(first: 100)", "edges", "node", "articles(first: 100)", "edges", "node", "people"], "name") + " }"),
        200,
        COST_LIMIT,
    ),
    Attack(
        "fragment doubling",
        "40 fragments, each spreading the previous twice (2^39 `stats` fields)",
        "repeated-field limit (max_repeated_fields 10), fragments measured once",
        query(doubling(40, "stats { articles }")),
        200,
        REPEAT_LIMIT,
    ),
    Attack(
        "aliases by fragment doubling",
        "10 aliases doubled through 11 fragments: 10,240 aliases",
        "alias limit (max_aliases 100), fragments expanded",
        query(doubling(11, " ".join(f"a{i}: stats {{ articles }}" for i in range(10)))),
        200,
        r"^the query has 10240 aliases \(fragments expanded\), the limit is 100$",
    ),
    Attack(
        "aliases in a three-level nest",
        "a fragment of 100 aliases spread at three nested levels: 300 aliases",
        "alias limit, fragments expanded",
        query(aliases_in_nest()),
        200,
        r"^the query has 300 aliases \(fragments expanded\), the limit is 100$",
    ),
    Attack(
        "1,000 repeated fields",
        "`stats { articles }` 1,000 times, no aliases (4,000 tokens)",
        "token limit (max_query_tokens 2,000), while parsing",
        query("{ " + "stats { articles } " * 1000 + "}"),
        200,
        r"^Syntax Error: Document contains more than 2000 tokens\. Parsing aborted\.$",
    ),
    Attack(
        "repeated fields within the token limit",
        "`stats { articles … }` with `articles` 1,995 times (2,000 tokens)",
        "repeated-field limit, before the spec's quadratic overlap check",
        query("{ stats { " + "articles " * 1995 + "} }"),
        200,
        REPEAT_LIMIT,
    ),
    Attack(
        "nested repeats",
        "a field repeated 3 times at each of 4 nested levels (81 on one path)",
        "repeated-field limit, multiplied through nesting",
        query(repeated_at_each_level([f'entity(name: "{ANY_NAME}")', "related(first: 1)", "entity"], "name", 3)),
        200,
        r"^the query selects 81 fields on one response path starting at `entity`",
    ),
    # Directives and introspection
    Attack(
        "directives on many fields",
        "`@include(if: true)` / `@skip(if: false)` on every field of `people(first: 100)`",
        "none needed: answered",
        query(DIRECTIVES_ON_MANY_FIELDS, fresh=True),
        200,
        r"^answered with data",
    ),
    Attack(
        "one directive 250 times",
        "`articles` with `@include(if: true)` repeated 250 times",
        "the spec's unique-directives rule",
        query("{ stats { articles " + "@include(if: true) " * 250 + "} }"),
        200,
        r"^The directive '@include' can only be used once at this location\.$",
    ),
    Attack(
        "unknown directives",
        "500 unknown directives `@d0 … @d499` on one field",
        "the spec's known-directives rule",
        query("{ stats { articles " + " ".join(f"@d{i}" for i in range(500)) + " } }"),
        200,
        r"^Unknown directive '@d0'\.$",
    ),
    Attack(
        "deep introspection",
        "`__schema { types { fields { type { fields { type { fields … } } } } } }`",
        "graphql-core's introspection depth rule",
        query(DEEP_INTROSPECTION),
        200,
        r"^Maximum introspection depth exceeded$",
    ),
    Attack(
        "GraphiQL's introspection query",
        "graphql-core's `get_introspection_query()`",
        "none needed: answered (GraphiQL needs it)",
        query(get_introspection_query(), fresh=True),
        200,
        r"^answered with data",
    ),
    Attack(
        "introspection switched off",
        "`{ __schema { queryType { name } } }` with introspection false",
        "introspection off (introspection false)",
        query("{ __schema { queryType { name } } }"),
        200,
        r"^GraphQL introspection has been disabled, but the requested query contained the field '__schema'\.$",
        settings=(("introspection", "false"),),
    ),
    # Operations
    Attack(
        "two operations, no operationName",
        "`query A { … } query B { … }` without `operationName`",
        "an error asking for the operation name",
        query("query A { stats { articles } } query B { stats { people } }"),
        200,
        r"^the document has 2 operations: name the one to run in `operationName`$",
    ),
    Attack(
        "a mutation",
        '`mutation { deleteArticle(id: "…") }` with no token, on a server with no write token configured',
        "refused before it runs: 401, saying how writes are enabled",
        query('mutation { deleteArticle(id: "a1") }'),
        401,
        r"^writes are not enabled on this server: set GRAPH_API_WRITE_TOKENS",
    ),
    Attack(
        "a subscription over HTTP",
        "`subscription { articleIngested { id } }` as a POST",
        "refused: subscriptions need the websocket",
        query("subscription { articleIngested { id } }"),
        400,
        r"^subscriptions are served over a websocket",
    ),
    Attack(
        "deep nesting over GET",
        "the depth-13 chain as `GET /graphql?query=…`",
        "depth limit: GET goes through the same budget",
        partial(hostile.get_query, query=related_chain(13, 1)),
        200,
        r"^the query is 13 levels deep, the limit is 12$",
    ),
    Attack(
        "a 1 MB URL",
        "`GET /graphql?query=` followed by 1 MB",
        "uvicorn's HTTP parser (h11's 16 KiB limit on an incomplete head)",
        partial(hostile.raw_request, request=b"GET /graphql?query=" + b"a" * MB + b" HTTP/1.1\r\nhost: x\r\n\r\n"),
        400,
        r"^Invalid HTTP request received\.$",
    ),
    # Bodies
    Attack(
        "100 MB declared",
        "a head with `Content-Length: 104857600`, no body",
        "body limit (max_body_bytes 256 KiB) by Content-Length, nothing read",
        partial(hostile.declared_length, length=100 * 1024 * 1024),
        413,
        r"^request body of 104857600 bytes is larger than the limit of 262144 bytes$",
    ),
    Attack(
        "300 KB body",
        "a real 300 KB JSON body",
        "body limit by Content-Length",
        partial(hostile.sized_body, size=300_000),
        413,
        BODY_LIMIT,
    ),
    Attack(
        "300 KB chunked body",
        "300 KB in 16 KiB chunks, no Content-Length",
        "body limit while reading",
        partial(hostile.chunked_body, size=300 * 1024),
        413,
        r"^request body is larger than the limit of 262144 bytes$",
    ),
    Attack(
        "search for 3,000 words (literal)",
        '`search(query: "woord woord …")`, 3,000 words (18 KB)',
        "string limit (max_string_bytes 1,000)",
        query(search_literal(words(3000))),
        200,
        r"^argument `query` " + STRING_LIMIT,
    ),
    Attack(
        "search for 3,000 words (variable)",
        "the same text as `$q`",
        "string limit on variables",
        query(SEARCH_VARIABLE, {"q": words(3000)}),
        200,
        r"^variable `\$q` " + STRING_LIMIT,
    ),
    Attack(
        "search for 10,000 words (literal)",
        "`search(query: …)`, 10,000 words (60 KB)",
        "string limit",
        query(search_literal(words(10_000))),
        200,
        r"^argument `query` " + STRING_LIMIT,
    ),
    Attack(
        "search for 10,000 words (variable)",
        "the same text as `$q`",
        "string limit on variables",
        query(SEARCH_VARIABLE, {"q": words(10_000)}),
        200,
        r"^variable `\$q` " + STRING_LIMIT,
    ),
    Attack(
        "search for 1 MB (literal)",
        "`search(query: …)` with a 1 MB string",
        "body limit by Content-Length",
        raw_json({"query": search_literal("x" * MB)}),
        413,
        BODY_LIMIT,
    ),
    Attack(
        "search for 1 MB (variable)",
        "a 1 MB `$q`",
        "body limit by Content-Length",
        raw_json({"query": SEARCH_VARIABLE, "variables": {"q": "x" * MB}}),
        413,
        BODY_LIMIT,
    ),
    Attack(
        "search for 300 short words",
        "`$q` of 300 two-letter words (899 bytes, under the string limit)",
        "word limit of a full-text query (max_search_terms 16)",
        query(SEARCH_VARIABLE, {"q": " ".join(["ab"] * 300)}),
        200,
        r"^`query` has 300 words, the limit is 16$",
    ),
    Attack(
        "NUL in a search (variable)",
        '`$q` = `"naam\\u0000"`',
        "NUL characters refused in variables",
        query(SEARCH_VARIABLE, {"q": f"{ANY_NAME}\0"}),
        200,
        r"^variable `\$q` contains a NUL character$",
    ),
    Attack(
        "NUL in a search (literal)",
        '`search(query: "naam\\u0000")`',
        "NUL characters refused in arguments",
        query('{ search(query: "' + ANY_NAME + '\\u0000") { score } }'),
        200,
        r"^argument `query` contains a NUL character$",
    ),
    Attack(
        "invalid UTF-8",
        "a JSON body holding the bytes `ff fe`",
        "request guard: 400 naming the byte",
        body(b'{"query": "{ stats { articles } }", "variables": {"q": "\xff\xfe"}}'),
        400,
        r"^request body is not valid UTF-8: byte 0xff at position \d+$",
    ),
    Attack(
        "invalid JSON",
        '`{"query": ` and nothing more',
        "request guard: 400 naming the place",
        body(b'{"query": '),
        400,
        r"^request body is not valid JSON: Expecting value at line 1 column \d+$",
    ),
    Attack("a body of 42", "`42`", "request guard: 400, not an object", body(b"42"), 400, r"^request body must be a JSON object"),
    Attack(
        "a batch",
        "a JSON array of two requests",
        "request guard: batches off (max_batch_operations 0)",
        body(json.dumps([{"query": "{ stats { articles } }"}] * 2).encode()),
        400,
        r"^batched requests \(a JSON array\) are not enabled",
    ),
    Attack(
        "a lone surrogate",
        '`"\\udc80"` in the variables',
        "request guard: 400, not valid Unicode",
        body(b'{"query": "{ stats { articles } }", "variables": {"q": "\\udc80"}}'),
        400,
        r"^request body holds a lone surrogate \('\\udc80'\), which is not valid Unicode$",
    ),
    # Slow and many clients
    Attack(
        "headers one byte a second",
        "a request head sent one byte per second (header timeout 2 s)",
        "header timeout closes the connection (header_timeout)",
        partial(hostile.slow_headers, interval=1.0, give_up=SLOW_CLIENT_GIVE_UP),
        None,
        r"^connection closed by the server after \d+\.\d s",
        settings=SLOW_CLIENT_SETTINGS,
    ),
    Attack(
        "body one byte a second",
        "a complete head, then the body one byte per second (body timeout 2 s)",
        "body timeout: 408 (body_timeout)",
        partial(hostile.slow_body, interval=1.0, give_up=SLOW_CLIENT_GIVE_UP),
        408,
        r"^request body not received within 2 s$",
        settings=SLOW_CLIENT_SETTINGS,
    ),
    Attack(
        "200 idle connections",
        "200 connections opened and left silent (header timeout 2 s)",
        "header timeout closes them; /health answers meanwhile",
        partial(hostile.idle_connections, count=200, give_up=SLOW_CLIENT_GIVE_UP),
        200,
        r"^200 of 200 idle connections closed by the server",
        settings=SLOW_CLIENT_SETTINGS,
    ),
    Attack(
        "1,100 idle connections",
        "1,100 silent connections, more than max_concurrent_requests (1,000)",
        "/health still answers while they wait for the header timeout",
        partial(hostile.idle_connections, count=1100, give_up=SLOW_CLIENT_GIVE_UP),
        200,
        r"^1100 of 1100 idle connections closed by the server .*/health answered 200$",
        settings=SLOW_CLIENT_SETTINGS,
    ),
    Attack(
        "16 concurrent clients",
        "16 clients sending one nested query (people → related → articles, cost 3,581) at once",
        "all answered, computed once (identical requests in flight shared)",
        partial(hostile.concurrent_clients, clients=16, query=NESTED_WITHIN_LIMITS),
        200,
        r"^16 of 16 answered with data; 1 computed(, \d+ shared)?(, \d+ hit)?$",
    ),
    Attack(
        "rapid requests",
        "6 requests in a row under one bearer token (rate limit 60/min, burst 5)",
        "rate limit: 429 with Retry-After",
        partial(hostile.rapid_requests, count=6),
        429,
        r"^request 6: too many requests: try again in \d+ s; Retry-After: \d+ \(1 of 6 refused\)$",
        settings=RATE_LIMIT_SETTINGS,
    ),
    Attack(
        "a query over the execution time",
        "13 aliased `search(first: 50)` (cost 9,750), execution timeout 0.005 s",
        "execution timeout stops it (execution_timeout)",
        query(HEAVY_SEARCH, HEAVY_WORDS, fresh=True),
        200,
        r"^the query ran longer than the limit of 0\.005 s and was stopped",
        settings=EXECUTION_TIMEOUT_SETTINGS,
    ),
    Attack(
        "SIGTERM during heavy queries",
        "SIGTERM while 4 clients keep sending the 13-search query",
        "graceful shutdown within shutdown_timeout (5 s) and a margin",
        partial(hostile.terminate_during, query=HEAVY_SEARCH, variables=HEAVY_WORDS, clients=4, after=0.5, give_up=SHUTDOWN_GIVE_UP),
        None,
        r"^exited \d+\.\d s after SIGTERM",
        own_server=True,
    ),
)


def by_name(name: str) -> Attack:
    """The catalogue's entry with this name."""
    return next(attack for attack in CATALOGUE if attack.name == name)
