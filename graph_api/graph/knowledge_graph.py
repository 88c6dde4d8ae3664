"""The knowledge graph: a networkx MultiDiGraph of typed nodes and edges, with indexes.

Nodes are keyed by their global id (``article:…``, ``person:…``, ``place:…``) and carry a
``record`` attribute. Every lookup the API makes goes through an index kept here: id → node,
name or alias key → entities, type → ids, article → mentions; neighbours come from the graph's
own adjacency. Nothing a request does scans all nodes.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from graph_api.graph.events import EventStore
from graph_api.graph.model import (
    ArticleRecord,
    EdgeType,
    EntityRecord,
    EntityRef,
    EventMention,
    EventRecord,
    Mention,
    MentionKind,
    NodeType,
    QuoteMention,
    QuoteRecord,
    RoleRecord,
)
from graph_api.graph.resolution import Resolver
from graph_api.ingest.dates import PartialDate
from graph_api.names import name_key

_VERSIONS = itertools.count(1)  # process-wide, so a rebuilt graph never reuses an old graph's version
PLURALS = {
    NodeType.ARTICLE: "articles", NodeType.PERSON: "people", NodeType.PLACE: "places",
    NodeType.ORGANIZATION: "organizations", NodeType.EVENT: "events", NodeType.QUOTE: "quotes",
}  # fmt: skip


@dataclass(frozen=True)
class Related:
    """An entity co-mentioned with another, and in how many articles."""

    entity: EntityRecord
    weight: int


def date_sort_key(date: PartialDate | None) -> tuple[int, int, int]:
    """Newest first when sorted ascending; undated last."""
    if date is None:
        return (1, 0, 0)
    year, month, day = date.sort_key()
    return (0, -year, -(month * 100 + day))


class KnowledgeGraph:
    """Typed nodes and edges over networkx, with the indexes the API needs."""

    def __init__(self) -> None:
        self.graph = nx.MultiDiGraph()
        self._ids_by_type: dict[NodeType, list[str]] = defaultdict(list)
        self._name_index: dict[str, set[str]] = defaultdict(set)
        self._sorted_keys: list[str] = []
        self._sorted_keys_dirty = False
        self._mentions: dict[str, list[Mention]] = {}
        self._ranking: dict[NodeType, list[str]] = {}
        self._positions: dict[NodeType, dict[str, int]] = {}
        self._articles_of_entity: dict[str, list[str]] = {}
        self._keys_of_entity: dict[str, set[str]] = defaultdict(set)
        self._article_counts: Counter[str] = Counter()
        self._roles: dict[str, list[RoleRecord]] = defaultdict(list)
        self._canonical: dict[str, str] = {}  # extracted entity id → the entity it is now
        self._members: dict[str, set[str]] = defaultdict(set)  # entity → extracted ids resolved to it
        self._refs: dict[str, EntityRef] = {}
        self.resolver = Resolver()
        self.version = next(_VERSIONS)  # changes with every change, so caches of answers know when to let go
        self._related: dict[str, list[tuple[str, int]]] = {}
        self.event_store = EventStore(self.canonical_id)

    # ---- building -------------------------------------------------------------------------

    def add_article(
        self,
        article: ArticleRecord,
        mentions: list[Mention],
        entities: Iterable[EntityRef],
        roles: Iterable[RoleRecord] = (),
        events: Iterable[EventMention] = (),
        quotes: Iterable[QuoteMention] = (),
    ) -> None:
        """Add an article: resolve its entities, add its roles, events and quotes, and all their edges."""
        if article.id in self.graph:
            return
        self.graph.add_node(article.id, type=NodeType.ARTICLE, record=article)
        self._ids_by_type[NodeType.ARTICLE].append(article.id)
        for entity in entities:
            self._resolve(entity)
        self._mentions[article.id] = sorted(mentions, key=lambda m: m.start)
        by_entity: dict[str, list[Mention]] = defaultdict(list)
        for mention in mentions:
            by_entity[self.canonical_id(mention.entity_id)].append(mention)
        self._article_counts.update(by_entity.keys())
        for entity_id, found in by_entity.items():
            offsets = [(m.start, m.end) for m in found]
            self.graph.add_edge(article.id, entity_id, key=EdgeType.MENTIONS, count=len(found), offsets=offsets)
            record = self.entity(entity_id)
            assert record is not None, entity_id
            record.mention_count += len(found)
            for mention in found:
                if mention.kind is MentionKind.NAME:
                    seen = record.aliases.get(mention.text, 0)
                    record.aliases[mention.text] = seen + 1
                    if not seen:
                        self._index_name(mention.text, entity_id)
        for role in roles:
            self._roles[self.canonical_id(role.person_id)].append(role)
        for entity_id in by_entity:
            self._related.pop(entity_id, None)
        for event in events:
            self._add_event(article, event)
        for quote in quotes:
            self._add_quote(article, quote)
        self._invalidate_rankings()

    def _add_event(self, article: ArticleRecord, mention: EventMention) -> None:
        event, created = self.event_store.add_event(article, mention)
        if created:
            self.graph.add_node(event.id, type=NodeType.EVENT, record=event)
            self._ids_by_type[NodeType.EVENT].append(event.id)
        self.graph.add_edge(article.id, event.id, key=EdgeType.REPORTS)
        for entity_id, role in event.participants.items():
            if entity_id in self.graph:
                self.graph.add_edge(event.id, entity_id, key=EdgeType.INVOLVES, role=role)
        if event.place_id and event.place_id in self.graph:
            self.graph.add_edge(event.id, event.place_id, key=EdgeType.LOCATED_IN)

    def _add_quote(self, article: ArticleRecord, mention: QuoteMention) -> None:
        quote = self.event_store.add_quote(article, mention)
        self.graph.add_node(quote.id, type=NodeType.QUOTE, record=quote)
        self._ids_by_type[NodeType.QUOTE].append(quote.id)
        self.graph.add_edge(article.id, quote.id, key=EdgeType.CONTAINS)
        if quote.speaker_id and quote.speaker_id in self.graph:
            self.graph.add_edge(quote.id, quote.speaker_id, key=EdgeType.SAID_BY)

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
            return target
        record = EntityRecord(entity.id, entity.type, entity.name, entity.place)
        self.graph.add_node(entity.id, type=entity.type, record=record)
        self._ids_by_type[entity.type].append(entity.id)
        self._canonical[entity.id] = entity.id
        self._members[entity.id] = {entity.id}
        self._refs[entity.id] = entity
        self._index_name(entity.name, entity.id)
        if entity.place is not None:
            self._index_name(entity.place.name, entity.id)
        self.resolver.register(entity)
        for absorbed in self._absorbable(entity):
            self._merge(absorbed, entity.id)
        return entity.id

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
        if " " not in entity.name.strip():
            person = self.resolver.match_person(entity.name)
            if person is not None:
                return person
        return self.resolver.match_acronym(entity.name)

    def _absorbable(self, entity: EntityRef) -> list[str]:
        """Entities created earlier that turn out to be this new one."""
        if entity.type is NodeType.PERSON:
            found = self.resolver.surnames_to_absorb(entity.id)
            if self.resolver.owns_surname(entity.id) or " " not in entity.name.strip():
                surname = entity.name.split()[-1]
                found += [e.id for e in self.find_entities(surname) if e.type is not NodeType.PERSON and self._unlinked(e)]
            return [i for i in dict.fromkeys(found) if i != entity.id]
        return [i for i in self.resolver.acronyms_to_absorb(entity) if i != entity.id]

    @staticmethod
    def _unlinked(record: EntityRecord) -> bool:
        return record.place is None or record.place.geoname_id is None

    def _merge(self, source: str, target: str) -> None:
        """Fold entity ``source`` into ``target``: mentions, aliases, roles, names and co-mentions."""
        source_record, target_record = self.entity(source), self.entity(target)
        if source_record is None or target_record is None or source == target:
            return
        for node, _, key, data in list(self.graph.in_edges(source, keys=True, data=True)):
            if key in (EdgeType.INVOLVES, EdgeType.LOCATED_IN, EdgeType.SAID_BY):
                self.graph.add_edge(node, target, key=key, **data)
        self.event_store.merge_entity(source, target)
        for quote_id in self.event_store.quotes_by_speaker.get(target, []):
            quote = self.event_store.quotes[quote_id]
            if quote.speaker_id == source:
                quote.speaker_id = target
        for article_id, _, key, data in list(self.graph.in_edges(source, keys=True, data=True)):
            if key != EdgeType.MENTIONS:
                continue
            existing = self.graph.get_edge_data(article_id, target, key=EdgeType.MENTIONS)
            if existing:
                existing["count"] += data["count"]
                existing["offsets"] = sorted(existing["offsets"] + data["offsets"])
            else:
                self.graph.add_edge(article_id, target, key=EdgeType.MENTIONS, count=data["count"], offsets=list(data["offsets"]))
                self._article_counts[target] += 1
        target_record.mention_count += source_record.mention_count
        for alias, count in source_record.aliases.items():
            target_record.aliases[alias] = target_record.aliases.get(alias, 0) + count
        self._roles[target].extend(self._roles.pop(source, []))
        for key in self._keys_of_entity.pop(source, set()):
            self._name_index[key].discard(source)
            self._index_name_key(key, target)
        for member in self._members.pop(source, {source}):
            self._canonical[member] = target
            self._members[target].add(member)
        self.resolver.forget(source, self._refs.pop(source))
        self.graph.remove_node(source)
        self._ids_by_type[source_record.type].remove(source)
        self._article_counts.pop(source, None)
        self._related.clear()
        self._invalidate_rankings()

    def _index_name(self, name: str, entity_id: str) -> None:
        self._index_name_key(name_key(name), entity_id)

    def _index_name_key(self, key: str, entity_id: str) -> None:
        if key and entity_id not in self._name_index[key]:
            if not self._name_index[key]:
                self._sorted_keys_dirty = True
            self._name_index[key].add(entity_id)
            self._keys_of_entity[entity_id].add(key)

    # ---- lookups ------------------------------------------------------------------------

    def node_type(self, node_id: str) -> NodeType | None:
        data = self.graph.nodes.get(node_id)
        return data["type"] if data else None

    def record(self, node_id: str) -> ArticleRecord | EntityRecord | None:
        """The record of a node; an id merged into another entity gives that entity."""
        data = self.graph.nodes.get(node_id) or self.graph.nodes.get(self._canonical.get(node_id, node_id))
        return data["record"] if data else None

    def article(self, article_id: str) -> ArticleRecord | None:
        record = self.record(article_id)
        return record if isinstance(record, ArticleRecord) else None

    def entity(self, entity_id: str) -> EntityRecord | None:
        record = self.record(entity_id)
        return record if isinstance(record, EntityRecord) else None

    def ids(self, node_type: NodeType) -> list[str]:
        """Ids of one type in a stable order: articles newest first, entities by article count."""
        ranking = self._ranking.get(node_type)
        if ranking is None:
            ranking = self._rank(node_type)
            self._ranking[node_type] = ranking
        return ranking

    def _invalidate_rankings(self) -> None:
        self.version = next(_VERSIONS)
        self._ranking.clear()
        self._positions.clear()
        self._articles_of_entity.clear()

    def _position_map(self, node_type: NodeType) -> dict[str, int]:
        positions = self._positions.get(node_type)
        if positions is None:
            positions = {node_id: i for i, node_id in enumerate(self.ids(node_type))}
            self._positions[node_type] = positions
        return positions

    def position(self, node_type: NodeType, node_id: str) -> int | None:
        """Where a node stands in ``ids(node_type)``; None when it is not there."""
        return self._position_map(node_type).get(node_id)

    def position_among_articles(self, article_ids: list[str], article_id: str) -> int | None:
        """Where an article stands in a list ordered like ``ids(ARTICLE)`` (binary search)."""
        order = self._position_map(NodeType.ARTICLE)
        target = order.get(article_id)
        if target is None:
            return None
        index = bisect.bisect_left(article_ids, target, key=order.__getitem__)
        return index if index < len(article_ids) and article_ids[index] == article_id else None

    def _rank(self, node_type: NodeType) -> list[str]:
        ids = self._ids_by_type.get(node_type, [])
        if node_type is NodeType.ARTICLE:

            def published(article_id: str) -> str:
                record = self.article(article_id)
                return record.published.iso() if record and record.published else ""

            return sorted(ids, key=lambda i: (published(i), i), reverse=True)
        if node_type is NodeType.EVENT:
            events = self.event_store.events
            return sorted(ids, key=lambda i: (-len(events[i].article_ids), date_sort_key(events[i].date), i))
        if node_type is NodeType.QUOTE:
            order = self._position_map(NodeType.ARTICLE)
            quotes = self.event_store.quotes
            return sorted(ids, key=lambda i: (order.get(quotes[i].article_id, 0), quotes[i].start))
        return sorted(ids, key=lambda i: (-self.article_count(i), -self._mention_count(i), self._name(i)))

    def _mention_count(self, entity_id: str) -> int:
        record = self.entity(entity_id)
        return record.mention_count if record else 0

    def _name(self, entity_id: str) -> str:
        record = self.entity(entity_id)
        return name_key(record.name) if record else ""

    def count(self, node_type: NodeType) -> int:
        return len(self._ids_by_type.get(node_type, []))

    def mentions(self, article_id: str) -> list[Mention]:
        return self._mentions.get(article_id, [])

    def entity_ids_of_article(self, article_id: str, node_type: NodeType | None = None) -> list[str]:
        """Entities an article mentions, most mentioned first."""
        if article_id not in self.graph:
            return []
        edges = [
            (target, data["count"]) for _, target, key, data in self.graph.out_edges(article_id, keys=True, data=True) if key == EdgeType.MENTIONS
        ]
        if node_type is not None:
            edges = [(target, count) for target, count in edges if self.node_type(target) is node_type]
        return [target for target, _ in sorted(edges, key=lambda e: (-e[1], e[0]))]

    def article_ids_of_entity(self, entity_id: str) -> list[str]:
        """Articles mentioning an entity, newest first."""
        cached = self._articles_of_entity.get(entity_id)
        if cached is not None:
            return cached
        if entity_id not in self.graph:
            return []
        sources = {source for source, _, key in self.graph.in_edges(entity_id, keys=True) if key == EdgeType.MENTIONS}
        ordered = sorted(sources, key=self._position_map(NodeType.ARTICLE).__getitem__)
        self._articles_of_entity[entity_id] = ordered
        return ordered

    def event(self, event_id: str) -> EventRecord | None:
        return self.event_store.events.get(event_id)

    def quote(self, quote_id: str) -> QuoteRecord | None:
        return self.event_store.quotes.get(quote_id)

    def events_of_article(self, article_id: str) -> list[EventRecord]:
        return [self.event_store.events[i] for i in self.event_store.by_article.get(article_id, [])]

    def events_of_entity(self, entity_id: str) -> list[EventRecord]:
        """Events an entity takes part in or that happened at a place, newest first."""
        events = [self.event_store.events[i] for i in self.event_store.by_entity.get(self.canonical_id(entity_id), [])]
        return sorted(events, key=lambda e: (date_sort_key(e.date), e.id))

    def quotes_of_article(self, article_id: str) -> list[QuoteRecord]:
        return [self.event_store.quotes[i] for i in self.event_store.quotes_by_article.get(article_id, [])]

    def quotes_of_speaker(self, person_id: str) -> list[QuoteRecord]:
        return [self.event_store.quotes[i] for i in self.event_store.quotes_by_speaker.get(self.canonical_id(person_id), [])]

    def roles(self, person_id: str) -> list[RoleRecord]:
        """Roles stated for a person, in the order their articles were ingested."""
        return self._roles.get(person_id, [])

    def article_count(self, entity_id: str) -> int:
        return self._article_counts.get(entity_id, 0)

    def related(self, entity_id: str, limit: int) -> list[Related]:
        """Entities co-mentioned with this one, by number of shared articles.

        Co-mention is derived from the MENTIONS edges rather than stored as edges of its own
        (an article naming k entities would add k² of them); each entity's ranking is computed
        once and kept until an article mentioning it arrives.
        """
        entity_id = self.canonical_id(entity_id)
        ranked = self._related.get(entity_id)
        if ranked is None:
            if entity_id not in self.graph:
                return []
            weights: Counter[str] = Counter()
            for article_id in self.article_ids_of_entity(entity_id):
                weights.update(n for _, n, key in self.graph.out_edges(article_id, keys=True) if key == EdgeType.MENTIONS)
            del weights[entity_id]
            ranked = sorted(weights.items(), key=lambda pair: (-pair[1], pair[0]))
            self._related[entity_id] = ranked
        return [Related(record, weight) for target, weight in ranked[:limit] if (record := self.entity(target))]

    def find_entities(self, name: str) -> list[EntityRecord]:
        """Entities whose name or an alias has this key, most mentioned first; else the one
        person the name fits by surname or spelling (``Zelensky`` finds ``Volodymyr Zelenski``)."""
        ids = self._name_index.get(name_key(name), set())
        if not ids and (person := self.resolver.match_person(name)):
            ids = {person}
        records = [r for r in (self.entity(i) for i in ids) if r is not None]
        return sorted(records, key=lambda r: (-self.article_count(r.id), -r.mention_count, r.id))

    def search_entities(self, query: str, limit: int) -> list[EntityRecord]:
        """Entities with a name or alias starting with the query (by key), best known first."""
        prefix = name_key(query)
        if not prefix:
            return []
        if self._sorted_keys_dirty:
            self._sorted_keys = sorted(k for k, ids in self._name_index.items() if ids)
            self._sorted_keys_dirty = False
        found: set[str] = set()
        position = bisect.bisect_left(self._sorted_keys, prefix)
        while position < len(self._sorted_keys) and self._sorted_keys[position].startswith(prefix) and len(found) < limit * 4:
            found.update(self._name_index[self._sorted_keys[position]])
            position += 1
        records = [r for r in (self.entity(i) for i in found) if r is not None]
        exact = name_key(query)
        records.sort(key=lambda r: (name_key(r.name) != exact, -self.article_count(r.id), r.id))
        return records[:limit]

    def stats(self) -> dict[str, int]:
        """Counts keyed as the API names them: articles, people, places, … nodes, edges."""
        counts = {PLURALS[t]: self.count(t) for t in NodeType}
        counts["nodes"] = self.graph.number_of_nodes()
        counts["edges"] = self.graph.number_of_edges()
        return counts
