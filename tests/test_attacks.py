"""The attack suite: every entry of the attack catalogue (graph_api/bench/attacks.py) sent to a real
``graph-api serve`` process, asserting the defence that stops it and that /health answers within a
second meanwhile; then the rate limit's buckets, the security headers, CORS and masked errors.

Attacks on default settings go to the seeds server of conftest.py; those that need other settings
go to a server of the fact corpus started with them (one per distinct set of settings, for the
module). An attack the server does not stop yet is marked xfail (strict) with what was measured.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest

from graph_api.api.headers import EVERY_RESPONSE_HEADERS, PAGE_HEADERS
from graph_api.bench.attack_runner import AttackResult, measure, server
from graph_api.bench.attacks import CATALOGUE, RATE_LIMIT_SETTINGS, SHUTDOWN_GIVE_UP, Attack
from graph_api.bench.hostile import Target

pytestmark = pytest.mark.attack

HEALTH_LIMIT = 1.0  # seconds /health may take to answer while an attack runs
# What an answer must never show: a traceback, a source path, SQL or the store's engine.
LEAKS = re.compile(r"Traceback|File \"|\.py\b|/work/|/usr/|site-packages|\bSELECT\b|\bINSERT\b|(?i:sqlite)")
NOT_STOPPED: dict[str, str] = {}  # attack name → what was measured, for an attack the server does not stop yet


def cases(attacks: list[Attack]) -> list:
    """The attacks as test parameters, the ones not stopped yet marked xfail with what was measured."""
    return [pytest.param(attack, id=attack.name, marks=_known_failure(attack)) for attack in attacks]


def _known_failure(attack: Attack) -> list[pytest.MarkDecorator]:
    reason = NOT_STOPPED.get(attack.name)
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


ON_DEFAULTS = [attack for attack in CATALOGUE if not attack.settings and not attack.own_server]
WITH_SETTINGS = [attack for attack in CATALOGUE if attack.settings and not attack.own_server]
OWN_SERVER = [attack for attack in CATALOGUE if attack.own_server]


def assert_stopped(attack: Attack, result: AttackResult, health_may_fail: bool = False) -> None:
    """The defence the catalogue expects, no internals in the answer, and /health answering meanwhile."""
    assert result.held, f"expected {attack.status} matching {attack.answer!r} ({attack.defence}); got {result.status}: {result.answer}"
    assert not LEAKS.search(result.answer), result.answer
    assert result.worst_health_seconds is not None and result.worst_health_seconds < HEALTH_LIMIT, result
    if not health_may_fail:
        assert result.health_failures == [], result.health_failures


@pytest.mark.parametrize("attack", cases(ON_DEFAULTS))
def test_the_seeds_server_stops_the_attack(attack: Attack, server: str) -> None:
    assert_stopped(attack, measure(attack, Target(server)))


@pytest.mark.parametrize("attack", cases(WITH_SETTINGS))
def test_a_server_with_the_attacks_settings_stops_it(attack: Attack, fact_server_with) -> None:
    assert_stopped(attack, measure(attack, Target(fact_server_with(**dict(attack.settings)))))


@pytest.mark.parametrize("attack", cases(OWN_SERVER))
def test_sigterm_stops_the_server_in_time(attack: Attack, fact_store: Path, tmp_path: Path) -> None:
    with server(fact_store, attack.settings, tmp_path) as target:
        result = measure(attack, target)
        assert target.process is not None and target.process.poll() is not None
    assert_stopped(attack, result, health_may_fail=True)  # refused once the server stops listening: that is the point
    assert result.seconds < SHUTDOWN_GIVE_UP + 1


def test_every_client_has_its_own_bucket(fact_server_with) -> None:
    base = fact_server_with(**dict(RATE_LIMIT_SETTINGS))

    def statuses(token: str, count: int) -> list[int]:
        with httpx.Client(base_url=base, headers={"authorization": f"Bearer {token}"}, timeout=30) as client:
            return [client.post("/graphql", json={"query": "{ stats { articles } }"}).status_code for _ in range(count)]

    assert statuses("first-client", 6) == [200] * 5 + [429]
    assert statuses("second-client", 5) == [200] * 5


def security_header_problems(response: httpx.Response) -> list[str]:
    """Every response: nosniff and no server header; a page (HTML): the page headers, CSP first among them."""
    expected = EVERY_RESPONSE_HEADERS | (PAGE_HEADERS if response.headers["content-type"].startswith("text/html") else {})
    problems = [f"{name} is {response.headers.get(name)!r}" for name, value in expected.items() if response.headers.get(name) != value]
    return problems + (["a server header"] if "server" in response.headers else [])


def test_every_response_has_the_security_headers_and_no_server_header(server: str) -> None:
    with httpx.Client(base_url=server, timeout=30) as client:
        responses = {
            "GraphiQL": client.get("/graphql", headers={"accept": "text/html"}),
            "a query": client.post("/graphql", json={"query": "{ stats { articles } }"}),
            "a refused body": client.post("/graphql", content=b"42", headers={"content-type": "application/json"}),
            "/health": client.get("/health"),
        }
    assert responses["GraphiQL"].headers["content-type"].startswith("text/html")
    assert responses["a query"].headers["content-type"].startswith("application/json")
    assert responses["a refused body"].status_code == 400
    assert {name: security_header_problems(response) for name, response in responses.items()} == {name: [] for name in responses}


def test_cors_is_off_by_default(server: str) -> None:
    origin = {"origin": "https://elsewhere.example"}
    simple = httpx.post(f"{server}/graphql", json={"query": "{ stats { articles } }"}, headers=origin)
    preflight = httpx.options(f"{server}/graphql", headers={**origin, "access-control-request-method": "POST"})
    assert "access-control-allow-origin" not in simple.headers and "access-control-allow-origin" not in preflight.headers


def test_cors_answers_the_configured_origins_only(fact_server_with) -> None:
    base = fact_server_with(cors_origins="https://app.example")

    def allowed(origin: str) -> tuple[str | None, str | None]:
        simple = httpx.post(f"{base}/graphql", json={"query": "{ stats { articles } }"}, headers={"origin": origin})
        preflight = httpx.options(
            f"{base}/graphql", headers={"origin": origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type"}
        )
        return simple.headers.get("access-control-allow-origin"), preflight.headers.get("access-control-allow-origin")

    assert allowed("https://app.example") == ("https://app.example", "https://app.example")
    assert allowed("https://elsewhere.example") == (None, None)


SEARCH = "query($q: String!) { search(query: $q) { score snippet } quotes(filter: {textContains: $q}) { totalCount } }"
LOOKUP = "query($i: ID!) { node(id: $i) { id } article(id: $i) { id } quotes(filter: {speakerId: $i, articleId: $i}) { totalCount } }"
PAGE = "query($a: String) { people(first: 2, after: $a) { totalCount } events(first: 2, after: $a) { totalCount } }"
ODD_INPUTS = [
    # Full-text syntax, quotes and wildcards in search texts; SQL in ids; broken cursors, dates and page sizes.
    *[(SEARCH, {"q": text}) for text in ['"', "a AND", "NEAR(a b)", "*", "-a", "col:", "(", "a' OR 1=1 --", "\\", "🙂", "%_"]],
    *[(LOOKUP, {"i": node_id}) for node_id in ["", "' OR 1=1 --", "person:", "place:gn99999999999999999999", "../../etc/passwd"]],
    *[(PAGE, {"a": cursor}) for cursor in ["", "!!!", "//79", "YXJ0aWNsZTp4", "\u00ff"]],
    *[("query($d: String) { events(filter: {from: $d, to: $d}) { totalCount } }", {"d": date}) for date in ["2024-13", "2024-02-30", "-1", "abc"]],
    *[("query($f: Int) { people(first: $f) { totalCount } }", {"f": first}) for first in [-1, 2147483647, 1e30]],
    ('{ entity(name: "%") { id } entities(name: "_") { id } }', {}),
]


def test_odd_inputs_get_precise_errors_never_internals(server: str) -> None:
    with httpx.Client(base_url=server, timeout=30) as client:
        answers = [client.post("/graphql", json={"query": query, "variables": variables}) for query, variables in ODD_INPUTS]
    assert [answer.status_code for answer in answers] == [200] * len(answers)
    assert [answer.text for answer in answers if LEAKS.search(answer.text)] == []
    internal = [json.loads(answer.text)["errors"] for answer in answers if "Internal error" in answer.text]
    assert internal == [], "an internal error reachable from outside is a bug"
