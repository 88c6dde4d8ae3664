"""The arguments of an event mention in its sentence: where it happened, who took part, and when."""

from __future__ import annotations

from dataclasses import dataclass

from graph_api.dates import PartialDate
from graph_api.model import EntityRef, MentionKind, NodeType, PlaceKind
from graph_api.nlp.linking import LinkedMention
from graph_api.nlp.timex import TimeExpression

PLACE_PREPOSITIONS = {"in", "te", "bij", "op", "nabij", "rond", "vanuit"}
PARTICIPANT_ROLES = {"met": "with", "door": "by", "tegen": "against", "tussen": "between", "van": "of", "namens": "for"}
# A news source quoted for the facts is no participant ("meldt Reuters", "volgens persbureau AP").
SOURCE_WORDS = {
    "volgens",
    "meldt",
    "melden",
    "meldde",
    "citeert",
    "citeerde",
    "bron",
    "schrijft",
    "schreef",
    "berichtte",
    "bericht",
    "persbureau",
    "nieuwsdienst",
}
PLACE_KIND_RANK = {PlaceKind.CITY: 0, PlaceKind.OTHER: 0, PlaceKind.REGION: 1, PlaceKind.COUNTRY: 2}
MAX_PARTICIPANTS = 3
MAX_PARTICIPANT_DISTANCE = 12  # tokens: an actor further from the trigger belongs to another clause of a long sentence


@dataclass(frozen=True)
class Argument:
    """A linked mention of the sentence with the token it starts at."""

    item: LinkedMention
    token: int

    @property
    def entity(self) -> EntityRef:
        return self.item.entity

    @property
    def entity_id(self) -> str:
        return self.item.mention.entity_id

    @property
    def name(self) -> str:
        return self.item.entity.name or self.item.mention.text


def is_actor(entity: EntityRef) -> bool:
    """People, organisations and countries act; other places and things do not."""
    if entity.type in (NodeType.PERSON, NodeType.ORGANIZATION):
        return True
    return entity.type is NodeType.PLACE and entity.place is not None and entity.place.kind is PlaceKind.COUNTRY


def find_place(words: list[str], trigger: int, arguments: list[Argument]) -> Argument | None:
    """The place a locative preposition introduces, the most local and nearest first (``uit Gent`` is where someone is from)."""
    candidates = []
    for argument in arguments:
        if argument.entity.type is not NodeType.PLACE or argument.item.mention.kind is not MentionKind.NAME:
            continue
        kind = argument.entity.place.kind if argument.entity.place else PlaceKind.OTHER
        if kind is PlaceKind.CONTINENT:  # "het grootste land van Afrika": too wide to say where something happened
            continue
        if argument.token > 0 and words[argument.token - 1].lower() in PLACE_PREPOSITIONS:
            candidates.append((PLACE_KIND_RANK[kind], abs(argument.token - trigger), argument.token, argument))
    return min(candidates, key=lambda c: c[:3])[3] if candidates else None


def find_participants(
    words: list[str], trigger: int, sentence_start: int, arguments: list[Argument], place: Argument | None
) -> tuple[tuple[str, str | None], ...]:
    """The actors of the sentence nearest the trigger, each with the role a preposition before it gives."""
    found: dict[str, tuple[int, str | None]] = {}
    for argument in sorted(arguments, key=lambda a: abs(a.token - trigger)):
        if not is_actor(argument.entity) or (place is not None and argument.entity_id == place.entity_id):
            continue
        if abs(argument.token - trigger) > MAX_PARTICIPANT_DISTANCE:
            continue
        if is_source(words, argument, sentence_start):
            continue
        # A nationality adjective names a country as an actor only right before the event ("Russische aanval").
        if argument.item.mention.kind is MentionKind.DEMONYM and not 0 < trigger - argument.token <= 2:
            continue
        role = role_before(words, argument.token, sentence_start)
        distance, known = found.get(argument.entity_id, (abs(argument.token - trigger), None))
        found[argument.entity_id] = (distance, known or role)
    nearest = sorted(found.items(), key=lambda item: item[1][0])[:MAX_PARTICIPANTS]
    return tuple((entity_id, role) for entity_id, (_, role) in nearest)


def is_source(words: list[str], argument: Argument, sentence_start: int) -> bool:
    """A news outlet or agency cited as the source of the report."""
    token = argument.token
    return argument.entity.type is NodeType.ORGANIZATION and any(w.lower() in SOURCE_WORDS for w in words[max(sentence_start, token - 2) : token])


def role_before(words: list[str], token: int, sentence_start: int) -> str | None:
    """The role a preposition a few words before gives (``met de Amerikaanse gezant X`` → with)."""
    for i in range(token - 1, max(token - 5, sentence_start - 1), -1):
        word = words[i].lower()
        if word in PARTICIPANT_ROLES:
            return PARTICIPANT_ROLES[word]
        if not word.isalnum() and word != "-":
            break
    return None


def nearest_date(expressions: list[TimeExpression], position: int) -> PartialDate | None:
    """The date of the time expression nearest a character offset in the sentence."""
    return min(expressions, key=lambda e: abs(e.start - position)).date if expressions else None
