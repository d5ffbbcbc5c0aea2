"""The content assistant in the mentor's workspace: questions suggested from a note, a note
drafted from a video's captions. Only the item's author may ask; what comes back is new
draft items of theirs, marked machine-suggested, that go through review like any other."""

import re
from uuid import UUID

from edu_core.application.actors import Principal
from edu_core.application.content import ContentService, ItemView
from edu_core.domain.content import ContentItem
from edu_core.domain.content.assistant import (
    MAX_SOURCE_CHARS,
    QUESTION_SOURCES,
    SUMMARY_SOURCES,
    AssistantFailed,
    AssistantUnsupportedKind,
    NothingToSuggest,
)
from edu_core.domain.content.kinds import ContentKindName
from edu_core.ports.content_assistant import ContentAssistant
from edu_core.ports.unit_of_work import UnitOfWorkFactory

_TAGS = re.compile(r"<[^>]{0,200}>")


def _quoted(title: str) -> str:
    return f"\u201c{title}\u201d"


class ContentAssistantService:
    def __init__(self, *, uow: UnitOfWorkFactory, content: ContentService,
                 assistant: ContentAssistant) -> None:
        self._uow = uow
        self._content = content
        self._assistant = assistant

    async def _source(self, principal: Principal, item_id: UUID,
                      kinds: frozenset[ContentKindName]) -> ContentItem:
        item = await self._content.authored(principal, item_id)
        if item.kind not in kinds:
            raise AssistantUnsupportedKind()
        return item

    async def suggest_questions(self, principal: Principal, item_id: UUID, *,
                                count: int) -> list[ItemView]:
        note = await self._source(principal, item_id, QUESTION_SOURCES)
        text = self._content.kinds.get(note.kind).render_text(note.latest.body)
        if not text.strip():
            raise NothingToSuggest()
        drafts = await self._assistant.suggest_questions(
            note.latest.title, text[:MAX_SOURCE_CHARS], count=count)
        if not drafts:
            raise NothingToSuggest()
        made = await self._content.create_machine_drafts(
            principal, topic_id=note.topic_id, kind=ContentKindName.QUESTION,
            drafts=[(d.title, {**d.body, "kind": ContentKindName.QUESTION.value})
                    for d in drafts[:count]],
            change_summary=f"Suggested from {_quoted(note.latest.title)}"[:200])
        if not made:
            raise AssistantFailed(internal=f"none of {len(drafts)} question drafts was valid")
        return made

    async def summarise(self, principal: Principal, item_id: UUID) -> ItemView:
        video = await self._source(principal, item_id, SUMMARY_SOURCES)
        transcript = await self._transcript(video)
        if not transcript.strip():
            raise NothingToSuggest("This video has no captions to summarise yet.")
        draft = await self._assistant.summarise(video.latest.title,
                                                transcript[:MAX_SOURCE_CHARS])
        made = await self._content.create_machine_drafts(
            principal, topic_id=video.topic_id, kind=ContentKindName.NOTE,
            drafts=[(draft.title, {"kind": ContentKindName.NOTE.value, "html": draft.html})],
            change_summary=f"Summarised from {_quoted(video.latest.title)}"[:200])
        if not made:
            raise AssistantFailed(internal="the summary draft was not a valid note")
        return made[0]

    async def _transcript(self, video: ContentItem) -> str:
        """The words of the video's first caption track, in order, each repeated cue once."""
        try:
            video_id = UUID(str(video.latest.body.get("video_id", "")))
        except ValueError:
            return ""
        async with self._uow() as uow:
            captions = await uow.videos.captions(video_id)
        if not captions:
            return ""
        lines: list[str] = []
        for cue in sorted(captions[0].cues, key=lambda c: c.start):
            words = " ".join(_TAGS.sub("", cue.text).split())
            if words and (not lines or lines[-1] != words):
                lines.append(words)
        return "\n".join(lines)
