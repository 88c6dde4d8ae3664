"""Editors' corrections of the knowledge graph (``Curation``): applying them, and holding them against later extraction.

A curation names an entity by any id the graph knows, an extracted id merged into another included,
and is checked in full before anything changes (``CurationError`` otherwise). Curation beats
extraction: after a merge, a change of type or a link to GeoNames, the extracted ids resolve to the
curated entity (through the graph's canonical ids); a rejected name (by its name key) makes no
entity and no mention again; the mentions of a split alias that would go to the entity it was split
from go to the entity split off. Each entity keeps the history of the curations that concern it,
which moves with it when it is merged or re-keyed.

Applying the same sequence of articles and curations to a fresh graph gives the same graph: nothing
here depends on the order of a set. Known limit: a curation skipped on replay (``strict=False``)
because its entity is gone leaves nothing behind, not even the names a rejection would have barred.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from graph_api.graph.relations import Mentioned
from graph_api.model import (
    ENTITY_TYPES,
    ArticleFacts,
    Curation,
    CurationKind,
    EdgeType,
    EntityRecord,
    EntityRef,
    EventMention,
    Mention,
    MentionKind,
    NodeType,
    QuoteMention,
    RoleRecord,
)
from graph_api.names import name_key, slug

if TYPE_CHECKING:
    from graph_api.graph.knowledge_graph import KnowledgeGraph


class CurationError(ValueError):
    """A curation that cannot apply; the message names the id and the problem."""


@dataclass(frozen=True)
class CurationResult:
    """The entity as it is after a curation (None for a rejection), and every entity id whose data changed or vanished."""

    entity: EntityRecord | None
    changed: frozenset[str]


class CurationMemory:
    """What curations leave for later articles (rejected name keys, split aliases, retyped ids) and each entity's history."""

    def __init__(self) -> None:
        self.rejected: set[str] = set()
        self.retyped: set[str] = set()  # extracted ids of entities a curation changed the type of
        self._splits: dict[str, list[tuple[str, str]]] = defaultdict(list)  # alias key → (entity split from, entity split off)
        self._history: dict[str, list[tuple[int, Curation]]] = {}  # entity → (order applied, curation)
        self._applied = itertools.count(1)

    @property
    def active(self) -> bool:
        """Whether any curation changes how later articles are added."""
        return bool(self.rejected or self.retyped or self._splits)

    def rejects(self, name: str) -> bool:
        return bool(self.rejected) and name_key(name) in self.rejected

    def accepted(self, entities: list[EntityRef]) -> list[EntityRef]:
        """The extracted entities whose names are not rejected."""
        return [e for e in entities if not self.rejects(e.name)] if self.rejected else entities

    def split(self, key: str, source: str, split: str) -> None:
        self._splits[key].append((source, split))

    def split_target(self, key: str, entity_id: str, canonical: Callable[[str], str], live: Callable[[str], bool]) -> str | None:
        """The entity split off under this alias key from ``entity_id`` (canonical), if there is one."""
        for source, split in self._splits.get(key, ()):
            target = canonical(split)
            if canonical(source) == entity_id and target != entity_id and live(target):
                return target
        return None

    def record(self, curation: Curation, entity_ids: Iterable[str]) -> None:
        order = next(self._applied)
        for entity_id in entity_ids:
            self._history.setdefault(entity_id, []).append((order, curation))

    def moved(self, source: str, target: str) -> None:
        """Entity ``source`` became ``target``: their histories join, in the order they were applied."""
        moved = self._history.pop(source, [])
        if moved:
            joined = dict(self._history.get(target, []))
            joined.update(moved)
            self._history[target] = sorted(joined.items(), key=lambda item: item[0])

    def forget(self, entity_id: str) -> None:
        self._history.pop(entity_id, None)

    def history(self, entity_id: str) -> list[Curation]:
        return [curation for _, curation in self._history.get(entity_id, [])]


def apply_curation(graph: KnowledgeGraph, curation: Curation, strict: bool = True) -> CurationResult:
    """Apply one curation to the graph; with ``strict=False`` one that cannot apply is skipped (no entity, no change)."""
    try:
        result = _Curator(graph).apply(curation)
    except CurationError:
        if strict:
            raise
        return CurationResult(None, frozenset())
    graph._changed()
    return result


