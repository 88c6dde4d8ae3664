"""The domain model every layer shares: node, edge and event kinds, and the records of articles,
entities, mentions, roles, events and quotes.

Extraction produces ``ArticleFacts``; the store keeps them beside the ``ArticleRecord`` as a
``StoredArticle``; the graph is built from ``StoredArticle`` values, whichever path they came by.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from graph_api.dates import PartialDate


class NodeType(StrEnum):
    ARTICLE = "article"
    PERSON = "person"
    PLACE = "place"
    ORGANIZATION = "organization"
    EVENT = "event"
    QUOTE = "quote"


ENTITY_TYPES = (NodeType.PERSON, NodeType.PLACE, NodeType.ORGANIZATION)


class EdgeType(StrEnum):
    MENTIONS = "MENTIONS"  # article -> entity, with how many times and by which names (offsets: in the store)
    REPORTS = "REPORTS"  # article -> event
    INVOLVES = "INVOLVES"  # event -> entity, with the participant's role
    LOCATED_IN = "LOCATED_IN"  # event -> place
    CONTAINS = "CONTAINS"  # article -> quote
    SAID_BY = "SAID_BY"  # quote -> person


class EdgeKind(StrEnum):
    """How two entities are linked in the entity projection."""

    CO_MENTION = "CO_MENTION"  # named in the same article
    SHARED_EVENT = "SHARED_EVENT"  # taking part in the same event (a place: where it happened)


class MentionKind(StrEnum):
    NAME = "NAME"  # the entity's name: "Mark Rutte", "Rutte"
    DEMONYM = "DEMONYM"  # a nationality adjective standing for a country: "Russische"
    ROLE = "ROLE"  # a role noun phrase standing for a person: "de Russische president"


class EventType(StrEnum):
    """The event taxonomy: its one source. The trigger lexicon (``nlp/data/event_triggers.tsv``) may
    name only these types, and the GraphQL ``EventType`` enum is this enum."""

    PRESS_CONFERENCE = "PRESS_CONFERENCE"
    SUMMIT = "SUMMIT"
    MEETING = "MEETING"
    NEGOTIATION = "NEGOTIATION"
    STATEMENT = "STATEMENT"
    VISIT = "VISIT"
    AGREEMENT = "AGREEMENT"
    THREAT = "THREAT"
    MOBILISATION = "MOBILISATION"
    ATTACK = "ATTACK"
    FIGHTING = "FIGHTING"
    INVASION = "INVASION"
    SANCTION = "SANCTION"
    CEASEFIRE = "CEASEFIRE"
    ELECTION = "ELECTION"
    PROTEST = "PROTEST"
    CRIME = "CRIME"
    ARREST = "ARREST"
    TRIAL = "TRIAL"
    DISASTER = "DISASTER"
    ACCIDENT = "ACCIDENT"
    DEATH = "DEATH"
    AWARD = "AWARD"
    COMPETITION = "COMPETITION"
    PERFORMANCE = "PERFORMANCE"
    ACQUISITION = "ACQUISITION"
    JOB_CUTS = "JOB_CUTS"
    BANKRUPTCY = "BANKRUPTCY"
    FINANCIAL_RESULTS = "FINANCIAL_RESULTS"
    APPOINTMENT = "APPOINTMENT"
    RESIGNATION = "RESIGNATION"
    DISCOVERY = "DISCOVERY"
    DECISION = "DECISION"
    OTHER = "OTHER"  # an occurrence of no listed type: a launch, an evacuation, a recall


class PlaceKind(StrEnum):
    COUNTRY = "COUNTRY"
    CITY = "CITY"
    REGION = "REGION"
    CONTINENT = "CONTINENT"
    OTHER = "OTHER"


@dataclass(frozen=True)
class PlaceInfo:
    """What the gazetteer knows of a place."""

    geoname_id: int | None
    name: str
    country_code: str | None
    latitude: float | None
    longitude: float | None
    kind: PlaceKind
    population: int = 0


@dataclass(frozen=True)
class EntityRef:
    """The entity a mention refers to, as extraction decides it."""

    id: str
    type: NodeType
    name: str
    place: PlaceInfo | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of an article's text that names an entity."""

    entity_id: str
    text: str
    start: int
    end: int
    sentence: int
    label: str
    kind: MentionKind = MentionKind.NAME


@dataclass(frozen=True)
class RoleRecord:
    """A person's role as an article states it: title, and the country or organisation it is of."""

    person_id: str
    title: str
    country_id: str | None
    organization_id: str | None
    article_id: str
    sentence: int


