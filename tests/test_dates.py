import pytest

from graph_api.dates import DatePrecision, PartialDate


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("2022", "2022", DatePrecision.YEAR),
        ("2022-10", "2022-10", DatePrecision.MONTH),
        ("2022-02-24", "2022-02-24", DatePrecision.DAY),
        ("2022-02-24T10:15:00Z", "2022-02-24", DatePrecision.DAY),
        ("2022-02-24T10:15:00+01:00", "2022-02-24", DatePrecision.DAY),
    ],
)
def test_parse_keeps_precision(text: str, iso: str, precision: DatePrecision) -> None:
    date = PartialDate.parse(text)
    assert date.iso() == iso
    assert date.precision is precision


@pytest.mark.parametrize("text", ["2022-13", "2022-02-30", "22-10", "oktober 2022", "", "2022/10/01"])
def test_parse_rejects_malformed_and_impossible_dates(text: str) -> None:
    with pytest.raises(ValueError, match="date"):
        PartialDate.parse(text)


def test_partial_dates_order_chronologically() -> None:
    assert PartialDate(2021, 12, 31) < PartialDate(2022) < PartialDate(2022, 1)
