"""ONE behaviour suite for session reviews, run against the in-memory fake and Postgres: one
review per session, one report per person, stale writes refused, and the mentor's rating kept
from the public reviews, also under concurrent writers."""

import asyncio
from datetime import timedelta
from uuid import UUID

import pytest

from adapters.cli.demo_reviews import past_session
from edu_core.domain.errors import ConcurrentModification
from edu_core.domain.identity import Role, User
from edu_core.domain.pagination import PageRequest
from edu_core.domain.reviews import (
    AlreadyReported,
    Review,
    ReviewExists,
    ReviewStatus,
    rating_summary,
)
from tests.contract.test_booking_repository_contract import NOW, Factory, person


async def reviewed(uow_factory: Factory, student: User, mentor: User, rating: int,
                   *, days_ago: int = 3, text: str = "") -> Review:
    """A completed session of ``student`` with ``mentor`` and its review, stored."""
    session = past_session(student_id=student.id, mentor_id=mentor.id,
                           starts_at=NOW - timedelta(days=days_ago), minutes=60, price=4000,
                           currency="EUR")
    review = Review.post(session, rating=rating, text=text,
                         now=NOW - timedelta(days=days_ago) + timedelta(hours=3))
    async with uow_factory() as uow:
        uow.bookings.add(session)
        uow.reviews.add(review)
        await uow.commit()
    return review


async def rating(uow_factory: Factory, mentor_id: UUID) -> tuple[float, int]:
    async with uow_factory() as uow:
        profile = await uow.mentors.get(mentor_id)
    assert profile is not None
    return profile.rating_avg, profile.rating_count


async def test_a_review_round_trips_with_its_reply_and_reports_and_raises_its_events(
        uow_factory: Factory) -> None:
    student, mentor = await person(uow_factory), await person(uow_factory, Role.MENTOR)
    review = await reviewed(uow_factory, student, mentor, 4, text="Helpful <b>really</b>")
    reporter = await person(uow_factory)
    async with uow_factory() as uow:
        loaded = await uow.reviews.get(review.id)
        assert loaded is not None and loaded.version == 1
        loaded.answer("Thanks!", NOW)
        loaded.report(reporter.id, "Off topic", NOW + timedelta(minutes=1))
        await uow.commit()
    async with uow_factory() as uow:
        again = await uow.reviews.for_session(review.session_id)
        assert again is not None and again.id == review.id and again.version == 2
        assert (again.rating, again.text, again.reply, again.status) == (
            4, "Helpful <b>really</b>", "Thanks!", ReviewStatus.REPORTED)
        assert [(r.reporter_id, r.reason, r.resolved_at) for r in again.reports] == [
            (reporter.id, "Off topic", None)]
        again.hide("Not about the session", NOW + timedelta(hours=1))
        await uow.commit()
    async with uow_factory() as uow:
        hidden = await uow.reviews.get(review.id)
        assert hidden is not None and hidden.status is ReviewStatus.HIDDEN
        assert hidden.hidden_reason == "Not about the session"
        assert [r.resolved_at for r in hidden.reports] == [NOW + timedelta(hours=1)]
        assert await uow.reviews.get(mentor.id) is None


async def test_a_session_is_reviewed_once_even_by_concurrent_writers(
        uow_factory: Factory) -> None:
    student, mentor = await person(uow_factory), await person(uow_factory, Role.MENTOR)
    first = await reviewed(uow_factory, student, mentor, 5)
    async with uow_factory() as uow:
        session = await uow.bookings.get(first.session_id)
        assert session is not None
        uow.reviews.add(Review.post(session, rating=1, text="", now=NOW))
        with pytest.raises(ReviewExists):
            await uow.commit()
    assert await rating(uow_factory, mentor.id) == (5.0, 1)


async def test_a_person_reports_a_review_once_even_from_two_transactions(
        uow_factory: Factory) -> None:
    student, mentor = await person(uow_factory), await person(uow_factory, Role.MENTOR)
    review = await reviewed(uow_factory, student, mentor, 2)
    reporter = await person(uow_factory)
    async with uow_factory() as one, uow_factory() as two:
        a, b = await one.reviews.get(review.id), await two.reviews.get(review.id)
        assert a is not None and b is not None
        a.report(reporter.id, "Rude", NOW)
        b.report(reporter.id, "Rude", NOW)
        await one.commit()
        with pytest.raises((AlreadyReported, ConcurrentModification)):
            await two.commit()


async def test_a_stale_write_is_refused(uow_factory: Factory) -> None:
    student, mentor = await person(uow_factory), await person(uow_factory, Role.MENTOR)
    review = await reviewed(uow_factory, student, mentor, 3)
    async with uow_factory() as one, uow_factory() as two:
        a, b = await one.reviews.get(review.id), await two.reviews.get(review.id)
        assert a is not None and b is not None
        a.answer("First", NOW)
        b.hide("Spam", NOW)
        await one.commit()
        with pytest.raises(ConcurrentModification):
            await two.commit()


