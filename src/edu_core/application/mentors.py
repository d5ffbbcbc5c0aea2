"""Mentor onboarding (S6), admin verification, and the public profile (S9)."""

from collections.abc import AsyncIterable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID

from edu_core.application.actors import Actor, Principal
from edu_core.application.uploads import Uploads
from edu_core.domain.audit import AuditEntry
from edu_core.domain.availability import Availability, Slot, expand_slots
from edu_core.domain.catalog import Subject, Topic
from edu_core.domain.errors import InvalidInput, NotFound, PermissionDenied
from edu_core.domain.files import FileKind
from edu_core.domain.identity import Role, User, UserNotFound, UserStatus
from edu_core.domain.mentors import (
    MentorProfile,
    MentorProfileNotFound,
    MentorStatus,
    PortfolioItem,
    UnknownTopics,
    VerificationDocument,
    clean_languages,
)
from edu_core.domain.money import REFERENCE_CURRENCY, clean_currency
from edu_core.domain.pagination import Page, PageRequest
from edu_core.domain.search_text import clean_query
from edu_core.ports.clock import Clock
from edu_core.ports.mentors import (
    MentorCard,
    MentorQuery,
    MentorSearch,
    MentorSearchCriteria,
    MentorSort,
)
from edu_core.ports.storage import BlobStorage
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

PHOTO_LINK_TTL = timedelta(hours=6)
# "Next available" looks this far ahead; the free-slot filter and soonest sort consider at most
# this many matches (they run on availability rows after the query).
NEXT_SLOT_LOOKAHEAD = timedelta(days=21)
MAX_SLOT_CANDIDATES = 5000
# "Best match" checks calendars this many matches at a time, in relevance order.
RANKING_BATCH = 100
# Most calendars have a slot within a day or two: expanding a short range first and widening
# only when it holds none is what makes "soonest" affordable over thousands of calendars.
LOOKS = (timedelta(days=1), timedelta(days=3), timedelta(days=7))
DOCUMENT_LINK_TTL = timedelta(minutes=10)


@dataclass(frozen=True)
class MentorView:
    """A profile with what screens show beside it: the person and the chosen topics."""

    profile: MentorProfile
    user: User
    topics: list[Topic]
    photo_url: str | None
    portfolio_urls: dict[UUID, str]

    # Per-star counts of the public reviews (stars "1".."5").
    rating_distribution: dict[str, int] = field(
        default_factory=lambda: {str(stars): 0 for stars in range(1, 6)})


@dataclass(frozen=True)
class SearchResult:
    card: MentorCard
    photo_url: str | None
    next_available: datetime | None = None


def first_free_slot(availability: Availability | None, *, start: datetime, end: datetime,
                    now: datetime,
                    busy: Sequence[tuple[datetime, datetime]] = ()) -> Slot | None:
    """The earliest slot of the shortest offered length lying wholly in [start, end) and clear
    of the ``busy`` ranges (sessions held or booked), if any."""
    if availability is None:
        return None
    shortest = min(availability.rules.session_lengths)
    low = start
    for high in [*(min(end, start + look) for look in LOOKS), end]:
        if high > low:
            # A range holds the slots starting in it; the searcher is free only until ``end``.
            slots = [slot for slot in expand_slots(availability, start=low, end=high,
                                                   session_minutes=shortest, now=now,
                                                   busy=busy)
                     if slot.end <= end]
            if slots:
                return slots[0]
            low = high
    return None


class NotAMentor(PermissionDenied):
    code = "not_a_mentor"
    default_message = "Only mentor accounts have a mentor profile."


