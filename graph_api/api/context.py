"""Per-request context: the corpus, the settings and this request's DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field

from strawberry.dataloader import DataLoader

from graph_api.corpus import Corpus
from graph_api.graph.knowledge_graph import KnowledgeGraph, Related
from graph_api.graph.model import ArticleRecord, EntityRecord
from graph_api.settings import Settings


def _loaders(graph: KnowledgeGraph) -> dict[str, DataLoader]:
    """One loader per relation; each batch resolves all keys of one execution step at once."""

    async def load_records(ids: list[str]) -> list[ArticleRecord | EntityRecord | None]:
        return [graph.record(i) for i in ids]

    async def load_article_ids(entity_ids: list[str]) -> list[list[str]]:
        return [graph.article_ids_of_entity(i) for i in entity_ids]

    async def load_entity_ids(article_ids: list[str]) -> list[list[str]]:
        return [graph.entity_ids_of_article(i) for i in article_ids]

    async def load_related(keys: list[tuple[str, int]]) -> list[list[Related]]:
        return [graph.related(entity_id, limit) for entity_id, limit in keys]

    return {
        "record": DataLoader(load_fn=load_records),
        "related": DataLoader(load_fn=load_related),
        "article_ids": DataLoader(load_fn=load_article_ids),
        "entity_ids": DataLoader(load_fn=load_entity_ids),
    }


@dataclass
class Context:
    """What every resolver sees as ``info.context``."""

    corpus: Corpus
    loaders: dict[str, DataLoader] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.loaders:
            self.loaders = _loaders(self.corpus.graph)

    @property
    def graph(self) -> KnowledgeGraph:
        return self.corpus.graph

    @property
    def settings(self) -> Settings:
        return self.corpus.settings

    async def record(self, node_id: str) -> ArticleRecord | EntityRecord | None:
        return await self.loaders["record"].load(node_id)

    async def records(self, node_ids: list[str]) -> list[ArticleRecord | EntityRecord | None]:
        return await self.loaders["record"].load_many(node_ids)
