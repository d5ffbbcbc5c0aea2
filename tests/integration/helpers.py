"""Small helpers the HTTP tests share: accounts, sign-in, reading the mail outbox."""

import re
import uuid
from collections.abc import Iterable
from pathlib import Path

from httpx import AsyncClient

from adapters.container import Container
from edu_core.application.actors import Actor
from edu_core.domain.catalog import Topic
from edu_core.domain.identity import Role, User
from edu_core.domain.mentors import MentorProfile, VerificationDocument

PASSWORD = "correct horse battery staple"


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.org"


async def make_user(container: Container, role: Role = Role.STUDENT,
                    email: str | None = None, password: str = PASSWORD) -> User:
    return await container.identity.admin().create_user(
        Actor(None), email=email or unique_email(role.value), password=password,
        display_name=f"Test {role.value}", role=role, email_verified=True)


async def bearer(client: AsyncClient, email: str, password: str = PASSWORD
                 ) -> dict[str, str]:
    response = await client.post("/api/v1/auth/login",
                                 json={"email": email, "password": password, "mode": "token"})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def outbox_links(outbox: Path, to: str, kind: str) -> list[str]:
    """Links of ``kind`` (verify-email / reset-password) mailed to ``to``, oldest first."""
    from adapters.mail.file_outbox import read_outbox

    links = []
    for mail in read_outbox(outbox):
        if mail.to == to:
            links += re.findall(rf"https?://[^\s\"<>]+/{kind}\?token=[A-Za-z0-9_\-%]+", mail.text)
    return links


async def make_topic(container: Container, subject: str, topic: str) -> Topic:
    """A topic of a new subject (one chapter) with slugs of its own: the database is shared
    with other tests' catalogs."""
    from adapters.cli.demo import DEMO

    suffix = uuid.uuid4().hex[:6]
    slug = f"{subject.lower()}-{suffix}"
    await container.catalog().import_document(DEMO, {"subjects": [{
        "name": subject, "slug": slug, "chapters": [{
            "name": "Basics", "topics": [{"name": topic,
                                          "slug": f"{topic.lower()}-{suffix}"}]}]}]})
    tree = await container.catalog().tree()
    return next(s for s in tree if s.subject.slug == slug).chapters[0].topics[0]


async def make_mentor(
    container: Container,
    name: str,
    *,
    headline: str,
    bio: str,
    topics: Iterable[str],
    languages: list[str],
    rate: int,
    currency: str = "EUR",
    verify: bool = True,
) -> User:
    """A mentor whose application went through (or stopped at submitted)."""
    user = await container.identity.admin().create_user(
        Actor(None),
        email=unique_email("mentor"),
        password=PASSWORD,
        display_name=name,
        role=Role.MENTOR,
    )
    now = container.clock().now()
    profile = MentorProfile.start(user.id, timezone="Europe/Berlin", now=now)
    profile.update_profile(
        now,
        headline=headline,
        bio=bio,
        languages=languages,
        hourly_rate_cents=rate,
        currency=currency,
    )
    profile.set_topics([uuid.UUID(t) for t in topics], now)
    profile.add_document(
        VerificationDocument(
            blob_key="verification_document/aa/x",
            filename="d.pdf",
            content_type="application/pdf",
            size=10,
            uploaded_at=now,
        ),
        now,
    )
    profile.submit(now)
    if verify:
        profile.verify(now)
    async with container.uow()() as uow:
        await uow.mentors.save(profile)
        await uow.commit()
    return user
