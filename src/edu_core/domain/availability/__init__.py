"""Mentor availability: wall-clock windows and booking rules, expanded into real-time slots."""

from edu_core.domain.availability.model import (
    END_OF_DAY,
    MAX_HORIZON_DAYS,
    MAX_WINDOWS_PER_DAY,
    Availability,
    AvailabilityRules,
    DateOverride,
    InvalidAvailabilityRules,
    InvalidAvailabilityWindow,
    InvalidDateOverride,
    InvalidSessionLength,
    OverlappingAvailabilityWindows,
    TimeRange,
    TooManyAvailabilityWindows,
    WeeklyWindow,
)
from edu_core.domain.availability.slots import (
    InvalidTimeRange,
    Slot,
    expand_slots,
    offers_slot,
    slots_by_local_day,
)

__all__ = [
    "END_OF_DAY", "MAX_HORIZON_DAYS", "MAX_WINDOWS_PER_DAY", "Availability", "AvailabilityRules",
    "DateOverride",
    "InvalidAvailabilityRules", "InvalidAvailabilityWindow", "InvalidDateOverride",
    "InvalidSessionLength", "InvalidTimeRange", "OverlappingAvailabilityWindows", "Slot",
    "TimeRange", "TooManyAvailabilityWindows", "WeeklyWindow", "expand_slots", "offers_slot",
    "slots_by_local_day",
]
