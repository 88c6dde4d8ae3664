"""Quote finding and speaker attribution on Dutch sentences written for these tests."""

from __future__ import annotations

import pytest

from graph_api.nlp.extract import Extractor
from graph_api.nlp.quotes import find_quotes


def speakers(extractor: Extractor, text: str) -> list[tuple[str, str | None]]:
    return [(q.text[:20], q.speaker_id) for q in extractor.extract(text).quotes if not q.fragment]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("«We gaan door», zei de minister.", "We gaan door"),
        ("‹We gaan door›, zei de minister.", "We gaan door"),
        (",,We gaan door'', zei de minister.", "We gaan door"),
        (",,We gaan door’’, zei de minister.", "We gaan door"),
    ],
)
def test_guillemets_and_doubled_closing_marks(text: str, quoted: str) -> None:
    [(start, end)] = find_quotes(text)
    assert text[start:end] == quoted


def test_a_quote_left_open_runs_to_the_end_of_its_paragraph() -> None:
    text = "Ze stond op. “Het eerste deel klopt. Het tweede niet.\n\n“Daarom gaan we verder.”"
    assert [text[s:e] for s, e in find_quotes(text)] == ["Het eerste deel klopt. Het tweede niet.", "Daarom gaan we verder."]


@pytest.mark.parametrize(
    "sentence",
    [
        "Dat zei Jan Pietersen dinsdag in Utrecht.",
        "Dat zegt Jan Pietersen.",
        "Dat schrijft Jan Pietersen in een brief aan de gemeenteraad.",
        "Dat liet Jan Pietersen dinsdag weten.",
        "Dit zegt Jan Pietersen.",
        "Zo stelt Jan Pietersen.",
    ],
)
def test_the_next_sentence_points_back_at_the_quote(extractor: Extractor, sentence: str) -> None:
    text = f"Marieke de Boer kwam laat binnen. “De begroting sluit niet en dat weet iedereen.” {sentence}"
    assert speakers(extractor, text) == [("De begroting sluit n", "person:jan-pietersen")]


def test_a_role_noun_points_back_to_the_person_with_that_title(extractor: Extractor) -> None:
    text = (
        "Gedeputeerde Anouk Verbeek bezocht woensdag de boeren in Drenthe. Ook wethouder Kees Bakker was erbij.\n\n"
        "“We moeten de vergunningen sneller afgeven.” Dat zei de gedeputeerde na afloop."
    )
    assert speakers(extractor, text) == [("We moeten de vergunn", "person:anouk-verbeek")]


@pytest.mark.parametrize(
    "attribution",
    [
        "liet Jan Pietersen weten",
        "gaf Jan Pietersen aan",
        "zo stelde Jan Pietersen",
        "voegde Jan Pietersen eraan toe",
        "klinkt het bij Jan Pietersen",
        "aldus Jan Pietersen",
        "grapte Jan Pietersen",
    ],
)
def test_separable_and_multiword_speech_verbs(extractor: Extractor, attribution: str) -> None:
    text = f"Marieke de Boer opende de vergadering. “We hebben genoeg gepraat”, {attribution}."
    assert speakers(extractor, text) == [("We hebben genoeg gep", "person:jan-pietersen")]


def test_a_separable_verb_without_its_particle_does_not_attribute(extractor: Extractor) -> None:
    text = "Jan Pietersen sprak de zaal toe. “Een nieuwe start voor de stad”, liet de folder van Marieke de Boer zien."
    assert speakers(extractor, text) == [("Een nieuwe start voo", None)]


def test_a_quote_standing_alone_belongs_to_the_subject_of_the_sentence_before(extractor: Extractor) -> None:
    text = (
        "Jan Pietersen won zaterdag de wedstrijd in Assen. “Ik had dit niet verwacht.”\n\n"
        "Marieke de Boer was minder tevreden over haar race. “Mijn start was slecht. Daarna ging het beter.”"
    )
    assert speakers(extractor, text) == [("Ik had dit niet verw", "person:jan-pietersen"), ("Mijn start was slech", "person:marieke-de-boer")]


