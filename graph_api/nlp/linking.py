"""From name spans to entity mentions: types, place linking and within-article resolution."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from graph_api.model import EntityRef, Mention, NodeType, PlaceInfo, PlaceKind
from graph_api.names import SURNAME_PARTICLES, name_key, slug
from graph_api.nlp.gazetteer import Gazetteer
from graph_api.nlp.organizations import canonical_organization
from graph_api.nlp.spans import NamedSpan, tidy

LABEL_TYPES = {"PER": NodeType.PERSON, "LOC": NodeType.PLACE, "ORG": NodeType.ORGANIZATION}


@dataclass(frozen=True)
class LinkedMention:
    """A mention and the entity it was resolved to."""

    mention: Mention
    entity: EntityRef


def place_entity(name: str, gazetteer: Gazetteer, countries: set[str], near: tuple[float, float] | None = None, home: str | None = None) -> EntityRef:
    """A place linked to the gazetteer when it knows the name, else an unlinked place in the country the article is in (``home``)."""
    place = gazetteer.lookup(name, countries, near)
    if place is None:
        return EntityRef(f"place:{slug(name)}", NodeType.PLACE, name, PlaceInfo(None, name, home, None, None, PlaceKind.OTHER))
    # Countries and continents have Dutch names in the gazetteer; a city is named as the text names it.
    display = place.name if place.kind in (PlaceKind.COUNTRY, PlaceKind.CONTINENT) or name.isupper() else name
    return EntityRef(place_id(place), NodeType.PLACE, display, place)


def place_id(place: PlaceInfo) -> str:
    """``place:gn<GeoNames id>``, or for a region GeoNames' lists leave out, its name and country."""
    if place.geoname_id is not None:
        return f"place:gn{place.geoname_id}"
    return f"place:{slug(place.name)}-{(place.country_code or 'xx').lower()}"


def person_targets(spans: list[NamedSpan]) -> dict[str, str]:
    """Map a surname (``Jonge``, ``De Jonge``) to the article's only full name ending in it."""
    full_names: dict[str, set[str]] = {}
    for span in spans:
        key = name_key(span.text)
        words = key.split()
        if len(words) >= 2 and words[0] not in SURNAME_PARTICLES:
            for i in range(1, len(words)):
                full_names.setdefault(" ".join(words[i:]), set()).add(key)
    return {surname: next(iter(keys)) for surname, keys in full_names.items() if len(keys) == 1}


def link_mentions(spans: list[NamedSpan], gazetteer: Gazetteer) -> list[LinkedMention]:
    """Resolve each PER, LOC and ORG span of one article to an entity."""
    tidy_spans = [s for s in (tidy(span) for span in spans) if s is not None and s.label in LABEL_TYPES]
    person_spans = [s for s in tidy_spans if s.label == "PER"]
    surname_to_full = person_targets(person_spans)
    full_text = {name_key(s.text): s.text for s in person_spans}
    countries = gazetteer.countries_named(s.text for s in tidy_spans if s.label == "LOC")
    place_names = [s.text for s in tidy_spans if s.label == "LOC"]
    local = _local_places(place_names, gazetteer, countries)
    near = _centre(local)
    home = _home_country(local)
    linked: list[LinkedMention] = []
    for span in tidy_spans:
        entity = _entity_for(span, gazetteer, countries, surname_to_full, full_text, near, home)
        mention = Mention(entity.id, span.text, span.start, span.end, span.sentence, span.label)
        linked.append(LinkedMention(mention, entity))
    return linked


def _local_places(names: list[str], gazetteer: Gazetteer, countries: set[str]) -> list[tuple[PlaceInfo, bool]]:
    """The towns and regions the article names, each with whether only one place bears its name."""
    return [
        (place, not gazetteer.is_ambiguous(name))
        for name in names
        if (place := gazetteer.lookup(name, countries)) is not None and place.kind in (PlaceKind.CITY, PlaceKind.REGION)
    ]


def _centre(local: list[tuple[PlaceInfo, bool]]) -> tuple[float, float] | None:
    """Where the article is: the mean position of its towns and regions that only one place bears."""
    points = [(p.latitude, p.longitude) for p, unique in local if unique and p.latitude is not None and p.longitude is not None]
    if not points:
        return None
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def _home_country(local: list[tuple[PlaceInfo, bool]]) -> str | None:
    """The country most of the article's towns and regions lie in (a street or a village the gazetteer does not know
    lies there too); None when the article names none, or as many in one country as in another."""
    ranked = Counter(place.country_code for place, _ in local if place.country_code).most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _entity_for(
    span: NamedSpan,
    gazetteer: Gazetteer,
    countries: set[str],
    surname_to_full: dict[str, str],
    full_text: dict[str, str],
    near: tuple[float, float] | None,
    home: str | None,
) -> EntityRef:
    if span.label == "LOC":
        return place_entity(span.text, gazetteer, countries, near, home)
    if span.label == "PER":
        key = name_key(span.text)
        key = surname_to_full.get(key, key)
        name = full_text.get(key, span.text)
        return EntityRef(f"person:{slug(key)}", NodeType.PERSON, name)
    name = canonical_organization(span.text) or span.text  # "OM" and "Openbaar Ministerie" are one node
    return EntityRef(f"organization:{slug(name)}", NodeType.ORGANIZATION, name)
