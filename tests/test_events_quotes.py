"""Events and quotes on Dutch texts written for these tests (not the seed articles)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_api.dates import PartialDate
from graph_api.model import EventType, NodeType
from graph_api.nlp.events import read_triggers, trigger_type, triggers
from graph_api.nlp.extract import Extractor
from graph_api.nlp.quotes import find_quotes, is_fragment


def test_the_lexicon_covers_every_event_type_of_the_taxonomy() -> None:
    assert set(triggers().values()) == set(EventType)


def test_a_trigger_table_naming_a_type_outside_the_taxonomy_is_refused(tmp_path: Path) -> None:
    (tmp_path / "event_triggers.tsv").write_text("# trigger\ttype\nvergadering\tMEETING\nfeest\tPARTY\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"event_triggers\.tsv:3: 'PARTY' is not an event type"):
        read_triggers(tmp_path)


@pytest.mark.parametrize(
    ("sentence", "event_type"),
    [
        ("De premier gaf dinsdag een persconferentie in Den Haag.", "PRESS_CONFERENCE"),
        ("De Europese leiders komen bijeen voor een topontmoeting in Brussel.", "SUMMIT"),
        ("Macron had een ontmoeting met Scholz in Berlijn.", "MEETING"),
        ("De onderhandelingen tussen Israël en Hamas in Caïro liepen vast.", "NEGOTIATION"),
        ("Koning Willem-Alexander brengt een staatsbezoek aan Japan.", "VISIT"),
        ("Canada en Mexico sloten een handelsakkoord.", "AGREEMENT"),
        ("Noord-Korea uitte een nieuwe dreiging tegen Zuid-Korea.", "THREAT"),
        ("Israël kondigde de mobilisatie van reservisten aan.", "MOBILISATION"),
        ("Bij een raketaanval op Odessa vielen maandag doden.", "ATTACK"),
        ("In Soedan vochten het leger en de RSF opnieuw.", "FIGHTING"),
        ("De invasie van Irak begon in maart 2003.", "INVASION"),
        ("De EU kondigde nieuwe sancties tegen Iran aan.", "SANCTION"),
        ("Israël en Hamas stemden in met een staakt-het-vuren in Gaza.", "CEASEFIRE"),
        ("In Polen werden in oktober verkiezingen gehouden.", "ELECTION"),
        ("Duizenden boeren hielden een demonstratie in Den Haag.", "PROTEST"),
        ("De president hield vrijdag een toespraak in Washington.", "STATEMENT"),
    ],
)
def test_each_trigger_class_is_found(extractor: Extractor, sentence: str, event_type: str) -> None:
    events = extractor.extract(sentence, PartialDate(2023, 10, 20)).events
    assert event_type in {e.type for e in events}


def test_compounds_and_lemmas_trigger_events() -> None:
    words = "De luchtaanvallen en eindejaarspersconferenties en de vredesonderhandelingen . Zij vergaderden".split()
    types = [trigger_type(word) for word in words]
    assert types == [None, "ATTACK", None, "PRESS_CONFERENCE", None, None, "NEGOTIATION", None, None, "MEETING"]


def test_event_arguments_place_participants_and_time(extractor: Extractor) -> None:
    text = "De Franse president Emmanuel Macron had maandag een ontmoeting met bondskanselier Olaf Scholz in Berlijn."
    [event] = [e for e in extractor.extract(text, PartialDate(2024, 5, 10)).events if e.type == "MEETING"]
    assert event.place_id and extractor.gazetteer.by_geoname_id(int(event.place_id.removeprefix("place:gn"))).country_code == "DE"
    participants = dict(event.participants)
    assert "person:emmanuel-macron" in participants and participants.get("person:olaf-scholz") == "with"
    assert event.date == PartialDate(2024, 5, 6)
    assert text[event.start : event.end].startswith("De Franse president")


def test_events_without_a_date_keep_none(extractor: Extractor) -> None:
    [event] = [e for e in extractor.extract("De president hield een persconferentie in Parijs.", None).events]
    assert event.date is None and event.place_id


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("“We gaan door”, zei de minister.", "We gaan door"),
        ("„We gaan door”, zei de minister.", "We gaan door"),
        ("”We gaan door”, zei de minister.", "We gaan door"),
        ("‘We gaan door’, zei de minister.", "We gaan door"),
        ("'We gaan door', zei de minister.", "We gaan door"),
        ('"We gaan door", zei de minister.', "We gaan door"),
        (",,We gaan door”, zei de minister.", "We gaan door"),
        ("Hij zei: “Dit is het begin. Er komt meer.” Daarna vertrok hij.", "Dit is het begin. Er komt meer."),
    ],
)
def test_every_quote_style_is_found(text: str, quoted: str) -> None:
    [(start, end)] = find_quotes(text)
    assert text[start:end] == quoted


def test_apostrophes_are_not_quotes() -> None:
    assert find_quotes("Hij kwam 's avonds thuis en zei m'n naam niet.") == []


def test_scare_quotes_are_fragments() -> None:
    text = "De minister noemde het plan ‘vernederende’ onzin en sprak van een “historische” dag."
    assert all(is_fragment(text, text[s:e], s) for s, e in find_quotes(text))


def speakers(extractor: Extractor, text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker_id) for q in extractor.extract(text).quotes if not q.fragment]


def test_speaker_after_the_quote(extractor: Extractor) -> None:
    text = "“De economie groeit weer”, zei Mark Rutte dinsdag in Den Haag. “Maar we blijven voorzichtig”, voegde Rutte eraan toe."
    assert speakers(extractor, text) == [("De economie groeit weer", "person:mark-rutte"), ("Maar we blijven voorzichtig", "person:mark-rutte")]


def test_speaker_before_the_quote_and_pronouns(extractor: Extractor) -> None:
    text = "Minister Hugo de Jonge sprak de Kamer toe. Hij zei: “We bouwen honderdduizend woningen.” “Dat is haalbaar”, verklaarde hij later."
    assert speakers(extractor, text) == [("We bouwen honderdduizend woningen.", "person:hugo-de-jonge"), ("Dat is haalbaar", "person:hugo-de-jonge")]


def test_role_noun_speakers_resolve_through_roles(extractor: Extractor) -> None:
    text = "De Franse president Emmanuel Macron bezocht Berlijn. “Europa moet sterker worden”, aldus de Franse president."
    assert speakers(extractor, text) == [("Europa moet sterker worden", "person:emmanuel-macron")]


def test_unattributed_quotes_keep_an_empty_speaker(extractor: Extractor) -> None:
    text = "De stad was stil. “Niemand weet wat er komt.” Op straat was niemand te zien."
    assert speakers(extractor, text) == [("Niemand weet wat er komt.", None)]


def ingest(corpus, folder: Path, texts: dict[str, str]) -> None:
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    results = list(corpus.ingest_paths([folder]))
    assert all(r.outcome.value == "ingested" for r in results), [r.line() for r in results]


def test_the_same_press_conference_in_two_articles_is_one_event(make_corpus, tmp_path: Path) -> None:
    corpus = make_corpus()
    ingest(
        corpus,
        tmp_path,
        {
            "a.txt": "date 2023-06-14 Premier Mark Rutte gaf woensdag een persconferentie in Den Haag over de asielcrisis.",
            "b.txt": "date 2023-06-14 Op zijn persconferentie in Den Haag sprak Mark Rutte woensdag over de gevolgen voor gemeenten.",
            "c.txt": "date 2023-09-20 Mark Rutte gaf woensdag opnieuw een persconferentie in Den Haag, nu over de begroting.",
            "d.txt": "date 2023-06-14 Mark Rutte gaf woensdag ook een persconferentie in Brussel.",
            "e.txt": "Premier Mark Rutte gaf een persconferentie in Den Haag over de begroting.",
            "f.txt": "date 2023-06-14 In Den Haag was woensdag ook een persconferentie, waar veel journalisten op afkwamen.",
        },
    )
    conferences = [e for e in map(corpus.graph.event, corpus.graph.ids(NodeType.EVENT)) if e.type == "PRESS_CONFERENCE"]
    by_articles = sorted(len(e.article_ids) for e in conferences)
    # a, b and f (same day, same city; f names nobody) are one; c (September), d (Brussel) and the undated e stay apart.
    assert by_articles == [1, 1, 1, 3], [(e.label, e.date, e.place_id, e.article_ids) for e in conferences]
    [shared] = [e for e in conferences if len(e.article_ids) == 3]
    assert shared.date == PartialDate(2023, 6, 14) and len(shared.evidence) == 3


def test_events_and_quotes_over_graphql(make_corpus, tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    from graph_api.server import create_app
    from tests.conftest import run_query

    corpus = make_corpus()
    ingest(
        corpus,
        tmp_path,
        {
            "a.txt": "date 2024-02-02 Bondskanselier Olaf Scholz had donderdag een ontmoeting met president Emmanuel Macron in Parijs. "
            "“We staan samen”, zei Scholz na afloop.",
            "b.txt": "date 2024-03-08 Bij een raketaanval op Odessa vielen woensdag doden, meldde president Volodymyr Zelensky.",
        },
    )
    client = TestClient(create_app(corpus))
    scholz = run_query(
        client, '{ entity(name: "Olaf Scholz") { id ... on Person { quotes { edges { node { text } } } events { edges { node { type date } } } } } }'
    )["data"]["entity"]
    assert scholz["quotes"]["edges"] == [{"node": {"text": "We staan samen"}}]
    assert {"node": {"type": "MEETING", "date": "2024-02-01"}} in scholz["events"]["edges"]
    data = run_query(
        client,
        """query($p: ID!) {
            meetings: events(filter: {type: MEETING}) { totalCount edges { node { label place { name } participants { role entity { name } }
                evidence { text sentence article { id } } articleCount sources firstSeen lastSeen } } }
            march: events(filter: {from: "2024-03", to: "2024-03-31"}) { edges { node { type date } } }
            byPerson: events(filter: {participantId: $p}, orderBy: DATE) { totalCount }
            quotes(filter: {textContains: "samen"}) { edges { node { text speaker { name } article { id } } } }
        }""",
        {"p": scholz["id"]},
    )["data"]
    [meeting] = [e["node"] for e in data["meetings"]["edges"]]
    assert meeting["place"]["name"] == "Parijs" and meeting["articleCount"] == 1 and meeting["firstSeen"] == "2024-02-02"
    assert "ontmoeting" in meeting["evidence"][0]["text"]
    assert [e["node"]["type"] for e in data["march"]["edges"]] == ["ATTACK"]
    assert data["byPerson"]["totalCount"] >= 1
    assert data["quotes"]["edges"][0]["node"]["speaker"]["name"] == "Olaf Scholz"
    body = run_query(client, '{ events(filter: {from: "maart"}) { totalCount } }', expect_errors=True)
    assert "`from`" in body["errors"][0]["message"]


def test_partial_quotes_inside_a_sentence_are_fragments_even_when_attributed() -> None:
    text = "Gevraagd naar zijn “bijzondere bestuurlijke maatregel”, antwoordde de burgemeester “nee”."
    assert all(is_fragment(text, text[s:e], s, e) for s, e in find_quotes(text))
