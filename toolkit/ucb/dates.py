"""Periods from the policy data added to dates: working days, calendar days, months and years."""

from __future__ import annotations

import calendar as _stdlib_calendar
import re
from datetime import date, datetime, timedelta
from typing import Any

from . import calendar, parameters
from .errors import PolicyError

# Spelled out rather than taken from strftime, whose month names follow the machine's locale.
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(text: str) -> date:
    """A `YYYY-MM-DD` date (the case schema's date format); ValueError for anything else."""
    if not _DAY.fullmatch(text):
        raise ValueError(f"{text!r} is not written as year-month-day")
    return date.fromisoformat(text)


def contact_date(at: str) -> date:
    """The calendar date of a contact's `at`, which is a date or a date-time; the date as written."""
    if len(at) == 10:
        return date.fromisoformat(at)
    return datetime.fromisoformat(at).date()


def add_months(day: date, months: int) -> date:
    """Same day of the month `months` later; the month's last day if it is shorter (31 Aug + 6 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, _stdlib_calendar.monthrange(year, month)[1]))


def add_period(day: date, period: dict[str, Any]) -> date:
    """`day` plus a policy period such as `{value: 20, unit: working_days}`."""
    value, unit = int(period["value"]), period["unit"]
    if unit == "working_days":
        return calendar.add_working_days(day, value)
    if unit == "calendar_days":
        return day + timedelta(days=value)
    if unit == "months":
        return add_months(day, value)
    if unit == "years":
        return add_months(day, 12 * value)
    raise PolicyError(f"The policy uses a period unit '{unit}' the toolkit does not know.")


def working_day_on_or_before(day: date) -> date:
    """`day` itself if it is a working day, otherwise the last working day before it."""
    return day if calendar.is_working_day(day) else calendar.add_working_days(day, -1)


def working_day_on_or_after(day: date) -> date:
    """`day` itself if it is a working day, otherwise the next working day."""
    return day if calendar.is_working_day(day) else calendar.add_working_days(day, 1)


def deadline(day: date, period: dict[str, Any]) -> date:
    """The last working day by which something must happen `period` after `day`.

    Counted in working days it already is one; counted in days, months or years it is brought back to the
    working day before when it falls on a weekend or bank holiday, so a deadline is never later than the
    period allows.
    """
    return working_day_on_or_before(add_period(day, period))


def after(policy: dict[str, Any], name: str, day: date) -> date:
    """`day` plus the policy timescale `name` in force on `day`: a deadline (a working day), or for a time
    something is watched over (`ends: on_the_day`), the day it ends, whatever the day."""
    period = parameters.period(policy, name, day)
    if policy["timescales"][name].get("ends") == "on_the_day":
        return add_period(day, period)
    return deadline(day, period)


def describe_period(period: dict[str, Any]) -> str:
    """A period in words, for messages: '20 working days', '6 months'."""
    value, unit = int(period["value"]), str(period["unit"])
    words = {"working_days": "working day", "calendar_days": "day", "months": "month", "years": "year"}
    word = words.get(unit, unit.replace("_", " "))
    return f"{value} {word}{'' if value == 1 else 's'}"


def long_date(day: date) -> str:
    """A date as British English writes it in letters: 8 May 2023."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
