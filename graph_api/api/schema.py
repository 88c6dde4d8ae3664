"""The Strawberry schema, its limits, and the SDL export."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import strawberry
from strawberry.extensions import AddValidationRules, ParserCache, ValidationCache

from graph_api.api.limits import max_aliases_rule, max_depth_rule
from graph_api.api.query import Query
from graph_api.api.types.organization import Organization
from graph_api.api.types.person import Person
from graph_api.api.types.place import Place
from graph_api.settings import Settings

MAX_ALIASES = 100
SDL_PATH = Path(__file__).resolve().parents[2] / "schema" / "schema.graphql"


@lru_cache(maxsize=8)
def build_schema(max_depth: int = Settings.max_query_depth) -> strawberry.Schema:
    """The schema with a depth limit; cached because building one is slow."""
    rules = [max_depth_rule(max_depth), max_aliases_rule(MAX_ALIASES)]
    return strawberry.Schema(
        query=Query,
        types=[Person, Place, Organization],
        # The limits are validation rules, so ValidationCache checks each distinct query once.
        extensions=[
            lambda: AddValidationRules(rules),
            ParserCache,
            ValidationCache,
        ],
    )


def sdl() -> str:
    """The schema in GraphQL SDL, as committed in schema/schema.graphql."""
    return build_schema().as_str() + "\n"
