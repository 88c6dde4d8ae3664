"""A deterministic synthetic Dutch news corpus of any size.

Articles of 300–900 words are built from varied Dutch sentence templates. People, places and
organisations are drawn from Zipf-distributed pools (places are real gazetteer names), dates are
spread over years, and quotes use several Dutch quotation styles. Because the generator places
every name itself, it also knows every mention's offsets: a store of extraction results can be
written at any scale without running NLP (for cold-start and query benchmarks).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

FIRST_NAMES = (
    "Anna Bram Carla Daan Eva Femke Gert Hanna Iris Jan Koen Lotte Maarten Noor Olga Pieter Quinten Rosa Sander Tessa "
    "Umar Vera Willem Yara Zeynep Ahmed Beatrix Claude Dmitri Elena Farid Giorgia Hiroshi Ingrid Jorge Katarzyna Lars "
    "Mohammed Nadia Oleksandr Paulina Rafael Sofia Thomas Ursula Viktor Wang Xavier Yusuf Zofia"
).split()
SURNAMES = (
    "de Vries|Jansen|van den Berg|Bakker|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|Vos|Peters|Hendriks|van Leeuwen|"
    "Dekker|Brouwer|de Wit|Dijkstra|Smits|de Graaf|van der Meer|van der Linden|Kok|Jacobs|Haddou|El Amrani|Kowalski|"
    "Novak|Petrov|Schneider|Rossi|García|Dubois|Nielsen|Tanaka|Kovalenko|Andersen|Yilmaz|Okafor|Silva|Horvat|Lindqvist|"
    "Moreau|Fischer|Ivanova|Costa|Müller|Papadopoulos|O'Brien"
).split("|")
ORGANISATIONS = (
    "Ministerie van Defensie|Ministerie van Financiën|Europese Commissie|Verenigde Naties|NAVO|Rode Kruis|Rabobank|"
    "Philips|Shell|Ajax|Tweede Kamer|Raad van State|Openbaar Ministerie|Rijkswaterstaat|KNMI|NS|Schiphol|ASML|"
    "Greenpeace|Amnesty International|Wereldbank|IMF|Europese Centrale Bank|WHO|Unicef|FNV|VNO-NCW|Partij van de Arbeid|"
    "VVD|D66|CDA|GroenLinks|Universiteit Utrecht|Erasmus MC|Politie Rotterdam|Gemeente Amsterdam|Provincie Groningen|"
    "Koninklijke Marine|Nationale Bank|Europees Parlement"
).split("|")
PLACES = (
    "Amsterdam Rotterdam Utrecht Groningen Eindhoven Maastricht Brussel Antwerpen Gent Parijs Berlijn Londen Madrid Rome "
    "Wenen Warschau Praag Boedapest Kiev Moskou Washington Peking Tokio Caïro Istanboel Lissabon Stockholm Oslo Helsinki "
    "Kopenhagen Athene Dublin Nederland België Duitsland Frankrijk Spanje Italië Polen Oekraïne Rusland China Japan Turkije "
    "Egypte Zweden Noorwegen Denemarken Griekenland Ierland Portugal Oostenrijk Zwitserland Canada Mexico Brazilië India"
).split()
TITLES = "minister|burgemeester|woordvoerder|directeur|president|premier|voorzitter|ambassadeur|generaal|gouverneur".split("|")
EVENT_PHRASES = (
    "een persconferentie", "een topontmoeting", "een ontmoeting", "onderhandelingen", "een staatsbezoek", "een akkoord",
    "een demonstratie", "nieuwe sancties", "een staakt-het-vuren", "verkiezingen", "een aanval", "een toespraak",
)  # fmt: skip
WHEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "gisteren", "vorige week", "eind september", "begin maart", "vandaag")
QUOTE_STYLES = (("“", "”"), ("„", "”"), ("‘", "’"), ('"', '"'), (",,", "”"), ("'", "'"))
QUOTE_BODIES = (
    "We moeten nu handelen, anders is het te laat",
    "Dit is een belangrijke stap voor het hele land",
    "Ik begrijp de zorgen van de inwoners heel goed",
    "Er is geen reden tot paniek, maar we blijven waakzaam",
    "De komende weken worden cruciaal voor de toekomst",
    "We hebben samen een oplossing gevonden",
    "Niemand had verwacht dat het zo snel zou gaan",
)
# Sentence templates: {P} person, {L} place, {O} organisation, {T} title, {E} event phrase, {W} when, {Q} quote.
TEMPLATES = (
    "{T} {P} sprak {W} in {L} met vertegenwoordigers van {O}.",
    "Volgens {P} is de situatie in {L} de afgelopen maanden verslechterd.",
    "{O} kondigde {W} {E} aan in {L}.",
    "{Q}, zei {P} tegen verslaggevers in {L}.",
    "Tijdens {E} in {L} benadrukte {P} het belang van samenwerking met {O}.",
    "De beslissing van {O} leidde {W} tot felle kritiek van {P}.",
    "{P} en {P} hadden {W} {E} in {L}.",
    "{Q}, aldus {P}, die namens {O} het woord voerde.",
    "In {L} verzamelden zich {W} duizenden mensen voor {E}.",
    "Het rapport van {O} over {L} wordt volgende maand in de Tweede Kamer besproken.",
    "{P} zei: {Q}.",
    "Een woordvoerder van {O} bevestigde dat de gesprekken in {L} zijn vastgelopen.",
    "De economie van {L} groeide vorig jaar sneller dan verwacht, meldt {O}.",
    "Ook {T} {P} van {O} reisde {W} af naar {L}.",
    "Critici wijzen erop dat {O} al jaren waarschuwt voor de gevolgen in {L}.",
    "Het bezoek van {P} aan {L} duurde slechts twee dagen.",
    "Bewoners van {L} reageerden verdeeld op de plannen.",
    "De maatregelen gaan volgens de planning op 1 januari in.",
    "Experts verwachten dat de prijzen de komende maanden verder stijgen.",
    "Het kabinet wil voor de zomer een besluit nemen over de financiering.",
)  # fmt: skip
# Sentences without names, so that names are about as dense as in real news (one in 15-20 words).
FILLERS = (
    "De gevolgen daarvan zijn nog niet duidelijk.",
    "Dat blijkt uit cijfers die deze week zijn gepubliceerd.",
    "Het is de vraag of de plannen op tijd klaar zijn.",
    "Veel mensen maken zich zorgen over de stijgende kosten.",
    "De afgelopen jaren is daar al vaker over gesproken, maar een oplossing bleef uit.",
    "Volgens deskundigen is er meer tijd nodig om alle gevolgen in kaart te brengen.",
    "Het voorstel moet nog worden goedgekeurd voordat het kan worden uitgevoerd.",
    "Daarover wordt de komende tijd verder overlegd met alle betrokken partijen.",
    "De kosten van het project zijn inmiddels opgelopen tot enkele miljoenen euro's.",
    "Omwonenden werden vooraf per brief op de hoogte gebracht van de werkzaamheden.",
)
FILLER_SHARE = 0.55


@dataclass
class SyntheticMention:
    start: int
    end: int
    text: str
    kind: str  # PER, LOC or ORG
    name: str  # the canonical name (a person's full name)


@dataclass
class SyntheticArticle:
    text: str
    published: date
    title: str
    mentions: list[SyntheticMention] = field(default_factory=list)


class Zipf:
    """Draw items with probability proportional to 1/rank^s (a few very common, a long tail)."""

    def __init__(self, items: list[str], rng: random.Random, s: float = 1.1) -> None:
        self.items = items
        self.rng = rng
        weights = [1 / (rank**s) for rank in range(1, len(items) + 1)]
        total = sum(weights)
        self.cumulative = []
        acc = 0.0
        for w in weights:
            acc += w / total
            self.cumulative.append(acc)

    def draw(self) -> str:
        import bisect

        return self.items[min(bisect.bisect_left(self.cumulative, self.rng.random()), len(self.items) - 1)]


class CorpusGenerator:
    """``CorpusGenerator(seed).articles(n)`` yields the same n articles for the same seed."""

    def __init__(self, seed: int = 42, people: int = 5000) -> None:
        self.rng = random.Random(seed)
        names = [f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}" for _ in range(people)]
        self.people = Zipf(list(dict.fromkeys(names)), self.rng)
        self.places = Zipf(list(PLACES), self.rng, s=0.9)
        self.organisations = Zipf(list(ORGANISATIONS), self.rng, s=0.9)

    def articles(self, count: int) -> Iterator[SyntheticArticle]:
        start = date(2015, 1, 1)
        for _ in range(count):
            published = start + timedelta(days=self.rng.randrange(0, 365 * 10))
            yield self._article(published, self.rng.randint(300, 900))

    def _article(self, published: date, target_words: int) -> SyntheticArticle:
        cast = [self.people.draw() for _ in range(self.rng.randint(2, 6))]
        article = SyntheticArticle("", published, "")
        text = ""
        words = 0
        while words < target_words:
            sentence, mentions = self._sentence(cast)
            separator = "" if not text else "\n" if self.rng.random() < 0.2 else " "
            offset = len(text) + len(separator)
            article.mentions += [SyntheticMention(m.start + offset, m.end + offset, m.text, m.kind, m.name) for m in mentions]
            text += separator + sentence
            words += len(sentence.split())
        article.text = text
        article.title = text.split(".")[0][:80]
        return article

    def _sentence(self, cast: list[str]) -> tuple[str, list[SyntheticMention]]:
        if self.rng.random() < FILLER_SHARE:
            return self.rng.choice(FILLERS), []
        template = self.rng.choice(TEMPLATES)
        out = ""
        mentions: list[SyntheticMention] = []
        index = 0
        while index < len(template):
            if template[index] == "{" and template[index + 2] == "}":
                slot = template[index + 1]
                value, kind, name = self._fill(slot, cast, first_in_sentence=not out)
                if kind:
                    mentions.append(SyntheticMention(len(out), len(out) + len(value), value, kind, name))
                out += value
                index += 3
            else:
                out += template[index]
                index += 1
        return out[0].upper() + out[1:], mentions

    def _fill(self, slot: str, cast: list[str], first_in_sentence: bool) -> tuple[str, str, str]:
        rng = self.rng
        if slot == "P":
            name = rng.choice(cast) if rng.random() < 0.8 else self.people.draw()
            surname_only = rng.random() < 0.3 and not first_in_sentence
            shown = name.split(" ", 1)[1] if surname_only else name
            return shown, "PER", name
        if slot == "L":
            place = self.places.draw()
            return place, "LOC", place
        if slot == "O":
            organisation = self.organisations.draw()
            return organisation, "ORG", organisation
        if slot == "T":
            return rng.choice(TITLES), "", ""
        if slot == "E":
            return rng.choice(EVENT_PHRASES), "", ""
        if slot == "W":
            return rng.choice(WHEN), "", ""
        opening, closing = rng.choice(QUOTE_STYLES)
        return f"{opening}{rng.choice(QUOTE_BODIES)}{closing}", "", ""
