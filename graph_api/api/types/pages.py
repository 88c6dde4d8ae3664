"""Connections over lists held in memory: an entity's events or quotes, an event's articles, a link's evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph_api.api.connection import Connection, page_of
from graph_api.api.context import Context
from graph_api.api.types.registry import as_articles, as_events, as_quotes
from graph_api.model import EventRecord, QuoteRecord

if TYPE_CHECKING:
    from graph_api.api.types.article import Article
    from graph_api.api.types.event import Event
    from graph_api.api.types.quote import Quote


async def article_page(context: Context, ids: list[str], first: int | None, after: str | None) -> Connection[Article]:
    page = page_of(ids, first, after, context.settings.default_page_size, context.settings.max_page_size)
    return page.connection(as_articles(await context.records(page.ids)))


def event_page(context: Context, records: list[EventRecord], first: int | None, after: str | None) -> Connection[Event]:
    by_id = {r.id: r for r in records}
    page = page_of(list(by_id), first, after, context.settings.default_page_size, context.settings.max_page_size)
    return page.connection(as_events(by_id[i] for i in page.ids))


def quote_page(context: Context, records: list[QuoteRecord], first: int | None, after: str | None) -> Connection[Quote]:
    by_id = {r.id: r for r in records}
    page = page_of(list(by_id), first, after, context.settings.default_page_size, context.settings.max_page_size)
    return page.connection(as_quotes(by_id[i] for i in page.ids))
