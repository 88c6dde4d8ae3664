"""Every GraphQL example in the README is valid against the schema and within the default query limits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import parse, validate

from graph_api.api.budget import DocumentMeter
from graph_api.api.graphql_schema import executable_schema
from graph_api.api.schema import limits_of, schema_for
from graph_api.settings import Settings

README = Path(__file__).resolve().parents[1] / "README.md"
EXAMPLES = re.findall(r"```graphql\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
SETTINGS = Settings.load(environ={})


def test_the_readme_has_examples_of_every_exploration_query() -> None:
    text = "\n".join(EXAMPLES)
    for field in ("neighbourhood(", "path(", "timeline(", "textTimeline(", "trending(", "orderBy: PAGERANK", "by: PMI", "articles(filter:"):
        assert field in text, field


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"example-{i}" for i in range(len(EXAMPLES))])
def test_a_readme_example_is_valid_and_within_the_limits(example: str) -> None:
    schema = executable_schema(schema_for(SETTINGS))
    document = parse(example)
    assert validate(schema, document) == []
    variables = {"id": "person:x"} if "$id" in example else {}
    assert DocumentMeter(schema, document, variables, limits_of(SETTINGS)).errors() == []
