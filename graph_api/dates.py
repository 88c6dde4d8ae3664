"""Published dates with their precision (year, month or day)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import total_ordering


class DatePrecision(StrEnum):
    """How much of a date is known."""

    YEAR = "YEAR"
    MONTH = "MONTH"
    DAY = "DAY"


_ISO_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A calendar date known to a precision; unknown parts are None."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        date(self.year, self.month or 1, self.day or 1)  # raises ValueError when impossible
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")

    @property
    def precision(self) -> DatePrecision:
        if self.day is not None:
            return DatePrecision.DAY
        return DatePrecision.MONTH if self.month is not None else DatePrecision.YEAR

    def sort_key(self) -> tuple[int, int, int]:
        """Chronological order; a year sorts before its months, a month before its days."""
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    def iso(self) -> str:
        """ISO 8601 text of the known precision: ``2022``, ``2022-10`` or ``2022-10-14``."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        """The last day the date can be: itself, the end of its month, or the end of its year."""
        if self.day is not None:
            return self.first_day()
        if self.month is None:
            return date(self.year, 12, 31)
        return date(self.year + self.month // 12, self.month % 12 + 1, 1) - timedelta(days=1)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or an ISO timestamp; ValueError otherwise."""
        match = _ISO_PREFIX.match(text.strip())
        if not match:
            raise ValueError(f"malformed date {text!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = match.groups()
        try:
            return cls(int(year), int(month) if month else None, int(day) if day else None)
        except ValueError as error:
            raise ValueError(f"impossible date {text!r}: {error}") from None
