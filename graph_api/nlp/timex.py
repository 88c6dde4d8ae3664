"""Dutch time expressions resolved against an article's published date.

Handled: ``vandaag``, ``gisteren``, ``eergisteren``, ``morgen``, ``overmorgen``, ``later vandaag``,
weekdays (``maandag`` = the last one on or before the published day), ``vorige``/``volgende``/``deze
week``, ``N dagen|weken|maanden|jaar geleden`` (N in digits or words), ``vorig``/``volgend``/``dit
jaar``, ``vorige``/``volgende maand``, ``vorig jaar zomer``, a day and month (``24 februari``,
``24 februari 2022``), a month (``in maart``, ``eind september``, ``begin 2022``) and a year.

The result keeps a precision: a weekday against a month-precision published date can only give
that month; nothing is guessed when the article has no date and the expression is relative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from graph_api.dates import PartialDate

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6,
    "juli": 7, "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip
WEEKDAYS = {"maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4, "zaterdag": 5, "zondag": 6}
NUMBERS = {
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
    "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "enkele": 3, "paar": 2, "twintig": 20, "dertig": 30,
}  # fmt: skip
SEASONS = {"lente": 4, "voorjaar": 4, "zomer": 7, "herfst": 10, "najaar": 10, "winter": 1}
_MONTH = "|".join(MONTHS)
_NUMBER = r"\d+|" + "|".join(NUMBERS)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("day_month", re.compile(rf"\b(\d{{1,2}}) ({_MONTH})(?: (\d{{4}}))?\b", re.I)),
    ("part_month", re.compile(rf"\b(begin|eind|half|midden|medio|eerder in|in) ({_MONTH})(?: (\d{{4}}))?\b", re.I)),
    ("part_year", re.compile(r"\b(begin|eind|medio|halverwege|in|sinds) (\d{4})\b", re.I)),
    ("ago", re.compile(rf"\b({_NUMBER}) (dag|dagen|week|weken|maand|maanden|jaar|jaren) geleden\b", re.I)),
    ("week_weekday", re.compile(r"\b(vorige|volgende) week (maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\b", re.I)),
    ("relative_season", re.compile(r"\b(vorig|volgend|dit) jaar (lente|voorjaar|zomer|herfst|najaar|winter)\b", re.I)),
    ("relative_unit", re.compile(r"\b(vorige|volgende|deze|afgelopen|komende) (week|maand)\b|\b(vorig|volgend|dit|afgelopen|komend) jaar\b", re.I)),
    ("relative_day", re.compile(r"\b(later vandaag|vandaag|gisteren|eergisteren|overmorgen|morgen|vanochtend|vanmiddag|vanavond)\b", re.I)),
    ("weekday", re.compile(r"\b(?:(vorige|afgelopen|volgende|komende) )?(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\b", re.I)),
]


@dataclass(frozen=True)
class TimeExpression:
    """A resolved expression: where it stands in the text and the date it gives."""

    text: str
    start: int
    end: int
    date: PartialDate


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _number(text: str) -> int:
    return int(text) if text.isdigit() else NUMBERS[text.lower()]


def _day(anchor: PartialDate | None, offset: int) -> PartialDate | None:
    """``offset`` days from the anchor, at the anchor's precision at best."""
    if anchor is None:
        return None
    if anchor.day is None:
        return anchor if anchor.month is not None else None
    shifted = anchor.first_day() + timedelta(days=offset)
    return PartialDate(shifted.year, shifted.month, shifted.day)


def _resolve(kind: str, match: re.Match[str], anchor: PartialDate | None) -> PartialDate | None:
    groups = [g.lower() if g else g for g in match.groups()]
    if kind == "day_month":
        day, month, year = int(groups[0]), MONTHS[groups[1]], int(groups[2]) if groups[2] else (anchor.year if anchor else None)
        if year is None:
            return None
        if not groups[2] and anchor and anchor.month and MONTHS[groups[1]] > anchor.month + 1:
            year -= 1  # "24 februari" in an article of March is this year; "24 november" in March is last year
        try:
            return PartialDate(year, month, day)
        except ValueError:
            return None
    if kind == "part_month":
        month = MONTHS[groups[1]]
        year = int(groups[2]) if groups[2] else (anchor.year if anchor else None)
        if year is None:
            return None
        if not groups[2] and anchor and anchor.month and month > anchor.month + 1:
            year -= 1
        return PartialDate(year, month)
    if kind == "part_year":
        return PartialDate(int(groups[1]))
    if anchor is None:
        return None
    if kind == "ago":
        amount, unit = _number(groups[0]), groups[1]
        if unit.startswith("dag"):
            return _day(anchor, -amount)
        if unit.startswith("we"):
            return _day(anchor, -7 * amount) if anchor.day else (anchor if amount <= 1 else None)
        if unit.startswith("maand"):
            if anchor.month is None:
                return None
            return PartialDate(*_shift_month(anchor.year, anchor.month, -amount))
        return PartialDate(anchor.year - amount)
    if kind == "week_weekday":
        if anchor.day is None:
            return None
        published = anchor.first_day()
        monday = published - timedelta(days=published.weekday()) + timedelta(days=-7 if groups[0] == "vorige" else 7)
        weekday = monday + timedelta(days=WEEKDAYS[groups[1]])
        return PartialDate(weekday.year, weekday.month, weekday.day)
    if kind == "relative_season":
        year = anchor.year + {"vorig": -1, "volgend": 1, "dit": 0}[groups[0]]
        return PartialDate(year, SEASONS[groups[1]])
    if kind == "relative_unit":
        direction = groups[0] or groups[2]
        delta = -1 if direction in ("vorige", "vorig", "afgelopen") else 1 if direction in ("volgende", "volgend", "komende", "komend") else 0
        if groups[1] == "week":
            return _day(anchor, 7 * delta) if anchor.day else anchor if anchor.month else None
        if groups[1] == "maand":
            return PartialDate(*_shift_month(anchor.year, anchor.month, delta)) if anchor.month else None
        return PartialDate(anchor.year + delta)
    if kind == "relative_day":
        offsets = {"eergisteren": -2, "gisteren": -1, "morgen": 1, "overmorgen": 2}
        return _day(anchor, offsets.get(groups[0], 0))
    if kind == "weekday":
        if anchor.day is None:
            return anchor if anchor.month is not None else None
        published = anchor.first_day()
        back = (published.weekday() - WEEKDAYS[groups[1]]) % 7
        if groups[0] in ("vorige", "afgelopen"):
            back = back or 7
        if groups[0] in ("volgende", "komende"):
            forward = (WEEKDAYS[groups[1]] - published.weekday()) % 7 or 7
            result: date = published + timedelta(days=forward)
        else:
            result = published - timedelta(days=back)
        return PartialDate(result.year, result.month, result.day)
    return None


def find_time_expressions(text: str, anchor: PartialDate | None) -> list[TimeExpression]:
    """Every resolvable time expression in the text, left to right, without overlaps."""
    found: list[TimeExpression] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            resolved = _resolve(kind, match, anchor)
            taken.append((match.start(), match.end()))
            if resolved is not None:
                found.append(TimeExpression(match.group(0), match.start(), match.end(), resolved))
    return sorted(found, key=lambda t: t.start)
