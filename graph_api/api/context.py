"""Per-request context: the graph, the settings, this request's DataLoaders and client, and the store and writer off the event loop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, partial
from itertools import islice
from typing import TYPE_CHECKING, TypeVar, cast

import anyio.to_thread
import strawberry
from graphql import GraphQLError
from strawberry.dataloader import DataLoader

from graph_api.api.auth import Client
from graph_api.api.execution import Deadline
from graph_api.api.types.registry import as_article, as_entity
from graph_api.corpus import Corpus
from graph_api.graph.algorithms import Significance
from graph_api.graph.knowledge_graph import KnowledgeGraph, Related
from graph_api.model import ArticleBody, ArticleRecord, EntityRecord, Mention, NodeRecord, NodeType
from graph_api.settings import Settings
from graph_api.store import SearchTimeout, TextHit

if TYPE_CHECKING:
    from graph_api.api.types.article import Article
    from graph_api.api.types.entity import Entity
    from graph_api.api.types.organization import Organization
    from graph_api.api.types.person import Person
    from graph_api.api.types.place import Place

T = TypeVar("T")


class Loaders:
    """One DataLoader per relation, made when a resolver first asks for it (most requests use one or none);
    each batch resolves all keys of one execution step at once."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.graph = corpus.graph

    @cached_property
    def records(self) -> DataLoader[str, NodeRecord | None]:
        graph = self.graph

        async def load(ids: list[str]) -> list[NodeRecord | None]:
            return [graph.record(i) for i in ids]

        return DataLoader(load)

    @cached_property
    def related(self) -> DataLoader[tuple[str, int, Significance], list[Related]]:
        graph = self.graph

        async def load(keys: list[tuple[str, int, Significance]]) -> list[list[Related]]:
            return [graph.related(entity_id, limit, by) for entity_id, limit, by in keys]

        return DataLoader(load)

    @cached_property
    def article_ids(self) -> DataLoader[str, list[str]]:
        graph = self.graph

        async def load(entity_ids: list[str]) -> list[list[str]]:
            return [graph.article_ids_of_entity(i) for i in entity_ids]

        return DataLoader(load)

    @cached_property
    def entity_ids(self) -> DataLoader[str, list[str]]:
        graph = self.graph

        async def load(article_ids: list[str]) -> list[list[str]]:
            return [graph.entity_ids_of_article(i) for i in article_ids]

        return DataLoader(load)

    # Texts and mention lists stay in the store (the graph keeps counts): read per batch, in the execution's worker thread.
    @cached_property
    def bodies(self) -> DataLoader[str, ArticleBody | None]:
        corpus = self.corpus

        async def load(article_ids: list[str]) -> list[ArticleBody | None]:
            found = corpus.bodies(article_ids)
            return [found.get(i) for i in article_ids]

        return DataLoader(load)

    @cached_property
    def mentions(self) -> DataLoader[str, list[Mention]]:
        corpus = self.corpus

        async def load(article_ids: list[str]) -> list[list[Mention]]:
            found = corpus.mentions(article_ids)
            return [found.get(i, []) for i in article_ids]

        return DataLoader(load)


