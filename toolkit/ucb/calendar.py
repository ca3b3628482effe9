"""Working days in England and Wales, from a bank-holiday table generated from the `holidays` library.

The table (`ucb/data/bank_holidays.json`) is generated, not typed: run
`python -m ucb.holiday_table --regenerate` after upgrading `holidays` or to extend the years covered.
The toolkit reads only the table at run time, so `holidays` is not a runtime dependency.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

from ._resources import load_bank_holidays
from .errors import DateOutOfRange


class _Calendar:
    """Precomputed working days so each question is answered in constant time."""

    def __init__(self, first: date, last: date, holidays: frozenset[date]) -> None:
        self.first, self.last, self.holidays = first, last, holidays
        self.working: list[date] = []
        # count_to[i] = working days from `first` up to and including first + i days.
        self.count_to: list[int] = []
        day = first
        while day <= last:
            if day.weekday() < 5 and day not in holidays:
                self.working.append(day)
            self.count_to.append(len(self.working))
            day += timedelta(days=1)

    def offset(self, day: date) -> int:
        if not self.first <= day <= self.last:
            raise DateOutOfRange(
                f"{day.isoformat()} is outside the years the bank-holiday table covers "
                f"({self.first.year} to {self.last.year}). Check the date, or regenerate the table "
                "with `python -m ucb.holiday_table --regenerate`."
            )
        return (day - self.first).days


@functools.cache
def _calendar() -> _Calendar:
    table = load_bank_holidays()
    return _Calendar(
        date.fromisoformat(table["first_day"]),
        date.fromisoformat(table["last_day"]),
        frozenset(date.fromisoformat(d) for d in table["holidays"]),
    )


def bank_holidays() -> dict[date, str]:
    """Every bank holiday in the table, with its name."""
    table = load_bank_holidays()
    return {date.fromisoformat(d): name for d, name in table["holidays"].items()}


def is_working_day(day: date) -> bool:
    """True for Monday to Friday when it is not a bank holiday in England and Wales."""
    cal = _calendar()
    i = cal.offset(day)
    return cal.count_to[i] != (cal.count_to[i - 1] if i else 0)


def working_day_number(day: date) -> int:
    """The position of `day` among working days (1 = the table's first working day).

    A weekend or bank-holiday date gets the number of the next working day: contact received then is
    dealt with on the next working day.
    """
    cal = _calendar()
    i = cal.offset(day)
    return cal.count_to[i] + (0 if is_working_day(day) else 1)


def working_day(number: int) -> date:
    """The working day with the given number (the inverse of `working_day_number`)."""
    cal = _calendar()
    if not 1 <= number <= len(cal.working):
        raise DateOutOfRange(
            f"That date is outside the years the bank-holiday table covers ({cal.first.year} to "
            f"{cal.last.year}). Regenerate the table with `python -m ucb.holiday_table --regenerate`."
        )
    return cal.working[number - 1]


def add_working_days(day: date, count: int) -> date:
    """The date `count` working days after `day` (day 1 is the first working day after `day`);
    a negative `count` goes back (-1 is the last working day before `day`)."""
    cal = _calendar()
    up_to = cal.count_to[cal.offset(day)]
    if count > 0:
        return working_day(up_to + count)
    if count < 0:
        before = up_to - (1 if is_working_day(day) else 0)
        return working_day(before + count + 1)
    return day


def covers(day: date) -> bool:
    """True if `day` is within the years the bank-holiday table covers."""
    cal = _calendar()
    return cal.first <= day <= cal.last


def table_range() -> tuple[date, date]:
    """The first and last day the bank-holiday table covers."""
    cal = _calendar()
    return cal.first, cal.last


__all__ = [
    "add_working_days",
    "bank_holidays",
    "covers",
    "is_working_day",
    "table_range",
    "working_day",
    "working_day_number",
]
