"""Working days in England and Wales: the generated bank-holiday table and counting with it."""

from __future__ import annotations

from datetime import date

import holidays
import pytest

from ucb import calendar
from ucb._resources import load_bank_holidays
from ucb.errors import DateOutOfRange
from ucb.holiday_table import build_table


def test_the_table_matches_the_holidays_library_for_every_year_it_covers() -> None:
    first, last = calendar.table_range()
    expected = holidays.country_holidays("GB", subdiv="ENG", years=range(first.year, last.year + 1))
    assert calendar.bank_holidays() == dict(sorted(expected.items()))


def test_the_table_is_exactly_what_the_regeneration_command_would_write() -> None:
    first, last = calendar.table_range()
    assert load_bank_holidays() == build_table(first.year, last.year)


@pytest.mark.parametrize(
    ("sentence", "day", "is_working"),
    [
        ("The coronation bank holiday, 8 May 2023, is not a working day.", date(2023, 5, 8), False),
        ("The state funeral bank holiday, 19 September 2022, is not a working day.", date(2022, 9, 19), False),
        ("Christmas Day 2024 is not a working day.", date(2024, 12, 25), False),
        ("A Saturday is not a working day.", date(2023, 6, 3), False),
        ("An ordinary Tuesday is a working day.", date(2023, 5, 9), True),
        ("The day before the coronation holiday, a Friday, is a working day.", date(2023, 5, 5), True),
    ],
)
def test_working_days(sentence: str, day: date, is_working: bool) -> None:
    assert calendar.is_working_day(day) is is_working, sentence


@pytest.mark.parametrize(
    ("sentence", "start", "count", "expected"),
    [
        (
            "One working day after Friday 5 May 2023 skips the weekend and the coronation holiday.",
            date(2023, 5, 5),
            1,
            date(2023, 5, 9),
        ),
        (
            "Ten working days from Monday 12 September 2022 skip the state funeral.",
            date(2022, 9, 12),
            10,
            date(2022, 9, 27),
        ),
        ("Counting from a Saturday starts on the Monday.", date(2023, 6, 3), 1, date(2023, 6, 5)),
        ("Zero working days is the same day.", date(2023, 6, 3), 0, date(2023, 6, 3)),
        ("One working day before Tuesday 9 May 2023 is Friday 5 May.", date(2023, 5, 9), -1, date(2023, 5, 5)),
        ("One working day before a Sunday is the Friday.", date(2023, 6, 4), -1, date(2023, 6, 2)),
    ],
)
def test_adding_working_days(sentence: str, start: date, count: int, expected: date) -> None:
    assert calendar.add_working_days(start, count) == expected, sentence


def test_a_weekend_contact_counts_towards_the_next_working_day() -> None:
    assert calendar.working_day_number(date(2023, 6, 3)) == calendar.working_day_number(date(2023, 6, 5))
    assert calendar.working_day(calendar.working_day_number(date(2023, 6, 5))) == date(2023, 6, 5)


@pytest.mark.parametrize("day", [date(2014, 12, 31), date(2036, 1, 1)])
def test_a_date_outside_the_table_gives_a_clear_error(day: date) -> None:
    with pytest.raises(DateOutOfRange, match="regenerate"):
        calendar.is_working_day(day)


def test_counting_past_the_end_of_the_table_gives_a_clear_error() -> None:
    with pytest.raises(DateOutOfRange, match="outside the years"):
        calendar.add_working_days(date(2035, 12, 20), 30)
