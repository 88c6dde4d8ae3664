"""The ``Person`` type and the roles a person holds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from graph_api.api.connection import After, Connection, First
from graph_api.api.context import Info
from graph_api.api.types.entity import Entity
from graph_api.api.types.pages import event_page, quote_page
from graph_api.api.types.registry import CAPPED, shows
from graph_api.model import NodeType, RoleRecord

if TYPE_CHECKING:
    from graph_api.api.types.article import Article
    from graph_api.api.types.event import Event
    from graph_api.api.types.organization import Organization
    from graph_api.api.types.place import Place
    from graph_api.api.types.quote import Quote


QuoteRef = Annotated["Quote", strawberry.lazy("graph_api.api.types.quote")]
EventRef = Annotated["Event", strawberry.lazy("graph_api.api.types.event")]


@strawberry.type(description='A role an article gives a person: "de Russische president", "NAVO-chef".')
class Role:
    record: strawberry.Private[RoleRecord]

    @strawberry.field(description="The title as written, lower case: `president`, `minister van Defensie`, `gezant`.")
    def title(self) -> str:
        return self.record.title

    @strawberry.field(description='The country the role is of, when the article says ("de Russische president").')
    async def country(self, info: Info) -> Annotated[Place, strawberry.lazy("graph_api.api.types.place")] | None:
        return await info.context.place(self.record.country_id)

    @strawberry.field(description='The organisation the role is in, when the article says ("NAVO-chef").')
    async def organization(self, info: Info) -> Annotated[Organization, strawberry.lazy("graph_api.api.types.organization")] | None:
        return await info.context.organization(self.record.organization_id)

    @strawberry.field(description="The article stating the role.")
    async def article(self, info: Info) -> Annotated[Article, strawberry.lazy("graph_api.api.types.article")] | None:
        return await info.context.article(self.record.article_id)

    @strawberry.field(description="Index of the sentence stating the role in its article.")
    def sentence(self) -> int:
        return self.record.sentence


@shows(NodeType.PERSON)
@strawberry.type(description="A person named in the articles.")
class Person(Entity):
    @strawberry.field(description="Roles the articles give this person, one per article and title." + CAPPED)
    def roles(self, info: Info) -> list[Role]:
        distinct: dict[tuple[str, str | None, str | None, str], RoleRecord] = {}
        for role in info.context.graph.roles(self.record.id):
            distinct.setdefault((role.title, role.country_id, role.organization_id, role.article_id), role)
        return [Role(record=r) for r in info.context.capped(distinct.values())]

    @strawberry.field(description="What this person is quoted as saying, in article order.")
    def quotes(self, info: Info, first: First = None, after: After = None) -> Connection[QuoteRef]:
        return quote_page(info.context, info.context.graph.quotes_of_speaker(self.record.id), first, after)

    @strawberry.field(description="Events this person takes part in, newest first.")
    def events(self, info: Info, first: First = None, after: After = None) -> Connection[EventRef]:
        return event_page(info.context, info.context.graph.events_of_entity(self.record.id), first, after)
