"""Courses: the item list, editing with a version precondition, publishing, and progress.
Pure domain, no I/O."""

import dataclasses
import inspect
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from edu_core.domain.content import ContentStatus
from edu_core.domain.courses import (
    MAX_DESCRIPTION,
    MAX_ITEMS,
    MAX_TITLE,
    Certificate,
    Completion,
    Course,
    CourseHasNoLiveItems,
    CourseItemFacts,
    CourseItemNotOwned,
    CourseStatus,
    Enrolment,
    InvalidCourse,
    ItemNotInCourse,
    Progress,
    ensure_owned,
    is_complete,
    live_items,
)
from edu_core.domain.errors import ConcurrentModification

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
MENTOR, OTHER = uuid.uuid4(), uuid.uuid4()
A, B, C = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def course(*items: uuid.UUID) -> Course:
    return Course.create(mentor_id=MENTOR, title="  Mechanics\tfrom   scratch ", now=NOW,
                         description="  Forces,\nenergy.  ", item_ids=items)


def facts(item_id: uuid.UUID, *, mentor: uuid.UUID = MENTOR, kind: str = "note",
          live: bool = True) -> CourseItemFacts:
    return CourseItemFacts(item_id=item_id, mentor_id=mentor, topic_id=uuid.uuid4(), kind=kind,
                           status=ContentStatus.APPROVED if live else ContentStatus.DRAFT,
                           title="Latest", live_version=1 if live else None,
                           live_title="Live" if live else None)


def test_a_new_course_is_a_clean_draft_at_version_1() -> None:
    c = course(A, B)
    assert (c.title, c.description) == ("Mechanics from scratch", "Forces,\nenergy.")
    assert (c.status, c.version, c.item_ids, c.published_at) == (
        CourseStatus.DRAFT, 1, [A, B], None)


@pytest.mark.parametrize(("title", "description"), [
    ("   ", ""), ("x" * 201, ""), ("Bell\x07", ""), ("ok", "y" * 5001), ("ok", "nul\x00"),
])
def test_titles_and_descriptions_are_bounded(title: str, description: str) -> None:
    with pytest.raises(InvalidCourse) as refused:
        Course.create(mentor_id=MENTOR, title=title, description=description, now=NOW)
    assert refused.value.code == "invalid_course"
    assert refused.value.details is not None
    assert set(refused.value.details["fields"]) <= {"title", "description"}


def test_an_item_appears_at_most_once_and_lists_are_bounded() -> None:
    with pytest.raises(InvalidCourse) as twice:
        course(A, B, A)
    assert twice.value.details == {"fields": {"item_ids": "List each item at most once."}}
    with pytest.raises(InvalidCourse):
        course(*(uuid.uuid4() for _ in range(MAX_ITEMS + 1)))
    assert len(course(*(uuid.uuid4() for _ in range(MAX_ITEMS))).item_ids) == MAX_ITEMS


def test_a_stale_version_is_refused_with_both_versions() -> None:
    c = course()
    c.expect_version(1)
    c.version = 3
    with pytest.raises(ConcurrentModification) as stale:
        c.expect_version(2)
    assert stale.value.details == {"version": 2, "current_version": 3}


def test_editing_changes_only_what_is_given() -> None:
    c, subject, later = course(), uuid.uuid4(), NOW + timedelta(hours=1)
    assert c.edit(now=later, subject_id=subject) is True
    assert (c.subject_id, c.title, c.updated_at) == (subject, "Mechanics from scratch", later)
    assert c.edit(now=later, title="Mechanics from scratch") is False  # nothing new
    assert c.edit(now=later, title="Statics") is True
    assert c.subject_id == subject  # kept unless given
    assert c.edit(now=later, subject_id=None) is True
    assert c.subject_id is None


def test_items_are_added_reordered_and_removed() -> None:
    c = course(A)
    c.add_item(B, NOW)
    c.add_item(C, NOW, position=0)
    assert c.item_ids == [C, A, B]
    assert c.set_items([B, C, A], NOW) is True
    assert c.set_items([B, C, A], NOW) is False
    c.remove_item(C, NOW)
    assert c.item_ids == [B, A]
    with pytest.raises(ItemNotInCourse):
        c.remove_item(C, NOW)
    with pytest.raises(InvalidCourse) as again:
        c.add_item(A, NOW)
    assert again.value.details == {"fields": {"item_id": "The item is already in the course."}}
    with pytest.raises(InvalidCourse) as beyond:
        c.add_item(C, NOW, position=3)
    assert "position" in (beyond.value.details or {})["fields"]


