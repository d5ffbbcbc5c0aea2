"""Learning content (S13-S15, S19, S34): the mentor's workspace, admin moderation, and what
learners read and answer.

Items are reachable in the workspace by their owner and by admins only; anyone else gets the
same 404 as for a missing item, so ids cannot be probed. Learners only ever see an item's live
(approved) version, without answers until they attempt it.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Protocol
from uuid import UUID

from edu_core.application.actors import Actor, Principal
from edu_core.application.certificates import issue_due
from edu_core.domain.audit import AuditEntry
from edu_core.domain.catalog import Subject, Topic, UnknownCatalogFilter
from edu_core.domain.content import (
    Attempt,
    ContentItem,
    ContentKinds,
    ContentKindSpec,
    ContentNotFound,
    ContentStatus,
    ContentVersion,
    Grade,
    InvalidContent,
    NotGradable,
    UnknownTopic,
    validate_time_taken,
)
from edu_core.domain.content.blocks import (
    Block,
    BlockKind,
    DiffLine,
    DiffOp,
    diff_blocks,
    text_block,
)
from edu_core.domain.content.questions import (
    AttemptNotFound,
    NoMoreHints,
    QuestionKind,
    hints_of,
)
from edu_core.domain.content.search import SearchDocument, excerpt, search_document
from edu_core.domain.errors import NotFound, PermissionDenied
from edu_core.domain.identity import Role
from edu_core.domain.mentors import MentorStatus
from edu_core.domain.pagination import Page, PageRequest
from edu_core.ports.clock import Clock
from edu_core.ports.content import ContentOrder, ContentQuery, HtmlSanitizer
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

PREVIEW_CHARS = 160


class MentorNotVerified(PermissionDenied):
    code = "mentor_not_verified"
    default_message = "Only verified mentors can send content for review."


class TopicNotFound(NotFound):
    default_message = "No such topic."


@dataclass(frozen=True)
class VersionView:
    version: ContentVersion
    body: dict[str, Any]  # as the kind displays it to authors and reviewers
    kind: str


@dataclass(frozen=True)
class ItemView:
    item: ContentItem
    latest: VersionView
    live: VersionView | None
    mentor_name: str | None = None


@dataclass(frozen=True)
class VersionDiff:
    item_id: UUID
    from_version: int | None  # None: nothing published yet, the diff starts from empty
    to_version: int
    lines: list[DiffLine]  # every block of both versions in reading order

    @property
    def changed(self) -> bool:
        return any(line.op is not DiffOp.EQUAL for line in self.lines)


@dataclass(frozen=True)
class LearnerItem:
    item_id: UUID
    topic_id: UUID
    kind: str
    version: int
    title: str
    body: dict[str, Any]  # without answers
    mentor_id: UUID
    mentor_name: str
    gradable: bool
    updated_at: datetime  # when the live version was written
    excerpt: str = ""  # the opening words, formulas readable, cut between words


@dataclass(frozen=True)
class AttemptResult:
    attempt: Attempt
    grade: Grade
    hints_total: int = 0  # how many hints the answered version offers


@dataclass(frozen=True)
class HelpResult:
    """Help given on an attempt: the hints revealed so far and, once asked for, the worked
    solution."""

    attempt: Attempt
    hints: list[str]
    hints_total: int
    explanation: str | None = None
    solution: dict[str, Any] | None = None


class BodyReferences(Protocol):
    """What a kind's body refers to outside the content model (a video, a document), checked
    where only the application can: that it is the author's, and ready for review."""

    async def check_saved(self, uow: UnitOfWork, owner_id: UUID,
                          body: Mapping[str, Any]) -> None: ...

    async def check_submitted(self, uow: UnitOfWork, owner_id: UUID,
                              body: Mapping[str, Any]) -> None: ...

    async def search_text(self, uow: UnitOfWork, body: Mapping[str, Any]) -> str:
        """Text to index with the body (a video's caption cues): "" for none."""
        ...


async def indexed_document(uow: UnitOfWork, item: ContentItem, kinds: ContentKinds,
                           references: Mapping[str, BodyReferences]) -> SearchDocument:
    """The item's search document, with the text its bodies refer to (the one way to make
    it: saves, re-indexing and caption changes all come here)."""
    spec = kinds.get(item.kind)
    found = references.get(item.kind)
    if found is None:
        return search_document(item, spec)
    live = item.live
    return search_document(
        item, spec, latest_extra=await found.search_text(uow, item.latest.body),
        live_extra=await found.search_text(uow, live.body) if live is not None else "")


