"""The knowledge graph: a networkx MultiDiGraph of typed nodes and edges, and the indexes beside it.

Nodes are keyed by their global id (``article:…``, ``person:…``, ``place:…``, ``event:…``,
``quote:…``) and carry a ``record`` attribute; edges carry their relations (``graph.relations``).
The graph holds what queries need to be fast (ids, names, counts, adjacency); article texts and
mention lists stay in the store, read per request (``Corpus.bodies``, ``Corpus.mentions``). Every lookup the API makes goes through an index:
names (``NameIndex``), orders and positions (``Rankings``), events (``EventIndex``), quotes
(``QuoteIndex``) and entity resolution (``Resolver``); neighbours come from the graph's own
adjacency. Links between entities (co-mentions, shared events) live in the entity projection
(``projection()``), rebuilt per version; time in the article calendar and the timeline cache.
Nothing a request does scans all nodes. Readers use the methods of this class, and the
algorithms of ``graph.algorithms`` over its projection. Writers add and remove articles
(``add_article``, ``remove_article``) and apply editors' curations (``apply_curation``, see
``graph.curation``); every write makes a new version.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from graph_api.dates import PartialDate
from graph_api.graph.algorithms import Significance, ranked_co_mentions
from graph_api.graph.curation import CurationMemory, CurationResult, apply_curation, curated_facts, current_mentions
from graph_api.graph.events import EventIndex
from graph_api.graph.list_sizes import ListKind, ListSizes
from graph_api.graph.name_index import NameIndex
from graph_api.graph.projection import Incidence, Projection, Projections
from graph_api.graph.quotes import QuoteIndex
from graph_api.graph.rankings import Rankings
from graph_api.graph.relations import Mentioned, RelationGraph
from graph_api.graph.resolution import Resolver
from graph_api.graph.role_holders import RoleHolders
from graph_api.graph.timeline import ArticleCalendar, Bucket, Dated, Interval, TimelineCache, Trend, bucketed, trends
from graph_api.model import (
    ENTITY_TYPES,
    ArticleFacts,
    ArticleRecord,
    Curation,
    EdgeType,
    EntityRecord,
    EntityRef,
    EventMention,
    EventRecord,
    EventType,
    Mention,
    MentionKind,
    NodeRecord,
    NodeType,
    QuoteMention,
    QuoteRecord,
    RoleRecord,
    StoredArticle,
)
from graph_api.names import name_key

_DERIVED = ("rankings", "projections", "timelines", "version")  # rebuilt after a snapshot is loaded
_VERSIONS = itertools.count(1)  # process-wide, so a rebuilt graph never reuses an old graph's version
PLURALS = {
    NodeType.ARTICLE: "articles", NodeType.PERSON: "people", NodeType.PLACE: "places",
    NodeType.ORGANIZATION: "organizations", NodeType.EVENT: "events", NodeType.QUOTE: "quotes",
}  # fmt: skip


@dataclass(frozen=True)
class Related:
    """An entity co-mentioned with another, in how many articles, and its score under the measure asked for."""

    entity: EntityRecord
    weight: int
    score: float


def date_sort_key(date: PartialDate | None) -> tuple[int, int, int]:
    """Newest first when sorted ascending; undated last."""
    if date is None:
        return (1, 0, 0)
    year, month, day = date.sort_key()
    return (0, -year, -(month * 100 + day))


class KnowledgeGraph:
    """Typed nodes and edges over networkx, with the indexes the API needs."""

    def __init__(self) -> None:
        self._graph = RelationGraph()
        self._ids_by_type: dict[NodeType, dict[str, None]] = defaultdict(dict)  # dicts as ordered sets: removal without a scan
        self._article_counts: Counter[str] = Counter()
        self._roles: dict[str, list[RoleRecord]] = defaultdict(list)
        self._roles_of_article: dict[str, list[RoleRecord]] = {}
        self._role_refs: Counter[str] = Counter()  # entity → roles naming it as their country or organisation
        self.role_holders = RoleHolders()
        self._canonical: dict[str, str] = {}  # extracted entity id → the entity it is now
        self._members: dict[str, set[str]] = defaultdict(set)  # entity → extracted ids resolved to it
        self._refs: dict[str, EntityRef] = {}
        self._ref_counts: Counter[str] = Counter()  # extracted id → articles that extracted it
        self.curations = CurationMemory()
        self.names = NameIndex()
        self.resolver = Resolver()
        self.events = EventIndex(self.canonical_id)
        self.quotes = QuoteIndex(self.canonical_id)
        self.rankings = self._new_rankings()
        self.list_sizes = ListSizes()
        self.projections = Projections(self._incidence, lambda: self.version)
        self.timelines = TimelineCache()
        self.version = next(_VERSIONS)  # changes with every change, so caches of answers know when to let go

    def _new_rankings(self) -> Rankings:
        return Rankings(self._rank, self._mentioning_articles, {NodeType.ARTICLE: self._article_key, NodeType.QUOTE: self._quote_key})

    def __getstate__(self) -> dict[str, Any]:
        """What a snapshot keeps: everything but the caches made from it (see ``graph.snapshot``), and the entity projection
        and the article and quote orders when they were built (a restart would otherwise spend seconds building them before
        the first answer that needs them: sorting a million articles takes several)."""
        state = {key: value for key, value in self.__dict__.items() if key not in _DERIVED}
        state["projection"] = self.projections.current
        state["orders"] = self.rankings.kept_orders()
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        projection = state.pop("projection", None)
        orders = state.pop("orders", {})
        self.__dict__.update(state)
        self.rankings = self._new_rankings()
        self.rankings.adopt(orders)
        self.version = next(_VERSIONS)
        self.projections = Projections(self._incidence, lambda: self.version)
        self.projections.adopt(projection, current=True)
        self.timelines = TimelineCache()

    # ---- building -------------------------------------------------------------------------

    def add_article(self, stored: StoredArticle) -> None:
        """Add an article: resolve its entities, add its mentions, roles, events and quotes, and all their edges.

        Earlier curations hold against it (see ``graph.curation``): a rejected name makes no entity or mention,
        a merged or re-keyed id resolves to the curated entity, a split alias goes to the entity split off."""
        article = stored.record
        if article.id in self._graph:
            return
        self._add_node(article.id, NodeType.ARTICLE, article)
        entities = self.curations.accepted(stored.facts.entities)
        self._ref_counts.update({e.id for e in entities})  # first, so that removing a half-added article releases exactly these
        for entity in entities:
            self._resolve(entity)
        facts = curated_facts(self, stored.facts, entities)
        self._add_mentions(article.id, facts.mentions)
        for role in facts.roles:
            self._add_role(article, role)
        for event in facts.events:
            self._add_event(article, event)
        for quote in facts.quotes:
            self._add_quote(article, quote)
        self._observe_list_sizes(article, facts)
        self.version = next(_VERSIONS)
        quotes = [quote for quote, _ in self._graph.targets(article.id, EdgeType.CONTAINS)]
        self.rankings.article_added(article.id, quotes, [entity for entity, _ in self._graph.targets(article.id, EdgeType.MENTIONS)])

    def _add_node(self, node_id: str, node_type: NodeType, record: NodeRecord) -> None:
        self._graph.add_node(node_id, type=node_type, record=record)
        self._ids_by_type[node_type][node_id] = None

    def _add_mentions(self, article_id: str, mentions: list[Mention]) -> None:
        """Add an article's mentions; all or none (an unknown entity raises before anything changes)."""
        by_entity: dict[str, list[Mention]] = defaultdict(list)
        for mention in mentions:
            by_entity[self.canonical_id(mention.entity_id)].append(mention)
        records: dict[str, EntityRecord] = {}
        for entity_id in by_entity:
            record = self.entity(entity_id)
            if record is None:
                raise ValueError(f"{article_id}: a mention of {entity_id}, an entity the article does not name")
            records[entity_id] = record
        self._article_counts.update(by_entity.keys())
        for entity_id, found in by_entity.items():
            names = [m.text for m in sorted(found, key=lambda m: m.start) if m.kind is MentionKind.NAME]
            self._graph.relate(article_id, entity_id, EdgeType.MENTIONS, Mentioned.of(len(found), names))
            record = records[entity_id]
            record.mention_count += len(found)
            for mention in found:
                if mention.kind is MentionKind.NAME:
                    seen = record.aliases.get(mention.text, 0)
                    record.aliases[mention.text] = seen + 1
                    if not seen:
                        self.names.add(mention.text, entity_id)

    def _add_role(self, article: ArticleRecord, role: RoleRecord) -> None:
        self._roles[self.canonical_id(role.person_id)].append(role)
        self.role_holders.add(role, article.published)
        self._roles_of_article.setdefault(article.id, []).append(role)
        for entity_id in (role.country_id, role.organization_id):
            if entity_id:
                self._role_refs[self.canonical_id(entity_id)] += 1

    def _add_event(self, article: ArticleRecord, mention: EventMention) -> None:
        event, created = self.events.add(article, mention)
        if created:
            self._add_node(event.id, NodeType.EVENT, event)
        self._graph.relate(article.id, event.id, EdgeType.REPORTS)
        self._link_event(event)

    def _link_event(self, event: EventRecord) -> None:
        """The INVOLVES and LOCATED_IN edges of an event's participants and place."""
        for entity_id, role in event.participants.items():
            if entity_id in self._graph:
                self._graph.relate(event.id, entity_id, EdgeType.INVOLVES, role)
        if event.place_id and event.place_id in self._graph:
            self._graph.relate(event.id, event.place_id, EdgeType.LOCATED_IN)

    def _add_quote(self, article: ArticleRecord, mention: QuoteMention) -> None:
        quote = self.quotes.add(article, mention)
        self._add_node(quote.id, NodeType.QUOTE, quote)
        self._graph.relate(article.id, quote.id, EdgeType.CONTAINS)
        if quote.speaker_id and quote.speaker_id in self._graph:
            self._graph.relate(quote.id, quote.speaker_id, EdgeType.SAID_BY)

    def _observe_list_sizes(self, article: ArticleRecord, facts: ArticleFacts) -> None:
        """Record the lengths of the lists this article made or grew (see ``ListSizes``)."""
        sizes = self.list_sizes
        sizes.observe(ListKind.ARTICLE_MENTIONS, len(facts.mentions))
        sizes.observe(ListKind.ARTICLE_ENTITIES, len(self.entity_ids_of_article(article.id)))
        sizes.observe(ListKind.ARTICLE_EVENTS, len(self.events_of_article(article.id)))
        sizes.observe(ListKind.ARTICLE_QUOTES, len(facts.quotes))
        sizes.observe(ListKind.ARTICLE_REMOVED_LINES, article.removed_lines)
        if article.published is not None:
            sizes.observe_date(article.published.first_day())
            sizes.observe_date(article.published.last_day())
        for entity_id in {self.canonical_id(m.entity_id) for m in facts.mentions}:
            record = self.entity(entity_id)
            sizes.observe(ListKind.ENTITY_ALIASES, len(record.aliases) if record else 0)
            sizes.observe(ListKind.ENTITY_EVENTS, self.events.count_of_entity(entity_id))
            sizes.observe(ListKind.PERSON_QUOTES, self.quotes.count_of_speaker(entity_id))
            sizes.observe(ListKind.PERSON_ROLES, len(self._roles.get(entity_id, ())))
        for event in self.events_of_article(article.id):
            sizes.observe(ListKind.EVENT_PARTICIPANTS, len(event.participants))
            sizes.observe(ListKind.EVENT_ARTICLES, len(event.article_ids))
            sizes.observe(ListKind.EVENT_EVIDENCE, len(event.evidence))

    def _changed(self) -> None:
        self.version = next(_VERSIONS)
        self.rankings.invalidate()

    # ---- removal ---------------------------------------------------------------------------

    def remove_article(self, stored: StoredArticle) -> set[str]:
        """Take an article out, the inverse of ``add_article``; returns the ids of the entities whose data changed or that are gone.

        Its mentions, roles, quotes and event reports go; an event is recomputed from the reports left, or goes
        with its last one; an entity no article refers to any more goes. A partly added article (``add_article``
        raised) is taken out as far as it got. Known limits: resolution merges the article caused (its full name
        absorbing the lone surname of other articles, say) are not undone, and events keep their clustering (a
        report that joined an event through the removed article's participants stays in it).
        """
        article = self.article(stored.record.id)
        if article is None or self.node_type(article.id) is not NodeType.ARTICLE:
            return set()
        touched = self._remove_mentions(article.id)
        touched |= self._remove_roles(article)
        touched |= self._remove_quotes(article.id)
        touched |= self._remove_reports(article.id)
        self._graph.remove_node(article.id)
        self._ids_by_type[NodeType.ARTICLE].pop(article.id, None)
        touched |= self._release_refs(stored.facts.entities)
        changed = {entity_id for entity_id in touched if self._is_entity(entity_id)}
        for entity_id in sorted(changed):
            if self._unreferenced(entity_id):
                self._remove_entity(entity_id)
                self.curations.forget(entity_id)
        self._changed()
        return changed

    def remove_article_by_id(self, article_id: str, extracted: Iterable[EntityRef] = ()) -> set[str]:
        """``remove_article`` for an article gone from the store (another process deleted it), given the entities its
        extraction named (the change log keeps them); without them its extracted ids keep resolving as they did."""
        record = self.article(article_id)
        return self.remove_article(StoredArticle(record, ArticleFacts(entities=list(extracted)))) if record is not None else set()

    def _remove_mentions(self, article_id: str) -> set[str]:
        touched: set[str] = set()
        for entity_id, mentioned in list(self._graph.targets(article_id, EdgeType.MENTIONS)):
            touched.add(entity_id)
            self._article_counts[entity_id] -= 1
            if self._article_counts[entity_id] <= 0:
                del self._article_counts[entity_id]
            if record := self.entity(entity_id):
                record.mention_count -= mentioned.times
                for name in mentioned.names:
                    self._drop_alias(record, name)
        return touched

    def _drop_alias(self, record: EntityRecord, alias: str) -> None:
        """One mention by this alias fewer; an alias no mention is left of goes, and its name with it unless the entity keeps it."""
        count = record.aliases.get(alias, 0) - 1
        if count > 0:
            record.aliases[alias] = count
            return
        record.aliases.pop(alias, None)
        if name_key(alias) not in self._name_keys(record):
            self.names.remove(alias, record.id)

    @staticmethod
    def _name_keys(record: EntityRecord) -> set[str]:
        """The name keys an entity is known by whatever its mentions: its name, its GeoNames name, its aliases."""
        keys = {name_key(record.name), *map(name_key, record.aliases)}
        if record.place is not None:
            keys.add(name_key(record.place.name))
        return keys

    def _remove_roles(self, article: ArticleRecord) -> set[str]:
        touched: set[str] = set()
        for role in self._roles_of_article.pop(article.id, []):
            touched.update(self._remove_role(role, article.published))
        return touched

    def _remove_role(self, role: RoleRecord, published: PartialDate | None) -> list[str]:
        """Take one role statement out of the person's roles, the role holders and the references; returns the entities it named."""
        person = self.canonical_id(role.person_id)
        roles = self._roles.get(person, [])
        if role in roles:
            roles.remove(role)
            if not roles:
                del self._roles[person]
        self.role_holders.remove(role, published)
        named = [person]
        for entity_id in (role.country_id, role.organization_id):
            if entity_id and self._role_refs.get(referred := self.canonical_id(entity_id), 0) > 0:
                self._role_refs[referred] -= 1
                if not self._role_refs[referred]:
                    del self._role_refs[referred]
                named.append(referred)
        return named

    def _drop_roles(self, person_id: str) -> None:
        """A person's roles go (it is no person)."""
        for role in list(self._roles.get(person_id, [])):
            record = self.article(role.article_id)
            self._remove_role(role, record.published if record else None)
            stated = self._roles_of_article.get(role.article_id, [])
            if role in stated:
                stated.remove(role)

    def _remove_quotes(self, article_id: str) -> set[str]:
        quotes = self.quotes.remove_article(article_id)
        for quote in quotes:
            if quote.id in self._graph:
                self._graph.remove_node(quote.id)
            self._ids_by_type[NodeType.QUOTE].pop(quote.id, None)
        return {quote.speaker_id for quote in quotes if quote.speaker_id}

    def _remove_reports(self, article_id: str) -> set[str]:
        """Take an article's event reports out; returns the entities of the events they were in."""
        touched: set[str] = set()
        for event in self.events.of_article(article_id):
            touched |= self._event_members(event)
        gone, kept = self.events.remove_article(article_id)
        for event in gone:
            if event.id in self._graph:
                self._graph.remove_node(event.id)
            self._ids_by_type[NodeType.EVENT].pop(event.id, None)
        for former_id, event in kept:
            self._relink_event(former_id, event)
        return touched

    def _relink_event(self, former_id: str, event: EventRecord) -> None:
        """Make an event's node and edges match its recomputed record (its id may have changed)."""
        if former_id != event.id:
            if former_id in self._graph:
                self._graph.remove_node(former_id)
            self._ids_by_type[NodeType.EVENT].pop(former_id, None)
            self._add_node(event.id, NodeType.EVENT, event)
            for article_id in event.article_ids:
                if article_id in self._graph:
                    self._graph.relate(article_id, event.id, EdgeType.REPORTS)
        else:
            for relation in (EdgeType.INVOLVES, EdgeType.LOCATED_IN):
                for target, _ in list(self._graph.targets(event.id, relation)):
                    self._graph.unrelate(event.id, target, relation)
        self._link_event(event)

    def _release_refs(self, entities: list[EntityRef]) -> set[str]:
        """The article's extracted ids are extracted by one article fewer; an id none extracts any more stops resolving to another entity."""
        touched: set[str] = set()
        for entity_id in dict.fromkeys(e.id for e in self.curations.accepted(entities)):
            touched.add(canonical := self.canonical_id(entity_id))
            left = self._ref_counts.pop(entity_id, 0) - 1
            if left > 0:
                self._ref_counts[entity_id] = left
            elif canonical != entity_id:
                del self._canonical[entity_id]
                self._members[canonical].discard(entity_id)
        return touched

    def _is_entity(self, node_id: str) -> bool:
        return self.node_type(node_id) in ENTITY_TYPES

    def _unreferenced(self, entity_id: str) -> bool:
        """Whether no article refers to an entity any more: no mention, event, quote or role."""
        return not (
            self._article_counts.get(entity_id)
            or self.events.of_entity(entity_id)
            or self.quotes.of_speaker(entity_id)
            or self._roles.get(entity_id)
            or self._role_refs.get(entity_id)
        )

    def _remove_entity(self, entity_id: str) -> None:
        """An entity's node and every index entry of it go (its edges with the node)."""
        record = self.entity(entity_id)
        assert record is not None and record.id == entity_id, entity_id
        self._graph.remove_node(entity_id)
        del self._ids_by_type[record.type][entity_id]
        self.names.forget(entity_id)
        self.resolver.forget(entity_id, self._refs.pop(entity_id, EntityRef(entity_id, record.type, record.name)))
        for member in self._members.pop(entity_id, {entity_id}):
            if self._canonical.get(member) == entity_id:
                del self._canonical[member]
            self._ref_counts.pop(member, None)
        self._article_counts.pop(entity_id, None)
        self._roles.pop(entity_id, None)
        self._role_refs.pop(entity_id, None)

    # ---- curation -----------------------------------------------------------------------------

    def apply_curation(self, curation: Curation, strict: bool = True) -> CurationResult:
        """Apply an editor's correction (see ``graph.curation``); raises ``CurationError`` when it cannot apply,
        or, with ``strict=False`` (replaying the log), skips it and returns no entity and no change."""
        result = apply_curation(self, curation, strict)
        if result.entity is not None:
            self.list_sizes.observe(ListKind.ENTITY_HISTORY, len(self.history(result.entity.id)))
        self.list_sizes.observe(ListKind.CURATION_SOURCES, len(curation.sources))
        return result

    def history(self, entity_id: str) -> list[Curation]:
        """The curations that concern an entity, in the order they were applied."""
        return self.curations.history(self.canonical_id(entity_id))

    # ---- entity resolution ---------------------------------------------------------------

    def canonical_id(self, entity_id: str) -> str:
        """The entity an extracted id was resolved or merged into (itself when it was not)."""
        return self._canonical.get(entity_id, entity_id)

    def _resolve(self, entity: EntityRef) -> str:
        """Map an extracted entity to an existing one, or create it (absorbing what it resolves)."""
        if entity.id in self._canonical:
            return self._canonical[entity.id]
        target = self._match(entity)
        if target is not None:
            self._canonical[entity.id] = target
            self._members[target].add(entity.id)
            return target
        self._create_entity(entity)
        for absorbed in self._absorbable(entity):
            self._merge(absorbed, entity.id)
        return entity.id

    def _create_entity(self, entity: EntityRef) -> EntityRecord:
        """A new entity node, indexed by name and for resolution."""
        record = EntityRecord(entity.id, entity.type, entity.name, entity.place)
        self._add_node(entity.id, entity.type, record)
        self._canonical[entity.id] = entity.id
        self._members[entity.id] = {entity.id}
        self._refs[entity.id] = entity
        self.names.add(entity.name, entity.id)
        if entity.place is not None:
            self.names.add(entity.place.name, entity.id)
        self.resolver.register(entity)
        return record

    def known_person(self, name: str) -> str | None:
        """The one person already in the graph that a lone surname or a full name refers to."""
        person = self.resolver.match_person(name)
        return self.canonical_id(person) if person is not None else None

    def _match(self, entity: EntityRef) -> str | None:
        if entity.type is NodeType.PERSON:
            return self.resolver.match_person(entity.name)
        linked = entity.place is not None and entity.place.geoname_id is not None
        if linked:
            return None
        if " " not in entity.name.strip() and not entity.name.isupper():
            person = self.resolver.match_person(entity.name)
            if person is not None:
                return person
        return self.resolver.match_acronym(entity.name)

    def _absorbable(self, entity: EntityRef) -> list[str]:
        """Entities created earlier that turn out to be this new one; never one an editor curated (curation beats extraction)."""
        if entity.type is NodeType.PERSON:
            found = self.resolver.surnames_to_absorb(entity.id)
            if self.resolver.owns_surname(entity.id) or " " not in entity.name.strip():
                surname = entity.name.split()[-1]
                found += [e.id for e in self.find_entities(surname) if e.type is not NodeType.PERSON and self._unlinked(e) and not e.name.isupper()]
        else:
            found = self.resolver.acronyms_to_absorb(entity)
        return [i for i in dict.fromkeys(found) if i != entity.id and not self.curations.history(i)]

    @staticmethod
    def _unlinked(record: EntityRecord) -> bool:
        return record.place is None or record.place.geoname_id is None

    def _merge(self, source: str, target: str) -> None:
        """Fold entity ``source`` into ``target``: mentions, aliases, roles, names, events, quotes and co-mentions."""
        source_record, target_record = self.entity(source), self.entity(target)
        if source_record is None or target_record is None or source == target:
            return
        for node, relations in self._graph.incoming(source):
            for relation, value in relations.items():
                if relation in (EdgeType.INVOLVES, EdgeType.LOCATED_IN, EdgeType.SAID_BY):
                    self._graph.relate(node, target, relation, value)
                elif relation == EdgeType.MENTIONS:
                    self._move_mentions(node, target, value)
        self.events.merge_entity(source, target)
        self.quotes.merge_speaker(source, target)
        target_record.mention_count += source_record.mention_count
        for alias, count in source_record.aliases.items():
            target_record.aliases[alias] = target_record.aliases.get(alias, 0) + count
        self._roles[target].extend(self._roles.pop(source, []))
        if role_refs := self._role_refs.pop(source, 0):
            self._role_refs[target] += role_refs
        self.names.move(source, target)
        for member in self._members.pop(source, {source}):
            self._canonical[member] = target
            self._members[target].add(member)
        self.resolver.forget(source, self._refs.pop(source))
        self.curations.moved(source, target)
        self._graph.remove_node(source)
        del self._ids_by_type[source_record.type][source]
        self._article_counts.pop(source, None)
        self._changed()

    def _move_mentions(self, article_id: str, target: str, mentioned: Mentioned) -> None:
        existing: Mentioned | None = self._graph.relation(article_id, target, EdgeType.MENTIONS)
        if existing is None:
            self._article_counts[target] += 1
        self._graph.relate(article_id, target, EdgeType.MENTIONS, existing.plus(mentioned) if existing else mentioned)

    # ---- orders ---------------------------------------------------------------------------

    def _rank(self, node_type: NodeType) -> list[str]:
        """Ids of one type in their stable order: articles newest first, events most reported first,
        quotes in article order, entities by article count."""
        ids = self._ids_by_type.get(node_type, {})
        if node_type is NodeType.ARTICLE:
            return sorted(ids, key=self._article_sort_key, reverse=True)
        if node_type is NodeType.EVENT:
            events = [e for e in map(self.events.get, ids) if e is not None]
            return [e.id for e in sorted(events, key=lambda e: (-len(e.article_ids), date_sort_key(e.date), e.id))]
        if node_type is NodeType.QUOTE:
            return sorted(ids, key=self._quote_sort_key, reverse=True)
        return sorted(ids, key=lambda i: (-self.article_count(i), -self._mention_count(i), self._name_key(i)))

    def _article_key(self, article_id: str) -> tuple[tuple[int, int, int], str] | None:
        """What orders articles (highest first): the date published, then the id; None for an id that is no article here."""
        data = self._graph.node_data.get(article_id)
        if data is None or data["type"] is not NodeType.ARTICLE:
            return None
        return self._article_sort_key(article_id)

    def _article_sort_key(self, article_id: str) -> tuple[tuple[int, int, int], str]:
        published = self._graph.node_data[article_id]["record"].published
        return (published.sort_key() if published else (0, 0, 0), article_id)

    def _quote_key(self, quote_id: str) -> tuple[tuple[tuple[int, int, int], str], int] | None:
        """What orders quotes (highest first): their article's key, then where they start in it, the first highest; None for
        an id that is no quote here."""
        return self._quote_sort_key(quote_id) if self.quotes.get(quote_id) is not None else None

    def _quote_sort_key(self, quote_id: str) -> tuple[tuple[tuple[int, int, int], str], int]:
        quote = self.quotes.get(quote_id)
        assert quote is not None, quote_id
        return (self._article_sort_key(quote.article_id), -quote.start)

    def _mention_count(self, entity_id: str) -> int:
        record = self.entity(entity_id)
        return record.mention_count if record else 0

    def _name_key(self, entity_id: str) -> str:
        record = self.entity(entity_id)
        return name_key(record.name) if record else ""

    def _mentioning_articles(self, entity_id: str) -> set[str]:
        if entity_id not in self._graph:
            return set()
        return {source for source, _ in self._graph.sources(entity_id, EdgeType.MENTIONS)}

    def build_orders(self) -> None:
        """Build the orders a snapshot keeps (articles and quotes), so a restart does not sort them before its first answer."""
        self.rankings.ids(NodeType.ARTICLE)
        self.rankings.ids(NodeType.QUOTE)

    def ids(self, node_type: NodeType) -> list[str]:
        """Ids of one type in a stable order: articles newest first, entities by article count."""
        return self.rankings.ids(node_type)

    def position(self, node_type: NodeType, node_id: str) -> int | None:
        """Where a node stands in ``ids(node_type)``; None when it is not there."""
        return self.rankings.position(node_type, node_id)

    def position_among_articles(self, article_ids: list[str], article_id: str) -> int | None:
        """Where an article stands in a list ordered like ``ids(ARTICLE)``."""
        return self.rankings.position_among_articles(article_ids, article_id)

    def count(self, node_type: NodeType) -> int:
        return len(self._ids_by_type.get(node_type, {}))

    # ---- lookups --------------------------------------------------------------------------

    def node_type(self, node_id: str) -> NodeType | None:
        data = self._graph.node_data.get(node_id)
        return data["type"] if data else None

    def record(self, node_id: str) -> NodeRecord | None:
        """The record of any node; an id merged into another entity gives that entity."""
        nodes = self._graph.node_data
        data = nodes.get(node_id) or nodes.get(self._canonical.get(node_id, node_id))
        return data["record"] if data else None

    def article(self, article_id: str) -> ArticleRecord | None:
        record = self.record(article_id)
        return record if isinstance(record, ArticleRecord) else None

    def entity(self, entity_id: str) -> EntityRecord | None:
        record = self.record(entity_id)
        return record if isinstance(record, EntityRecord) else None

    def event(self, event_id: str) -> EventRecord | None:
        return self.events.get(event_id)

    def quote(self, quote_id: str) -> QuoteRecord | None:
        return self.quotes.get(quote_id)

    def curated_mentions(self, article_id: str, extracted: list[Mention]) -> list[Mention]:
        """An article's mentions as the store keeps them (as extracted), with the entity each names now: merges,
        splits and rejections applied, in text order. The graph keeps only counts and names per entity."""
        return current_mentions(self, article_id, extracted)

    def entity_ids_of_article(self, article_id: str) -> list[str]:
        """Entities an article mentions, most mentioned first."""
        edges = [(target, mentioned.times) for target, mentioned in self._graph.targets(article_id, EdgeType.MENTIONS)]
        return [target for target, _ in sorted(edges, key=lambda e: (-e[1], e[0]))]

    def article_ids_of_entity(self, entity_id: str) -> list[str]:
        """Articles mentioning an entity, newest first."""
        return self.rankings.article_ids_of_entity(self.canonical_id(entity_id))

    def events_of_type(self, event_type: EventType) -> list[EventRecord]:
        return self.events.of_type(event_type)

    def events_of_article(self, article_id: str) -> list[EventRecord]:
        return self.events.of_article(article_id)

    def events_of_entity(self, entity_id: str) -> list[EventRecord]:
        """Events an entity takes part in or that happened at a place, newest first."""
        return sorted(self.events.of_entity(entity_id), key=lambda e: (date_sort_key(e.date), e.id))

    def quotes_of_article(self, article_id: str) -> list[QuoteRecord]:
        return self.quotes.of_article(article_id)

    def quotes_of_speaker(self, person_id: str) -> list[QuoteRecord]:
        return self.quotes.of_speaker(person_id)

    def role_holder(self, title: str, country_id: str | None, at: PartialDate | None) -> str | None:
        """The person the graph knows in a role (title, country) at a date, if it knows one."""
        return self.role_holders.holder(title, country_id, at, self.canonical_id)

    def roles(self, person_id: str) -> list[RoleRecord]:
        """Roles stated for a person, in the order their articles were ingested."""
        return self._roles.get(self.canonical_id(person_id), [])

    def article_count(self, entity_id: str) -> int:
        return self._article_counts.get(self.canonical_id(entity_id), 0)

    def related(self, entity_id: str, limit: int, by: Significance = Significance.COUNT) -> list[Related]:
        """Entities co-mentioned with this one, best first under the measure (ranked once per projection)."""
        projection = self.projection()
        key = ("related", self.canonical_id(entity_id), by)
        ranked = projection.cache.get(key)
        if ranked is None:
            ranked = projection.cache[key] = ranked_co_mentions(projection, key[1], by, self.article_count, self.count(NodeType.ARTICLE))
        return [Related(record, s.shared, s.score) for s in ranked[:limit] if (record := self.entity(s.entity_id))]

    def _best_known(self, ids: Iterable[str]) -> list[EntityRecord]:
        records = [r for r in map(self.entity, ids) if r is not None]
        return sorted(records, key=lambda r: (-self.article_count(r.id), -r.mention_count, r.id))

    def find_entities(self, name: str) -> list[EntityRecord]:
        """Entities whose name or an alias has this key, most mentioned first; else the one
        person the name fits by surname or spelling (``Zelensky`` finds ``Volodymyr Zelenski``)."""
        ids = self.names.find(name)
        if not ids and (person := self.resolver.match_person(name)):
            ids = {person}
        return self._best_known(ids)

    def search_entities(self, query: str, limit: int) -> list[EntityRecord]:
        """Entities with a name or alias starting with the query (by key), exact names first, then best known."""
        exact = name_key(query)
        records = self._best_known(self.names.with_prefix(query, limit * 4))
        records.sort(key=lambda r: name_key(r.name) != exact)  # stable: best known within each group
        return records[:limit]

    # ---- links and time ---------------------------------------------------------------------

    def projection(self) -> Projection:
        """The entity projection (co-mentions and shared events) of this version, or of a recent one in the server."""
        return self.projections.latest()

    def _incidence(self) -> Incidence:
        entities = {entity_id: kind for kind in ENTITY_TYPES for entity_id in self._ids_by_type.get(kind, {})}
        articles = [self._mentioned_ids(article_id) for article_id in self._ids_by_type.get(NodeType.ARTICLE, {})]
        events = [self._event_members(e) for e in map(self.events.get, self._ids_by_type.get(NodeType.EVENT, {})) if e is not None]
        return Incidence(entities, articles, events)

    def _mentioned_ids(self, article_id: str) -> list[str]:
        return [target for target, _ in self._graph.targets(article_id, EdgeType.MENTIONS)]

    def _event_members(self, event: EventRecord) -> set[str]:
        members = {self.canonical_id(i) for i in event.participants}
        if event.place_id:
            members.add(self.canonical_id(event.place_id))
        return members

    def shared_articles(self, source: str, target: str) -> list[str]:
        """Articles naming both entities or reporting an event both take part in, newest first."""
        source, target = self.canonical_id(source), self.canonical_id(target)
        small, large = sorted((source, target), key=self.article_count)
        found = {a for a in self.article_ids_of_entity(small) if self._graph.relation(a, large, EdgeType.MENTIONS)}
        for event in self.events.of_entity(small):
            if large in self._event_members(event):
                found.update(event.article_ids)
        return sorted(found, key=lambda a: self.position(NodeType.ARTICLE, a) or 0)

    def shared_events(self, source: str, target: str) -> list[EventRecord]:
        """Events both entities take part in (a place: where it happened), newest first."""
        source, target = self.canonical_id(source), self.canonical_id(target)
        small, large = sorted((source, target), key=lambda e: len(self.events.of_entity(e)))
        return [e for e in self.events_of_entity(small) if large in self._event_members(e)]

    def mentions_entity(self, article_id: str, entity_id: str) -> bool:
        return self._graph.relation(article_id, self.canonical_id(entity_id), EdgeType.MENTIONS) is not None

    def mention_counts(self, article_id: str) -> Iterator[tuple[str, int]]:
        """(entity, number of mentions) for every entity an article names."""
        for target, mentioned in self._graph.targets(article_id, EdgeType.MENTIONS):
            yield target, mentioned.times

    def calendar(self) -> ArticleCalendar:
        """The dated articles in date order (built once per version)."""
        return self.timelines.calendar(self.version, self._article_dates)

    def trending(self, start: date, end: date, node_type: NodeType | None, deadline: float | None = None) -> list[Trend]:
        """Entities (of one type, or all) whose share of mentions grew most from the window before to ``start``–``end``,
        largest growth first; counted once per graph version. TimeoutError past ``deadline``."""
        calendar = self.calendar()

        def count() -> list[Trend]:
            return trends(calendar, self.mention_counts, start, end, lambda i: node_type is None or self.node_type(i) is node_type, deadline)

        return self.timelines.trends(self.version, (start, end, node_type), count)

    def _article_dates(self) -> Iterator[tuple[str, PartialDate]]:
        for article_id in self._ids_by_type.get(NodeType.ARTICLE, {}):
            record = self.article(article_id)
            if record is not None and record.published is not None:
                yield article_id, record.published

    def entity_timeline(self, entity_id: str, interval: Interval) -> dict[date, Bucket]:
        """An entity's non-empty buckets: its articles and mentions, its dated events and its quotes."""
        entity_id = self.canonical_id(entity_id)
        return self.timelines.buckets(self.version, (entity_id, interval), lambda: self._entity_buckets(entity_id, interval))

    def _entity_buckets(self, entity_id: str, interval: Interval) -> dict[date, Bucket]:
        articles = [
            Dated(a, record.published, self._graph.relation(a, entity_id, EdgeType.MENTIONS).times)
            for a in self.article_ids_of_entity(entity_id)
            if (record := self.article(a)) is not None and record.published is not None
        ]
        events = [Dated(e.id, e.date) for e in self.events_of_entity(entity_id) if e.date is not None]
        return bucketed(reversed(articles), reversed(events), self._dated_quotes(self.quotes_of_speaker(entity_id)), interval)

    def articles_timeline(self, article_ids: Iterable[str], interval: Interval) -> dict[date, Bucket]:
        """The buckets of a set of articles (a text's matches): articles, the events they report and their quotes."""
        records = sorted((r for r in map(self.article, article_ids) if r is not None and r.published is not None), key=lambda r: r.published or 0)
        articles = [Dated(r.id, r.published) for r in records if r.published is not None]
        events = [Dated(e.id, r.published) for r in records if r.published is not None for e in self.events_of_article(r.id)]
        quotes = [q for r in records for q in self.quotes_of_article(r.id) if not q.fragment]
        counted = [Dated(a.id, a.when, 1) for a in articles]
        return bucketed(counted, _unique(events), self._dated_quotes(quotes), interval)

    def _dated_quotes(self, quotes: Iterable[QuoteRecord]) -> list[Dated]:
        found = []
        for quote in quotes:
            record = self.article(quote.article_id)
            if not quote.fragment and record is not None and record.published is not None:
                found.append(Dated(quote.id, record.published))
        return found

    def networkx_view(self) -> nx.DiGraph[str]:
        """The whole graph as a read-only networkx view (for benchmarks against naive networkx code)."""
        view: nx.DiGraph[str] = self._graph.copy(as_view=True)
        return view

    def stats(self) -> dict[str, int]:
        """Counts keyed as the API names them: articles, people, places, … nodes, edges."""
        counts = {PLURALS[t]: self.count(t) for t in NodeType}
        counts["nodes"] = self._graph.number_of_nodes()
        counts["edges"] = self._graph.relation_count
        return counts


def _unique(items: list[Dated]) -> list[Dated]:
    """The first of each id: an event reported by several matching articles counts once, where first reported."""
    first: dict[str, Dated] = {}
    for item in items:
        first.setdefault(item.id, item)
    return list(first.values())
