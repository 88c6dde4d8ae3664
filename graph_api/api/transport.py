"""Subscriptions only over the websocket: a query or mutation sent there would skip what HTTP gives
them (the read lock, the worker threads, the write token's 401), so it is refused before it runs."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

ONLY_SUBSCRIPTIONS = "the websocket carries subscriptions only: send queries and mutations as HTTP POST requests to /graphql"


class SubscriptionsOnlyOverWebSocket(SchemaExtension):
    """Refuses any operation but a subscription that arrives over a websocket."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        checked = getattr(context.context, "websocket", False) and context.pre_execution_errors is None and context.graphql_document is not None
        if checked and context.operation_type is not OperationType.SUBSCRIPTION:
            context.pre_execution_errors = [GraphQLError(ONLY_SUBSCRIPTIONS)]
        yield
