"""Event extraction on Dutch sentences written for these tests: triggers of every type, what counts as
an occurrence, arguments, labels, and how mentions become event nodes."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_api.dates import PartialDate
from graph_api.model import EventMention, NodeType
from graph_api.nlp.extract import Extractor
from graph_api.nlp.triggers import lexicon, trigger_type

MAY = PartialDate.parse("2024-05")


def events(extractor: Extractor, text: str) -> list[EventMention]:
    return extractor.extract(text, MAY).events


def types(extractor: Extractor, text: str) -> set[str]:
    return {e.type for e in events(extractor, text)}


@pytest.mark.parametrize(
    ("sentence", "event_type"),
    [
        ("Een 45-jarige man werd zaterdag in Zwolle doodgestoken.", "CRIME"),
        ("Bij een overval op een juwelier in Arnhem is dinsdag een kluis leeggeroofd.", "CRIME"),
        ("De afpersing van winkeliers in Groningen duurde maanden.", "CRIME"),
        ("Een verdachte werd donderdag in Enschede aangehouden.", "ARREST"),
        ("De politie heeft maandag twee mannen gearresteerd in Zwolle.", "ARREST"),
        ("De politie pakte vrijdag een verdachte op.", "ARREST"),
        ("De rechtbank in Arnhem sprak woensdag het vonnis uit.", "TRIAL"),
        ("Jan Jansen werd dinsdag veroordeeld tot vier jaar cel.", "TRIAL"),
        ("De officier van justitie eist drie jaar celstraf tegen de man.", "TRIAL"),
        ("Door de overstroming in Limburg moesten zondag honderden mensen hun huis uit.", "DISASTER"),
        ("Het noodweer trok donderdag over Groningen.", "DISASTER"),
        ("Een bosbrand in Portugal verwoestte vrijdag duizenden hectare.", "DISASTER"),
        ("Een aardbeving trof zaterdag het oosten van Turkije.", "DISASTER"),
        ("Bij een ongeluk op de A28 bij Zwolle raakten maandag drie mensen gewond.", "ACCIDENT"),
        ("Een botsing tussen twee treinen in Groningen legde dinsdag het verkeer stil.", "ACCIDENT"),
        ("Schrijver Hendrik Marsveld is zondag op 88-jarige leeftijd overleden.", "DEATH"),
        ("De schrijfster heeft woensdag de literatuurprijs gewonnen.", "AWARD"),
        ("De prijs werd vrijdag in Amsterdam uitgereikt aan Karin Bakker.", "AWARD"),
        ("De Belg won zondag de etappe naar Zwolle.", "COMPETITION"),
        ("De wedstrijd tussen PSV en Feyenoord eindigde zondag in 2-2.", "COMPETITION"),
        ("De zangeres gaf zaterdag een concert in Arnhem.", "PERFORMANCE"),
        ("De voorstelling in Groningen was vrijdag uitverkocht.", "PERFORMANCE"),
        ("Unilever maakte maandag de overname van een Amerikaans merk bekend.", "ACQUISITION"),
        ("Het concern schrapt 400 banen in Enschede.", "JOB_CUTS"),
        ("Trainer Ruud Aalders is dinsdag ontslagen.", "RESIGNATION"),
        ("De rechtbank sprak maandag het faillissement van de webwinkel uit.", "BANKRUPTCY"),
        ("Heineken presenteerde woensdag de kwartaalcijfers.", "FINANCIAL_RESULTS"),
        ("Karin Bakker is maandag benoemd tot burgemeester van Zwolle.", "APPOINTMENT"),
        ("Wethouder Anja de Groot treedt per direct af.", "RESIGNATION"),
        ("Archeologen hebben in Zwolle een middeleeuwse waterput ontdekt.", "DISCOVERY"),
        ("De gemeenteraad nam dinsdag in Arnhem het besluit om de brug te slopen.", "DECISION"),
        ("De Tweede Kamer stemt in met het wetsvoorstel.", "DECISION"),
    ],
)
def test_each_new_type_is_found(extractor: Extractor, sentence: str, event_type: str) -> None:
    assert event_type in types(extractor, sentence)


def test_compound_heads_and_verbs() -> None:
    assert trigger_type("terreuraanslagen") == "ATTACK"
    assert trigger_type("bosbranden") == "DISASTER"
    assert trigger_type("kwartaalcijfers") == "FINANCIAL_RESULTS"
    # Verbs match only as whole words: "vereisen" is no "eisen", "overwinnen" no "winnen".
    assert trigger_type("vereisen") is None and trigger_type("overwinnen") is None
    assert all(t.companions for t in lexicon()["treden"])


@pytest.mark.parametrize(
    "sentence",
    [
        "Er was gisteren geen aanval op de stad.",  # negated
        "Als er een staking komt, blijven de scholen in Zwolle dicht.",  # conditional
        "De regering zou mogelijk een verbod op vuurwerk instellen.",  # hypothetical
        "Het klimaat van oorlog maakt de mensen bang.",  # topic noun
        "Elke moord is er een te veel.",  # generic
        "Hij stapte in Zwolle op de trein.",  # a preposition is no particle
        "Het concern schrapt het plan voor een nieuwe fabriek.",  # no jobs
        "De AEX won dinsdag 0,5 procent.",  # a price, no contest
        "De prijs van benzine steeg vorige week.",  # a price, no award
        "De taken van de directeur worden voorlopig door zijn collega's overgenomen.",  # no company taken over
        "Ze deed zaterdag boodschappen bij Albert Heijn in Utrecht.",  # errands, no message
        "Hij riep zaterdag in Zwolle op het plein naar zijn hond.",  # a preposition is no particle
        "Hij drukte in Zwolle op de knop om door te gaan.",  # no law pushed through
    ],
)
def test_no_event_is_reported(extractor: Extractor, sentence: str) -> None:
    assert types(extractor, sentence) == set(), [e.label for e in events(extractor, sentence)]


def test_winning_takes_the_type_of_what_was_won(extractor: Extractor) -> None:
    assert types(extractor, "De liberalen wonnen zondag de verkiezingen in Groningen.") == {"ELECTION"}
    assert "COMPETITION" not in types(extractor, "De dichteres won woensdag een belangrijke prijs.")
    text = "De literatuurprijs werd vrijdag in Zwolle uitgereikt. Vorig jaar won Karin Bakker."
    assert [(e.type, e.label) for e in events(extractor, text)][-1] == ("AWARD", "prijs van Karin Bakker")


def test_participants_are_actors_and_the_place_is_where_it_happened(extractor: Extractor) -> None:
    [event] = events(extractor, "Een man uit Arnhem is zaterdag in Zwolle doodgestoken, meldt persbureau Reuters.")
    assert event.type == "CRIME" and event.place_id is not None
    assert extractor.gazetteer.by_geoname_id(int(event.place_id.removeprefix("place:gn"))).name == "Zwolle"
    assert event.participants == ()
    assert event.label == "steekpartij in Zwolle"


def test_labels_read_as_dutch_phrases(extractor: Extractor) -> None:
    [meeting] = [
        e for e in events(extractor, "Premier Mark Rutte had dinsdag een ontmoeting met president Emmanuel Macron in Parijs.") if e.type == "MEETING"
    ]
    assert meeting.label == "ontmoeting van Mark Rutte met Emmanuel Macron in Parijs"
    [takeover] = events(extractor, "De overname van Heineken door het Amerikaanse Kraft werd maandag bekend.")
    assert takeover.label == "overname van Heineken door Kraft"
    [attack] = events(extractor, "Bij een aanslag in Moskou vielen zaterdag doden.")
    assert attack.label == "aanslag in Moskou"
    [trial] = [e for e in events(extractor, "De rechter sprak maandag het vonnis uit tegen Jan Jansen.") if e.type == "TRIAL"]
    assert trial.label == "vonnis tegen Jan Jansen"


def ingest(corpus, folder: Path, texts: dict[str, str]) -> None:
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    results = list(corpus.ingest_paths([folder]))
    assert all(r.outcome.value == "ingested" for r in results), [r.line() for r in results]


def test_one_event_reported_twice_in_an_article_and_in_another_is_one_node(make_corpus, tmp_path: Path) -> None:
    corpus = make_corpus()
    ingest(
        corpus,
        tmp_path,
        {
            "a.txt": "date 2024-03-12 Bij een explosie in een flat in Zwolle raakten dinsdag vier mensen gewond. "
            "De brandweer zegt dat de explosie door een gaslek kwam. Het weer was zonnig.",
            "b.txt": "date 2024-03-12 Een explosie heeft dinsdag een flat in Zwolle verwoest.",
            "c.txt": "date 2024-03-12 Ook in Arnhem was dinsdag een explosie in een winkel.",
        },
    )
    explosions = [e for e in map(corpus.graph.event, corpus.graph.ids(NodeType.EVENT)) if e.type == "ACCIDENT"]
    assert sorted(len(e.article_ids) for e in explosions) == [1, 2], [(e.label, e.article_ids) for e in explosions]
    [shared] = [e for e in explosions if len(e.article_ids) == 2]
    assert len(shared.evidence) == 3 and shared.date == PartialDate(2024, 3, 12)


@pytest.mark.parametrize(
    ("sentence", "trial"),
    [
        ("De rechtbank in Breda veroordeelde de 32-jarige man dinsdag tot vier jaar celstraf.", True),
        ("De Verenigde Naties spraken dinsdag in New York hun veroordeling van de beschieting uit.", False),
    ],
)
def test_a_conviction_is_a_trial_but_a_condemnation_is_not(extractor: Extractor, sentence: str, trial: bool) -> None:
    assert ("TRIAL" in types(extractor, sentence)) is trial


@pytest.mark.parametrize("sentence", ["De bekendmaking volgde dinsdag.", "Het besluit viel gisteren.", "Hij is vorige week overleden."])
def test_an_act_without_actor_or_place_is_no_event_to_show(extractor: Extractor, sentence: str) -> None:
    assert events(extractor, sentence) == []


@pytest.mark.parametrize(
    ("sentence", "event_type"),
    [
        ("De verdachte is dinsdag in Zwolle voorgeleid aan de rechter-commissaris.", "TRIAL"),
        ("De man werd vorige week in Gent vastgezet.", "ARREST"),
        ("Bij Harlingen kapseisde zaterdag een reddingsboot van de KNRM.", "ACCIDENT"),
        ("Modeketen Voorjaarsmode legt in Utrecht de boeken neer.", "BANKRUPTCY"),
        ("Coureur Lars Brandsma pakte zaterdag in Zandvoort de poleposition.", "COMPETITION"),
        ("Burgemeester Jan Pietersen riep de inwoners dinsdag op om binnen te blijven.", "STATEMENT"),
        ("Commissievoorzitter Anna Vermeulen heeft het parlement woensdag een uur lang toegesproken.", "STATEMENT"),
        ("De zangeres legt zaterdag in een statement op Instagram uit waarom het concert niet doorgaat.", "STATEMENT"),
        ("Koning Filip sprak in zijn boodschap van dinsdag de getroffen gezinnen in Luik moed in.", "STATEMENT"),
        ("De NASA lanceerde dinsdag vanaf Cape Canaveral een nieuwe satelliet.", "OTHER"),
        ("Bewoners van een verpleeghuis in Valkenburg werden woensdag geëvacueerd.", "OTHER"),
        ("Philips begon in juni in Eindhoven een grote terugroepactie.", "OTHER"),
        ("Het Europees Parlement gaf woensdag zijn zegen aan de nieuwe commissie.", "DECISION"),
        ("Premier Jan Pietersen duwde vorig jaar in het parlement een omstreden wet door.", "DECISION"),
    ],
)
def test_more_triggers(extractor: Extractor, sentence: str, event_type: str) -> None:
    assert event_type in types(extractor, sentence)


def test_winning_in_an_article_about_an_election_is_an_election(extractor: Extractor) -> None:
    text = (
        "De verkiezingen voor het gouverneurschap van Tokio trokken veel kiezers. "
        "Yuriko Koike stelde zich vorig jaar kandidaat en won. Haar partij groeide van 6 naar 55 zetels."
    )
    assert "ELECTION" in {e.type for e in events(extractor, text) if e.trigger == "won"}