def test_quotes_go_on_with_the_speaker_over_paragraphs(extractor: Extractor) -> None:
    text = (
        "“We zijn blij met de uitslag”, zegt trainer Jan Pietersen van de thuisploeg. “Iedereen heeft hard gewerkt.”\n\n"
        "De ploeg staat nu op de derde plaats.\n\n"
        "“Volgende week wordt het moeilijker.”"
    )
    assert [s for _, s in speakers(extractor, text)] == ["person:jan-pietersen"] * 3


def test_a_person_named_as_object_does_not_take_the_quote(extractor: Extractor) -> None:
    text = (
        "“Het was een zware wedstrijd”, zei Jan Pietersen. "
        "Hij was vooral tevreden over het spel van Marieke de Boer. De aanvoerder verving de geblesseerde Sanne Visser. "
        "“Ze deed het uitstekend.”"
    )
    assert [s for _, s in speakers(extractor, text)] == ["person:jan-pietersen", "person:jan-pietersen"]


def test_a_pronoun_goes_to_the_person_just_named_not_to_the_previous_speaker(extractor: Extractor) -> None:
    text = (
        "“We verdienden de winst”, zei Jan Pietersen.\n\n"
        "Trainer Marieke de Boer van de tegenstander dacht daar anders over. “Wij waren beter”, zei zij. “Veel beter.”"
    )
    assert [s for _, s in speakers(extractor, text)] == ["person:jan-pietersen", "person:marieke-de-boer", "person:marieke-de-boer"]


def test_an_answer_after_a_question_does_not_inherit_the_asker(extractor: Extractor) -> None:
    text = "“Komt er een nieuwe stemming?”, vroeg Jan Pietersen. “Dat weet ik niet.”"
    assert speakers(extractor, text) == [("Komt er een nieuwe s", "person:jan-pietersen"), ("Dat weet ik niet.", None)]


def test_an_anonymous_subject_keeps_the_quote_from_the_last_person(extractor: Extractor) -> None:
    text = "“De dijk houdt”, zei Jan Pietersen. Een buurtbewoner was minder gerust. “Ik slaap hier niet vannacht.”"
    assert speakers(extractor, text) == [("De dijk houdt", "person:jan-pietersen"), ("Ik slaap hier niet v", None)]


@pytest.mark.parametrize(
    ("title", "phrase"),
    [
        ("minister", "aldus de minister"),
        ("trainer", "zei de trainer"),
        ("gedeputeerde", "zegt de gedeputeerde"),
        ("wethouder", "zei de wethouder"),
        ("advocaat", "zei de advocaat"),
        ("hoogleraar", "zegt de hoogleraar"),
        ("woordvoerder", "aldus de woordvoerder"),
        ("bondscoach", "zei de bondscoach"),
    ],
)
def test_speakers_written_by_role_only(extractor: Extractor, title: str, phrase: str) -> None:
    text = f"Volgens {title} Jan Pietersen loopt het project vertraging op. Marieke de Boer is het daarmee eens.\n\n“Het duurt nog jaren”, {phrase}."
    assert speakers(extractor, text) == [("Het duurt nog jaren", "person:jan-pietersen")]


def test_a_role_noun_names_nobody_when_two_people_hold_it(extractor: Extractor) -> None:
    text = "Wethouder Jan Pietersen en wethouder Marieke de Boer openden de brug. “Eindelijk is hij klaar”, zei de wethouder."
    assert speakers(extractor, text) == [("Eindelijk is hij kla", None)]


def test_an_unresolved_person_noun_goes_to_the_person_talked_about(extractor: Extractor) -> None:
    text = "Jan Pietersen kreeg vrijdag de prijs voor het beste debuut.\n\n“Ik had hier nooit op gerekend”, zei de winnaar."
    assert speakers(extractor, text) == [("Ik had hier nooit op", "person:jan-pietersen")]


