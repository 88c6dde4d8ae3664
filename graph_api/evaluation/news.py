"""Score what the graph holds after ingesting news against hand-made gold.

Everything is read from the knowledge graph a user queries, after the whole part was ingested, so
cross-article resolution counts. A gold entity is found when a node of its type has, in that
article, a name mention equal to one of its spellings (case and diacritics ignored).
"""

from __future__ import annotations

import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from graph_api.corpus import Corpus, Outcome
from graph_api.evaluation.gold import Gold, GoldArticle, GoldEntity, GoldEvent
from graph_api.model import ENTITY_TYPES, EntityRecord, EventRecord, MentionKind, NodeType
from graph_api.names import name_key
from graph_api.nlp.extract import Extractor
from graph_api.settings import Settings

QUOTE_START_SLACK = 3  # a found quote may start this many characters from the gold opening (marks, spaces)


@dataclass
class Score:
    """Counts behind every figure of the table, and the errors for ``--details``."""

    counts: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def ratio(self, hits: str, total: str) -> float | None:
        return round(self.counts[hits] / self.counts[total], 3) if self.counts[total] else None


def evaluate_news(folder: Path, gold: Gold, part: str, settings: Settings | None = None, extractor: Extractor | None = None) -> Score:
    """Ingest the part's files into a fresh store and score the resulting graph."""
    files = gold.files(part)
    with tempfile.TemporaryDirectory(prefix="graph-api-news-") as scratch:
        corpus = Corpus(replace(settings or Settings(), db=str(Path(scratch) / "news.db")), extractor=extractor)
        try:
            article_ids = _ingest(corpus, folder, files)
            return score_graph(corpus, {gold.articles[f]: article_ids[f] for f in files})
        finally:
            corpus.close()


def _ingest(corpus: Corpus, folder: Path, files: Iterable[str]) -> dict[str, str]:
    article_ids: dict[str, str] = {}
    for result in corpus.ingest_paths([folder / name for name in files]):
        if result.outcome is Outcome.REJECTED or result.article_id is None:
            raise ValueError(f"{result.origin}: not ingested: {result.reason}")
        article_ids[Path(result.origin).name] = result.article_id
    return article_ids


def score_graph(corpus: Corpus, articles: dict[GoldArticle, str]) -> Score:
    score = Score()
    found_by_name: dict[tuple[NodeType, str], set[str]] = defaultdict(set)
    events_by_key: dict[str, set[str]] = defaultdict(set)
    for gold, article_id in articles.items():
        view = ArticleView(corpus, article_id)
        matches = _score_entities(score, gold, view)
        for entity, ids in matches.items():
            found_by_name[(entity.type, entity.name)].update(ids)
        _score_quotes(score, gold, view, matches)
        for key, event_id in _score_events(score, gold, view, matches).items():
            events_by_key[key].add(event_id)
    _score_across_articles(score, found_by_name, events_by_key)
    return score


class ArticleView:
    """One article as the graph holds it: its entities with their mention spellings, quotes, events."""

    def __init__(self, corpus: Corpus, article_id: str) -> None:
        self.graph = graph = corpus.graph
        body = corpus.bodies([article_id]).get(article_id)
        assert body is not None, article_id
        self.article_id = article_id
        self.text = body.text
        self.spellings: dict[str, set[str]] = defaultdict(set)
        self.texts: dict[str, set[str]] = defaultdict(set)
        for mention in corpus.mentions([article_id])[article_id]:
            if mention.kind is MentionKind.NAME:
                entity_id = graph.canonical_id(mention.entity_id)
                self.spellings[entity_id].add(name_key(mention.text))
                self.texts[entity_id].add(mention.text)
        self.quotes = [q for q in graph.quotes_of_article(article_id) if not q.fragment]
        self.events = graph.events_of_article(article_id)

    def entity(self, entity_id: str) -> EntityRecord:
        record = self.graph.entity(entity_id)
        assert record is not None, entity_id
        return record

    def matching(self, gold: GoldEntity) -> set[str]:
        """Ids of the nodes of the gold entity's type that this article names by one of its spellings."""
        keys = {name_key(m) for m in gold.mentions}
        return {i for i, spelled in self.spellings.items() if spelled & keys and self.entity(i).type is gold.type}

    def offset(self, snippet: str) -> int | None:
        found = self.text.find(snippet)
        if found < 0:
            found = " ".join(self.text.split()).find(" ".join(snippet.split()))
        return found if found >= 0 else None


