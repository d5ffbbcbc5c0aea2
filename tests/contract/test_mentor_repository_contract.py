"""ONE behaviour suite for mentor profiles, run against the in-memory fake and Postgres."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from edu_core.domain.catalog import Chapter, Subject, Topic
from edu_core.domain.errors import ConcurrentModification
from edu_core.domain.identity import Role, User
from edu_core.domain.mentors import (
    MentorProfile,
    MentorStatus,
    UnknownTopics,
    VerificationDocument,
)
from edu_core.domain.pagination import PageRequest
from edu_core.ports.mentors import MentorQuery
from edu_core.ports.unit_of_work import UnitOfWork

Factory = Callable[[], UnitOfWork]
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


async def mentor_user(uow_factory: Factory) -> User:
    user = User.register(email=f"m{uuid.uuid4().hex[:10]}@example.org", display_name="Mo",
                         role=Role.MENTOR, password_hash="h", timezone="UTC", now=NOW)
    async with uow_factory() as uow:
        uow.users.add(user)
        await uow.commit()
    return user


async def some_topics(uow_factory: Factory, n: int = 2) -> list[Topic]:
    subject = Subject.create(name="S", slug=f"s-{uuid.uuid4().hex[:8]}")
    chapter = Chapter.create(subject_id=subject.id, name="C")
    topics = [Topic.create(chapter_id=chapter.id, name=f"T{i}", slug=f"t-{uuid.uuid4().hex[:8]}")
              for i in range(n)]
    async with uow_factory() as uow:
        for node in (subject, chapter, *topics):
            await uow.catalog.save(node)
        await uow.commit()
    return topics


def complete_profile(user: User, topics: list[Topic], at: datetime = NOW) -> MentorProfile:
    profile = MentorProfile.start(user.id, timezone="Europe/Berlin", now=at)
    profile.update_profile(at, headline="Physics tutor", bio="Ten years of teaching.",
                           languages=["en", "de"], hourly_rate_cents=4500, currency="eur")
    profile.set_topics([t.id for t in topics], at)
    profile.add_document(VerificationDocument(blob_key=f"docs/{uuid.uuid4().hex}",
                                              filename="diploma.pdf",
                                              content_type="application/pdf", size=1234,
                                              uploaded_at=at), at)
    return profile


async def test_a_profile_round_trips_with_topics_and_documents(uow_factory: Factory) -> None:
    user = await mentor_user(uow_factory)
    topics = await some_topics(uow_factory)
    profile = complete_profile(user, topics)
    async with uow_factory() as uow:
        await uow.mentors.save(profile)
        await uow.commit()
    async with uow_factory() as uow:
        loaded = await uow.mentors.get(user.id)
    assert loaded is not None
    assert loaded.languages == ("en", "de")
    assert (loaded.hourly_rate_cents, loaded.currency) == (4500, "EUR")
    assert set(loaded.topic_ids) == {t.id for t in topics}
    assert [d.filename for d in loaded.documents] == ["diploma.pdf"]
    assert loaded.documents[0].blob_key == profile.documents[0].blob_key
    assert loaded.status is MentorStatus.DRAFT


async def test_unknown_topics_are_refused(uow_factory: Factory) -> None:
    user = await mentor_user(uow_factory)
    profile = MentorProfile.start(user.id, timezone="UTC", now=NOW)
    profile.set_topics([uuid.uuid4()], NOW)
    async with uow_factory() as uow:
        with pytest.raises(UnknownTopics):
            await uow.mentors.save(profile)
            await uow.commit()


async def test_changes_since_loading_are_never_overwritten(uow_factory: Factory) -> None:
    user = await mentor_user(uow_factory)
    async with uow_factory() as uow:
        await uow.mentors.save(MentorProfile.start(user.id, timezone="UTC", now=NOW))
        await uow.commit()
    async with uow_factory() as first, uow_factory() as second:
        a = await first.mentors.get(user.id)
        b = await second.mentors.get(user.id)
        assert a is not None
        assert b is not None
        a.update_profile(NOW, headline="First")
        await first.mentors.save(a)
        await first.commit()
        b.update_profile(NOW, headline="Second")
        with pytest.raises(ConcurrentModification):
            await second.mentors.save(b)
            await second.commit()
    async with uow_factory() as uow:
        final = await uow.mentors.get(user.id)
    assert final is not None
    assert final.headline == "First"


async def test_saving_twice_in_one_unit_of_work_is_fine(uow_factory: Factory) -> None:
    user = await mentor_user(uow_factory)
    profile = MentorProfile.start(user.id, timezone="UTC", now=NOW)
    async with uow_factory() as uow:
        await uow.mentors.save(profile)
        profile.update_profile(NOW, headline="Again")
        await uow.mentors.save(profile)
        await uow.commit()
    async with uow_factory() as uow:
        loaded = await uow.mentors.get(user.id)
    assert loaded is not None
    assert loaded.headline == "Again"


async def test_the_review_queue_lists_oldest_submission_first(uow_factory: Factory) -> None:
    topics = await some_topics(uow_factory, 1)
    submitted = []
    for offset in (3, 1, 2):
        user = await mentor_user(uow_factory)
        profile = complete_profile(user, topics)
        profile.submit(NOW - timedelta(days=offset, minutes=len(submitted)))
        async with uow_factory() as uow:
            await uow.mentors.save(profile)
            await uow.commit()
        submitted.append(profile)
    async with uow_factory() as uow:
        page = await uow.mentors.list(MentorQuery(status=MentorStatus.SUBMITTED),
                                      PageRequest(1, 100))
    ours = [p.user_id for p in page.items if p.user_id in {s.user_id for s in submitted}]
    expected = [p.user_id for p in sorted(submitted, key=lambda p: p.submitted_at or NOW)]
    assert ours == expected
    assert all(p.status is MentorStatus.SUBMITTED for p in page.items)
    assert page.total >= 3