@dataclass
class Context:
    """What every resolver sees as ``info.context``."""

    corpus: Corpus
    client: Client = field(default_factory=Client)
    loaders: Loaders = field(init=False)
    deadline: Deadline = field(init=False)  # store reads and long graph computations stop there too
    reading: bool = field(default=False, init=False)  # whether this request holds a share of the graph's read lock
    websocket: bool = False  # whether the request came over the websocket (subscriptions)
    articles_sent: int = field(default=0, init=False)  # articles the request's ingestArticles calls carried so far
    connection_params: dict[str, object] | None = field(default=None, init=False)  # a websocket's connection_init payload

    def __post_init__(self) -> None:
        self.deadline = Deadline.after(self.settings.execution_timeout)
        self.loaders = Loaders(self.corpus)

    def renew(self, seconds: float | None = None) -> None:
        """A fresh deadline and fresh DataLoaders: for each message of a subscription, and for a write's longer limit."""
        self.deadline = Deadline.after(seconds if seconds is not None else self.settings.execution_timeout)
        self.loaders = Loaders(self.corpus)

    async def hold_read(self) -> None:
        """Take a share of the graph's read lock for the rest of the request (released by ``release_read``)."""
        if not self.reading:
            if not await self.corpus.lock.acquire_read_async(self.deadline.at):
                raise self.deadline.error()
            self.reading = True

    def release_read(self) -> None:
        if self.reading:
            self.reading = False
            self.corpus.lock.release_read()

    async def write(self, change: Callable[[], T]) -> T:
        """Make a change on the corpus's writer thread (one change at a time, in the order asked), without holding the read lock."""
        self.release_read()
        return await asyncio.wrap_future(self.corpus.writer.submit(change))

    @property
    def graph(self) -> KnowledgeGraph:
        return self.corpus.graph

    @property
    def settings(self) -> Settings:
        return self.corpus.settings

    def capped(self, items: Iterable[T]) -> list[T]:
        """The first ``max_list_items`` items of a plain list field (one without ``first``)."""
        return list(islice(items, self.settings.max_list_items))

    async def record(self, node_id: str) -> NodeRecord | None:
        return await self.loaders.records.load(node_id)

    async def records(self, node_ids: list[str]) -> list[NodeRecord | None]:
        return await self.loaders.records.load_many(node_ids)

    async def entity(self, entity_id: str | None, of_type: NodeType | None = None) -> Entity | None:
        """The entity with this id (or the one it was merged into); None for no id, no entity, or one of another type."""
        record = await self.record(entity_id) if entity_id else None
        if not isinstance(record, EntityRecord) or (of_type is not None and record.type is not of_type):
            return None
        return as_entity(record)

    async def person(self, entity_id: str | None) -> Person | None:
        return cast("Person | None", await self.entity(entity_id, NodeType.PERSON))

    async def place(self, entity_id: str | None) -> Place | None:
        return cast("Place | None", await self.entity(entity_id, NodeType.PLACE))

    async def organization(self, entity_id: str | None) -> Organization | None:
        return cast("Organization | None", await self.entity(entity_id, NodeType.ORGANIZATION))

    async def article(self, article_id: str) -> Article | None:
        record = await self.record(article_id)
        return as_article(record) if isinstance(record, ArticleRecord) else None

    async def search_text(self, query: str, limit: int) -> list[TextHit]:
        """Articles matching the words, from the store's full-text index."""
        self.check_words(query, "query")
        return await self._search(partial(self.corpus.store.search_text, query, limit, deadline=self.deadline.at))

    async def matching_articles(self, query: str) -> list[str]:
        """Ids of every article containing the words, from the store's full-text index."""
        self.check_words(query, "query")
        return await self._search(partial(self.corpus.store.matching_articles, query, deadline=self.deadline.at))

    async def search_quotes(self, text: str) -> list[str]:
        """Ids of the quotes containing the words, from the store's full-text index."""
        self.check_words(text, "textContains")
        return await self._search(partial(self.corpus.store.search_quotes, text, deadline=self.deadline.at))

    async def _search(self, call: Callable[[], T]) -> T:
        """A store search in a worker thread, stopped by the store itself at the request's deadline."""
        try:
            return await _in_thread(call)
        except SearchTimeout:
            raise self.deadline.error() from None

    def check_words(self, text: str, argument: str) -> None:
        """A GraphQL error when a search text has more words than a full-text query may."""
        words = len(text.split())
        if words > self.settings.max_search_terms:
            raise GraphQLError(f"`{argument}` has {words} words, the limit is {self.settings.max_search_terms}")


Info = strawberry.Info[Context, None]  # what resolvers receive as ``info``


async def _in_thread(call: Callable[[], T]) -> T:
    """Run a blocking store call in a worker thread, so the event loop keeps serving other requests."""
    return await anyio.to_thread.run_sync(call)