def _score_entities(score: Score, gold: GoldArticle, view: ArticleView) -> dict[GoldEntity, set[str]]:
    c, where = score.counts, gold.file
    matches = {entity: view.matching(entity) for entity in gold.entities}
    matched_ids = {i for ids in matches.values() for i in ids}
    for entity, ids in matches.items():
        if entity.optional:
            continue
        c[f"gold {entity.type}"] += 1
        if ids:
            c[f"found {entity.type}"] += 1
        else:
            score.errors.append(f"{where}: missed {entity.type} {entity.name!r}")
        if entity.type is NodeType.PERSON and len(ids) > 1:
            c["persons split in an article"] += 1
            score.errors.append(f"{where}: person {entity.name!r} split over {sorted(ids)}")
        if entity.type is NodeType.PLACE and ids and (entity.geonames or entity.country):
            c["places to link"] += 1
            if _linked_right(entity, [view.entity(i) for i in ids]):
                c["places linked right"] += 1
            else:
                linked = [(p.geoname_id, p.name, p.country_code) if p else None for p in (view.entity(i).place for i in ids)]
                score.errors.append(f"{where}: place {entity.name!r} linked to {linked}")
    optional = {i for entity in gold.entities if entity.optional for i in view.matching(entity)}
    not_persons = {name_key(n) for n in gold.not_persons}
    for entity_id, spelled in view.spellings.items():
        record = view.entity(entity_id)
        if entity_id in optional:
            continue
        c[f"predicted {record.type}"] += 1
        if entity_id in matched_ids:
            c[f"correct {record.type}"] += 1
        else:
            score.errors.append(f"{where}: spurious {record.type} {record.name!r} {sorted(view.texts[entity_id])}")
        if record.type is NodeType.PERSON and spelled & not_persons:
            c["non-persons typed as persons"] += 1
    return matches


def _linked_right(entity: GoldEntity, records: list[EntityRecord]) -> bool:
    places = [r.place for r in records]
    if entity.geonames:
        return all(p is not None and p.geoname_id == entity.geonames for p in places)
    return all(p is not None and p.country_code == entity.country for p in places)


def _score_quotes(score: Score, gold: GoldArticle, view: ArticleView, matches: dict[GoldEntity, set[str]]) -> None:
    c, where = score.counts, gold.file
    used: set[str] = set()
    gold_ids = {i for ids in matches.values() for i in ids}
    for quote in gold.quotes:
        c["gold quotes"] += 1
        offset = view.offset(quote.opening)
        found = next((q for q in view.quotes if offset is not None and 0 <= offset - q.start <= QUOTE_START_SLACK), None)
        if found is None:
            score.errors.append(f"{where}: quote not found: {quote.opening!r}")
            continue
        used.add(found.id)
        c["quotes found"] += 1
        speaker = view.graph.canonical_id(found.speaker_id) if found.speaker_id else None
        expected = matches[gold.entity(quote.speaker)] if quote.speaker else set()
        if (speaker is None and quote.speaker is None) or (speaker is not None and speaker in expected):
            c["quotes with the right speaker"] += 1
        else:
            said = view.entity(speaker).name if speaker else None
            score.errors.append(f"{where}: quote {quote.opening!r} said by {said!r}, not {quote.speaker!r}")
    for found in view.quotes:
        c["quotes predicted"] += 1
        if found.speaker_id and view.graph.canonical_id(found.speaker_id) not in gold_ids:
            c["quotes attributed to a non-entity"] += 1
            score.errors.append(f"{where}: quote {found.text[:40]!r} attributed to {view.entity(found.speaker_id).name!r}, not an entity of the gold")
        if found.id not in used:
            score.errors.append(f"{where}: extra quote {found.text[:50]!r}")


def _score_events(score: Score, gold: GoldArticle, view: ArticleView, matches: dict[GoldEntity, set[str]]) -> dict[str, str]:
    """Count matched, missed and spurious events; return the system event matched per gold key."""
    c, where = score.counts, gold.file
    claimed: set[str] = set()
    keyed: dict[str, str] = {}
    for event in gold.events:
        c["gold events"] += 1
        candidates = [e for e in view.events if e.type is event.type and _reports(view, e, event)]
        if not candidates:
            score.errors.append(f"{where}: missed event {event.type} {event.anchors[0]!r}")
            continue
        c["events found"] += 1
        chosen = candidates[0]
        claimed.add(chosen.id)
        _score_event_details(score, gold, event, chosen, matches)
        if event.key:
            keyed[event.key] = chosen.id
    for system in view.events:
        c["events predicted"] += 1
        if system.id in claimed:
            c["events correct"] += 1
        else:
            score.errors.append(f"{where}: spurious event {system.type} {system.label!r}")
    return keyed


