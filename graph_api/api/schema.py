"""The Strawberry schema, its limits, and the SDL export."""

from __future__ import annotations

from functools import lru_cache, partial
from pathlib import Path

import strawberry
from graphql import GraphQLSchema, MaxIntrospectionDepthRule
from strawberry.extensions import AddValidationRules, MaxAliasesLimiter, MaxTokensLimiter, ParserCache, QueryDepthLimiter, ValidationCache

from graph_api.api.query import Query
from graph_api.api.types.organization import Organization
from graph_api.api.types.person import Person
from graph_api.api.types.place import Place
from graph_api.settings import Settings

SDL_PATH = Path(__file__).resolve().parents[2] / "schema" / "schema.graphql"


@lru_cache(maxsize=8)
def build_schema(max_depth: int, max_aliases: int, max_tokens: int) -> strawberry.Schema:
    """The schema with its limits; cached because building one is slow.

    The limits are the validation rules of Strawberry's own limiters plus graphql-core's
    introspection depth rule: Strawberry's depth limiter skips introspection fields (GraphiQL's
    schema query is 15 deep), and the introspection rule refuses ``__schema { types { fields { type
    { fields …`` nests. The token limit applies while parsing, before anything else.
    """
    # Each limiter builds a new rule class when constructed. Built once here, the same classes go to
    # every request, so ValidationCache (keyed by document and rule classes) validates each query once.
    rules = [
        *QueryDepthLimiter(max_depth=max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=max_aliases).validation_rules,
        MaxIntrospectionDepthRule,
    ]
    return strawberry.Schema(
        query=Query,
        types=[Person, Place, Organization],
        # Factories, so every request gets its own extension objects.
        extensions=[partial(MaxTokensLimiter, max_token_count=max_tokens), ParserCache, partial(AddValidationRules, rules), ValidationCache],
    )


def schema_for(settings: Settings) -> strawberry.Schema:
    """The schema with the limits the settings give."""
    return build_schema(settings.max_query_depth, settings.max_aliases, settings.max_query_tokens)


def executable_schema(schema: strawberry.Schema) -> GraphQLSchema:
    """The graphql-core schema Strawberry built, for running it without Strawberry (the bench's peer).

    Strawberry keeps it in a private attribute and offers no public accessor; this is the one place that reads it.
    """
    return schema._schema


def sdl() -> str:
    """The schema in GraphQL SDL, as committed in schema/schema.graphql."""
    return schema_for(Settings()).as_str() + "\n"
