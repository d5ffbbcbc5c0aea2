"""Course certificates (S10): issued once, when a learner completes every live item of a
published course they are enrolled in, and verifiable by anyone who has the code."""

from collections.abc import Collection
from datetime import datetime
from uuid import UUID

from edu_core.application.progress import done_items
from edu_core.domain.content import ContentKinds
from edu_core.domain.courses import Certificate, Course, Progress, live_items
from edu_core.ports.unit_of_work import UnitOfWork


async def issue_if_complete(uow: UnitOfWork, kinds: ContentKinds, user_id: UUID,
                            course: Course, now: datetime,
                            just_done: Collection[UUID] = ()) -> Certificate | None:
    """The learner's certificate of ``course`` when every live item is done (issued now if it
    was not yet); ``just_done`` are items completed in this unit of work but not stored yet."""
    facts = await uow.courses.item_facts(course.item_ids)
    live = live_items(course.item_ids, facts)
    done = await done_items(uow, kinds, user_id, live) | set(just_done)
    if Progress.of(live, done).percent < 100:
        return None
    names = await uow.users.get_many({user_id, course.mentor_id})
    learner = names.get(user_id)
    if learner is None:
        return None
    mentor = names.get(course.mentor_id)
    return await uow.courses.issue_certificate(Certificate.issue(
        user_id=user_id, course_id=course.id, learner_name=learner.display_name,
        course_title=course.title,
        mentor_name=mentor.display_name if mentor else "Former mentor", now=now))


async def issue_due(uow: UnitOfWork, kinds: ContentKinds, user_id: UUID, item_id: UUID,
                    now: datetime) -> list[Certificate]:
    """After the learner completed ``item_id``: certificates of the enrolled courses this
    completes."""
    issued = []
    for course in await uow.courses.enrolled_with_item(user_id, item_id):
        certificate = await issue_if_complete(uow, kinds, user_id, course, now, [item_id])
        if certificate is not None:
            issued.append(certificate)
    return issued
