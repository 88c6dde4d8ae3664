"""Relay cursor connections over the graph's ordered id lists."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

import strawberry
from graphql import GraphQLError

T = TypeVar("T")
CURSOR_PREFIX = "cursor:"
First = Annotated[int | None, strawberry.argument(description="Page size (default and maximum are settings).")]
After = Annotated[str | None, strawberry.argument(description="Cursor of the item before the page (its `endCursor`).")]


def encode_cursor(node_id: str) -> str:
    return base64.urlsafe_b64encode((CURSOR_PREFIX + node_id).encode()).decode()


def decode_cursor(cursor: str) -> str:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise GraphQLError(f"invalid cursor {cursor!r}") from None
    if not text.startswith(CURSOR_PREFIX):
        raise GraphQLError(f"invalid cursor {cursor!r}")
    return text[len(CURSOR_PREFIX) :]


@strawberry.type(description="Where a page stands in the whole list (Relay PageInfo).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="True when items follow this page.")
    has_previous_page: bool = strawberry.field(description="True when items precede this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first item of the page.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last item; pass it as `after` for the next page.")


@strawberry.type(description="One item of a page, with its cursor.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Opaque position of this item; pass it as `after`.")
    node: T = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list, Relay style: edges, page info and the total count.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The items of this page, in order.")
    page_info: PageInfo = strawberry.field(description="Cursors and whether more pages exist.")
    total_count: int = strawberry.field(description="Number of items in the whole list.")


@dataclass(frozen=True)
class Page:
    """A slice of an ordered id list."""

    ids: list[str]
    has_next: bool
    has_previous: bool
    total: int

    def connection(self, nodes: Sequence[T]) -> Connection[T]:
        edges = [Edge(cursor=encode_cursor(i), node=node) for i, node in zip(self.ids, nodes, strict=True)]
        info = PageInfo(
            has_next_page=self.has_next,
            has_previous_page=self.has_previous,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        )
        return Connection(edges=edges, page_info=info, total_count=self.total)


def check_first(first: int | None, default: int, maximum: int, argument: str = "first") -> int:
    """The page size asked for, or an error naming the allowed range."""
    if first is None:
        return min(default, maximum)
    if first < 0 or first > maximum:
        raise GraphQLError(f"`{argument}` must be between 0 and {maximum}, got {first}")
    return first


def paginate(ids: Sequence[str], first: int, after: str | None, position: Callable[[str], int | None]) -> Page:
    """The page of ``first`` ids following the cursor ``after`` (found with ``position``)."""
    start = 0
    if after is not None:
        index = position(decode_cursor(after))
        if index is None:
            raise GraphQLError(f"cursor {after!r} does not point into this list")
        start = index + 1
    chosen = list(ids[start : start + first])
    return Page(chosen, start + first < len(ids), start > 0, len(ids))


def page_of(ids: Sequence[str], first: int | None, after: str | None, default: int, maximum: int) -> Page:
    """A page of a list held in memory (a record's own list, a filtered one): positions are looked up only for ``after``."""
    size = check_first(first, default, maximum)
    return paginate(ids, size, after, lambda node_id: _index(ids, node_id))


def _index(ids: Sequence[str], node_id: str) -> int | None:
    try:
        return ids.index(node_id)
    except ValueError:
        return None
