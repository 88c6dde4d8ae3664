"""The admission of documents (graph_api/api/admission.py), whose parse and validation are kept per document text:
what is kept never answers another document, and a refusal is refused again, over a real server with its response cache off."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from graphql import DocumentNode, GraphQLError, GraphQLSchema, print_ast, validate

from graph_api.api import admission as admission_module
from graph_api.api.admission import Admission
from graph_api.api.graphql_schema import executable_schema
from graph_api.api.schema import limits_of, schema_for
from graph_api.settings import Settings
from tests import facts

DEEP = "related { entity { " * 6 + "name" + " } }" * 6
TOO_DEEP_AND_UNKNOWN = '{ entity(name: "x") { nosuchfield ' + DEEP + " } }"
NESTED_PAGES = "query($n: Int) { people(first: $n) { edges { node { articles(first: $n) { edges { node { title } } } } } } }"


@pytest.fixture(scope="module")
def uncached(fact_server_with) -> Iterator[httpx.Client]:
    """A client of a real server of the fact corpus with the response cache off: every request is admitted and executed."""
    with httpx.Client(base_url=fact_server_with(response_cache_entries=0), timeout=30) as client:
        yield client


def answer(client: httpx.Client, query: str, variables: dict | None = None, operation_name: str | None = None) -> dict:
    response = client.post("/graphql", json={"query": query, "variables": variables, "operationName": operation_name})
    assert response.status_code == 200, response.text
    return response.json()


def messages(body: dict) -> list[str]:
    return [error["message"] for error in body.get("errors") or []]


def test_documents_one_character_apart_get_their_own_answers(uncached: httpx.Client) -> None:
    valid, invalid = "{ stats { articles } }", "{ stats { articlez } }"
    anna, koen = '{ entity(name: "Anna de Vries") { id } }', '{ entity(name: "Anna de Vriez") { id } }'
    for _ in range(2):  # the second round is answered from what the first one kept
        assert answer(uncached, valid) == {"data": {"stats": {"articles": 3}}}
        assert messages(answer(uncached, invalid)) == ["Cannot query field 'articlez' on type 'Stats'. Did you mean 'articles'?"]
        assert answer(uncached, anna) == {"data": {"entity": {"id": facts.ANNA.id}}}
        assert answer(uncached, koen) == {"data": {"entity": None}}


def test_a_document_refused_by_the_budget_stays_refused_and_never_reaches_validation(uncached: httpx.Client) -> None:
    for _ in range(2):
        refused = messages(answer(uncached, TOO_DEEP_AND_UNKNOWN))
        assert refused[0] == "the query is 13 levels deep, the limit is 12" and not any("nosuchfield" in m for m in refused), refused
    # The same text with other variables is measured again: the cost follows the page sizes.
    for _ in range(2):
        assert answer(uncached, NESTED_PAGES, {"n": 2})["data"]["people"]["edges"]
        over = messages(answer(uncached, NESTED_PAGES, {"n": 100}))
        assert len(over) == 1 and over[0].startswith("the query may return 30301 nodes"), over


def test_validation_and_syntax_errors_are_returned_every_time(uncached: httpx.Client) -> None:
    for _ in range(3):
        assert messages(answer(uncached, "{ stats { articles } ...Missing }")) == ["Unknown fragment 'Missing'."]
        assert messages(answer(uncached, "{ stats { articles }")) == ["Syntax Error: Expected Name, found <EOF>."]
        # Two operations and no name: refused before anything runs, each time.
        two = "query A { stats { articles } } query B { stats { people } }"
        assert messages(answer(uncached, two)) == ["the document has 2 operations: name the one to run in `operationName`"]
        assert answer(uncached, two, operation_name="B") == {"data": {"stats": {"people": 2}}}


def test_validation_runs_once_per_text_and_for_every_new_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """In process: graphql-core validates a text once while it is kept, and a new text (however close) by itself."""
    settings = Settings.load(environ={})
    schema = schema_for(settings)
    admission = Admission(limits_of(settings), settings.max_query_tokens, schema.admission.rules)
    validated: list[str] = []

    def spy(schema_: GraphQLSchema, document: DocumentNode, rules: tuple) -> list[GraphQLError]:
        validated.append(print_ast(document))
        return validate(schema_, document, rules)

    monkeypatch.setattr(admission_module, "validate", spy)
    first, second = "{ stats { people } }", "{ stats { peoplf } }"
    assert admission.admit(executable_schema(schema), first, {}, None, None).errors == ()
    assert admission.admit(executable_schema(schema), first, {}, None, None).errors == ()
    errors = admission.admit(executable_schema(schema), second, {}, None, None).errors
    assert [e.message for e in errors] == ["Cannot query field 'peoplf' on type 'Stats'. Did you mean 'people'?"]
    assert admission.admit(executable_schema(schema), second, {}, None, None).errors == errors
    assert [" ".join(text.split()) for text in validated] == [first, second]
