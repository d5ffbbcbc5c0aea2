"""The ``video`` content kind (S17): a processed video of the author's, with chapters.

The stored document names the video (``video_id``) and the chapters (start seconds + title).
What the body cannot know alone (that the video is the author's, its duration for the
chapters, that it is ready before review) is checked by the application when the body is
saved or submitted; what playing needs (links, captions, where the learner stopped) is added
when it is read, never stored.
"""

from collections.abc import Mapping
from typing import Any

from edu_core.domain.content.blocks import Block, BlockKind, text_block
from edu_core.domain.content.kinds import (
    ContentKindName,
    ContentKindSpec,
    HtmlCleaner,
    field_of,
    id_field,
)
from edu_core.domain.content.model import InvalidContent, content_error
from edu_core.domain.video import MAX_CHAPTERS, Chapter, InvalidChapters, check_chapters


def _timestamp(seconds: float) -> str:
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    return (f"{hours}:" if hours else "") + f"{rest // 60:02d}:{rest % 60:02d}"


def chapters_of(body: Mapping[str, Any]) -> list[Chapter]:
    return [Chapter(start=float(c["start"]), title=str(c["title"]))
            for c in body.get("chapters", [])]


class VideoKind(ContentKindSpec):
    name = ContentKindName.VIDEO

    def validate(self, raw: Mapping[str, Any], clean_html: HtmlCleaner) -> dict[str, Any]:
        video_id = id_field(raw, "video_id", "Give the id of one of your videos.")
        listed = raw.get("chapters", [])
        if not isinstance(listed, list) or len(listed) > MAX_CHAPTERS:
            raise content_error("body.chapters", f"At most {MAX_CHAPTERS} chapters.")
        chapters = []
        for index, entry in enumerate(listed):
            if not isinstance(entry, Mapping):
                raise content_error(f"body.chapters[{index}]", "A start and a title.")
            start = field_of(entry, "start", (int, float), prefix=f"body.chapters[{index}]")
            title = field_of(entry, "title", str, prefix=f"body.chapters[{index}]")
            chapters.append(Chapter(start=float(start), title=title))
        try:
            checked = check_chapters(chapters, None)
        except InvalidChapters as error:
            raise InvalidContent(error.message, details={
                "fields": {"body.chapters": "; ".join(error.details["problems"])}
                if error.details else {}}) from error
        return {"video_id": str(video_id),
                "chapters": [{"start": c.start, "title": c.title} for c in checked]}

    def render_text(self, body: Mapping[str, Any]) -> str:
        return "\n".join(f"{_timestamp(c.start)} {c.title}" for c in chapters_of(body))

    def blocks(self, body: Mapping[str, Any]) -> list[Block]:
        return [text_block(BlockKind.FIELD, str(body.get("video_id", "")), label="Video"),
                *(text_block(BlockKind.FIELD, c.title, label=_timestamp(c.start))
                  for c in chapters_of(body))]

    def preview_text(self, body: Mapping[str, Any]) -> str:
        return ", ".join(c.title for c in chapters_of(body))