class MentorService:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock, uploads: Uploads,
                 storage: BlobStorage, search: MentorSearch) -> None:
        self._search = search
        self._uow = uow
        self._clock = clock
        self._uploads = uploads
        self._storage = storage

    # -- the mentor's own flow -------------------------------------------------------------

    async def _own(self, uow: UnitOfWork, principal: Principal) -> tuple[MentorProfile, User]:
        if principal.role is not Role.MENTOR:
            raise NotAMentor()
        user = await uow.users.get(principal.user_id)
        if user is None:
            raise UserNotFound()
        profile = await uow.mentors.get(principal.user_id)
        if profile is None:
            profile = MentorProfile.start(user.id, timezone=user.timezone,
                                          now=self._clock.now())
        return profile, user

    async def _commit(self, uow: UnitOfWork, profile: MentorProfile) -> None:
        await uow.mentors.save(profile)
        await uow.commit()

    async def my_profile(self, principal: Principal) -> MentorView:
        async with self._uow() as uow:
            profile, user = await self._own(uow, principal)
            return await self._view(uow, profile, user)

    async def update_my_profile(self, principal: Principal, *, headline: str | None = None,
                                bio: str | None = None, languages: Iterable[str] | None = None,
                                timezone: str | None = None,
                                hourly_rate_cents: int | None = None,
                                currency: str | None = None) -> MentorView:
        async with self._uow() as uow:
            profile, user = await self._own(uow, principal)
            profile.update_profile(self._clock.now(), headline=headline, bio=bio,
                                   languages=languages, timezone=timezone,
                                   hourly_rate_cents=hourly_rate_cents, currency=currency)
            await self._commit(uow, profile)
            return await self._view(uow, profile, user)

    async def set_my_topics(self, principal: Principal, topic_ids: Iterable[UUID]) -> MentorView:
        wanted = list(dict.fromkeys(topic_ids))
        async with self._uow() as uow:
            profile, user = await self._own(uow, principal)
            known = {t.id for t in await uow.catalog.topics(wanted)}
            unknown = [str(t) for t in wanted if t not in known]
            if unknown:
                raise UnknownTopics(details={"fields": {"topic_ids": UnknownTopics.default_message},
                                             "unknown": unknown})
            profile.set_topics(wanted, self._clock.now())
            await self._commit(uow, profile)
            return await self._view(uow, profile, user)

    async def upload_photo(self, principal: Principal, chunks: AsyncIterable[bytes], *,
                           filename: str | None, content_type: str | None) -> MentorView:
        stored = await self._uploads.store(FileKind.AVATAR, chunks, filename=filename,
                                           content_type=content_type)
        try:
            async with self._uow() as uow:
                profile, user = await self._own(uow, principal)
                previous = profile.set_photo(stored.key, self._clock.now())
                await self._commit(uow, profile)
                view = await self._view(uow, profile, user)
        except BaseException:
            await self._uploads.discard(stored.key)
            raise
        await self._uploads.discard(previous)
        return view

    async def upload_document(self, principal: Principal, chunks: AsyncIterable[bytes], *,
                              filename: str | None, content_type: str | None) -> MentorView:
        stored = await self._uploads.store(FileKind.VERIFICATION_DOCUMENT, chunks,
                                           filename=filename, content_type=content_type)
        try:
            async with self._uow() as uow:
                profile, user = await self._own(uow, principal)
                now = self._clock.now()
                profile.add_document(VerificationDocument(
                    blob_key=stored.key, filename=stored.filename,
                    content_type=stored.content_type, size=stored.size, uploaded_at=now), now)
                await self._commit(uow, profile)
                return await self._view(uow, profile, user)
        except BaseException:
            await self._uploads.discard(stored.key)
            raise

    async def add_portfolio_item(self, principal: Principal, chunks: AsyncIterable[bytes], *,
                                 title: str, filename: str | None,
                                 content_type: str | None) -> MentorView:
        stored = await self._uploads.store(FileKind.PORTFOLIO, chunks, filename=filename,
                                           content_type=content_type)
        try:
            async with self._uow() as uow:
                profile, user = await self._own(uow, principal)
                now = self._clock.now()
                profile.add_portfolio_item(PortfolioItem(
                    title=title, blob_key=stored.key, filename=stored.filename,
                    content_type=stored.content_type, size=stored.size, uploaded_at=now), now)
                await self._commit(uow, profile)
                return await self._view(uow, profile, user)
        except BaseException:
            await self._uploads.discard(stored.key)
            raise

    async def remove_portfolio_item(self, principal: Principal, item_id: UUID) -> MentorView:
        async with self._uow() as uow:
            profile, user = await self._own(uow, principal)
            removed = profile.remove_portfolio_item(item_id, self._clock.now())
            await self._commit(uow, profile)
            view = await self._view(uow, profile, user)
        await self._uploads.discard(removed.blob_key)
        return view

    async def remove_document(self, principal: Principal, document_id: UUID) -> MentorView:
        async with self._uow() as uow:
            profile, user = await self._own(uow, principal)
            removed = profile.remove_document(document_id, self._clock.now())
            await self._commit(uow, profile)
            view = await self._view(uow, profile, user)
        await self._uploads.discard(removed.blob_key)
        return view

    async def submit(self, principal: Principal) -> MentorView:
        async with self._uow() as uow:
            profile, user = await self._own(uow, principal)
            profile.submit(self._clock.now())
            await self._commit(uow, profile)
            return await self._view(uow, profile, user)

    async def document_link(self, principal: Principal, mentor_id: UUID,
                            document_id: UUID) -> str:
        """A short-lived download link: for the mentor who uploaded it, or an admin."""
        if principal.role is not Role.ADMIN and principal.user_id != mentor_id:
            raise MentorProfileNotFound()  # the same answer as for a missing one: no probing
        async with self._uow() as uow:
            profile = await uow.mentors.get(mentor_id)
        document = next((d for d in (profile.documents if profile else [])
                         if d.id == document_id), None)
        if document is None:
            raise NotFound("No such document.")
        return await self._storage.signed_url(document.blob_key, expires_in=DOCUMENT_LINK_TTL,
                                              filename=document.filename)

    # -- admin review ----------------------------------------------------------------------

    async def queue(self, status: MentorStatus | None, page: PageRequest) -> Page[MentorView]:
        async with self._uow() as uow:
            found = await uow.mentors.list(MentorQuery(status=status), page)
            people = await uow.users.get_many([p.user_id for p in found.items])
            topics = await uow.catalog.topics({t for p in found.items for t in p.topic_ids})
            views = [await self._view(uow, profile, people[profile.user_id], topics)
                     for profile in found.items if profile.user_id in people]
        return Page(items=views, total=found.total, page=found.page, page_size=found.page_size)

    async def review(self, mentor_id: UUID) -> MentorView:
        async with self._uow() as uow:
            profile = await uow.mentors.get(mentor_id)
            user = await uow.users.get(mentor_id)
            if profile is None or user is None:
                raise MentorProfileNotFound()
            return await self._view(uow, profile, user)

    async def verify(self, actor: Actor, mentor_id: UUID) -> MentorView:
        return await self._decide(actor, mentor_id, None)

    async def reject(self, actor: Actor, mentor_id: UUID, reason: str) -> MentorView:
        return await self._decide(actor, mentor_id, reason)

    async def _decide(self, actor: Actor, mentor_id: UUID, reason: str | None) -> MentorView:
        async with self._uow() as uow:
            profile = await uow.mentors.get(mentor_id)
            user = await uow.users.get(mentor_id)
            if profile is None or user is None:
                raise MentorProfileNotFound()
            now = self._clock.now()
            if reason is None:
                profile.verify(now)
            else:
                profile.reject(reason, now)
            uow.audit.record(AuditEntry(
                actor_id=actor.user_id, action=f"mentor.{profile.status.value}",
                target_type="mentor", target_id=str(mentor_id), occurred_at=now,
                details={"actor": actor.label,
                         **({"reason": profile.rejection_reason} if reason else {})}))
            await self._commit(uow, profile)
            return await self._view(uow, profile, user)

    # -- public ----------------------------------------------------------------------------

    async def search(self, page: PageRequest, *, text: str | None = None,
                     subject: str | None = None, topic: str | None = None,
                     language: str | None = None, currency: str | None = None,
                     min_rate_cents: int | None = None, max_rate_cents: int | None = None,
                     min_rating: float | None = None,
                     free_from: datetime | None = None, free_to: datetime | None = None,
                     sort: MentorSort = MentorSort.RELEVANCE) -> Page[SearchResult]:
        """Verified, active mentors matching every given filter. ``subject`` and ``topic``
        are a slug or an id; an unknown one is an error rather than an empty page."""
        if min_rate_cents is not None and max_rate_cents is not None and (
                min_rate_cents > max_rate_cents):
            raise InvalidInput("The lowest price is above the highest.",
                               details={"fields": {"min_price": "Must not exceed max_price."}})
        subject_id = topic_id = None
        async with self._uow() as uow:
            if subject:
                subject_id = (await uow.catalog.resolve(Subject, subject)).id
            if topic:
                topic_id = (await uow.catalog.resolve(Topic, topic)).id
        criteria = MentorSearchCriteria(
            text=clean_query(text) or None, subject_id=subject_id, topic_id=topic_id,
            language=clean_languages([language])[0] if language else None,
            currency=clean_currency(currency) if currency else REFERENCE_CURRENCY,
            min_rate_cents=min_rate_cents, max_rate_cents=max_rate_cents,
            min_rating=min_rating, sort=sort)
        now = self._clock.now()
        ranked = page.offset + page.page_size <= MAX_SLOT_CANDIDATES
        if free_from is None and free_to is None and sort is MentorSort.RELEVANCE and ranked:
            cards, total, nexts = await self._search_ranked(criteria, page, now=now)
        elif free_from is None and free_to is None and sort is not MentorSort.SOONEST:
            found = await self._search.search(criteria, page)
            cards, total = found.items, found.total
            calendars, taken = await self._calendars([c.mentor_id for c in cards], now,
                                                     now + NEXT_SLOT_LOOKAHEAD)
            nexts = {c.mentor_id: first_free_slot(calendars.get(c.mentor_id), start=now,
                                                  end=now + NEXT_SLOT_LOOKAHEAD, now=now,
                                                  busy=taken.get(c.mentor_id, ()))
                     for c in cards}
        else:
            cards, total, nexts = await self._search_by_slots(
                criteria, page, now=now, free_from=free_from, free_to=free_to)
        results = [SearchResult(card=card, photo_url=await self._photo(card.photo_key),
                                next_available=(s.start if (s := nexts.get(card.mentor_id))
                                                else None))
                   for card in cards]
        return Page(items=results, total=total, page=page.page, page_size=page.page_size)

    async def _search_by_slots(self, criteria: MentorSearchCriteria, page: PageRequest, *,
                               now: datetime, free_from: datetime | None,
                               free_to: datetime | None
                               ) -> tuple[list[MentorCard], int, dict[UUID, Slot | None]]:
        start = free_from or now
        end = free_to or start + NEXT_SLOT_LOOKAHEAD
        if end <= start:
            raise InvalidInput("The free-slot window ends before it starts.",
                               details={"fields": {"free_to": "Must be after free_from."}})
        if end - start > timedelta(days=60):
            raise InvalidInput("Look for free slots within at most 60 days.",
                               details={"fields": {"free_to": "At most 60 days after."}})
        ids, _ = await self._search.matching_ids(criteria, MAX_SLOT_CANDIDATES)
        calendars, taken = await self._calendars(ids, start, end)
        firsts = {i: first_free_slot(calendars.get(i), start=start, end=end, now=now,
                                     busy=taken.get(i, ()))
                  for i in ids}
        kept = [i for i in ids if firsts[i] is not None]
        if criteria.sort is MentorSort.SOONEST:
            kept.sort(key=lambda i: firsts[i].start)  # type: ignore[union-attr]
        chosen = kept[page.offset:page.offset + page.page_size]
        return (await self._search.cards(chosen, criteria.currency), len(kept),
                {i: firsts[i] for i in chosen})

    async def _search_ranked(self, criteria: MentorSearchCriteria, page: PageRequest, *,
                             now: datetime
                             ) -> tuple[list[MentorCard], int, dict[UUID, Slot | None]]:
        """Best match, except that mentors with no free slot in the next three weeks come
        after every mentor with one (each group in relevance order): a perfect match nobody
        can book is a poor first result. Calendars are expanded in relevance order only until
        the requested page is filled with bookable mentors."""
        wanted = page.offset + page.page_size
        end = now + NEXT_SLOT_LOOKAHEAD
        free: list[UUID] = []
        busy: list[UUID] = []
        firsts: dict[UUID, Slot | None] = {}
        seen = 0
        # The first batch counts every match too. Stop once the page lies within the
        # bookable mentors found so far, or every match (up to the cap) is sorted into one
        # group or the other.
        batch, total = await self._search.matching_ids(criteria, RANKING_BATCH)
        while batch:
            seen += len(batch)
            calendars, taken = await self._calendars(batch, now, end)
            for mentor_id in batch:
                firsts[mentor_id] = first_free_slot(calendars.get(mentor_id), start=now,
                                                    end=end, now=now,
                                                    busy=taken.get(mentor_id, ()))
                (free if firsts[mentor_id] else busy).append(mentor_id)
            if len(free) >= wanted or seen >= min(total, MAX_SLOT_CANDIDATES):
                break
            batch, _ = await self._search.matching_ids(criteria, RANKING_BATCH, offset=seen)
        chosen = [*free, *busy][page.offset:wanted]
        return (await self._search.cards(chosen, criteria.currency), total,
                {i: firsts[i] for i in chosen})

    async def _calendars(self, mentor_ids: list[UUID], start: datetime, end: datetime
                         ) -> tuple[dict[UUID, Availability],
                                    dict[UUID, list[tuple[datetime, datetime]]]]:
        """The mentors' availability and the ranges their sessions take around [start, end)
        (a day either side: a buffer may reach across)."""
        async with self._uow() as uow:
            calendars = await uow.availability.for_mentors(mentor_ids)
            taken = await uow.bookings.taken_by_mentors(
                list(calendars), start - timedelta(days=1), end + timedelta(days=1))
        return calendars, taken

    async def _photo(self, key: str | None) -> str | None:
        return await self._storage.signed_url(key, expires_in=PHOTO_LINK_TTL) if key else None

    async def public_profile(self, mentor_id: UUID) -> MentorView:
        # One read: the public page is the busiest, and the profile, person, topics and stars
        # come in one statement.
        found = await self._search.public_profile(mentor_id)
        if (found is None or not found.profile.is_public
                or found.user.status is not UserStatus.ACTIVE):
            raise MentorProfileNotFound()
        return await self._present(found.profile, found.user, found.topics, found.stars)

    async def _view(self, uow: UnitOfWork, profile: MentorProfile, user: User,
                    known_topics: Sequence[Topic] | None = None) -> MentorView:
        """``known_topics``: topics already loaded for a whole page (any superset of the
        profile's), to spare a query per row."""
        if known_topics is None:
            topics = await uow.catalog.topics(profile.topic_ids)
        else:
            mine = set(profile.topic_ids)
            topics = [t for t in known_topics if t.id in mine]
        # Only a reviewed mentor has stars to count: lists of new mentors cost no query.
        stars = await uow.reviews.stars(profile.user_id) if profile.rating_count else {}
        return await self._present(profile, user, topics, stars)

    async def _present(self, profile: MentorProfile, user: User, topics: list[Topic],
                       stars: Mapping[int, int]) -> MentorView:
        links = {item.id: await self._storage.signed_url(item.blob_key, expires_in=PHOTO_LINK_TTL,
                                                          filename=item.filename)
                 for item in profile.portfolio}
        return MentorView(profile=profile, user=user, topics=topics,
                          photo_url=await self._photo(profile.photo_key), portfolio_urls=links,
                          rating_distribution={str(n): stars.get(n, 0) for n in range(1, 6)})
