"""Boilerplate rules, tested on hand-written text in the style of Dutch news sites."""

import pytest

from graph_api.ingest.cleaning import boilerplate_rule, clean, normalise


@pytest.mark.parametrize(
    ("paragraph", "rule"),
    [
        ("Om deze inhoud te bekijken moet je cookies accepteren. Accepteer cookies", "cookie-notice"),
        ("Deze video is verborgen omdat je geen cookies van derden hebt aanvaard.", "cookie-notice"),
        ("Bekijk dit bericht op Instagram", "social-embed"),
        ("Een bericht gedeeld door Gemeente Utrecht (@utrecht)", "social-embed"),
        ("Lees ook: Kabinet trekt extra geld uit voor dijken", "read-also"),
        ("LEES OOK Waterschap waarschuwt voor hoogwater", "read-also"),
        ("Bekijk ook: zo ziet de nieuwe brug eruit", "read-also"),
        ("Zie ook het overzicht van alle uitslagen", "read-also"),
        ("Volg alle ontwikkelingen rond de verkiezingen in ons liveblog.", "live-updates"),
        ("Praat mee! Reageren kan onder dit artikel.", "comment-prompt"),
        ("Wat vind jij van het nieuwe plan? Laat het ons weten.", "comment-prompt"),
        ("Schrijf je in voor onze dagelijkse nieuwsbrief", "newsletter"),
        ("Demonstranten op het Malieveld in Den Haag. Beeld ANP", "photo-credit"),
        ("Foto: Reuters", "photo-credit"),
        ("© ANP", "photo-credit"),
    ],
)
def test_boilerplate_paragraphs_are_recognised(paragraph: str, rule: str) -> None:
    assert boilerplate_rule(paragraph) == rule


@pytest.mark.parametrize(
    "paragraph",
    [
        "De minister zei dat de cookies van de bakker in Zwolle de lekkerste waren.",
        "Meer dan tweehonderd mensen kwamen dinsdag bijeen in Groningen.",
        "Lees de brief van de burgemeester, zei de woordvoerder, en oordeel zelf.",
        "De fotograaf maakte een foto van de koning tijdens het bezoek aan Arnhem.",
        "Volgens de politie verliep de demonstratie in Rotterdam rustig.",
    ],
)
def test_news_prose_is_kept(paragraph: str) -> None:
    assert boilerplate_rule(paragraph) is None


def test_clean_removes_and_records_boilerplate() -> None:
    text = (
        "Het kabinet presenteert dinsdag de begroting.\n\n"
        "Lees ook: Oppositie kritisch over plannen\n"
        "De minister van Financiën licht de plannen toe in de Tweede Kamer.\n\n"
        "Praat mee, reageren kan onderaan dit artikel.\n"
    )
    cleaned, removed = clean(text)
    assert "Lees ook" not in cleaned and "Praat mee" not in cleaned
    assert cleaned.startswith("Het kabinet") and "Tweede Kamer." in cleaned
    assert [r.rule for r in removed] == ["read-also", "comment-prompt"]
    assert removed[0].text == "Lees ook: Oppositie kritisch over plannen"


def test_normalise_composes_unicode_and_strips_invisible_characters() -> None:
    decomposed = "Oekrai\u0308ne\u00a0en\u200b Belgie\u0308\r\n"
    assert normalise(decomposed) == "Oekraïne en België\n"
