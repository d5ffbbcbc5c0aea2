"""Seeds the demo teaching material (``demo_content``) through the content use cases: each item
is written by its mentor, sent for review and decided by the demo admin, so its versions,
review state, audit entries and notifications are the real thing.

Idempotent and resumable: an item is found again by mentor, topic, kind and first title, and
only moved on from the intermediate states the seed itself passes through (a first draft, a
pending first version, an approved version 1 still awaiting its demo edit). Whatever an admin
or a mentor did to an item afterwards is left alone.
"""

from collections import Counter
from dataclasses import dataclass, field
from uuid import UUID, uuid4

from adapters.cli.demo_content import ITEMS, DemoItem, Target
from adapters.container import Container
from edu_core.application.actors import Actor, Principal
from edu_core.application.content import ContentService
from edu_core.domain.content import ContentItem, ContentStatus
from edu_core.domain.identity import Role, Transport, UserStatus
from edu_core.domain.mentors import MentorStatus
from edu_core.domain.pagination import MAX_PAGE_SIZE, PageRequest
from edu_core.ports.unit_of_work import UnitOfWork

DEMO_ADMIN = "admin@mentora.demo"


@dataclass
class ContentSeedReport:
    created: int = 0
    # The demo items' keys (``DemoItem.key``) with their ids: what a later seed (a demo
    # course) needs to refer to them.
    items: dict[str, UUID] = field(default_factory=dict)
    statuses: Counter[str] = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)  # keys whose mentor or topic is missing


def author_principal(user_id: UUID) -> Principal:
    # The seed acts for the mentor through the same use cases as the API; it has no sign-in
    # session, so the principal carries a throwaway session id.
    return Principal(user_id=user_id, role=Role.MENTOR, session_id=uuid4(),
                     transport=Transport.BEARER)


async def verified_mentor(uow: UnitOfWork, email: str) -> UUID | None:
    """The demo mentor's id when they may publish (active and verified)."""
    user = await uow.users.get_by_email(email)
    profile = await uow.mentors.get(user.id) if user else None
    if (user is not None and user.role is Role.MENTOR and user.status is UserStatus.ACTIVE
            and profile is not None and profile.status is MentorStatus.VERIFIED):
        return user.id
    return None


Key = tuple[UUID, str, str]  # topic, kind, first version's title


async def existing_items(service: ContentService, author: Principal) -> dict[Key, ContentItem]:
    """The author's items by what identifies a demo item."""
    found: dict[Key, ContentItem] = {}
    page = 1
    while True:
        views = await service.my_items(author, PageRequest(page, MAX_PAGE_SIZE))
        for view in views.items:
            item = view.item
            found.setdefault((item.topic_id, item.kind, item.versions[0].title), item)
        if page * MAX_PAGE_SIZE >= views.total:
            return found
        page += 1


async def _advance(service: ContentService, author: Principal, reviewer: Actor,
                   item: ContentItem, demo: DemoItem) -> ContentItem:
    if item.latest.number == 1:
        if item.status is ContentStatus.DRAFT:
            item = (await service.submit(author, item.id)).item
        if item.status is ContentStatus.PENDING and demo.target is Target.REJECTED:
            item = (await service.reject(reviewer, item.id, 1, demo.feedback)).item
        elif item.status is ContentStatus.PENDING and demo.target is not Target.PENDING:
            item = (await service.approve(reviewer, item.id, 1)).item
    if demo.edit is not None and item.status is ContentStatus.APPROVED and (
            item.latest.number == 1):
        item = (await service.save(author, item.id, base_version=1, title=demo.edit.title,
                                   body=demo.edit.body, change_summary=demo.edit.summary)).item
        item = (await service.submit(author, item.id)).item
    return item


async def seed_content(container: Container) -> ContentSeedReport:
    """Creates the demo items that do not exist yet and takes each to its review state."""
    service = container.content()
    async with container.uow()() as uow:
        admin = await uow.users.get_by_email(DEMO_ADMIN)
        authors: dict[str, UUID] = {}
        for email in dict.fromkeys(d.mentor for d in ITEMS):
            if (mentor_id := await verified_mentor(uow, email)) is not None:
                authors[email] = mentor_id
        topics = {}
        for slug in dict.fromkeys(d.topic for d in ITEMS):
            topic = await uow.catalog.topic_by_slug(slug)
            if topic is not None:
                topics[slug] = topic.id
    report = ContentSeedReport()
    if admin is None or admin.role is not Role.ADMIN:
        return ContentSeedReport(skipped=[d.key for d in ITEMS])
    reviewer = Actor(user_id=admin.id, label="demo-seed")
    existing: dict[str, dict[Key, ContentItem]] = {}
    for demo in ITEMS:
        if demo.mentor not in authors or demo.topic not in topics:
            report.skipped.append(demo.key)
            continue
        author = author_principal(authors[demo.mentor])
        if demo.mentor not in existing:
            existing[demo.mentor] = await existing_items(service, author)
        item = existing[demo.mentor].get((topics[demo.topic], demo.kind, demo.title))
        if item is None:
            item = (await service.create(author, topic_id=topics[demo.topic], kind=demo.kind,
                                         title=demo.title, body=demo.body,
                                         change_summary=demo.summary)).item
            report.created += 1
        item = await _advance(service, author, reviewer, item, demo)
        report.items[demo.key] = item.id
        report.statuses[item.status.value] += 1
    return report
