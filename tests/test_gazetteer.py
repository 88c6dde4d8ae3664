"""Place linking against GeoNames and pycountry, on names not taken from the seed articles."""

import pytest

from graph_api.model import PlaceKind
from graph_api.nlp.gazetteer import load_gazetteer


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.mark.parametrize(
    ("name", "country", "kind"),
    [
        ("Frankrijk", "FR", PlaceKind.COUNTRY),
        ("Duitsland", "DE", PlaceKind.COUNTRY),
        ("Verenigd Koninkrijk", "GB", PlaceKind.COUNTRY),
        ("België", "BE", PlaceKind.COUNTRY),
        ("belgie", "BE", PlaceKind.COUNTRY),
        ("Zuid-Afrika", "ZA", PlaceKind.COUNTRY),
        ("Moskou", "RU", PlaceKind.CITY),
        ("Genève", "CH", PlaceKind.CITY),
        ("Antwerpen", "BE", PlaceKind.CITY),
        ("Den Haag", "NL", PlaceKind.CITY),
        ("Parijs", "FR", PlaceKind.CITY),
        ("Brussel", "BE", PlaceKind.CITY),
        ("Texas", "US", PlaceKind.REGION),
    ],
)
def test_dutch_names_link_to_geonames(gazetteer, name: str, country: str, kind: PlaceKind) -> None:
    place = gazetteer.lookup(name)
    assert place is not None, name
    assert (place.country_code, place.kind) == (country, kind)
    assert place.geoname_id


def test_cities_and_countries_have_coordinates(gazetteer) -> None:
    for name in ("Amsterdam", "Nederland", "Japan", "Lissabon"):
        place = gazetteer.lookup(name)
        assert place.latitude is not None and place.longitude is not None, name


def test_ambiguous_names_prefer_the_larger_place_or_the_article_country(gazetteer) -> None:
    assert gazetteer.lookup("Paris").country_code == "FR"
    assert gazetteer.lookup("Paris", {"US"}).country_code == "US"


def test_continents_have_dutch_names(gazetteer) -> None:
    europe = gazetteer.lookup("Europa")
    assert europe.kind is PlaceKind.CONTINENT and europe.name == "Europa"
    assert gazetteer.lookup("Azië").kind is PlaceKind.CONTINENT