@dataclass
class _Curator:
    """The operations of each kind of curation on one graph; each checks everything before it changes anything."""

    graph: KnowledgeGraph

    def apply(self, curation: Curation) -> CurationResult:
        operations: dict[CurationKind, Callable[[Curation], CurationResult]] = {
            CurationKind.MERGE: self.merge,
            CurationKind.SPLIT_ALIAS: self.split_alias,
            CurationKind.RENAME: self.rename,
            CurationKind.SET_TYPE: self.set_type,
            CurationKind.REJECT: self.reject,
            CurationKind.LINK_PLACE: self.link_place,
        }
        return operations[curation.kind](curation)

    def entity(self, entity_id: str) -> EntityRecord:
        """The live entity an id names (itself, or the entity it was resolved or merged into)."""
        graph = self.graph
        node = entity_id if graph._is_entity(entity_id) else graph.canonical_id(entity_id)
        record = graph.entity(node) if graph._is_entity(node) else None
        if record is None:
            raise CurationError(f"{entity_id}: no such entity")
        return record

    def done(self, curation: Curation, entity: EntityRecord | None, concerned: list[str], changed: Iterable[str]) -> CurationResult:
        self.graph.curations.record(curation, concerned)
        return CurationResult(entity, frozenset(changed))

    # ---- the kinds --------------------------------------------------------------------------

    def merge(self, curation: Curation) -> CurationResult:
        target = self.entity(curation.entity_id)
        sources = list({record.id: record for record in map(self.entity, curation.sources)}.values())
        if not sources:
            raise CurationError(f"merge: {target.id}: no sources to merge into it")
        if any(source.id == target.id for source in sources):
            raise CurationError(f"merge: {target.id} is among its own sources")
        for source in sources:
            if source.type is not target.type:
                raise CurationError(f"merge: {target.id} is {_a(target.type)}, {source.id} {_a(source.type)}: set their types to agree first")
        for source in sources:
            self.graph._merge(source.id, target.id)
        return self.done(curation, target, [target.id], [target.id, *(s.id for s in sources)])

    def split_alias(self, curation: Curation) -> CurationResult:
        record = self.entity(curation.entity_id)
        alias = (curation.value or "").strip()
        key = name_key(alias)
        keys = {name_key(a) for a in record.aliases}
        if not key or key not in keys:
            raise CurationError(f"{record.id}: {alias!r} is not one of its aliases")
        if keys == {key}:
            raise CurationError(f"{record.id}: {alias!r} is its only alias: nothing would be left of it")
        split = self.graph._create_entity(EntityRef(self.free_id(f"{record.type}:{slug(alias)}"), record.type, alias))
        self.move_alias_mentions(record, split, key)
        self.graph.curations.split(key, record.id, split.id)
        return self.done(curation, split, [record.id, split.id], [record.id, split.id])

    def rename(self, curation: Curation) -> CurationResult:
        record = self.entity(curation.entity_id)
        name = (curation.value or "").strip()
        if not name_key(name):
            raise CurationError(f"{record.id}: a name must not be empty")
        graph, former = self.graph, record.name
        ref = graph._refs.get(record.id, EntityRef(record.id, record.type, former, record.place))
        graph.resolver.forget(record.id, ref)
        record.name = name
        graph._refs[record.id] = replace(ref, name=name)
        graph.resolver.register(graph._refs[record.id])
        graph.names.add(name, record.id)
        if name_key(former) not in graph._name_keys(record):
            graph.names.remove(former, record.id)
        return self.done(curation, record, [record.id], [record.id])

    def set_type(self, curation: Curation) -> CurationResult:
        record = self.entity(curation.entity_id)
        types = {t.value: t for t in ENTITY_TYPES}
        new_type = types.get(curation.value or "")
        if new_type is None:
            raise CurationError(f"{record.id}: {curation.value!r} is not an entity type ({', '.join(types)})")
        if new_type is record.type:
            raise CurationError(f"{record.id}: already {_a(new_type)}")
        target = self.rekey(record, f"{new_type}:{slug(record.name)}", new_type)
        return self.done(curation, target, [target.id], [record.id, target.id])

    def reject(self, curation: Curation) -> CurationResult:
        record = self.entity(curation.entity_id)
        graph = self.graph
        rejected = graph._name_keys(record) - {""}
        self.strip_mentions(record.id)
        self.strip_person(record.id)
        for event in graph.events.remove_entity(record.id):
            graph._relink_event(event.id, event)
        graph._remove_entity(record.id)
        graph.curations.rejected |= rejected
        return self.done(curation, None, [record.id], [record.id])

    def link_place(self, curation: Curation) -> CurationResult:
        record = self.entity(curation.entity_id)
        place = curation.place
        if record.type is not NodeType.PLACE:
            raise CurationError(f"{record.id}: {_a(record.type)}, not a place: only a place links to GeoNames")
        if place is None or place.geoname_id is None:
            raise CurationError(f"{record.id}: no GeoNames place to link it to")
        linked_id = f"place:gn{place.geoname_id}"
        target = record if linked_id == record.id else self.rekey(record, linked_id, NodeType.PLACE)
        target.place = place
        self.graph.names.add(place.name, target.id)
        return self.done(curation, target, [target.id], [record.id, target.id])

    # ---- the steps --------------------------------------------------------------------------

    def free_id(self, wanted: str) -> str:
        """``wanted``, or with a suffix (``-2``, ``-3`` …) when the graph knows that id (an entity, or an id resolved to one)."""
        graph = self.graph
        candidate, suffix = wanted, 2
        while candidate in graph._graph or candidate in graph._canonical:
            candidate, suffix = f"{wanted}-{suffix}", suffix + 1
        return candidate

    def rekey(self, record: EntityRecord, wanted: str, new_type: NodeType) -> EntityRecord:
        """The entity becomes entity ``wanted`` of ``new_type`` (merged into it when it is one), taking everything it may keep."""
        graph = self.graph
        owner = graph.canonical_id(wanted)  # an id extracted for this very entity (and merged into it) it takes over
        existing = graph.entity(owner) if owner != record.id and graph._is_entity(owner) else None
        if existing is not None and existing.type is not new_type:
            existing, wanted = None, self.free_id(wanted)
        if new_type is not NodeType.PERSON:
            self.strip_person(record.id)
        if record.type is NodeType.PLACE and new_type is not NodeType.PLACE:
            for event in graph.events.unplace(record.id):
                graph._relink_event(event.id, event)
        if new_type != record.type:
            graph.curations.retyped |= graph._members.get(record.id, {record.id})
        target = existing or graph._create_entity(EntityRef(wanted, new_type, record.name))
        graph._merge(record.id, target.id)
        return target

    def strip_person(self, entity_id: str) -> None:
        """What only a person has goes: its roles, and its quotes become speakerless."""
        graph = self.graph
        graph._drop_roles(entity_id)
        for quote in graph.quotes.unattribute(entity_id):
            if graph._graph.relation(quote.id, entity_id, EdgeType.SAID_BY):
                graph._graph.unrelate(quote.id, entity_id, EdgeType.SAID_BY)

    def strip_mentions(self, entity_id: str) -> None:
        """An entity's mentions go: the MENTIONS edges and the counts."""
        graph = self.graph
        for article_id in sorted(graph._mentioning_articles(entity_id)):
            graph._graph.unrelate(article_id, entity_id, EdgeType.MENTIONS)
        graph._article_counts.pop(entity_id, None)

    def move_alias_mentions(self, record: EntityRecord, split: EntityRecord, key: str) -> None:
        """The mentions of ``record`` by a name with the alias key go to ``split``, with their edges, counts and aliases."""
        graph = self.graph
        for article_id in sorted(graph._mentioning_articles(record.id)):
            mentioned: Mentioned = graph._graph.relation(article_id, record.id, EdgeType.MENTIONS)
            moved = [name for name in mentioned.names if name_key(name) == key]
            if moved:
                self.move_edge(article_id, record, split, mentioned, moved)
        for alias in [a for a in record.aliases if name_key(a) == key]:
            split.aliases[alias] = record.aliases.pop(alias)
            graph.names.add(alias, split.id)
        if key not in graph._name_keys(record):
            graph.names.remove(key, record.id)

    def move_edge(self, article_id: str, record: EntityRecord, split: EntityRecord, mentioned: Mentioned, moved: list[str]) -> None:
        """Within one article, the mentions by the ``moved`` names go from ``record`` to ``split``, with the edge and the counts."""
        graph = self.graph
        left = list(mentioned.names)
        for name in moved:
            left.remove(name)
        if mentioned.times > len(moved):
            graph._graph.relate(article_id, record.id, EdgeType.MENTIONS, Mentioned.of(mentioned.times - len(moved), left))
        else:
            graph._graph.unrelate(article_id, record.id, EdgeType.MENTIONS)
            graph._article_counts[record.id] -= 1
            if graph._article_counts[record.id] <= 0:
                del graph._article_counts[record.id]
        graph._graph.relate(article_id, split.id, EdgeType.MENTIONS, Mentioned.of(len(moved), moved))
        graph._article_counts[split.id] += 1
        record.mention_count -= len(moved)
        split.mention_count += len(moved)