def _reports(view: ArticleView, system: EventRecord, event: GoldEvent) -> bool:
    """Whether one of the system event's evidence sentences in this article holds a gold anchor."""
    offsets = [o for o in map(view.offset, event.anchors) if o is not None]
    return any(e.article_id == view.article_id and e.start <= o < e.end for e in system.evidence for o in offsets)


def _score_event_details(score: Score, gold: GoldArticle, event: GoldEvent, system: EventRecord, matches: dict[GoldEntity, set[str]]) -> None:
    c = score.counts
    if event.place:
        c["event places to find"] += 1
        c["event places right"] += bool(system.place_id and system.place_id in matches[gold.entity(event.place)])
    gold_ids = [matches[gold.entity(name)] for name in event.participants]
    c["event participants gold"] += len(gold_ids)
    c["event participants found"] += sum(bool(ids & set(system.participants)) for ids in gold_ids)
    c["event participants predicted"] += len(system.participants)
    c["event participants correct"] += sum(any(p in ids for ids in gold_ids) for p in system.participants)
    if event.precision:
        c["event dates to find"] += 1
        c["event dates right"] += bool(system.date and system.date.iso() == event.date)


def _score_across_articles(score: Score, found_by_name: dict[tuple[NodeType, str], set[str]], events_by_key: dict[str, set[str]]) -> None:
    c = score.counts
    for (node_type, name), ids in found_by_name.items():
        if node_type is NodeType.PERSON and len(ids) > 1:
            c["persons split over nodes"] += 1
            score.errors.append(f"person {name!r} is {len(ids)} nodes: {sorted(ids)}")
    owners: dict[str, set[str]] = defaultdict(set)
    for (_, name), ids in found_by_name.items():
        for entity_id in ids:
            owners[entity_id].add(name)
    for entity_id, names in owners.items():
        if len(names) > 1:
            c["wrong merges"] += 1
            score.errors.append(f"{entity_id} merges {sorted(names)}")
    for key, ids in events_by_key.items():
        c["events reported twice"] += 1
        c["events reported twice as one node"] += len(ids) == 1
        if len(ids) > 1:
            score.errors.append(f"event {key!r} is {len(ids)} nodes")


def figures(score: Score) -> dict[str, float | int | None]:
    """The table's figures: ratios and counts, by name."""
    r = score.ratio
    rows: dict[str, float | int | None] = {}
    for node_type in ENTITY_TYPES:
        rows[f"{node_type.lower()} recall"] = r(f"found {node_type}", f"gold {node_type}")
        rows[f"{node_type.lower()} precision"] = r(f"correct {node_type}", f"predicted {node_type}")
    found = sum(score.counts[f"found {t}"] for t in ENTITY_TYPES)
    gold = sum(score.counts[f"gold {t}"] for t in ENTITY_TYPES)
    rows["entity recall"] = round(found / gold, 3) if gold else None
    rows["non-persons typed as persons"] = score.counts["non-persons typed as persons"]
    rows["persons split over nodes"] = score.counts["persons split over nodes"] + score.counts["persons split in an article"]
    rows["wrong merges"] = score.counts["wrong merges"]
    rows["places linked right"] = r("places linked right", "places to link")
    rows["quotes found"] = r("quotes found", "gold quotes")
    rows["quotes with the right speaker"] = r("quotes with the right speaker", "gold quotes")
    rows["quotes attributed to a non-entity"] = score.counts["quotes attributed to a non-entity"]
    rows["event precision"] = r("events correct", "events predicted")
    rows["event recall"] = r("events found", "gold events")
    rows["event places right"] = r("event places right", "event places to find")
    rows["event participant precision"] = r("event participants correct", "event participants predicted")
    rows["event participant recall"] = r("event participants found", "event participants gold")
    rows["event dates right"] = r("event dates right", "event dates to find")
    rows["events reported twice, one node"] = r("events reported twice as one node", "events reported twice")
    return rows


def format_table(columns: dict[str, Score]) -> str:
    """Figures as rows, the parts of the split as columns."""
    table = {part: figures(score) for part, score in columns.items()}
    names = list(next(iter(table.values())))
    width = max(map(len, names))
    lines = [f"{'':<{width}}  " + "  ".join(f"{part:>9}" for part in table)]
    for name in names:
        lines.append(f"{name:<{width}}  " + "  ".join(f"{_cell(table[part][name]):>9}" for part in table))
    return "\n".join(lines)


def _cell(value: float | int | None) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if isinstance(value, float) else str(value)
