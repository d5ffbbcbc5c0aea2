"""Content search (S16) without I/O: what is indexed for learners and for authors, query
validation, highlight segments, and the use case's visibility rules against in-memory fakes."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from adapters.content.html_sanitizer import Nh3HtmlSanitizer
from adapters.memory.content_search import MemoryContentSearch, parse
from adapters.memory.fakes import FakeClock
from adapters.memory.unit_of_work import MemoryUnitOfWorkFactory
from edu_core.application.actors import Actor, Principal
from edu_core.application.content import ContentService
from edu_core.application.content_search import ContentSearchService, WorkspaceSearchDenied
from edu_core.domain.catalog import Chapter, Subject, Topic, UnknownCatalogFilter
from edu_core.domain.content import (
    ContentItem,
    ContentStatus,
    QuestionKind,
    UnknownContentKind,
    default_kinds,
)
from edu_core.domain.content.search import (
    HIGHLIGHT_START,
    HIGHLIGHT_STOP,
    MAX_QUERY,
    InvalidSearchQuery,
    SearchQueryRequired,
    SearchScope,
    Segment,
    clean_query,
    excerpt,
    search_document,
    searchable,
    segments,
)
from edu_core.domain.errors import NotAuthenticated
from edu_core.domain.identity import Role, Transport, User
from edu_core.domain.mentors import MentorProfile, VerificationDocument
from edu_core.domain.pagination import PageRequest

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
S, E = HIGHLIGHT_START, HIGHLIGHT_STOP
QUESTION = QuestionKind()


# -- the domain ----------------------------------------------------------------------------

def test_queries_are_trimmed_and_bounded() -> None:
    assert clean_query(None) == ""
    assert clean_query("  kinetic \t  energy\n") == "kinetic energy"
    assert clean_query("x" * MAX_QUERY) == "x" * MAX_QUERY
    for bad in ("x" * (MAX_QUERY + 1), "bell\x01curve", f"a{S}b", "\x7f"):
        with pytest.raises(InvalidSearchQuery) as caught:
            clean_query(bad)
        assert caught.value.code == "invalid_search_query"
        assert caught.value.details == {"fields": {"q": InvalidSearchQuery.default_message}}


def test_highlight_markers_become_plain_text_segments() -> None:
    assert segments(f"The {S}energy{E} of a {S}body{E}.") == [
        Segment("The "), Segment("energy", True), Segment(" of a "), Segment("body", True),
        Segment(".")]
    # Neighbouring matches merge; whitespace collapses; nothing blank survives.
    assert segments(f"  {S}kinetic{E}{S} energy{E}\n\n rules ") == [
        Segment("kinetic energy", True), Segment(" rules")]
    assert segments(f"{S}{E}") == []
    assert segments("") == []
    # Unbalanced markers cannot swallow or duplicate text.
    assert segments(f"a {S}b") == [Segment("a "), Segment("b", True)]
    assert segments(f"a{E} b") == [Segment("a b")]
    assert segments("<script>alert(1)</script>") == [Segment("<script>alert(1)</script>")]


def test_indexed_text_cannot_fake_a_highlight() -> None:
    assert searchable(f"x{S}y{E}z\x00\nnext\tline") == "x y z \nnext\tline"


def test_excerpts_cut_at_a_word() -> None:
    assert excerpt("short  text\n") == "short text"
    long = "word " * 100
    cut = excerpt(long, 30)
    assert cut.endswith(" …") and len(cut) <= 32 and "wor …" not in cut


def question(body: dict[str, Any]) -> dict[str, Any]:
    return QUESTION.validate(body, lambda html: html)


def test_learners_text_of_a_question_holds_no_answer() -> None:
    choice = question({"type": "multiple_choice", "prompt": "<p>Which are <b>vectors</b>?</p>",
                       "explanation": "<p>Magnitude and direction.</p>",
                       "choices": [{"id": "a", "text": "velocity"}, {"id": "b", "text": "mass"}],
                       "correct": ["a"]})
    assert QUESTION.learner_text(choice) == "Which are vectors?\nvelocity\nmass"
    short = question({"type": "short_text", "prompt": "<p>Name the unit of force.</p>",
                      "explanation": "<p>After Isaac.</p>", "accepted": ["newton"]})
    assert QUESTION.learner_text(short) == "Name the unit of force."
    numeric = question({"type": "numeric", "prompt": "<p>g?</p>", "answer": 9.81,
                        "tolerance": 0.1, "unit": "m/s²"})
    assert QUESTION.learner_text(numeric) == "g?\nm/s²"
    assert "9.81" not in QUESTION.learner_text(numeric)
    # The author's text keeps everything.
    assert "newton" in QUESTION.render_text(short) and "Isaac" in QUESTION.render_text(short)


def test_every_kind_has_a_learner_text() -> None:
    kinds = default_kinds()
    note = kinds.get("note")
    assert note.learner_text({"html": "<h2>Energy</h2><p>is <em>conserved</em></p>"}) == (
        "## Energy\n\nis conserved")
    simulation = kinds.get("simulation")
    assert simulation.learner_text({"url": "https://phet.colorado.edu/x",
                                    "title": "Skate park"}) == "Skate park"


def item(status: ContentStatus = ContentStatus.DRAFT) -> ContentItem:
    made = ContentItem.create(
        topic_id=uuid.uuid4(), mentor_id=uuid.uuid4(), kind="question", title="Force",
        body=question({"type": "short_text", "prompt": "<p>Unit of force?</p>",
                       "explanation": "<p>Isaac.</p>", "accepted": ["newton"]}),
        author_id=uuid.uuid4(), now=NOW)
    made.status = status
    return made


def test_a_draft_has_no_live_document() -> None:
    draft = item()
    doc = search_document(draft, QUESTION)
    assert doc.live is None
    assert (doc.latest.number, doc.latest.title, doc.status) == (1, "Force", "draft")
    assert "newton" in doc.latest.text and "Isaac" in doc.latest.text


def test_a_pending_edit_stays_out_of_the_live_document() -> None:
    edited = item()
    edited.submit(NOW)
    edited.approve(version=1, reviewer_id=None, now=NOW)
    edited.save(base_version=1, title="Forces", author_id=edited.mentor_id, now=NOW,
                body=question({"type": "short_text", "prompt": "<p>Unit of weight?</p>",
                               "accepted": ["newton"]}))
    edited.submit(NOW)
    doc = search_document(edited, QUESTION)
    assert doc.live is not None
    assert (doc.live.number, doc.live.title, doc.live.text) == (1, "Force", "Unit of force?")
    assert (doc.latest.number, doc.latest.title, doc.status) == (2, "Forces", "pending")
    assert "Unit of weight?" in doc.latest.text


def test_the_fake_parses_web_search_syntax() -> None:
    [[kinetic, energy]] = parse("Kinetic ENERGY")
    assert (kinetic.words, energy.words) == (("kinetic",), ("energy",))
    [[phrase, minus], [other]] = parse('"kinetic energy" -potential or momentum')
    assert (phrase.words, minus.words, minus.negated) == (("kinetic", "energy"),
                                                         ("potential",), True)
    assert other.words == ("momentum",)
    assert parse("") == [] and parse("!!! or") == []


# -- the use case ----------------------------------------------------------------------------

@dataclass
class World:
    uow: MemoryUnitOfWorkFactory
    content: ContentService
    search: ContentSearchService
    subject: Subject
    topic: Topic
    other_topic: Topic
    # Numbered, not random: every run registers the same addresses.
    people: int = 0

    async def person(self, role: Role) -> Principal:
        self.people += 1
        user = User.register(email=f"{role.value}-{self.people}@example.org",
                             display_name=f"A {role.value}", role=role, password_hash="h",
                             timezone="UTC", now=NOW)
        async with self.uow() as uow:
            uow.users.add(user)
            if role is Role.MENTOR:
                profile = MentorProfile.start(user.id, timezone="UTC", now=NOW)
                profile.update_profile(NOW, headline="h", bio="b", languages=["en"],
                                       hourly_rate_cents=1000, currency="EUR")
                profile.set_topics([self.topic.id], NOW)
                profile.add_document(VerificationDocument(
                    blob_key="k", filename="d.pdf", content_type="application/pdf", size=1,
                    uploaded_at=NOW), NOW)
                profile.submit(NOW)
                profile.verify(NOW)
                await uow.mentors.save(profile)
            await uow.commit()
        return Principal(user_id=user.id, role=role, session_id=uuid.uuid4(),
                         transport=Transport.BEARER)


@pytest.fixture
async def world() -> World:
    uow = MemoryUnitOfWorkFactory()
    clock = FakeClock()
    subject = Subject.create(name="Physics")
    chapter = Chapter.create(subject_id=subject.id, name="Mechanics")
    topic = Topic.create(chapter_id=chapter.id, name="Energy")
    other_subject = Subject.create(name="Chemistry")
    other_chapter = Chapter.create(subject_id=other_subject.id, name="Reactions")
    other_topic = Topic.create(chapter_id=other_chapter.id, name="Rates")
    async with uow() as u:
        for node in (subject, chapter, topic, other_subject, other_chapter, other_topic):
            await u.catalog.save(node)
        await u.commit()
    kinds = default_kinds()
    content = ContentService(uow=uow, clock=clock,
                             kinds=kinds, sanitizer=Nh3HtmlSanitizer())
    search = ContentSearchService(uow=uow, search=MemoryContentSearch(uow.store), kinds=kinds)
    return World(uow, content, search, subject, topic, other_topic)


async def publish(world: World, mentor: Principal, admin: Principal, title: str,
                  html: str, topic: Topic | None = None) -> uuid.UUID:
    view = await world.content.create(mentor, topic_id=(topic or world.topic).id, kind="note",
                                      title=title, body={"html": html})
    await world.content.submit(mentor, view.item.id)
    await world.content.approve(Actor.of(admin), view.item.id, 1)
    return view.item.id


async def test_each_caller_finds_what_they_may_read(world: World) -> None:
    mentor, other = await world.person(Role.MENTOR), await world.person(Role.MENTOR)
    admin, student = await world.person(Role.ADMIN), await world.person(Role.STUDENT)
    live = await publish(world, mentor, admin, "Pendulum", "<p>A weight on a string.</p>")
    draft = (await world.content.create(mentor, topic_id=world.topic.id, kind="note",
                                        title="Pendulum draft",
                                        body={"html": "<p>Unpublished swing.</p>"})).item.id
    await world.content.save(mentor, live, base_version=1, title="Pendulum",
                             body={"html": "<p>A mass on a rope.</p>"})
    page = PageRequest()

    async def found(viewer: Principal | None, text: str, **kwargs: Any) -> list[uuid.UUID]:
        return [h.item_id for h in (await world.search.search(
            viewer, page, text=text, **kwargs)).items]

    for viewer in (None, student, other, mentor, admin):
        assert await found(viewer, "pendulum") == [live]
        assert await found(viewer, "string") == [live]
        assert await found(viewer, "rope") == []
        assert await found(viewer, "swing") == []
    workspace = SearchScope.WORKSPACE
    assert set(await found(mentor, "pendulum", scope=workspace)) == {live, draft}
    assert await found(mentor, "rope", scope=workspace) == [live]
    assert await found(mentor, "string", scope=workspace) == []  # the newest version only
    assert await found(other, "swing", scope=workspace) == []
    assert await found(other, "string", scope=workspace) == [live]
    assert set(await found(admin, "pendulum", scope=workspace)) == {live, draft}
    hits = (await world.search.search(mentor, page, text="rope", scope=workspace)).items
    assert (hits[0].version, hits[0].is_live, hits[0].status) == (2, False, "draft")
    with pytest.raises(WorkspaceSearchDenied):
        await world.search.search(student, page, text="x", scope=workspace)
    with pytest.raises(NotAuthenticated):
        await world.search.search(None, page, text="x", scope=workspace)


async def test_filters_and_refusals(world: World) -> None:
    mentor, admin = await world.person(Role.MENTOR), await world.person(Role.ADMIN)
    here = await publish(world, mentor, admin, "Catalysts", "<p>Speed up reactions.</p>")
    there = await publish(world, mentor, admin, "Catalysts elsewhere", "<p>Enzymes.</p>",
                          topic=world.other_topic)
    page = PageRequest()
    s = world.search

    async def found(**kwargs: Any) -> set[uuid.UUID]:
        return {h.item_id for h in (await s.search(None, page, **kwargs)).items}

    assert await found(text="catalysts") == {here, there}
    assert await found(text="catalysts", subject=world.subject.slug) == {here}
    assert await found(text="catalysts", topic=str(world.other_topic.id)) == {there}
    assert await found(text="catalysts", kinds=["question"]) == set()
    assert await found(topic=world.topic.slug) == {here}  # filters alone browse
    assert await found(mentor_id=mentor.user_id) == {here, there}
    with pytest.raises(SearchQueryRequired):
        await s.search(None, page, text="   ")
    with pytest.raises(UnknownContentKind):
        await s.search(None, page, text="x", kinds=["podcast"])
    with pytest.raises(UnknownCatalogFilter) as caught:
        await s.search(None, page, text="x", subject="no-such-subject")
    assert caught.value.details == {"fields": {"subject": "No such subject in the catalog."}}
    with pytest.raises(InvalidSearchQuery):
        await s.search(None, page, text="a\x00b")