def _a(node_type: NodeType) -> str:
    return f"an {node_type.value}" if node_type.value[0] in "aeiou" else f"a {node_type.value}"


# ---- later articles ----------------------------------------------------------------------------


def curated_facts(graph: KnowledgeGraph, facts: ArticleFacts, accepted: list[EntityRef]) -> ArticleFacts:
    """An article's facts as the curations so far have them (its accepted entities already resolved); as they are when there are none."""
    if not graph.curations.active:
        return facts
    return _ArticleCuration(graph, facts, accepted).facts()


class _ArticleCuration:
    """One article's facts under the curations: rejected names and entities dropped, split aliases and retyped ids sent where they belong."""

    def __init__(self, graph: KnowledgeGraph, facts: ArticleFacts, accepted: list[EntityRef]) -> None:
        self.graph, self.memory, self.source = graph, graph.curations, facts
        self.dropped = {e.id for e in facts.entities} - {e.id for e in accepted}
        self.redirect: dict[str, str] = {}
        for entity in accepted:
            split = self.split_target(name_key(entity.name), entity.id)
            if split is not None:
                self.redirect.setdefault(entity.id, split)

    def facts(self) -> ArticleFacts:
        mentions = [m for m in map(self.mention, self.source.mentions) if m is not None]
        roles = [r for r in map(self.role, self.source.roles) if r is not None]
        events, quotes = list(map(self.event, self.source.events)), list(map(self.quote, self.source.quotes))
        return replace(self.source, mentions=mentions, roles=roles, events=events, quotes=quotes)

    def split_target(self, key: str, entity_id: str) -> str | None:
        return self.memory.split_target(key, self.graph.canonical_id(entity_id), self.graph.canonical_id, self.graph._is_entity)

    def target(self, entity_id: str | None) -> str | None:
        """Where a reference to an extracted entity goes: nowhere when its name is rejected."""
        if entity_id is None or entity_id in self.dropped:
            return None
        return self.redirect.get(entity_id, entity_id)

    def person(self, entity_id: str | None) -> str | None:
        """Where a reference to a person goes: nowhere when a curation made it something else."""
        target = self.target(entity_id)
        if target is not None and entity_id in self.memory.retyped and self.graph.node_type(self.graph.canonical_id(target)) is not NodeType.PERSON:
            return None
        return target

    def mention(self, mention: Mention) -> Mention | None:
        key = name_key(mention.text)
        target = None if key in self.memory.rejected else self.target(mention.entity_id)
        if target is None:
            return None
        if mention.kind is MentionKind.NAME:  # a split goes by name: a demonym or a role noun stays
            target = self.split_target(key, target) or target
        return mention if target == mention.entity_id else replace(mention, entity_id=target)

    def role(self, role: RoleRecord) -> RoleRecord | None:
        person = self.person(role.person_id)
        if person is None:
            return None
        return replace(role, person_id=person, country_id=self.target(role.country_id), organization_id=self.target(role.organization_id))

    def event(self, event: EventMention) -> EventMention:
        participants = {target: role for entity_id, role in event.participants if (target := self.target(entity_id)) is not None}
        return replace(event, participants=tuple(participants.items()), place_id=self.target(event.place_id))

    def quote(self, quote: QuoteMention) -> QuoteMention:
        return replace(quote, speaker_id=self.person(quote.speaker_id))


def current_mentions(graph: KnowledgeGraph, article_id: str, extracted: list[Mention]) -> list[Mention]:
    """An article's extracted mentions with the entity each names now (see ``KnowledgeGraph.curated_mentions``).

    The same steps as for a later article (rejected names, then merges, then splits by name), kept only
    where the article's MENTIONS edge to that entity is there, so the list agrees with the counts."""
    memory, found = graph.curations, []
    for mention in sorted(extracted, key=lambda m: (m.start, m.end)):
        key = name_key(mention.text)
        if key in memory.rejected:
            continue
        target = graph.canonical_id(mention.entity_id)
        if mention.kind is MentionKind.NAME:
            target = memory.split_target(key, target, graph.canonical_id, graph._is_entity) or target
        if graph.mentions_entity(article_id, target):
            found.append(mention if target == mention.entity_id else replace(mention, entity_id=target))
    return found
