"""Dutch time expressions against a published date, on sentences written for these tests."""

import pytest

from graph_api.dates import DatePrecision, PartialDate
from graph_api.nlp.timex import find_time_expressions

FRIDAY = PartialDate(2023, 3, 17)  # a Friday
MARCH = PartialDate(2023, 3)


def resolve(text: str, anchor: PartialDate | None) -> list[tuple[str, str]]:
    return [(t.text.lower(), t.date.iso()) for t in find_time_expressions(text, anchor)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("De minister sprak maandag in Den Haag.", [("maandag", "2023-03-13")]),
        ("Vorige week dinsdag begon de staking.", [("vorige week dinsdag", "2023-03-07")]),
        ("Gisteren sloot de fabriek.", [("gisteren", "2023-03-16")]),
        ("Eergisteren viel de regering.", [("eergisteren", "2023-03-15")]),
        ("Later vandaag spreekt de premier.", [("later vandaag", "2023-03-17")]),
        ("Morgen beslist de rechter.", [("morgen", "2023-03-18")]),
        ("Drie weken geleden begonnen de gesprekken.", [("drie weken geleden", "2023-02-24")]),
        ("Op 24 februari begon de invasie.", [("24 februari", "2023-02-24")]),
        ("Op 12 december 2021 werd hij gekozen.", [("12 december 2021", "2021-12-12")]),
        ("Eind september kondigde hij het aan.", [("eind september", "2022-09")]),
        ("Begin 2022 was het nog rustig.", [("begin 2022", "2022")]),
        ("Vorig jaar zomer werd het akkoord getekend.", [("vorig jaar zomer", "2022-07")]),
        ("Volgende maand stemt het parlement.", [("volgende maand", "2023-04")]),
        ("Vorig jaar waren er verkiezingen.", [("vorig jaar", "2022")]),
    ],
)
def test_expressions_resolve_against_a_day_precision_date(sentence: str, expected: list) -> None:
    assert resolve(sentence, FRIDAY) == expected


def test_precision_never_exceeds_what_the_article_date_supports() -> None:
    [weekday] = find_time_expressions("Maandag sprak de minister.", MARCH)
    assert weekday.date == MARCH and weekday.date.precision is DatePrecision.MONTH
    assert resolve("Drie weken geleden begon het.", MARCH) == []


def test_relative_expressions_need_a_date_and_absolute_ones_do_not() -> None:
    assert resolve("Gisteren en vorige week gebeurde het.", None) == []
    assert resolve("Op 5 mei 1945 eindigde de oorlog.", None) == [("5 mei 1945", "1945-05-05")]
