"""The graphql-core schema behind a Strawberry schema."""

from __future__ import annotations

import strawberry
from graphql import GraphQLSchema


def executable_schema(schema: strawberry.Schema) -> GraphQLSchema:
    """The graphql-core schema Strawberry built, for measuring documents and for running it without Strawberry.

    Strawberry keeps it in a private attribute and offers no public accessor; this is the one place that reads it.
    """
    return schema._schema