@dataclass(slots=True)
class ArticleRecord:
    """An article node's data: what lists, filters and orders need (its text stays in the store, see ``ArticleBody``)."""

    id: str
    source: str
    title: str
    published: PartialDate | None
    url: str | None
    word_count: int
    ingested_at: str = ""
    removed_lines: int = 0  # paragraphs taken out as boilerplate


@dataclass(frozen=True)
class ArticleBody:
    """An article's cleaned text, its sentences and the boilerplate taken out; kept in the store, read when asked for."""

    text: str
    sentences: list[tuple[int, int]] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (rule, paragraph)


@dataclass
class EntityRecord:
    """An entity node's data; aliases count every surface form it was mentioned by."""

    id: str
    type: NodeType
    name: str
    place: PlaceInfo | None = None
    aliases: dict[str, int] = field(default_factory=dict)
    mention_count: int = 0


@dataclass(frozen=True)
class Evidence:
    """A sentence reporting an event."""

    article_id: str
    sentence: int
    start: int
    end: int


@dataclass
class EventRecord:
    """An event node's data: one real-world event, however many articles report it."""

    id: str
    type: EventType
    label: str
    date: PartialDate | None = None
    place_id: str | None = None
    participants: dict[str, str | None] = field(default_factory=dict)  # entity id → role
    article_ids: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class QuoteRecord:
    """A quote node's data."""

    id: str
    text: str
    article_id: str
    speaker_id: str | None = None
    start: int = 0
    end: int = 0
    sentence: int = 0
    fragment: bool = False


@dataclass(frozen=True)
class EventMention:
    """One event as one sentence of one article reports it (extraction's output)."""

    type: EventType
    trigger: str
    sentence: int
    start: int  # the evidence sentence's character range in the article
    end: int
    date: PartialDate | None
    place_id: str | None
    participants: tuple[tuple[str, str | None], ...]  # (entity id, role)
    label: str


@dataclass(frozen=True)
class QuoteMention:
    """A quotation in an article: the words, where they are, who said them (extraction's output)."""

    text: str
    start: int  # offsets of the quoted words, marks excluded
    end: int
    sentence: int
    speaker_id: str | None
    fragment: bool


NodeRecord = ArticleRecord | EntityRecord | EventRecord | QuoteRecord  # the data of any node


def quote_id(article_id: str, start: int) -> str:
    """The global id of the quote starting at ``start`` in an article: ``quote:<article>:<offset>``."""
    return f"quote:{article_id}:{start}"


@dataclass(frozen=True)
class ArticleFacts:
    """What extraction found in one article: what the store keeps and the graph links."""

    mentions: list[Mention] = field(default_factory=list)
    entities: list[EntityRef] = field(default_factory=list)  # every entity a mention, role or quote refers to
    roles: list[RoleRecord] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    quotes: list[QuoteMention] = field(default_factory=list)


@dataclass(frozen=True)
class StoredArticle:
    """An article with its facts: the unit the store writes and reads, and the graph adds."""

    record: ArticleRecord
    facts: ArticleFacts
    body: ArticleBody = field(default_factory=lambda: ArticleBody(""))


class CurationKind(StrEnum):
    """An editor's correction of the graph (see ``Curation``)."""

    MERGE = "MERGE"  # ``sources`` fold into ``entity_id``
    SPLIT_ALIAS = "SPLIT_ALIAS"  # the mentions of ``entity_id`` under alias ``value`` become their own entity
    RENAME = "RENAME"  # ``entity_id`` is called ``value``
    SET_TYPE = "SET_TYPE"  # ``entity_id`` is of type ``value`` (a NodeType value)
    REJECT = "REJECT"  # ``entity_id`` is no entity: its mentions are dropped and its names not recognised again
    LINK_PLACE = "LINK_PLACE"  # place ``entity_id`` is the GeoNames place ``place``


@dataclass(frozen=True)
class Curation:
    """One correction as the store's curation log keeps it, in order, and the graph applies it.

    ``after_article`` is the store's position among articles when it was made (the commit position of
    the last article committed before it), so a rebuild applies it at the same point among the
    articles as it was applied live.
    """

    kind: CurationKind
    entity_id: str
    sources: tuple[str, ...] = ()
    value: str | None = None
    place: PlaceInfo | None = None
    author: str = ""
    at: str = ""  # ISO 8601 time, UTC
    sequence: int = 0  # position in the curation log (0: not logged yet)
    after_article: int = 0


@dataclass(frozen=True)
class ArticleDeletion:
    """An article deleted through the API, as the store's change log keeps it beside the curations."""

    article_id: str
    author: str = ""
    at: str = ""
    sequence: int = 0
    after_article: int = 0
    extracted: tuple[EntityRef, ...] = ()  # the entities its extraction named, which a replay releases (places without their GeoNames data)


Change = Curation | ArticleDeletion  # an entry of the store's change log
