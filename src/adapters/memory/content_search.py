"""In-memory content search: the index staged until commit, and a query side that matches whole
words (no stemming, no stop words) with the web-search syntax's quotes, ``or`` and ``-word``.
Enough to run the core's use cases and the port's contract; relevance is only roughly
PostgreSQL's (title hits outweigh body hits)."""

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

from edu_core.domain.content.search import (
    MAX_RESULTS,
    IndexedVersion,
    SearchDocument,
    Segment,
    excerpt,
)
from edu_core.domain.pagination import PageRequest
from edu_core.ports.content_search import (
    CatalogPlace,
    ContentHit,
    ContentSearchCriteria,
    ContentSearchResults,
)

if TYPE_CHECKING:
    from adapters.memory.unit_of_work import MemoryStore

_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
SNIPPET_WORDS = 30


class MemoryContentSearchIndex:
    def __init__(self) -> None:
        self.staged: dict[UUID, SearchDocument] = {}

    async def put(self, document: SearchDocument) -> None:
        self.staged[document.item_id] = document


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


@dataclass(frozen=True)
class _Clause:
    words: tuple[str, ...]  # one word, or a phrase
    negated: bool

    def matches(self, text: list[str]) -> bool:
        n = len(self.words)
        found = n > 0 and any(tuple(text[i:i + n]) == self.words
                              for i in range(len(text) - n + 1))
        return found != self.negated


def parse(query: str) -> list[list[_Clause]]:
    """Alternatives (``or``) of clauses that must all hold."""
    alternatives: list[list[_Clause]] = [[]]
    for match in _TOKEN.finditer(query):
        negated_phrase, phrase, bare = match.groups()
        if bare is not None and bare.casefold() == "or":
            alternatives.append([])
            continue
        negated = bool(negated_phrase) if bare is None else bare.startswith("-")
        found = tuple(words(phrase if bare is None else bare.lstrip("-")))
        if found:
            alternatives[-1].append(_Clause(found, negated))
    return [a for a in alternatives if a]


def _highlighted(text: str, hits: set[str]) -> list[Segment]:
    result: list[Segment] = []
    position = 0
    for m in _WORD.finditer(text):
        if m.group().casefold() in hits:
            if m.start() > position:
                result.append(Segment(text[position:m.start()]))
            result.append(Segment(m.group(), True))
            position = m.end()
    if position < len(text):
        result.append(Segment(text[position:]))
    return result


class MemoryContentSearch:
    def __init__(self, store: "MemoryStore") -> None:
        self._store = store

    def _visible(self, doc: SearchDocument,
                 criteria: ContentSearchCriteria) -> tuple[IndexedVersion, bool] | None:
        if criteria.all_latest or (criteria.latest_of is not None
                                   and doc.mentor_id == criteria.latest_of):
            return doc.latest, True
        return (doc.live, False) if doc.live is not None else None

    def _in_filters(self, doc: SearchDocument, criteria: ContentSearchCriteria) -> bool:
        catalog = self._store.catalog
        topic = catalog.topics.get(doc.topic_id)
        chapter = catalog.chapters.get(topic.chapter_id) if topic else None
        return ((not criteria.kinds or doc.kind in criteria.kinds)
                and (criteria.topic_id is None or doc.topic_id == criteria.topic_id)
                and (criteria.subject_id is None or (
                    chapter is not None and chapter.subject_id == criteria.subject_id))
                and (criteria.mentor_id is None or doc.mentor_id == criteria.mentor_id))

    async def search(self, criteria: ContentSearchCriteria,
                     page: PageRequest) -> ContentSearchResults:
        alternatives = parse(criteria.text)
        found: list[tuple[float, str, ContentHit]] = []
        for doc in self._store.content_search.values():
            visible = self._visible(doc, criteria)
            if visible is None or not self._in_filters(doc, criteria):
                continue
            version, latest = visible
            title, body = words(version.title), words(version.text)
            if criteria.text:
                both = [*title, "", *body]
                if not any(all(c.matches(both) for c in alt) for alt in alternatives):
                    continue
            hits = {w for alt in alternatives for c in alt if not c.negated for w in c.words}
            score = sum(1.0 for w in title if w in hits) + sum(0.2 for w in body if w in hits)
            rank = score / (1 + math.log(max(len(title) + len(body), 1)))
            found.append((rank, version.title, self._hit(doc, version, latest, hits, rank)))
        if criteria.text:
            found.sort(key=lambda f: (-f[0], str(f[2].item_id)))
        else:
            found.sort(key=lambda f: (f[1], str(f[2].item_id)))
        reachable = found[:MAX_RESULTS]
        chosen = [f[2] for f in reachable[page.offset:page.offset + page.page_size]]
        return ContentSearchResults(items=chosen, total=len(reachable),
                                    total_exact=len(found) <= MAX_RESULTS, page=page.page,
                                    page_size=page.page_size)

    def _hit(self, doc: SearchDocument, version: IndexedVersion, latest: bool,
             hits: set[str], rank: float) -> ContentHit:
        catalog = self._store.catalog
        topic = catalog.topics[doc.topic_id]
        chapter = catalog.chapters[topic.chapter_id]
        subject = catalog.subjects[chapter.subject_id]
        user = self._store.users.get(doc.mentor_id)
        flat = " ".join(version.text.split())
        spots = [m.start() for m in _WORD.finditer(flat) if m.group().casefold() in hits]
        if spots:
            start = flat.rfind(" ", 0, max(spots[0] - 40, 0)) + 1
            window = " ".join(flat[start:].split(" ")[:SNIPPET_WORDS])
            snippet = _highlighted(window, hits)
        else:
            snippet = [Segment(excerpt(flat))] if flat else []
        return ContentHit(
            item_id=doc.item_id, kind=doc.kind, version=version.number,
            is_live=doc.live is not None and doc.live.number == version.number,
            status=doc.status if latest else None, title=version.title,
            title_highlight=_highlighted(version.title, hits), snippet=snippet,
            rank=round(rank, 6),
            topic=CatalogPlace(topic.id, topic.slug, topic.name),
            chapter=CatalogPlace(chapter.id, chapter.slug, chapter.name),
            subject=CatalogPlace(subject.id, subject.slug, subject.name),
            mentor_id=doc.mentor_id,
            mentor_name=user.display_name if user else "Former mentor")

