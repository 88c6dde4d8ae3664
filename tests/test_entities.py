"""Demonyms, roles and entity resolution, on Dutch sentences written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, Span

from graph_api.graph.knowledge_graph import KnowledgeGraph
from graph_api.model import ArticleFacts, ArticleRecord, EntityRef, Mention, MentionKind, NodeType, PlaceInfo, PlaceKind, StoredArticle
from graph_api.nlp.demonyms import demonym_table, inflect
from graph_api.nlp.extract import Extraction, Extractor
from graph_api.nlp.refine import EntityRefiner


def country_of(extractor: Extractor, entity_id: str) -> str | None:
    place = extractor.gazetteer.by_geoname_id(int(entity_id.removeprefix("place:gn"))) if entity_id.startswith("place:gn") else None
    return place.country_code if place else None


def mentions_of(extraction: Extraction, kind: MentionKind) -> list[Mention]:
    return [m for m in extraction.mentions if m.kind is kind]


@pytest.mark.parametrize(
    ("adjective", "code"),
    [("Russische", "RU"), ("Oekraïense", "UA"), ("Amerikaanse", "US"), ("Wit-Russische", "BY"), ("Franse", "FR"), ("Duitse", "DE"),
     ("Chinese", "CN"), ("Belgische", "BE"), ("Nederlandse", "NL"), ("Italiaanse", "IT"), ("Zweedse", "SE"), ("Turkse", "TR"),
     ("Braziliaanse", "BR"), ("Japanse", "JP"), ("Israëlische", "IL"), ("Syrische", "SY"), ("Poolse", "PL"), ("Britse", "GB")],
)  # fmt: skip
def test_nationality_adjectives_cover_countries(adjective: str, code: str) -> None:
    from graph_api.names import name_key

    assert demonym_table()[name_key(adjective)] == code


def test_inflection_of_adjectives() -> None:
    assert [inflect(a) for a in ("Russisch", "Chinees", "Indiaas", "Duits", "Italiaans")] == [
        "Russische",
        "Chinese",
        "Indiase",
        "Duitse",
        "Italiaanse",
    ]


def test_demonyms_in_text_refer_to_their_country(extractor: Extractor) -> None:
    extraction = extractor.extract("Een Franse diplomaat en twee Japanse journalisten spraken met de Wit-Russische delegatie in Genève.")
    demonyms = {m.text: country_of(extractor, m.entity_id) for m in mentions_of(extraction, MentionKind.DEMONYM)}
    assert demonyms == {"Franse": "FR", "Japanse": "JP", "Wit-Russische": "BY"}
    assert all(m.label == "MISC" for m in mentions_of(extraction, MentionKind.DEMONYM))


def test_roles_from_titles_before_and_after_names(extractor: Extractor) -> None:
    text = (
        "De Franse president Emmanuel Macron ontving dinsdag in Parijs de Duitse bondskanselier Olaf Scholz. "
        "Ook Mark Rutte, de secretaris-generaal van de NAVO, was aanwezig."
    )
    extraction = extractor.extract(text)
    roles = {(r.person_id, r.title, country_of(extractor, r.country_id) if r.country_id else None, r.organization_id) for r in extraction.roles}
    assert ("person:emmanuel-macron", "president", "FR", None) in roles
    assert ("person:olaf-scholz", "bondskanselier", "DE", None) in roles
    assert ("person:mark-rutte", "secretaris-generaal", None, "organization:navo") in roles


def test_compound_titles_name_their_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract("Volgens VN-chef António Guterres is de situatie ernstig.")
    [role] = extraction.roles
    assert role.title == "chef" and role.organization_id == "organization:vn"
    assert any(m.text == "VN" and m.entity_id == "organization:vn" for m in extraction.mentions)


def test_role_phrases_refer_to_the_one_holder_in_the_article(extractor: Extractor) -> None:
    text = (
        "De Franse president Emmanuel Macron bezocht maandag Berlijn. "
        "De Franse president sprak er met studenten. Het staatshoofd vertrok 's avonds weer naar Parijs."
    )
    extraction = extractor.extract(text)
    references = {m.text: m.entity_id for m in mentions_of(extraction, MentionKind.ROLE)}
    assert references.get("Franse president") == "person:emmanuel-macron"
    assert references.get("staatshoofd") == "person:emmanuel-macron"


def test_a_title_opening_the_text_before_a_name_is_that_persons_role_not_a_reference(extractor: Extractor) -> None:
    """The graph knows another minister, but ``Minister Eva Visser`` names her own title."""
    text = "Minister Eva Visser bezocht dinsdag Leiden. Daar sprak Visser met studenten over de begroting."
    extraction = extractor.extract(text, None, lambda *_: "person:another-minister")
    assert not mentions_of(extraction, MentionKind.ROLE)
    assert [(r.person_id, r.title) for r in extraction.roles] == [("person:eva-visser", "minister")]


def test_ambiguous_role_phrases_refer_to_nobody(extractor: Extractor) -> None:
    text = "President Emmanuel Macron en president Joe Biden spraken elkaar. De president zei niets."
    assert not mentions_of(extractor.extract(text), MentionKind.ROLE)


def test_surname_refers_back_to_the_full_name_within_an_article(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Minister Hugo de Jonge opende de nieuwe school in Utrecht. De Jonge sprak de leerlingen toe. Later zei De Jonge dat hij trots was."
    )
    people = {m.entity_id for m in extraction.mentions if m.label == "PER"}
    assert people == {"person:hugo-de-jonge"}


def test_a_found_name_opening_a_sentence_is_tagged_there_too(extractor: Extractor) -> None:
    """``Wilders`` is in the Dutch word list, but this text never uses it as an ordinary word."""
    extraction = extractor.extract(
        "De Tweede Kamer debatteerde dinsdag over de begroting. Geert Wilders vroeg om een stemming. Wilders kreeg geen steun."
    )
    texts = [(m.text, m.label) for m in extraction.mentions if m.label == "PER"]
    assert texts == [("Geert Wilders", "PER"), ("Wilders", "PER")]


def ingest_texts(corpus, tmp_path: Path, *texts: str) -> None:
    for i, text in enumerate(texts):
        (tmp_path / f"{i}.txt").write_text(text, encoding="utf-8")
    results = list(corpus.ingest_paths(sorted(tmp_path.glob("*.txt"))))
    assert all(r.outcome.value == "ingested" for r in results), [r.line() for r in results]


def test_spelling_variants_and_surnames_merge_across_articles(make_corpus, tmp_path: Path) -> None:
    corpus = make_corpus()
    ingest_texts(
        corpus, tmp_path,
        "President Volodymyr Zelensky sprak donderdag het parlement in Kyiv toe.",
        "Volodymyr Zelenski reist volgende week naar Brussel voor overleg met de Europese Unie.",
        "De Oekraïense president vroeg de EU om meer steun. Volgens Zelenski is de situatie aan het front ernstig.",
    )  # fmt: skip
    [person] = [e for e in corpus.graph.find_entities("Zelensky") if e.type is NodeType.PERSON]
    assert {"Volodymyr Zelensky", "Volodymyr Zelenski", "Zelenski"} <= set(person.aliases)
    assert corpus.graph.article_count(person.id) == 3
    corpus.close()
    reopened = make_corpus(corpus.settings.db)  # the graph rebuilt from the store resolves alike
    [again] = [e for e in reopened.graph.find_entities("Zelensky") if e.type is NodeType.PERSON]
    assert again.aliases == person.aliases and reopened.graph.article_count(again.id) == 3
    [union] = corpus.graph.find_entities("EU")
    assert union.id == corpus.graph.find_entities("Europese Unie")[0].id and {"EU", "Europese Unie"} <= set(union.aliases)


def test_people_sharing_a_surname_stay_apart(make_corpus, tmp_path: Path) -> None:
    corpus = make_corpus()
    ingest_texts(
        corpus, tmp_path,
        "Joe Biden sprak in Washington over de economie.",
        "Hunter Biden verscheen maandag voor de rechter in Delaware.",
        "In een verklaring liet Biden weten dat hij niet zou ingrijpen.",
    )  # fmt: skip
    joe, hunter = corpus.graph.find_entities("Joe Biden")[0], corpus.graph.find_entities("Hunter Biden")[0]
    assert joe.id != hunter.id
    assert "Hunter Biden" not in joe.aliases and "Joe Biden" not in hunter.aliases
    assert "Biden" not in joe.aliases and "Biden" not in hunter.aliases, "a bare surname shared by two people stays unresolved"
    assert all(e.id not in (joe.id, hunter.id) for e in corpus.graph.find_entities("Biden"))


def test_acronyms_merge_with_their_full_names(make_corpus, tmp_path: Path) -> None:
    corpus = make_corpus()
    ingest_texts(
        corpus, tmp_path,
        "De VS sturen extra troepen naar Polen.",
        "De Verenigde Staten en Canada tekenden een handelsakkoord.",
    )  # fmt: skip
    [states] = corpus.graph.find_entities("VS")
    assert states.place and states.place.country_code == "US" and {"VS", "Verenigde Staten"} <= set(states.aliases)


def _article(article_id: str, mention: Mention, entity: EntityRef) -> StoredArticle:
    return StoredArticle(ArticleRecord(article_id, "test", article_id, None, None, 1), ArticleFacts([mention], [entity]))


def test_a_name_typed_as_a_person_is_a_person_everywhere() -> None:
    """The model once tagged a surname as a place; the person absorbs that place, before or after."""
    graph = KnowledgeGraph()
    wrong = EntityRef("place:rutte", NodeType.PLACE, "Rutte", PlaceInfo(None, "Rutte", None, None, None, PlaceKind.OTHER))
    person = EntityRef("person:mark-rutte", NodeType.PERSON, "Mark Rutte")
    graph.add_article(_article("a", Mention(wrong.id, "Rutte", 0, 5, 0, "LOC"), wrong))
    graph.add_article(_article("b", Mention(person.id, "Mark Rutte", 0, 10, 0, "PER"), person))
    graph.add_article(_article("c", Mention(wrong.id, "Rutte", 0, 5, 0, "LOC"), wrong))
    assert graph.stats()["places"] == 0 and graph.stats()["people"] == 1
    record = graph.entity("person:mark-rutte")
    assert record.aliases == {"Mark Rutte": 1, "Rutte": 2} and graph.article_count(record.id) == 3
    assert graph.entity("place:rutte").id == "person:mark-rutte", "the merged id redirects"


def refine(words: list[str], ents: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    """Run the entity refiner alone on hand-set entities (the model's decisions, fixed for the test)."""
    doc = Doc(spacy.blank("nl").vocab, words=words)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    return [(ent.text, ent.label_) for ent in EntityRefiner()(doc).ents]


def test_a_person_that_is_a_city_of_a_named_country_is_that_city() -> None:
    words = "Brazilië stuurde troepen . Blumenau bleef onrustig .".split()
    assert refine(words, [(0, 1, "LOC"), (4, 5, "PER")]) == [("Brazilië", "LOC"), ("Blumenau", "LOC")]
    # No country named: the model's reading stands.
    assert refine(words[4:], [(0, 1, "PER")]) == [("Blumenau", "PER")]


def test_given_names_and_surnames_of_named_people_stay_people() -> None:
    words = "Italië won . Florence sprak met Paulo Blumenau . Blumenau lachte .".split()
    ents = [(0, 1, "LOC"), (3, 4, "PER"), (6, 8, "PER"), (9, 10, "PER")]
    assert [label for _, label in refine(words, ents)] == ["LOC", "PER", "PER", "PER"]


def test_place_names_are_mended_at_their_edges() -> None:
    words = "Zij vloog naar de Verenigde Arabische Emiraten .".split()
    assert refine(words, [(4, 6, "LOC")]) == [("Verenigde Arabische Emiraten", "LOC")]
    words = "Thema : Frankrijk Duitsland . Parijs zweeg .".split()
    assert refine(words, [(2, 4, "ORG"), (5, 6, "LOC")]) == [("Frankrijk", "LOC"), ("Duitsland", "LOC"), ("Parijs", "LOC")]


def test_a_span_without_letters_or_digits_is_no_name() -> None:
    assert refine("Nieuws | Sport".split(), [(1, 2, "MISC")]) == []


def test_a_one_word_line_is_a_subheading_not_a_person() -> None:
    text = "Het kabinet presenteerde de begroting.\n\nWoningbouwplannen\n\nMinister Keijzer noemt de plannen haalbaar."
    doc = spacy.blank("nl").make_doc(text)
    doc.ents = [
        doc.char_span(text.index("Woningbouw"), text.index("\n\nMinister"), label="PER"),
        doc.char_span(text.index("Keijzer"), text.index(" noemt"), label="PER"),
    ]
    assert [(e.text, e.label_) for e in EntityRefiner()(doc).ents] == [("Keijzer", "PER")]
