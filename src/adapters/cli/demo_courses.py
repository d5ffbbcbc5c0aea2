"""The demo courses: demo mentors' approved items put in teaching order and published, so a
fresh install has a course to follow with a progress bar; one demo student is already part way
through the first, with two weeks of study time behind them."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID, uuid4

from adapters.cli.demo_content import AMARA, LUKAS
from adapters.cli.demo_content_seed import author_principal
from adapters.container import Container
from edu_core.application.actors import Principal
from edu_core.domain.analytics import local_day
from edu_core.domain.identity import Role, Transport
from edu_core.domain.pagination import MAX_PAGE_SIZE, PageRequest


@dataclass(frozen=True)
class DemoCourse:
    mentor: str
    subject: str  # catalog slug
    title: str
    description: str
    items: tuple[str, ...]  # demo item keys, in teaching order
    learner: str | None = None  # a demo student already part way through


COURSES = (
    DemoCourse(
        AMARA, "physics", "Mechanics from first principles",
        "Forces, motion and energy in one path: Newton's laws, then work and kinetic energy, "
        "with a simulation to play with and questions to check yourself after each idea.",
        ("amara-newton-note", "amara-book-q", "amara-trolley-q", "amara-newton-unit-q",
         "amara-energy-note", "amara-skate-park", "amara-kinetic-energy-q",
         "amara-orbit-work-q"), learner="mei.lin@mentora.demo"),
    DemoCourse(
        LUKAS, "mathematics", "Quadratics and first derivatives",
        "From solving quadratic equations to the slope of a curve: the algebra you need "
        "before calculus, and the first idea of calculus itself.",
        ("lukas-quadratics-note", "lukas-graphing-quadratics", "lukas-discriminant-q",
         "lukas-roots-q", "lukas-derivative-note", "lukas-cubic-q", "lukas-sine-q")),
)


async def seed_courses(container: Container, content: Mapping[str, UUID]) -> int:
    """Creates and publishes the demo courses that do not exist yet (by mentor and title);
    items missing from ``content`` are left out. Returns how many courses it created."""
    service = container.courses()
    created = 0
    for demo in COURSES:
        async with container.uow()() as uow:
            mentor = await uow.users.get_by_email(demo.mentor)
            subject = await uow.catalog.subject_by_slug(demo.subject)
        items = [content[key] for key in demo.items if key in content]
        if mentor is None or not items:
            continue
        author = author_principal(mentor.id)
        existing = await service.my_courses(author, PageRequest(1, MAX_PAGE_SIZE))
        if any(card.course.title == demo.title for card in existing.items):
            continue
        view = await service.create(author, title=demo.title, description=demo.description,
                                    subject_id=subject.id if subject else None,
                                    item_ids=items)
        await service.publish(author, view.course.id, version=view.course.version)
        if demo.learner is not None:
            await _start(container, demo, view.course.id, content)
        created += 1
    return created


async def _start(container: Container, demo: "DemoCourse", course_id: UUID,
                 content: Mapping[str, UUID]) -> None:
    """Enrols the course's demo learner, who has read its first note and answered its first
    question (right, after one wrong try), as a learner would through the API."""
    async with container.uow()() as uow:
        learner = await uow.users.get_by_email(demo.learner or "")
    if learner is None:
        return
    me = Principal(user_id=learner.id, role=Role.STUDENT, session_id=uuid4(),
                   transport=Transport.BEARER)
    await container.courses().enrol(me, course_id)
    note, question = demo.items[0], demo.items[1]
    if note in content:
        await container.courses().complete(me, content[note])
    if question in content:
        for answer, seconds in (({"choices": ["a", "b"]}, 48), ({"choices": ["b", "c", "d"]}, 31)):
            await container.content().attempt(me, content[question], answer=answer,
                                              time_taken_ms=seconds * 1000)
    await _study(container, learner.id, learner.timezone,
                 [content[key] for key in demo.items[:4] if key in content])


async def _study(container: Container, user_id: UUID, timezone: str,
                 items: list[UUID]) -> None:
    """Two weeks of study time on the course's first items, most days, so the learner's
    profile and the mentor's dashboard have a chart to show (written as heartbeats would
    have added it up)."""
    now = container.clock().now()
    async with container.uow()() as uow:
        for days_ago in range(14):
            if days_ago % 4 == 3:
                continue  # a day off now and then
            at = now - timedelta(days=days_ago)
            for n, item_id in enumerate(items[:1 + days_ago % len(items)] if items else []):
                await uow.study.credit(user_id, item_id, local_day(at, timezone),
                                       240 + 90 * ((days_ago + n) % 7), at)
        await uow.commit()
