"""Reviews of sessions: who may post what when, the reply, reports and moderation, the rating."""

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.cli.demo_reviews import past_session
from edu_core.domain.bookings import (
    CancellationPolicy,
    CancelledBy,
    MentoringSession,
    SessionStatus,
)
from edu_core.domain.reviews import (
    AlreadyReported,
    IllegalReviewTransition,
    InvalidReview,
    ReplyExists,
    Review,
    ReviewHidden,
    ReviewPosted,
    ReviewReplied,
    ReviewReported,
    ReviewRestored,
    ReviewStatus,
    SessionNotReviewable,
    clean_plain_text,
    rating_summary,
)

NOW = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
STUDENT, MENTOR = uuid4(), uuid4()


def completed() -> MentoringSession:
    return past_session(student_id=STUDENT, mentor_id=MENTOR, starts_at=NOW - timedelta(days=3),
                        minutes=60, price=4000, currency="EUR")


def review(rating: int = 4, text: str = "Helpful.") -> Review:
    return Review.post(completed(), rating=rating, text=text, now=NOW)


def test_a_completed_session_is_reviewed_by_its_parties_with_an_event() -> None:
    session = completed()
    assert session.status is SessionStatus.COMPLETED
    posted = Review.post(session, rating=5, text="  Great\r\n\r\n\r\n\r\nsession  ", now=NOW)
    assert (posted.session_id, posted.student_id, posted.mentor_id) == (
        session.id, STUDENT, MENTOR)
    assert (posted.rating, posted.text, posted.status) == (5, "Great\n\nsession",
                                                           ReviewStatus.VISIBLE)
    [event] = posted.events
    assert isinstance(event, ReviewPosted) and event.rating == 5 and event.name == "review.posted"


def test_only_a_completed_session_can_be_reviewed() -> None:
    upcoming = MentoringSession.hold(
        student_id=STUDENT, mentor_id=MENTOR, starts_at=NOW + timedelta(days=2), minutes=60,
        price=4000, currency="EUR", cancellation=CancellationPolicy(),
        hold_for=timedelta(minutes=10), now=NOW)
    upcoming.confirm(4000, NOW)
    with pytest.raises(SessionNotReviewable):
        Review.post(upcoming, rating=5, text="", now=NOW)
    upcoming.cancel(by=CancelledBy.MENTOR, actor=MENTOR, now=NOW)
    with pytest.raises(SessionNotReviewable):
        Review.post(upcoming, rating=5, text="", now=NOW)


@pytest.mark.parametrize("rating", [0, 6, -1, 10])
def test_ratings_run_from_one_to_five(rating: int) -> None:
    with pytest.raises(InvalidReview) as refused:
        review(rating=rating)
    assert refused.value.details == {"fields": {"rating": "Give 1 to 5 stars."}}


@pytest.mark.parametrize("text", ["x" * 2001, "bell\x07", "nul\x00", "esc\x1b[31m"])
def test_text_is_plain_and_bounded(text: str) -> None:
    with pytest.raises(InvalidReview):
        review(text=text)


def test_markup_is_kept_as_the_characters_typed() -> None:
    # Plain text is never interpreted: clients show it as text, so nothing is stripped.
    assert review(text="<b>5/5</b> & more").text == "<b>5/5</b> & more"
    assert len(review(text="é" * 2000).text) == 2000


def test_the_mentor_replies_once_and_not_to_a_hidden_review() -> None:
    posted = review()
    posted.answer("  Thank you!  ", NOW + timedelta(hours=1))
    assert (posted.reply, posted.replied_at) == ("Thank you!", NOW + timedelta(hours=1))
    assert isinstance(posted.events[-1], ReviewReplied)
    with pytest.raises(ReplyExists):
        posted.answer("Again", NOW)
    with pytest.raises(InvalidReview):
        review().answer("   ", NOW)
    hidden = review()
    hidden.hide("Insults", NOW)
    with pytest.raises(IllegalReviewTransition):
        hidden.answer("Sorry", NOW)


def test_a_report_queues_the_review_but_keeps_it_public_and_each_person_reports_once() -> None:
    posted = review()
    reporter, other = uuid4(), uuid4()
    posted.report(reporter, "Spam", NOW)
    assert posted.status is ReviewStatus.REPORTED and posted.status.public
    assert posted.reported_at == NOW
    assert isinstance(posted.events[-1], ReviewReported)
    with pytest.raises(AlreadyReported):
        posted.report(reporter, "Spam again", NOW)
    posted.report(other, "Rude", NOW + timedelta(minutes=5))
    assert posted.reported_at == NOW  # waiting since the first report
    assert [r.reason for r in posted.open_reports] == ["Spam", "Rude"]
    with pytest.raises(InvalidReview):
        posted.report(uuid4(), "  ", NOW)


def test_hiding_takes_a_reason_resolves_reports_and_restoring_publishes_again() -> None:
    posted = review()
    posted.report(uuid4(), "Spam", NOW)
    with pytest.raises(InvalidReview):
        posted.hide("", NOW)
    posted.hide("Personal details of the mentor", NOW + timedelta(hours=1))
    assert posted.status is ReviewStatus.HIDDEN and not posted.status.public
    assert posted.hidden_reason == "Personal details of the mentor"
    assert posted.open_reports == [] and posted.reported_at is None
    assert isinstance(posted.events[-1], ReviewHidden)
    with pytest.raises(IllegalReviewTransition):
        posted.hide("Again", NOW)
    with pytest.raises(IllegalReviewTransition):
        posted.report(uuid4(), "Still bad", NOW)
    posted.restore(NOW + timedelta(hours=2))
    assert (posted.status, posted.hidden_reason) == (ReviewStatus.VISIBLE, None)
    restored = posted.events[-1]
    assert isinstance(restored, ReviewRestored) and restored.was_hidden
    with pytest.raises(IllegalReviewTransition):
        posted.restore(NOW)


def test_restoring_a_reported_review_dismisses_its_reports() -> None:
    posted = review()
    posted.report(uuid4(), "I disagree", NOW)
    posted.restore(NOW + timedelta(hours=1))
    assert posted.status is ReviewStatus.VISIBLE and posted.open_reports == []
    assert [r.resolved_at for r in posted.reports] == [NOW + timedelta(hours=1)]
    event = posted.events[-1]
    assert isinstance(event, ReviewRestored) and not event.was_hidden


def test_the_rating_summary_rounds_half_away_from_zero_like_the_database() -> None:
    assert rating_summary([]) == (0.0, 0)
    assert rating_summary([5, 4]) == (4.5, 2)
    assert rating_summary([5, 4, 4]) == (4.33, 3)
    assert rating_summary([5, 5, 4]) == (4.67, 3)
    assert rating_summary([1, 2] + [2] * 6) == (1.88, 8)  # 1.875 rounds up


@given(st.lists(st.integers(1, 5), min_size=1, max_size=200))
def test_the_average_lies_between_the_lowest_and_highest_rating(ratings: list[int]) -> None:
    average, count = rating_summary(ratings)
    assert count == len(ratings)
    assert min(ratings) <= average <= max(ratings)
    assert abs(average - sum(ratings) / len(ratings)) <= 0.005


def test_clean_plain_text_requires_text_when_asked() -> None:
    assert clean_plain_text("", name="text", max_length=10, required=False) == ""
    with pytest.raises(InvalidReview) as refused:
        clean_plain_text(" \n ", name="reason", max_length=10, required=True)
    assert refused.value.details == {"fields": {"reason": "Fill this in."}}
