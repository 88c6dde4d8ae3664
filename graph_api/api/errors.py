"""Errors as clients see them: GraphQL errors stay precise, anything unexpected is masked.

An unexpected exception (a bug, a store fault) is answered as ``Internal error`` with an error id;
the server log has the same id with the traceback. No stack trace, path, SQL or library version
reaches a response.
"""

from __future__ import annotations

import logging
import secrets

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

INTERNAL_ERROR = "Internal error"
logger = logging.getLogger("graph_api.errors")


def is_unexpected(error: GraphQLError) -> bool:
    """True for errors that come from an exception other than a GraphQL error (ours or the spec's)."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


def masked(errors: list[GraphQLError]) -> list[GraphQLError]:
    """The errors as a client may see them: each unexpected one as ``Internal error`` with an id (and logged)."""
    return [anonymised(error) if is_unexpected(error) else error for error in errors]


def anonymised(error: GraphQLError) -> GraphQLError:
    """``Internal error`` with a fresh error id, at the error's place; the log gets the id and the traceback."""
    error_id = secrets.token_hex(8)
    original = error.original_error
    trace = (type(original), original, original.__traceback__) if original else None
    logger.error("internal error %s at %s", error_id, error.path, exc_info=trace)
    return GraphQLError(
        INTERNAL_ERROR, nodes=error.nodes, source=error.source, positions=error.positions, path=error.path, extensions={"errorId": error_id}
    )


class MaskInternalErrors(MaskErrors):
    """Strawberry's error masking, with an error id that links the response to the log."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected, error_message=INTERNAL_ERROR)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        return anonymised(error)