class ContentService:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock, kinds: ContentKinds,
                 sanitizer: HtmlSanitizer,
                 references: Mapping[str, BodyReferences] | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._kinds = kinds
        self._sanitizer = sanitizer
        self._references = dict(references or {})

    @property
    def kinds(self) -> ContentKinds:
        return self._kinds

    # -- helpers -----------------------------------------------------------------------------

    def _body(self, kind: ContentKindSpec, raw: Mapping[str, Any]) -> dict[str, Any]:
        return kind.accept(raw, self._sanitizer.clean)

    async def _check_saved(self, uow: UnitOfWork, kind: str, owner_id: UUID,
                           body: Mapping[str, Any]) -> None:
        references = self._references.get(kind)
        if references is not None:
            await references.check_saved(uow, owner_id, body)

    def _view(self, item: ContentItem, mentor_name: str | None = None) -> ItemView:
        kind = self._kinds.get(item.kind)
        live = item.live
        return ItemView(item=item,
                        latest=VersionView(item.latest, kind.display(item.latest.body),
                                           kind.name),
                        live=VersionView(live, kind.display(live.body), kind.name)
                        if live else None,
                        mentor_name=mentor_name)

    async def _owned(self, uow: UnitOfWork, principal: Principal, item_id: UUID) -> ContentItem:
        item = await uow.content.get(item_id)
        if item is None or (principal.role is not Role.ADMIN
                            and item.mentor_id != principal.user_id):
            raise ContentNotFound()  # the same answer as for a missing one: no probing
        return item

    async def _commit(self, uow: UnitOfWork, item: ContentItem) -> None:
        await uow.content.save(item)
        # The search index follows every change in the same transaction (S16).
        await uow.content_index.put(await indexed_document(uow, item, self._kinds,
                                                           self._references))
        await uow.commit()

    async def reindex_items(self, item_ids: Iterable[UUID]) -> None:
        """Rewrite these items' search documents (what their bodies refer to changed)."""
        async with self._uow() as uow:
            for item_id in item_ids:
                item = await uow.content.get(item_id)
                if item is not None:
                    await uow.content_index.put(await indexed_document(
                        uow, item, self._kinds, self._references))
            await uow.commit()

    async def _names(self, uow: UnitOfWork, ids: Iterable[UUID]) -> dict[UUID, str]:
        wanted = set(ids)
        found = await uow.users.get_many(wanted)
        return {i: found[i].display_name if i in found else "Former mentor" for i in wanted}

    def _blocks(self, item: ContentItem, version: ContentVersion | None) -> list[Block]:
        if version is None:
            return []
        return [text_block(BlockKind.TITLE, version.title),
                *self._kinds.get(item.kind).blocks(version.body)]

    def _diff(self, item: ContentItem, old: ContentVersion | None,
              new: ContentVersion) -> VersionDiff:
        return VersionDiff(item_id=item.id, from_version=old.number if old else None,
                           to_version=new.number,
                           lines=diff_blocks(self._blocks(item, old), self._blocks(item, new)))

    # -- the mentor's workspace --------------------------------------------------------------

    async def my_items(self, principal: Principal, page: PageRequest, *,
                       status: ContentStatus | None = None, kind: str | None = None,
                       topic_id: UUID | None = None) -> Page[ItemView]:
        """The caller's own items, most recently changed first (every item for an admin)."""
        query = ContentQuery(
            mentor_id=None if principal.is_admin else principal.user_id,
            statuses=[status] if status else [], kind=kind,
            topic_ids=[topic_id] if topic_id else None, order=ContentOrder.RECENTLY_CHANGED)
        async with self._uow() as uow:
            found = await uow.content.list(query, page)
        return Page(items=[self._view(i) for i in found.items], total=found.total,
                    page=found.page, page_size=found.page_size)

    async def create(self, principal: Principal, *, topic_id: UUID, kind: str, title: str,
                     body: Mapping[str, Any], change_summary: str = "") -> ItemView:
        spec = self._kinds.get(kind)
        clean = self._body(spec, body)
        async with self._uow() as uow:
            if await uow.catalog.get_topic(topic_id) is None:
                raise UnknownTopic(details={"fields": {"topic_id": UnknownTopic.default_message}})
            await self._check_saved(uow, spec.name, principal.user_id, clean)
            item = ContentItem.create(topic_id=topic_id, mentor_id=principal.user_id,
                                      kind=spec.name, title=title, body=clean,
                                      author_id=principal.user_id, now=self._clock.now(),
                                      change_summary=change_summary)
            await self._commit(uow, item)
        return self._view(item)

    async def create_machine_drafts(self, principal: Principal, *, topic_id: UUID, kind: str,
                                    drafts: Sequence[tuple[str, Mapping[str, Any]]],
                                    change_summary: str) -> list[ItemView]:
        """New draft items of the caller from machine-written (title, body) pairs, all in one
        transaction and marked ``machine_suggested``. A draft the kind refuses is left out,
        as a person's would be refused: the caller learns how many were kept."""
        spec = self._kinds.get(kind)
        accepted = []
        for title, body in drafts:
            try:
                clean = self._body(spec, body)
                item = ContentItem.create(topic_id=topic_id, mentor_id=principal.user_id,
                                          kind=spec.name, title=title, body=clean,
                                          author_id=principal.user_id, now=self._clock.now(),
                                          change_summary=change_summary,
                                          machine_suggested=True)
            except InvalidContent:
                continue
            accepted.append(item)
        if not accepted:
            return []
        async with self._uow() as uow:
            for item in accepted:
                await self._check_saved(uow, spec.name, principal.user_id, item.latest.body)
                await uow.content.save(item)
                await uow.content_index.put(await indexed_document(uow, item, self._kinds,
                                                                   self._references))
            await uow.commit()
        return [self._view(item) for item in accepted]

    async def authored(self, principal: Principal, item_id: UUID) -> ContentItem:
        """One of the caller's own items, as its author (an admin is not the author)."""
        async with self._uow() as uow:
            item = await uow.content.get(item_id)
        if item is None or item.mentor_id != principal.user_id:
            raise ContentNotFound()
        return item

    async def item(self, principal: Principal, item_id: UUID) -> ItemView:
        async with self._uow() as uow:
            return self._view(await self._owned(uow, principal, item_id))

    async def save(self, principal: Principal, item_id: UUID, *, base_version: int, title: str,
                   body: Mapping[str, Any], change_summary: str = "") -> ItemView:
        async with self._uow() as uow:
            item = await self._owned(uow, principal, item_id)
            clean = self._body(self._kinds.get(item.kind), body)
            await self._check_saved(uow, item.kind, item.mentor_id, clean)
            if item.save(base_version=base_version, title=title, body=clean,
                         author_id=principal.user_id, now=self._clock.now(),
                         change_summary=change_summary):
                await self._commit(uow, item)
        return self._view(item)

    async def revert(self, principal: Principal, item_id: UUID, *, to_version: int,
                     base_version: int) -> ItemView:
        async with self._uow() as uow:
            item = await self._owned(uow, principal, item_id)
            if item.revert(to_version=to_version, base_version=base_version,
                           author_id=principal.user_id, now=self._clock.now()):
                await self._commit(uow, item)
        return self._view(item)

    async def versions(self, principal: Principal, item_id: UUID) -> tuple[ContentItem,
                                                                            list[ContentVersion]]:
        """Newest first."""
        async with self._uow() as uow:
            item = await self._owned(uow, principal, item_id)
        return item, list(reversed(item.versions))

    async def version(self, principal: Principal, item_id: UUID, number: int) -> VersionView:
        async with self._uow() as uow:
            item = await self._owned(uow, principal, item_id)
        version = item.version(number)
        kind = self._kinds.get(item.kind)
        return VersionView(version, kind.display(version.body), kind.name)

    async def diff(self, principal: Principal, item_id: UUID, from_version: int,
                   to_version: int) -> VersionDiff:
        async with self._uow() as uow:
            item = await self._owned(uow, principal, item_id)
        return self._diff(item, item.version(from_version), item.version(to_version))

    async def submit(self, principal: Principal, item_id: UUID) -> ItemView:
        async with self._uow() as uow:
            item = await self._owned(uow, principal, item_id)
            profile = await uow.mentors.get(item.mentor_id)
            if profile is None or profile.status is not MentorStatus.VERIFIED:
                raise MentorNotVerified()
            references = self._references.get(item.kind)
            if references is not None:
                await references.check_submitted(uow, item.mentor_id, item.latest.body)
            item.submit(self._clock.now())
            await self._commit(uow, item)
        return self._view(item)

    async def withdraw(self, principal: Principal, item_id: UUID) -> ItemView:
        """Take my pending item back out of the review queue (a draft again)."""
        async with self._uow() as uow:
            item = await self._owned(uow, principal, item_id)
            now = self._clock.now()
            item.withdraw(now)
            uow.audit.record(AuditEntry(
                actor_id=principal.user_id, action="content.withdrawn", target_type="content",
                target_id=str(item.id), occurred_at=now,
                details={"actor": "user", "version": item.latest.number, "kind": item.kind,
                         "mentor_id": str(item.mentor_id)}))
            await self._commit(uow, item)
        return self._view(item)

    # -- admin moderation --------------------------------------------------------------------

    async def queue(self, page: PageRequest, *,
                    status: ContentStatus | None = ContentStatus.PENDING,
                    kind: str | None = None, subject: str | None = None,
                    topic: str | None = None, mentor_id: UUID | None = None,
                    waiting_days: int | None = None) -> Page[ItemView]:
        """Oldest submission first. ``subject`` and ``topic`` take a slug or an id;
        ``waiting_days`` keeps items submitted at least that many days ago."""
        if kind is not None:
            kind = self._kinds.get(kind).name
        async with self._uow() as uow:
            topic_ids: list[UUID] | None = None
            if subject:
                found_subject = await uow.catalog.resolve(Subject, subject)
                tree = next(t for t in await uow.catalog.tree()
                            if t.subject.id == found_subject.id)
                topic_ids = [t.id for c in tree.chapters for t in c.topics]
            if topic:
                found_topic = await uow.catalog.resolve(Topic, topic)
                topic_ids = [found_topic.id] if topic_ids is None or (
                    found_topic.id in topic_ids) else []
            found = await uow.content.list(ContentQuery(
                mentor_id=mentor_id, statuses=[status] if status else [], kind=kind,
                topic_ids=topic_ids, order=ContentOrder.REVIEW_QUEUE,
                submitted_before=(self._clock.now() - timedelta(days=waiting_days)
                                  if waiting_days else None)), page)
            names = await self._names(uow, (i.mentor_id for i in found.items))
        return Page(items=[self._view(i, names[i.mentor_id]) for i in found.items],
                    total=found.total, page=found.page, page_size=found.page_size)

    async def review(self, item_id: UUID) -> ItemView:
        async with self._uow() as uow:
            item = await uow.content.get(item_id)
            if item is None:
                raise ContentNotFound()
            names = await self._names(uow, [item.mentor_id])
        return self._view(item, names[item.mentor_id])

    async def review_diff(self, item_id: UUID) -> VersionDiff:
        """What approving would change for learners: the live version against the newest."""
        async with self._uow() as uow:
            item = await uow.content.get(item_id)
        if item is None:
            raise ContentNotFound()
        return self._diff(item, item.live, item.latest)

    async def approve(self, actor: Actor, item_id: UUID, version: int) -> ItemView:
        return await self._decide(actor, item_id, version, None)

    async def reject(self, actor: Actor, item_id: UUID, version: int,
                     feedback: str) -> ItemView:
        return await self._decide(actor, item_id, version, feedback)

    async def _decide(self, actor: Actor, item_id: UUID, version: int,
                      feedback: str | None) -> ItemView:
        async with self._uow() as uow:
            item = await uow.content.get(item_id)
            if item is None:
                raise ContentNotFound()
            now = self._clock.now()
            if feedback is None:
                item.approve(version=version, reviewer_id=actor.user_id, now=now)
            else:
                item.reject(version=version, feedback=feedback, reviewer_id=actor.user_id,
                            now=now)
            uow.audit.record(AuditEntry(
                actor_id=actor.user_id, action=f"content.{item.status.value}",
                target_type="content", target_id=str(item.id), occurred_at=now,
                details={"actor": actor.label, "version": version, "kind": item.kind,
                         "mentor_id": str(item.mentor_id),
                         **({"feedback": item.feedback} if feedback is not None else {})}))
            names = await self._names(uow, [item.mentor_id])
            await self._commit(uow, item)
        return self._view(item, names[item.mentor_id])

    # -- learning ----------------------------------------------------------------------------

    def _learner(self, item: ContentItem, names: Mapping[UUID, str]) -> LearnerItem:
        live = item.live
        assert live is not None
        kind = self._kinds.get(item.kind)
        return LearnerItem(item_id=item.id, topic_id=item.topic_id, kind=item.kind,
                           version=live.number, title=live.title,
                           body=kind.learner_view(live.body), mentor_id=item.mentor_id,
                           mentor_name=names[item.mentor_id], gradable=kind.gradable,
                           updated_at=live.created_at,
                           excerpt=excerpt(kind.preview_text(kind.learner_view(live.body)),
                                           PREVIEW_CHARS))

    async def topic_content(self, topic: str, page: PageRequest) -> tuple[Topic,
                                                                           Page[LearnerItem]]:
        """The approved items of a topic (slug or id), oldest first."""
        async with self._uow() as uow:
            try:
                found_topic = await uow.catalog.resolve(Topic, topic)
            except UnknownCatalogFilter:
                raise TopicNotFound() from None
            found = await uow.content.list(ContentQuery(
                topic_ids=[found_topic.id], live_only=True, order=ContentOrder.OLDEST_FIRST),
                page)
            names = await self._names(uow, (i.mentor_id for i in found.items))
        return found_topic, Page(items=[self._learner(i, names) for i in found.items],
                                 total=found.total, page=found.page, page_size=found.page_size)

    async def _live(self, uow: UnitOfWork, item_id: UUID) -> ContentItem:
        item = await uow.content.get(item_id)
        if item is None or item.live_version is None:
            raise ContentNotFound()
        return item

    async def learner_item(self, item_id: UUID) -> LearnerItem:
        async with self._uow() as uow:
            item = await self._live(uow, item_id)
            names = await self._names(uow, [item.mentor_id])
        return self._learner(item, names)

    async def attempt(self, principal: Principal, item_id: UUID, *, answer: Mapping[str, Any],
                      time_taken_ms: int) -> AttemptResult:
        """Grade an answer to the live version and keep the attempt."""
        async with self._uow() as uow:
            item = await self._live(uow, item_id)
            kind = self._kinds.get(item.kind)
            if not kind.gradable:
                raise NotGradable()
            live = item.live
            assert live is not None
            grade = kind.grade(live.body, answer)
            # A retry answers with the help already seen on the same version.
            earlier = [a for a in await uow.content.attempts(principal.user_id, item.id)
                       if a.version == live.number]
            attempt = Attempt(item_id=item.id, version=live.number, user_id=principal.user_id,
                              answer=grade.answer, correct=grade.correct,
                              time_taken_ms=validate_time_taken(time_taken_ms),
                              created_at=self._clock.now(),
                              hints_used=max((a.hints_used for a in earlier), default=0),
                              solution_shown=any(a.solution_shown for a in earlier))
            uow.content.add_attempt(attempt)
            if attempt.correct:
                await issue_due(uow, self._kinds, principal.user_id, item.id,
                                attempt.created_at)
            await uow.commit()
        return AttemptResult(attempt=attempt, grade=grade,
                             hints_total=len(hints_of(live.body)))

    async def _my_attempt(self, uow: UnitOfWork, principal: Principal, item_id: UUID,
                          attempt_id: UUID) -> tuple[Attempt, dict[str, Any], QuestionKind]:
        """The caller's own attempt, the body of the version it answered, and its kind."""
        item = await self._live(uow, item_id)
        kind = self._kinds.get(item.kind)
        if not isinstance(kind, QuestionKind):
            raise NotGradable()
        attempt = next((a for a in await uow.content.attempts(principal.user_id, item.id)
                        if a.id == attempt_id), None)
        if attempt is None:
            raise AttemptNotFound()
        return attempt, item.version(attempt.version).body, kind

    async def reveal_hint(self, principal: Principal, item_id: UUID,
                          attempt_id: UUID) -> HelpResult:
        """Show the next of the mentor's hints and record it on the attempt."""
        async with self._uow() as uow:
            attempt, body, _ = await self._my_attempt(uow, principal, item_id, attempt_id)
            hints = hints_of(body)
            if attempt.hints_used >= len(hints):
                raise NoMoreHints(details={"hints_total": len(hints)})
            attempt = replace(attempt, hints_used=attempt.hints_used + 1)
            await uow.content.record_help(attempt)
            await uow.commit()
        return HelpResult(attempt=attempt, hints=hints[:attempt.hints_used],
                          hints_total=len(hints))

    async def show_solution(self, principal: Principal, item_id: UUID,
                            attempt_id: UUID) -> HelpResult:
        """The explanation and the answer, recorded on the attempt; asking twice is fine."""
        async with self._uow() as uow:
            attempt, body, kind = await self._my_attempt(uow, principal, item_id, attempt_id)
            explanation, solution = kind.worked_solution(body)
            if not attempt.solution_shown:
                attempt = replace(attempt, solution_shown=True)
                await uow.content.record_help(attempt)
                await uow.commit()
            hints = hints_of(body)
        return HelpResult(attempt=attempt, hints=hints[:attempt.hints_used],
                          hints_total=len(hints), explanation=explanation, solution=solution)

    async def my_attempts(self, principal: Principal, item_id: UUID) -> list[Attempt]:
        async with self._uow() as uow:
            await self._live(uow, item_id)
            return await uow.content.attempts(principal.user_id, item_id)