@pytest.mark.parametrize(
    "text",
    [
        "“We zoeken nog getuigen”, laat de politie in Utrecht weten.",
        "De brandweer rukte uit. “Het vuur is onder controle”, aldus de brandweer.",
    ],
)
def test_organisations_not_named_speak_for_nobody(extractor: Extractor, text: str) -> None:
    assert all(s is None for _, s in speakers(extractor, text))


def test_organisations_speak_only_right_next_to_the_verb(extractor: Extractor) -> None:
    text = (
        "Jan Pietersen leidt de fabriek in Eindhoven. “Er verdwijnen vierhonderd banen”, meldt Heineken.\n\n"
        "“De komende maanden volgen gesprekken met de bonden.”"
    )
    [first, second] = speakers(extractor, text)
    assert first[1] is not None and first[1].startswith("organization:") and second[1] is None


def test_a_quote_standing_alone_after_an_organisation_as_subject_is_the_organisations(extractor: Extractor) -> None:
    text = "Voor de ontslagen medewerkers komt er een sociaal plan, schrijft Heineken. “We begeleiden iedereen naar ander werk.”"
    [(_, speaker)] = speakers(extractor, text)
    assert speaker is not None and speaker.startswith("organization:heineken")


def test_the_organisation_a_noun_stands_for(extractor: Extractor) -> None:
    text = "De vakbond FNV kondigde een staking aan. “De lonen moeten omhoog”, aldus de vakbond."
    [(_, speaker)] = speakers(extractor, text)
    assert speaker is not None and speaker.startswith("organization:")


def test_a_name_inside_the_quote_never_speaks(extractor: Extractor) -> None:
    text = "De zaal was vol. “Jan Pietersen heeft ons goed geholpen. Zonder hem was het niet gelukt”, zei Marieke de Boer."
    assert speakers(extractor, text) == [("Jan Pietersen heeft ", "person:marieke-de-boer")]
    alone = "De zaal was vol. “Jan Pietersen heeft ons goed geholpen.”"
    assert speakers(extractor, alone) == [("Jan Pietersen heeft ", None)]


def test_the_subject_before_a_colon_speaks_not_the_person_talked_about(extractor: Extractor) -> None:
    text = "Nu laat ook Jan Pietersen weten dat hij zich ergert aan de woorden van Marieke de Boer: “Dit kan zo niet langer.”"
    assert speakers(extractor, text) == [("Dit kan zo niet lang", "person:jan-pietersen")]


def test_an_interview_answer_after_initials(extractor: Extractor) -> None:
    text = "Marieke de Boer leidt sinds maart het museum in Leiden.\n\nHoe gaat het nu?\n\nMB: “Het gaat beter dan ik dacht.”"
    assert speakers(extractor, text) == [("Het gaat beter dan i", "person:marieke-de-boer")]


def test_a_heading_in_quotes_belongs_to_the_person_the_paragraph_below_names(extractor: Extractor) -> None:
    text = "“Het ging fout toen.”\n\n‘Dit zie je maar één keer’\n\nPloegleider Jan Pietersen keek tevreden naar de finish in Parijs."
    found = extractor.extract(text).quotes
    assert [(q.text, q.speaker_id) for q in found if not q.fragment][-1] == ("Dit zie je maar één keer", "person:jan-pietersen")


def test_a_heading_repeating_the_quote_below_is_a_fragment(extractor: Extractor) -> None:
    text = "Jan Pietersen sprak de raad toe.\n\n‘Bijzonder slordig’\n\n“Ik vind het bijzonder slordig van het kabinet”, zei Jan Pietersen."
    quotes = extractor.extract(text).quotes
    assert [q.fragment for q in quotes] == [True, False]