def test_publishing_needs_a_live_item_and_is_idempotent() -> None:
    c, later = course(A), NOW + timedelta(days=1)
    with pytest.raises(CourseHasNoLiveItems) as empty:
        c.publish(live_count=0, now=later)
    assert empty.value.code == "course_has_no_live_items"
    assert c.publish(live_count=1, now=later) is True
    assert (c.status, c.published_at) == (CourseStatus.PUBLISHED, later)
    assert c.publish(live_count=1, now=later + timedelta(days=1)) is False
    assert c.published_at == later
    with pytest.raises(CourseHasNoLiveItems):
        c.ensure_publishable(0)  # a published course keeps something to learn
    assert c.unpublish(later) is True and c.unpublish(later) is False
    c.ensure_publishable(0)  # a draft may be empty


def test_only_the_owners_items_belong_and_unknown_ones_look_the_same() -> None:
    known = {A: facts(A), B: facts(B, mentor=OTHER)}
    ensure_owned(MENTOR, [A], known)
    with pytest.raises(CourseItemNotOwned) as refused:
        ensure_owned(MENTOR, [A, B, C], known)
    assert refused.value.code == "course_item_not_owned"
    assert refused.value.details is not None
    assert refused.value.details["item_ids"] == [str(B), str(C)]


def test_live_items_keep_course_order_and_skip_the_rest() -> None:
    known = {A: facts(A), B: facts(B, live=False), C: facts(C)}
    assert [f.item_id for f in live_items([C, B, A, uuid.uuid4()], known)] == [C, A]


def test_questions_complete_by_answer_and_the_rest_by_a_mark() -> None:
    note, question = facts(A), facts(B, kind="question")
    assert is_complete(note, gradable=False, marked={A}, answered_correctly=set())
    assert not is_complete(note, gradable=False, marked=set(), answered_correctly={A})
    assert is_complete(question, gradable=True, marked=set(), answered_correctly={B})
    assert not is_complete(question, gradable=True, marked={B}, answered_correctly=set())


@pytest.mark.parametrize(("done", "total", "percent"), [
    (0, 0, 0), (0, 3, 0), (1, 3, 33), (2, 3, 66), (3, 3, 100), (199, 200, 99),
])
def test_progress_percent_is_rounded_down(done: int, total: int, percent: int) -> None:
    assert Progress(done, total).percent == percent


def test_progress_counts_only_live_items() -> None:
    live = [facts(A), facts(B)]
    assert Progress.of(live, {A, C}) == Progress(completed=1, total=2)


def test_a_title_of_200_and_a_description_of_5000_characters_are_kept() -> None:
    c = Course.create(mentor_id=MENTOR, title="t" * MAX_TITLE, now=NOW,
                      description="d" * MAX_DESCRIPTION)
    assert (len(c.title), len(c.description)) == (200, 5000)
    assert c.edit(now=NOW, description="Tabs\tand\nbreaks stay.") is True
    assert c.description == "Tabs\tand\nbreaks stay."


def test_an_item_goes_at_any_position_from_the_start_to_the_end() -> None:
    c = course(A)
    c.add_item(B, NOW, position=1)  # the end, given explicitly
    assert c.item_ids == [A, B]
    with pytest.raises(InvalidCourse) as before_start:
        c.add_item(C, NOW, position=-1)
    assert before_start.value.details == {
        "fields": {"position": "Use a position from 0 to 2."}}
    assert c.item_ids == [A, B]


def test_completions_are_counted_by_item_and_rounded_down() -> None:
    assert Progress.of([facts(A), facts(B), facts(C)], {A, C}).percent == 66


@pytest.mark.parametrize("record", [Course, CourseItemFacts, Enrolment, Completion, Certificate])
def test_records_are_built_by_keyword(record: type[Any]) -> None:
    # Owner, learner, course and item ids are all UUIDs: by position, a swap goes unnoticed.
    kinds = {p.kind for p in inspect.signature(record).parameters.values()}
    assert kinds == {inspect.Parameter.KEYWORD_ONLY}


def test_issued_records_are_final() -> None:
    certificate = Certificate.issue(user_id=OTHER, course_id=uuid.uuid4(), learner_name="Ada",
                                    course_title="Mechanics", mentor_name="Grace", now=NOW)
    records: list[Any] = [certificate, Progress(1, 2), facts(A),
                          Enrolment(user_id=OTHER, course_id=uuid.uuid4(), enrolled_at=NOW),
                          Completion(user_id=OTHER, item_id=A, completed_at=NOW)]
    for record in records:
        with pytest.raises(dataclasses.FrozenInstanceError):
            record.user_id = MENTOR
