"""Connections over lists held in memory: an entity's events or quotes, an event's articles, a link's evidence."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, TypeVar

from graph_api.api.connection import Connection, page_of
from graph_api.api.context import Context
from graph_api.api.types.registry import as_articles, as_events, as_quotes
from graph_api.model import EventRecord, QuoteRecord

if TYPE_CHECKING:
    from graph_api.api.types.article import Article
    from graph_api.api.types.event import Event
    from graph_api.api.types.quote import Quote

R = TypeVar("R", EventRecord, QuoteRecord)
T = TypeVar("T")


async def article_page(context: Context, ids: list[str], first: int | None, after: str | None) -> Connection[Article]:
    page = page_of(ids, first, after, context.settings.default_page_size, context.settings.max_page_size)
    return page.connection(as_articles(await context.records(page.ids)))


def event_page(context: Context, records: Sequence[EventRecord], first: int | None, after: str | None) -> Connection[Event]:
    return _records_page(context, records, first, after, as_events)


def quote_page(context: Context, records: Sequence[QuoteRecord], first: int | None, after: str | None) -> Connection[Quote]:
    return _records_page(context, records, first, after, as_quotes)


def _records_page(
    context: Context, records: Sequence[R], first: int | None, after: str | None, shown: Callable[[Iterable[R]], list[T]]
) -> Connection[T]:
    """A page of records (repeats dropped); only the page becomes GraphQL objects."""
    by_id = {record.id: record for record in records}
    page = page_of(list(by_id), first, after, context.settings.default_page_size, context.settings.max_page_size)
    return page.connection(shown(by_id[i] for i in page.ids))