@pytest.mark.parametrize(
    "text",
    [
        'Teambaas Nora Vlietstra was blij.\n\n"We hebben een erg snelle auto", stipte Vlietstra ook de volgende race aan.',
        "De oppositie protesteerde. “We hebben een andere voorzitter nodig”, wierp Karel Dendermonde (Groen) op.",
        "Burgemeester Karel Dendermonde bleef kalm. Dat is ‘het recht van deze raad’, wierp hij de oppositie voor.",
        'Trainer Pieter ten Brink was tevreden.\n\n"Het was terecht. Zij wilden het liever", vertelt Ten Brink bij de pers.',
    ],
)
def test_more_separable_speech_verbs_and_a_capitalised_particle(extractor: Extractor, text: str) -> None:
    [quote] = extractor.extract(text).quotes
    assert quote.speaker_id is not None and quote.speaker_id.startswith("person:")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("De koning noemde het noodweer ‘een ramp met tragische gevolgen voor velen’ en bezocht het gebied.", False),
        ("De minister sprak van een ‘zeer zware nacht’ voor de hulpdiensten.", True),
    ],
)
def test_an_inline_quote_of_four_words_or_more_is_a_quotation(extractor: Extractor, text: str, fragment: bool) -> None:
    [quote] = extractor.extract(text).quotes
    assert quote.fragment is fragment


def test_an_organisation_talked_about_before_a_quote_standing_alone_does_not_take_it(extractor: Extractor) -> None:
    text = "De Raad van State koos vorig jaar voor de natuur. “Het land zit op slot”, is een veelgehoorde klacht."
    assert speakers(extractor, text) == [("Het land zit op slot", None)]


def test_an_organisation_after_a_preposition_and_its_kind_is_talked_about_not_speaking(extractor: Extractor) -> None:
    text = "Teambaas Karel Smits had ook lof voor motorleverancier Hondara. “Ze doen het geweldig op deze hoogte.”"
    assert speakers(extractor, text) == [("Ze doen het geweldig", "person:karel-smits")]


def test_an_organisation_as_the_subject_of_a_speech_verb_says_the_quote_inside_its_sentence(extractor: Extractor) -> None:
    text = "Heineken schrapt vierhonderd banen. Vakbond FNV reageert geschokt en noemt het ‘een klap in het gezicht van de werknemers’."
    [(_, speaker)] = speakers(extractor, text)
    assert speaker is not None and speaker.startswith("organization:fnv")


@pytest.mark.parametrize(
    "text",
    [
        "„Het is alsof je naar een stoomsauna kijkt”, zegt onderzoeksleider dr. Sanne Kuipers in Leiden.",
        "Gedeputeerde J. Vermeulen liet donderdag weten dat daar ‘op dit moment geen sprake van’ is.",
    ],
)
def test_an_initial_or_a_title_s_abbreviation_ends_no_sentence_before_the_speaker(extractor: Extractor, text: str) -> None:
    [(_, speaker)] = speakers(extractor, text)
    assert speaker is not None and speaker.startswith("person:")


def test_a_pronoun_after_an_anonymous_subject_is_not_the_last_speaker(extractor: Extractor) -> None:
    text = (
        "Het festival werd stilgelegd, zei woordvoerster Lies Vandenberghe.\n\n"
        'Een festivalganger uit Ieper nam het sportief op. "We hebben gewoon verder gedanst in de regen", lachte ze.'
    )
    assert speakers(extractor, text) == [("We hebben gewoon ver", None)]


def test_a_part_of_something_is_no_anonymous_speaker(extractor: Extractor) -> None:
    text = (
        "“Ik heb zelf een grote vondst gedaan”, vertelde archeoloog Peter Stokkel.\n\n"
        "Een van de vondsten is een collectie zilveren munten. “Hier leefden mensen van hogere stand.”"
    )
    assert [s for _, s in speakers(extractor, text)] == ["person:peter-stokkel", "person:peter-stokkel"]