async def test_the_rating_counts_public_reviews_only_and_survives_profile_edits(
        uow_factory: Factory) -> None:
    mentor = await person(uow_factory, Role.MENTOR)
    assert await rating(uow_factory, mentor.id) == (0.0, 0)
    five = await reviewed(uow_factory, await person(uow_factory), mentor, 5, days_ago=9)
    await reviewed(uow_factory, await person(uow_factory), mentor, 4, days_ago=5)
    assert await rating(uow_factory, mentor.id) == (4.5, 2)
    reported = await reviewed(uow_factory, await person(uow_factory), mentor, 1, days_ago=2)
    async with uow_factory() as uow:
        loaded = await uow.reviews.get(reported.id)
        assert loaded is not None
        loaded.report(mentor.id, "Never happened like that", NOW)
        await uow.commit()
    assert await rating(uow_factory, mentor.id) == (3.33, 3)  # reported: still public
    async with uow_factory() as uow:
        loaded = await uow.reviews.get(reported.id)
        assert loaded is not None
        loaded.hide("Abusive", NOW)
        await uow.commit()
    assert await rating(uow_factory, mentor.id) == (4.5, 2)
    # The mentor editing their profile keeps the rating the reviews gave it.
    async with uow_factory() as uow:
        profile = await uow.mentors.get(mentor.id)
        assert profile is not None
        profile.update_profile(NOW, headline="Optics")
        await uow.mentors.save(profile)
        await uow.commit()
    assert await rating(uow_factory, mentor.id) == (4.5, 2)
    async with uow_factory() as uow:
        page = await uow.reviews.public_of_mentor(mentor.id, PageRequest(1, 10))
        assert [r.rating for r in page.items] == [4, 5] and page.total == 2  # newest first
        assert page.items[1].id == five.id
        assert await uow.reviews.stars(mentor.id) == {1: 0, 2: 0, 3: 0, 4: 1, 5: 1}
        hidden = await uow.reviews.queue(ReviewStatus.HIDDEN, PageRequest(1, 10))
        assert [r.id for r in hidden.items if r.mentor_id == mentor.id] == [reported.id]


async def test_the_queue_lists_reported_reviews_longest_waiting_first(
        uow_factory: Factory) -> None:
    mentor = await person(uow_factory, Role.MENTOR)
    reporter = await person(uow_factory)
    found = [await reviewed(uow_factory, await person(uow_factory), mentor, 3, days_ago=d)
             for d in (4, 3, 2)]
    for review, minutes in zip(found, (30, 10, 20), strict=True):
        async with uow_factory() as uow:
            loaded = await uow.reviews.get(review.id)
            assert loaded is not None
            loaded.report(reporter.id, "Spam", NOW + timedelta(minutes=minutes))
            await uow.commit()
    async with uow_factory() as uow:
        queue = await uow.reviews.queue(ReviewStatus.REPORTED, PageRequest(1, 100))
    mine = [r.id for r in queue.items if r.mentor_id == mentor.id]
    assert mine == [found[1].id, found[2].id, found[0].id]


async def test_concurrent_reviews_of_one_mentor_keep_the_rating_exact(
        uow_factory: Factory) -> None:
    mentor = await person(uow_factory, Role.MENTOR)
    students = [await person(uow_factory) for _ in range(12)]
    stars = [5, 4, 3, 5, 1, 2, 5, 4, 4, 3, 5, 2]
    staged = []
    for days, (student, given) in enumerate(zip(students, stars, strict=True), start=2):
        session = past_session(student_id=student.id, mentor_id=mentor.id,
                               starts_at=NOW - timedelta(days=days), minutes=60, price=4000,
                               currency="EUR")
        async with uow_factory() as uow:
            uow.bookings.add(session)
            await uow.commit()
        staged.append(Review.post(session, rating=given, text="", now=NOW))

    async def post(review: Review) -> None:
        async with uow_factory() as uow:
            uow.reviews.add(review)
            await uow.commit()

    await asyncio.gather(*(post(review) for review in staged))
    assert await rating(uow_factory, mentor.id) == rating_summary(stars)


async def test_a_mentor_without_a_profile_row_is_left_alone(uow_factory: Factory) -> None:
    # Ratings live on profiles; a review of a mentor whose profile is gone still stores.
    student = await person(uow_factory)
    mentor = await person(uow_factory, Role.STUDENT)  # no mentor profile
    review = await reviewed(uow_factory, student, mentor, 5)
    async with uow_factory() as uow:
        assert await uow.mentors.get(mentor.id) is None
        assert (await uow.reviews.get(review.id)) is not None
