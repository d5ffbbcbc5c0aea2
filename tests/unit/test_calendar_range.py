"""The span of dates typed into the API that the platform reasons about."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from edu_core.domain.calendar_range import (
    EARLIEST_DATE,
    LATEST_DATE,
    DateOutOfRange,
    within_calendar,
)


def test_dates_inside_the_range_pass_unchanged() -> None:
    for day in (EARLIEST_DATE, date(2026, 3, 1), LATEST_DATE):
        assert within_calendar(day, "start") is day
    moment = datetime(2100, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-12)))
    assert within_calendar(moment, "free_to") is moment


@pytest.mark.parametrize("value", [date.max, date.min, LATEST_DATE + timedelta(days=1),
                                   datetime(9999, 12, 30, tzinfo=UTC)])
def test_dates_beyond_it_are_refused_naming_the_field(value: date) -> None:
    with pytest.raises(DateOutOfRange) as caught:
        within_calendar(value, "free_from")
    assert caught.value.code == "date_out_of_range"
    assert set(caught.value.details["fields"]) == {"free_from"}  # type: ignore[index]