@pytest.mark.parametrize(
    "text",
    [
        "Het voorstel werd gesteund. 'Dit is een lapmiddel,' zei Statenlid Joris Wammes (SP).",
        "Het bedrijf wijst op de energieprijzen. „We hebben alles geprobeerd”, zei CEO Hanne Verbiest.",
    ],
)
def test_a_capitalised_title_between_the_speech_verb_and_the_name(extractor: Extractor, text: str) -> None:
    [(_, speaker)] = speakers(extractor, text)
    assert speaker is not None and speaker.startswith("person:")


def test_a_party_in_brackets_after_the_subject_is_not_the_one_speaking(extractor: Extractor) -> None:
    text = "Wethouder Eline Roosmalen (D66) verdedigde het plan. „Het bad is al vijftig jaar het hart van het dorp.”"
    assert speakers(extractor, text) == [("Het bad is al vijfti", "person:eline-roosmalen")]


def test_the_holder_of_an_office_of_something_is_the_subject(extractor: Extractor) -> None:
    text = "Schepen van Financiën Lotte Van den Eynde (Groen) sprak de zaal toe.\n\n« Niemand hoeft te vrezen dat zijn dorp verdwijnt », zei ze."
    assert speakers(extractor, text) == [("Niemand hoeft te vre", "person:lotte-van-den-eynde")]


def test_the_founder_of_an_organisation_is_not_that_organisation(extractor: Extractor) -> None:
    text = (
        "Ruud Lanting wijst op het wanbeheer van de oprichter van Modehuis Breedveld, Kees Breedveld. "
        "De bond wacht nog af. “Het is nog te vroeg om iets te zeggen”, zegt hij."
    )
    assert [s for _, s in speakers(extractor, text)] == ["person:ruud-lanting"]


def test_an_anonymous_subject_opening_the_paragraph_right_after_a_quote(extractor: Extractor) -> None:
    text = (
        '"We begonnen met een tent", zegt oprichter Wim Verstraeten. "Nu staan hier grote bands."\n\n'
        'Een vrijwilliger achter de bar zag het met plezier aan. "Zo druk was het nog nooit", zei hij.'
    )
    assert [s for _, s in speakers(extractor, text)] == ["person:wim-verstraeten", "person:wim-verstraeten", None]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Directeur Roel van Bemmel is tevreden. 'Het bier blijft hier gebrouwen,' liet de Duitse groep in een verklaring weten.", None),
        ('Het KNMI waarschuwde voor onweer. "Er is geen enkel incident geweest", liet de politie van Zottegem weten.', None),
        ("Het KNMI gaf code geel af. “Het wordt een natte nacht”, aldus het weerinstituut.", "organization:knmi"),
    ],
)
def test_an_organisation_by_its_kind_speaks_only_when_the_article_names_it_so(extractor: Extractor, text: str, speaker: str | None) -> None:
    assert [s for _, s in speakers(extractor, text)] == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Marit Jonkers won de rit. Volgens de krant De Standaard was het „de perfecte koers van een perfecte ploeg”.", "organization:de-standaard"),
        ("Marit Jonkers won de rit. Volgens ploegleider Kees Smeulders was het „de perfecte koers van een perfecte ploeg”.", "person:kees-smeulders"),
        ("Marit Jonkers won de rit. Volgens haar was het „de perfecte koers van een perfecte ploeg”.", "person:marit-jonkers"),
        ("Marit Jonkers won de rit. Volgens de regels is het „de perfecte koers van een perfecte ploeg”.", None),
    ],
)
def test_volgens_names_who_said_the_quote_in_its_sentence(extractor: Extractor, text: str, speaker: str | None) -> None:
    assert [s for _, s in speakers(extractor, text)] == [speaker]


def test_a_pronoun_goes_to_a_person_its_paragraph_names_in_inverted_word_order(extractor: Extractor) -> None:
    text = (
        "Ook oud-premier Dirk Kolvenbach was aanwezig.\n\n"
        "Op het plein stond de Nederlandse Sanne Wierda, die uit Utrecht was overgekomen. "
        "„Ik was hier toen het dak in brand stond”, vertelde ze."
    )
    assert [s for _, s in speakers(extractor, text)] == ["person:sanne-wierda"]
