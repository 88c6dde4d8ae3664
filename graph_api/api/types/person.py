"""The ``Person`` type and the roles a person holds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from graph_api.api.types.entity import Entity
from graph_api.graph.model import RoleRecord

if TYPE_CHECKING:
    from graph_api.api.types.article import Article
    from graph_api.api.types.event import Event
    from graph_api.api.types.organization import Organization
    from graph_api.api.types.place import Place
    from graph_api.api.types.quote import Quote


@strawberry.type(description='A role an article gives a person: "de Russische president", "NAVO-chef".')
class Role:
    record: strawberry.Private[RoleRecord]

    @strawberry.field(description="The title as written, lower case: `president`, `minister van Defensie`, `gezant`.")
    def title(self) -> str:
        return self.record.title

    @strawberry.field(description='The country the role is of, when the article says ("de Russische president").')
    def country(self, info: strawberry.Info) -> Annotated[Place, strawberry.lazy("graph_api.api.types.place")] | None:
        from graph_api.api.convert import entity_by_id

        return entity_by_id(info.context.graph, self.record.country_id)  # type: ignore[return-value]

    @strawberry.field(description='The organisation the role is in, when the article says ("NAVO-chef").')
    def organization(self, info: strawberry.Info) -> Annotated[Organization, strawberry.lazy("graph_api.api.types.organization")] | None:
        from graph_api.api.convert import entity_by_id

        return entity_by_id(info.context.graph, self.record.organization_id)  # type: ignore[return-value]

    @strawberry.field(description="The article stating the role.")
    def article(self, info: strawberry.Info) -> Annotated[Article, strawberry.lazy("graph_api.api.types.article")] | None:
        from graph_api.api.convert import article_by_id

        return article_by_id(info.context.graph, self.record.article_id)

    @strawberry.field(description="Index of the sentence stating the role in its article.")
    def sentence(self) -> int:
        return self.record.sentence


@strawberry.type(description="A person named in the articles.")
class Person(Entity):
    @strawberry.field(description="Roles the articles give this person, one per article and title.")
    def roles(self, info: strawberry.Info) -> list[Role]:
        seen: set[tuple] = set()
        roles = []
        for role in info.context.graph.roles(self.record.id):
            key = (role.title, role.country_id, role.organization_id, role.article_id)
            if key not in seen:
                seen.add(key)
                roles.append(Role(record=role))
        return roles

    @strawberry.field(description="What this person is quoted as saying, in article order.")
    def quotes(self, info: strawberry.Info) -> list[Annotated[Quote, strawberry.lazy("graph_api.api.types.quote")]]:
        from graph_api.api.types.quote import Quote

        return [Quote(record=r) for r in info.context.graph.quotes_of_speaker(self.record.id)]

    @strawberry.field(description="Events this person takes part in, newest first.")
    def events(self, info: strawberry.Info) -> list[Annotated[Event, strawberry.lazy("graph_api.api.types.event")]]:
        from graph_api.api.types.event import Event

        return [Event(record=r) for r in info.context.graph.events_of_entity(self.record.id)]
