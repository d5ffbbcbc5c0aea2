"""The span of dates the platform reasons about. Dates a person types (a week to show, a window
to be free in) are checked against it before any arithmetic: near the ends of what ``date``
can hold, adding a week overflows, and nobody books a lesson in the year 9999."""

from datetime import date, datetime
from typing import TypeVar

from edu_core.domain.errors import InvalidInput

EARLIEST_DATE = date(1970, 1, 1)
LATEST_DATE = date(2100, 12, 31)

When = TypeVar("When", date, datetime)


class DateOutOfRange(InvalidInput):
    code = "date_out_of_range"
    default_message = (f"Dates must fall between {EARLIEST_DATE.isoformat()} and "
                       f"{LATEST_DATE.isoformat()}.")


def within_calendar(value: When, field: str) -> When:
    """``value`` itself when its date lies within ``EARLIEST_DATE``..``LATEST_DATE``."""
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise DateOutOfRange(details={"fields": {field: DateOutOfRange.default_message}})
    return value
