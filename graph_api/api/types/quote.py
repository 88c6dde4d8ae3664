"""The ``Quote`` type: who said what, where."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from graph_api.api.context import Info
from graph_api.api.types.node import Node
from graph_api.api.types.registry import shows
from graph_api.model import NodeType, QuoteRecord

if TYPE_CHECKING:
    from graph_api.api.types.article import Article
    from graph_api.api.types.person import Person


@shows(NodeType.QUOTE)
@strawberry.type(description="A direct quotation from an article, with its speaker when one could be found.")
class Quote(Node):
    record: strawberry.Private[QuoteRecord]

    @strawberry.field(description="The quoted words, without the quotation marks.")
    def text(self) -> str:
        return self.record.text

    @strawberry.field(description="Who said it; null when no speaker could be attributed (never guessed).")
    async def speaker(self, info: Info) -> Annotated[Person, strawberry.lazy("graph_api.api.types.person")] | None:
        return await info.context.person(self.record.speaker_id)

    @strawberry.field(description="The article the quote appears in.")
    async def article(self, info: Info) -> Annotated[Article, strawberry.lazy("graph_api.api.types.article")] | None:
        return await info.context.article(self.record.article_id)

    @strawberry.field(description="Offset of the quote's first character in the article's text.")
    def start(self) -> int:
        return self.record.start

    @strawberry.field(description="Offset just past the quote's last character.")
    def end(self) -> int:
        return self.record.end

    @strawberry.field(description="Index of the sentence the quote starts in (0-based).")
    def sentence(self) -> int:
        return self.record.sentence

    @strawberry.field(description="True for scare quotes and quoted words inside a sentence (‘vernederende’), not quotations.")
    def fragment(self) -> bool:
        return self.record.fragment
