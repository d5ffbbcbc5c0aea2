"""Content search (S16): what each audience may find, the text that is indexed for it, and
highlighted snippets as data rather than markup.

Two texts are indexed per item. The *live* text is the approved version as learners read it
(a question's prompt and choices, never its answers or explanation); anonymous visitors and
students only ever search that. The *latest* text is the newest version as its author sees
it, answers included; only the author (and admins) search it.
"""

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from edu_core.domain.content.kinds import ContentKindSpec
from edu_core.domain.content.model import ContentItem
from edu_core.domain.errors import InvalidInput
from edu_core.domain.search_text import MAX_QUERY as MAX_QUERY
from edu_core.domain.search_text import InvalidSearchQuery as InvalidSearchQuery
from edu_core.domain.search_text import clean_query as clean_query

# Matches are counted, ranked and paged through up to this many: a word common to tens of
# thousands of items is narrowed with more words or filters, not read to its end.
MAX_RESULTS = 1000
# Highlight markers the search engine wraps around matches. They are control characters,
# which indexed text never contains (``searchable`` removes them), so a snippet is split
# into segments without any HTML ever being produced or parsed.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_STOP = "\x03"
_MARKERS = re.compile(f"([{HIGHLIGHT_START}{HIGHLIGHT_STOP}])")


class SearchScope(StrEnum):
    LIVE = "live"  # approved content as learners read it: the default for everyone
    WORKSPACE = "workspace"  # plus the caller's own items at their newest version (admins: all)


class SearchQueryRequired(InvalidInput):
    code = "search_query_required"
    default_message = "Type something to search for, or choose a filter."


def searchable(text: str) -> str:
    """Text fit for the index: control characters (the highlight markers among them) become
    spaces, except line breaks and tabs."""
    return "".join(" " if unicodedata.category(c) in ("Cc", "Cs") and c not in "\n\t" else c
                   for c in text)


@dataclass(frozen=True, slots=True)
class IndexedVersion:
    number: int
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class SearchDocument:
    """What the search index holds for one item, rewritten whenever the item is saved."""

    item_id: UUID
    topic_id: UUID
    mentor_id: UUID
    kind: str
    status: str
    live: IndexedVersion | None  # learners' text of the approved version, if any
    latest: IndexedVersion  # the author's text of the newest version


def _joined(text: str, extra: str) -> str:
    return f"{text}\n{extra}" if extra else text


def search_document(item: ContentItem, spec: ContentKindSpec, *, live_extra: str = "",
                    latest_extra: str = "") -> SearchDocument:
    """``*_extra``: text the body refers to rather than holds (a video's transcript), added
    to that version's indexed text."""
    live, latest = item.live, item.latest
    return SearchDocument(
        item_id=item.id, topic_id=item.topic_id, mentor_id=item.mentor_id, kind=item.kind,
        status=item.status.value,
        live=IndexedVersion(live.number, live.title,
                            searchable(_joined(spec.learner_text(live.body), live_extra)))
        if live is not None else None,
        latest=IndexedVersion(latest.number, latest.title,
                              searchable(_joined(spec.render_text(latest.body),
                                                 latest_extra))))


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a snippet; ``highlight`` marks text that matched the query."""

    text: str
    highlight: bool = False


def segments(marked: str) -> list[Segment]:
    """Split text with highlight markers into plain-text segments. Whitespace is collapsed,
    adjacent segments of the same kind merge, and unbalanced markers are tolerated."""
    result: list[Segment] = []
    highlight = False
    for part in _MARKERS.split(marked):
        if part in (HIGHLIGHT_START, HIGHLIGHT_STOP):
            highlight = part == HIGHLIGHT_START
            continue
        if not part:
            continue
        if result and result[-1].highlight == highlight:
            result[-1] = Segment(re.sub(r"\s+", " ", result[-1].text + part), highlight)
        else:
            result.append(Segment(re.sub(r"\s+", " ", part), highlight))
    if result:  # no blanks around the whole snippet
        result[0] = Segment(result[0].text.lstrip(), result[0].highlight)
        result[-1] = Segment(result[-1].text.rstrip(), result[-1].highlight)
    return [s for s in result if s.text]


def excerpt(text: str, limit: int = 240) -> str:
    """The start of ``text`` cut at a word boundary (the snippet when nothing was searched)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    # Up to the last space that ends a whole word within the limit (the one right after it
    # counts); a single word longer than the limit is the only thing ever cut inside.
    space = flat.rfind(" ", 0, limit + 1)
    cut = flat[:space] if space > 0 else flat[:limit]
    return cut.rstrip(" ,;:") + " …"
