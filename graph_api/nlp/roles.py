"""Nationality adjectives, roles and role references, found on the tokens around the names.

- A nationality adjective ("Russische") is a mention (kind DEMONYM) of its country.
- A title next to a person gives that person a role: "de Franse president Emmanuel Macron",
  "minister van Buitenlandse Zaken X", "NAVO-chef X", "X, de Wit-Russische president".
- A role noun phrase without a name ("de Russische president", "het staatshoofd", "de
  Kremlinleider") is a mention (kind ROLE) of the one person in the article holding that role;
  when the article names no such person, or several, it refers to nobody.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from graph_api.dates import PartialDate
from graph_api.model import EntityRef, Mention, MentionKind, NodeType, PlaceKind
from graph_api.names import name_key, slug
from graph_api.nlp.demonyms import demonym_table
from graph_api.nlp.gazetteer import Gazetteer
from graph_api.nlp.linking import LinkedMention, place_entity
from graph_api.nlp.titles import LEADER_SUFFIX, leader_seat, metonyms, titles
from graph_api.nlp.words import sentence_index, token_texts

DETERMINERS = {"de", "het", "die", "deze", "zijn", "haar", "hun"}
MODIFIERS = {"voormalige", "voormalig", "huidige", "nieuwe", "toenmalige", "waarnemende", "demissionaire", "vorige", "ex", "oud"}
# Role nouns that name no title of their own but the top of a state: they match any such title.
GENERIC_CATEGORIES = {"staatshoofd": {"head_of_state"}, "regeringsleider": {"head_of_government", "head_of_state"}}
LEADERS = {"head_of_state", "head_of_government"}
# Titles one person holds at a time in a country, which the graph may answer for an article that names nobody.
GRAPH_WIDE_CATEGORIES = {"head_of_state", "head_of_government", "minister"}
RoleLookup = Callable[[str, str | None, PartialDate | None], str | None]  # (title, country id, date) → person id


@dataclass(frozen=True)
class RoleFact:
    """A person holding a role, as one article states it."""

    person_id: str
    title: str
    country: EntityRef | None
    organization: EntityRef | None
    sentence: int

    @property
    def country_id(self) -> str | None:
        return self.country.id if self.country else None

    @property
    def organization_id(self) -> str | None:
        return self.organization.id if self.organization else None


@dataclass(frozen=True)
class _Title:
    """A title found at a token, with what qualifies it."""

    start: int  # first token of the whole phrase (determiner excluded)
    end: int  # token after the phrase, complement included
    title: str
    category: str
    country: EntityRef | None
    organization: EntityRef | None


class RoleFinder:
    """Finds demonyms, roles and role references in one analysed document."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.titles = titles()
        self.demonyms = demonym_table()
        self.metonyms = metonyms()

    def country(self, code: str) -> EntityRef | None:
        place = self.gazetteer.country(code)
        return place_entity(place.name, self.gazetteer, {code}) if place else None

    def find(
        self, doc: Doc, linked: list[LinkedMention], known_holder: RoleLookup | None = None, published: PartialDate | None = None
    ) -> tuple[list[LinkedMention], list[RoleFact]]:
        """Extra mentions (demonyms, compound parts, role references) and the roles stated.

        A role reference no one in the article holds goes to ``known_holder`` (the graph's answer for
        that title, country and date), when given."""
        token_entity = self._token_entities(doc, linked)
        extra = self._demonym_mentions(doc, token_entity)
        roles: list[RoleFact] = []
        references: list[_Title] = []
        used: set[int] = set()
        candidates = [i for i, text in enumerate(token_texts(doc)) if self._title_word(text) is not None]
        for i in candidates:
            if i in used or i in token_entity:
                continue
            token = doc[i]
            found = self._title_at(doc, token, token_entity)
            if found is None:
                continue
            person = self._person_after(found, token_entity) or self._person_before(doc, found, token_entity)
            if person is not None:
                roles.append(RoleFact(person.id, found.title, found.country, found.organization, sentence_index(doc, token.i)))
            else:
                references.append(found)
            used.update(range(found.start, found.end))
            extra += self._compound_mentions(found, token)
        extra += self._resolve_references(doc, references, roles, known_holder, published)
        return extra, roles

    @staticmethod
    def _token_entities(doc: Doc, linked: list[LinkedMention]) -> dict[int, EntityRef]:
        """The entity each token of a linked name belongs to (the names the graph admits, which need not be ``doc.ents``)."""
        token_entity: dict[int, EntityRef] = {}
        for item in linked:
            span = doc.char_span(item.mention.start, item.mention.end, alignment_mode="expand")
            if span is not None:
                for i in range(span.start, span.end):
                    token_entity[i] = item.entity
        return token_entity

    def _demonym_code(self, word: str) -> str | None:
        return self.demonyms.get(name_key(word)) if word[:1].isupper() else None

    def _demonym_mentions(self, doc: Doc, token_entity: dict[int, EntityRef]) -> list[LinkedMention]:
        mentions = []
        for i, text in enumerate(token_texts(doc)):
            code = self._demonym_code(text)
            if code is None or (i in token_entity and token_entity[i].type is not NodeType.PLACE):
                continue
            token = doc[i]
            country = self.country(code)
            if country is not None:
                mention = Mention(
                    country.id, token.text, token.idx, token.idx + len(token.text), sentence_index(doc, token.i), "MISC", MentionKind.DEMONYM
                )
                mentions.append(LinkedMention(mention, country))
        return mentions

    def _title_word(self, text: str) -> tuple[str, str, str | None] | None:
        """(title, category, prefix) for ``president``, ``NAVO-chef`` (prefix NAVO) or ``Kremlinleider``."""
        key = name_key(text)
        if key in self.titles:
            return text.lower(), self.titles[key], None
        if "-" in text:
            prefix, _, rest = text.rpartition("-")
            if name_key(rest) in self.titles and prefix[:1].isupper():
                return rest.lower(), self.titles[name_key(rest)], prefix
        if leader_seat(key) is not None:
            return text.lower(), "leader_of_state", text[: -len(LEADER_SUFFIX)]
        return None

    def _title_at(self, doc: Doc, token: Token, token_entity: dict[int, EntityRef]) -> _Title | None:
        word = self._title_word(token.text)
        if word is None:
            return None
        title, category, prefix = word
        country: EntityRef | None = None
        organization: EntityRef | None = None
        start = token.i
        while start > 0 and (self._demonym_code(doc[start - 1].text) or doc[start - 1].lower_ in MODIFIERS):
            start -= 1
            code = self._demonym_code(doc[start].text)
            if code and country is None:
                country = self.country(code)
        if prefix is not None:
            code = self.metonyms.get(name_key(prefix))
            place = self.gazetteer.lookup(prefix)
            if code:
                country = self.country(code)
            elif place is not None and place.kind is PlaceKind.COUNTRY and place.country_code:
                country = self.country(place.country_code)
            else:
                organization = EntityRef(f"organization:{slug(prefix)}", NodeType.ORGANIZATION, prefix)
        end = token.i + 1
        if end < len(doc) and doc[end].lower_ == "van":
            complement_end, complement = self._complement(doc, end + 1, token_entity)
            if complement_end > end + 1:
                if complement is not None and complement.type is NodeType.PLACE and country is None:
                    country = complement
                elif complement is not None and complement.type is NodeType.ORGANIZATION and organization is None:
                    organization = complement
                else:
                    title = f"{title} van {doc[end + 1 : complement_end].text}"
                end = complement_end
        return _Title(start, end, title, category, country, organization)

    @staticmethod
    def _complement(doc: Doc, start: int, token_entity: dict[int, EntityRef]) -> tuple[int, EntityRef | None]:
        """``van de NAVO`` or ``van Rusland`` (an entity), or ``van Buitenlandse Zaken`` (capitalised words)."""
        i = start
        if i < len(doc) and doc[i].lower_ in ("de", "het"):
            i += 1
        if i < len(doc) and i in token_entity and token_entity[i].type is not NodeType.PERSON:
            entity = token_entity[i]
            while i < len(doc) and token_entity.get(i) is entity:
                i += 1
            return i, entity
        j = i
        while j < len(doc) and doc[j].text[:1].isupper() and j not in token_entity:
            j += 1
        return (j, None) if j > i else (start, None)

    @staticmethod
    def _person_after(found: _Title, token_entity: dict[int, EntityRef]) -> EntityRef | None:
        entity = token_entity.get(found.end)
        return entity if entity is not None and entity.type is NodeType.PERSON else None

    @staticmethod
    def _person_before(doc: Doc, found: _Title, token_entity: dict[int, EntityRef]) -> EntityRef | None:
        """``X, de Russische president`` or ``X (fractievoorzitter …)``: a person, a comma or bracket, then the phrase."""
        i = found.start - 1
        if i >= 0 and doc[i].lower_ in DETERMINERS:
            i -= 1
        if i >= 1 and doc[i].text in (",", "("):
            entity = token_entity.get(i - 1)
            if entity is not None and entity.type is NodeType.PERSON:
                return entity
        return None

    def _compound_mentions(self, found: _Title, token: Token) -> list[LinkedMention]:
        """``NAVO-chef``, ``Kremlinleider``: the organisation or country named inside the word is mentioned too."""
        word = self._title_word(token.text)
        prefix = word[2] if word else None
        if not prefix or not token.text.startswith(prefix):
            return []
        end = token.idx + len(prefix)
        sentence = sentence_index(token.doc, token.i)
        if found.organization is not None and found.organization.name == prefix:
            return [LinkedMention(Mention(found.organization.id, prefix, token.idx, end, sentence, "ORG"), found.organization)]
        if found.country is not None:
            kind = MentionKind.DEMONYM if name_key(prefix) in self.metonyms else MentionKind.NAME
            label = "MISC" if kind is MentionKind.DEMONYM else "LOC"
            return [LinkedMention(Mention(found.country.id, prefix, token.idx, end, sentence, label, kind), found.country)]
        return []

    def _resolve_references(
        self, doc: Doc, references: list[_Title], roles: list[RoleFact], known_holder: RoleLookup | None, published: PartialDate | None
    ) -> list[LinkedMention]:
        mentions: list[LinkedMention] = []
        for reference in references:
            holders = {r.person_id for r in roles if self._holds(r, reference)}
            if not holders and known_holder is not None and reference.category in GRAPH_WIDE_CATEGORIES:
                known = known_holder(reference.title, reference.country.id if reference.country else None, published)
                holders = {known} if known else set()
            if len(holders) != 1:
                continue
            person_id = next(iter(holders))
            span = doc[reference.start : reference.end]
            person = EntityRef(person_id, NodeType.PERSON, "")
            mention = Mention(person_id, span.text, span.start_char, span.end_char, sentence_index(doc, reference.start), "PER", MentionKind.ROLE)
            mentions.append(LinkedMention(mention, person))
        return mentions

    def _holds(self, role: RoleFact, reference: _Title) -> bool:
        """Whether a stated role answers a role noun phrase: same title (or any leader for
        ``het staatshoofd``, ``de Kremlinleider``) and no conflicting country."""
        if reference.country is not None and role.country_id not in (None, reference.country.id):
            return False
        category = self.titles.get(name_key(role.title.split(" van ")[0]), "")
        generic = GENERIC_CATEGORIES.get(name_key(reference.title))
        if generic is not None:
            return category in generic
        if reference.category == "leader_of_state":
            return category in LEADERS and role.country_id == (reference.country.id if reference.country else None)
        return role.title == reference.title
