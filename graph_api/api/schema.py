"""The Strawberry schema, its limits, and the SDL export."""

from __future__ import annotations

from functools import lru_cache, partial
from pathlib import Path

import strawberry
from graphql import ASTValidationRule, GraphQLError, MaxIntrospectionDepthRule, NoSchemaIntrospectionCustomRule, specified_rules
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from graph_api.api.admission import Admission, Admit
from graph_api.api.budget import Limits
from graph_api.api.errors import MaskInternalErrors
from graph_api.api.exploration import DEFAULT_NEIGHBOURS, DEFAULT_PATH_LENGTH
from graph_api.api.mutation import Mutation
from graph_api.api.query import Query
from graph_api.api.subscription import Subscription
from graph_api.api.transport import SubscriptionsOnlyOverWebSocket
from graph_api.api.types.organization import Organization
from graph_api.api.types.person import Person
from graph_api.api.types.place import Place
from graph_api.settings import Settings

SDL_PATH = Path(__file__).resolve().parents[2] / "schema" / "schema.graphql"


class GraphSchema(strawberry.Schema):
    """Strawberry's schema with the admission of its documents, and without its error log: a client's mistakes are answered,
    not logged (a hostile client could fill the log), and unexpected errors are logged by MaskInternalErrors with their id."""

    admission: Admission

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        pass


@lru_cache(maxsize=8)
def build_schema(limits: Limits, max_tokens: int, introspection: bool, max_batch: int) -> GraphSchema:
    """The schema with its limits; cached because building one is slow.

    The token limit applies while parsing, before anything else. The budget then measures the
    document in one linear pass (depth, aliases, repeated fields, cost, string sizes) and refuses
    it before the spec's rules run; Strawberry's own depth and alias limiters are not used because
    they walk a fragment once per path to it, which is exponential in nested spreads. graphql-core's
    introspection depth rule refuses ``__schema { types { fields { type { fields …`` nests.
    """
    rules: list[type[ASTValidationRule]] = [*specified_rules, MaxIntrospectionDepthRule]
    if not introspection:
        rules.append(NoSchemaIntrospectionCustomRule)
    admission = Admission(limits, max_tokens, tuple(rules))
    schema = GraphSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[Person, Place, Organization],
        config=StrawberryConfig(batching_config={"max_operations": max_batch}) if max_batch > 0 else None,
        # Factories, so every request gets its own extension objects (Strawberry builds each one's
        # hooks per request: few of them keep that cheap). Queries over HTTP skip them: the server
        # admits and runs those itself.
        extensions=[SubscriptionsOnlyOverWebSocket, partial(Admit, admission), MaskInternalErrors],
    )
    schema.admission = admission
    return schema


def limits_of(settings: Settings) -> Limits:
    """The document limits the settings give."""
    return Limits(
        depth=settings.max_query_depth,
        aliases=settings.max_aliases,
        repeats=settings.max_repeated_fields,
        cost=settings.max_query_cost,
        string_bytes=settings.max_string_bytes,
        write_string_bytes=settings.max_article_bytes,
        default_page=settings.default_page_size,
        max_page=settings.max_page_size,
        max_search=settings.max_search_results,
        list_cap=settings.max_list_items,
        related_default=settings.related_limit,
        neighbourhood_default=DEFAULT_NEIGHBOURS,
        neighbourhood_max=settings.max_neighbourhood_nodes,
        edges_per_node=settings.subgraph_edges_per_node,
        path_default=DEFAULT_PATH_LENGTH,
        path_max=settings.max_path_length,
        timeline_buckets=settings.max_timeline_buckets,
    )


def schema_for(settings: Settings) -> GraphSchema:
    """The schema with the limits the settings give."""
    return build_schema(limits_of(settings), settings.max_query_tokens, settings.introspection, settings.max_batch_operations)


def sdl() -> str:
    """The schema in GraphQL SDL, as committed in schema/schema.graphql."""
    return schema_for(Settings()).as_str() + "\n"
