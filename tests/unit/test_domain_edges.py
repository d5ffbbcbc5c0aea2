"""Validation at the edges of the core, pinned by literal values: reviewer feedback, the time a
learner took, profile updates and role changes of users, the size of a course."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from edu_core.domain.content import ContentItem, ContentStatus, InvalidContent
from edu_core.domain.content.model import MAX_TIME_TAKEN_MS, validate_time_taken
from edu_core.domain.courses import MAX_ITEMS, Course, InvalidCourse
from edu_core.domain.errors import Conflict
from edu_core.domain.identity import (
    InvalidDisplayName,
    InvalidTimezone,
    Role,
    User,
    UserStatus,
)

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)
MENTOR, ADMIN = uuid.uuid4(), uuid.uuid4()


def pending_note() -> ContentItem:
    item = ContentItem.create(topic_id=uuid.uuid4(), mentor_id=MENTOR, kind="note",
                              title="Kinetic energy", body={"html": "<p>v1</p>"},
                              author_id=MENTOR, now=NOW)
    item.submit(NOW)
    return item


# ---- reviewer feedback ------------------------------------------------------------------------


def test_feedback_of_2000_characters_with_line_breaks_and_tabs_is_kept() -> None:
    item = pending_note()
    feedback = ("Define every symbol.\n\tThen " + "x" * 2000)[:2000]
    item.reject(version=1, feedback=f"  {feedback}\n", reviewer_id=ADMIN, now=NOW)
    assert item.status is ContentStatus.REJECTED and item.feedback == feedback


@pytest.mark.parametrize("feedback", ["x" * 2001, "Fine\x00", "Fine\x1b[31m", "Fine\ud800",
                                      "", "   \n\t "])
def test_feedback_that_is_too_long_empty_or_has_control_characters_is_refused(
        feedback: str) -> None:
    item = pending_note()
    with pytest.raises(InvalidContent) as refused:
        item.reject(version=1, feedback=feedback, reviewer_id=ADMIN, now=NOW)
    assert refused.value.details == {"fields": {"feedback": refused.value.message}}
    assert item.status is ContentStatus.PENDING and item.feedback is None


# ---- time taken ---------------------------------------------------------------------------------


@pytest.mark.parametrize("ms", [0, 1, 86_400_000])
def test_time_taken_from_zero_to_a_day_is_kept(ms: int) -> None:
    assert validate_time_taken(ms) == ms


@pytest.mark.parametrize("ms", [-1, 86_400_001])
def test_time_taken_outside_zero_to_a_day_is_refused(ms: int) -> None:
    with pytest.raises(InvalidContent) as refused:
        validate_time_taken(ms)
    assert set(refused.value.details["fields"]) == {"time_taken_ms"}  # type: ignore[index]


def test_a_day_is_the_limit() -> None:
    assert MAX_TIME_TAKEN_MS == 24 * 60 * 60 * 1000


# ---- users: profile updates and role changes ----------------------------------------------------


def user() -> User:
    return User.register(email="grace@example.org", display_name="Grace", role=Role.STUDENT,
                         password_hash="h", timezone="Europe/Berlin", now=NOW)


def test_a_profile_update_changes_only_what_is_given() -> None:
    grace = user()
    grace.update_profile(now=LATER, display_name="  Grace   Hopper ")
    assert (grace.display_name, grace.timezone, grace.updated_at) == (
        "Grace Hopper", "Europe/Berlin", LATER)
    grace.update_profile(now=LATER + timedelta(1), timezone="Asia/Kolkata")
    assert (grace.display_name, grace.timezone) == ("Grace Hopper", "Asia/Kolkata")
    assert grace.updated_at == LATER + timedelta(1)


@pytest.mark.parametrize(("changes", "error"), [
    ({"display_name": ""}, InvalidDisplayName), ({"display_name": "x" * 81}, InvalidDisplayName),
    ({"display_name": "Bell\x07"}, InvalidDisplayName), ({"timezone": "Mars/Olympus"},
                                                          InvalidTimezone),
    ({"timezone": "../etc/passwd"}, InvalidTimezone), ({"timezone": "x" * 65}, InvalidTimezone),
])
def test_a_bad_profile_update_changes_nothing(changes: dict[str, str],
                                              error: type[Exception]) -> None:
    grace = user()
    with pytest.raises(error):
        grace.update_profile(now=LATER, **changes)
    assert (grace.display_name, grace.timezone, grace.updated_at) == (
        "Grace", "Europe/Berlin", NOW)


def test_display_names_of_1_and_80_characters_are_kept() -> None:
    grace = user()
    grace.update_profile(now=LATER, display_name="G")
    assert grace.display_name == "G"
    grace.update_profile(now=LATER, display_name="g" * 80)
    assert grace.display_name == "g" * 80


def test_a_role_change_is_recorded_and_refused_once_deleted() -> None:
    grace = user()
    grace.ensure_role_change_allowed(Role.MENTOR)
    grace.change_role(Role.MENTOR, LATER)
    assert (grace.role, grace.updated_at) == (Role.MENTOR, LATER)
    grace.delete(LATER)
    assert grace.status is UserStatus.DELETED
    with pytest.raises(Conflict):
        grace.ensure_role_change_allowed(Role.ADMIN)


# ---- courses ------------------------------------------------------------------------------------


def test_a_course_holds_at_most_200_items() -> None:
    # The check reads the constant, and the constant is the documented 200.
    assert MAX_ITEMS == 200
    items = [uuid.uuid4() for _ in range(MAX_ITEMS + 1)]
    with pytest.raises(InvalidCourse) as refused:
        Course.create(mentor_id=MENTOR, title="Mechanics", now=NOW, item_ids=items)
    assert refused.value.details == {"fields": {"item_ids": "A course holds at most 200 items."}}
    course = Course.create(mentor_id=MENTOR, title="Mechanics", now=NOW,
                           item_ids=items[:MAX_ITEMS])
    assert len(course.item_ids) == MAX_ITEMS
    with pytest.raises(InvalidCourse):
        course.set_items(items, NOW)
    with pytest.raises(InvalidCourse):
        course.add_item(items[-1], NOW)
    assert course.item_ids == items[:MAX_ITEMS]
