"""ONE behaviour suite for the forum's persistence, run against the in-memory fake and
Postgres: threads and posts round trip with their history, the threaded order pages by
keyset, readers see what they may, counters follow replies and votes (exactly, under
concurrent voters), flags are unique per person, categories guard their slugs and threads."""

import asyncio
import uuid
from datetime import timedelta

import pytest

from edu_core.domain.errors import ConcurrentModification
from edu_core.domain.forum import (
    AlreadyFlagged,
    Badge,
    ForumCategory,
    ForumCategoryNotEmpty,
    ForumCategorySlugTaken,
    ModerationAction,
    Post,
    PostBody,
    PostCreated,
    PostOrder,
    PostStatus,
    PostVoted,
    Thread,
    ThreadSort,
)
from edu_core.domain.identity import Role, User
from edu_core.domain.mentors import MentorProfile
from edu_core.domain.pagination import PageRequest
from edu_core.ports.forum import ForumSearchCriteria, PostSlice, PostViewer, ThreadQuery
from tests.contract.test_booking_repository_contract import NOW, Factory, person


def text(words: str) -> PostBody:
    return PostBody.of(words, f"<p>{words}</p>")


async def category(uow_factory: Factory, position: int = 0) -> ForumCategory:
    found = ForumCategory.create(name=f"Physics {uuid.uuid4().hex[:6]}", now=NOW,
                                 position=position)
    async with uow_factory() as uow:
        uow.forum.save_category(found)
        await uow.commit()
    return found


async def started(uow_factory: Factory, author: User, *, title: str = "Energy question",
                  words: str = "How does energy work?",
                  in_category: ForumCategory | None = None) -> tuple[Thread, Post]:
    where = in_category or await category(uow_factory)
    thread, opening = Thread.start(category_id=where.id, author_id=author.id, title=title,
                                   body=text(words), now=NOW)
    async with uow_factory() as uow:
        uow.forum.add_thread(thread, opening)
        await uow.commit()
    return thread, opening


async def replied(uow_factory: Factory, thread: Thread, author: User,
                  parent: Post | None = None, words: str = "An answer.",
                  minutes: int = 1) -> Post:
    async with uow_factory() as uow:
        number = await uow.forum.next_post_number(thread.id)
        post = Post.reply(thread_id=thread.id, number=number, author_id=author.id,
                          body=text(words), parent=parent, now=NOW + timedelta(minutes=minutes))
        uow.forum.add_post(post)
        await uow.commit()
    return post


async def test_a_thread_and_its_posts_round_trip_with_counters_and_history(
        uow_factory: Factory) -> None:
    asker, helper = await person(uow_factory), await person(uow_factory)
    thread, opening = await started(uow_factory, asker)
    first = await replied(uow_factory, thread, helper, minutes=5)
    second = await replied(uow_factory, thread, asker, parent=first, minutes=9)
    assert (first.number, second.number) == (2, 3)
    async with uow_factory() as uow:
        loaded = await uow.forum.thread(thread.id)
        assert loaded is not None
        assert (loaded.title, loaded.reply_count, loaded.last_activity_at, loaded.version) == (
            "Energy question", 2, NOW + timedelta(minutes=9), 1)
        post = await uow.forum.post(second.id)
        assert post is not None
        assert (post.parent_id, post.reply_to_number, post.depth, post.path) == (
            first.id, 2, 2, f"{first.path}.00000003")
        post.edit(asker.id, text("A better answer."), NOW + timedelta(hours=1))
        await uow.commit()
    async with uow_factory() as uow:
        again = await uow.forum.post(second.id)
        assert again is not None and again.body.html == "<p>A better answer.</p>"
        assert (again.revision_count, again.version) == (2, 2)
        history = await uow.forum.revisions(second.id, PageRequest(1, 20))
        assert [(r.number, r.markdown) for r in history.items] == [
            (1, "An answer."), (2, "A better answer.")]
        later = await uow.forum.revisions(second.id, PageRequest(2, 1))
        assert (later.total, [r.number for r in later.items]) == (2, [2])
        opening_history = await uow.forum.revisions(opening.id, PageRequest())
        assert [r.title for r in opening_history.items] == ["Energy question"]


async def test_a_stale_write_is_refused(uow_factory: Factory) -> None:
    asker = await person(uow_factory)
    _, opening = await started(uow_factory, asker)
    async with uow_factory() as first, uow_factory() as second:
        one = await first.forum.post(opening.id)
        two = await second.forum.post(opening.id)
        assert one is not None and two is not None
        one.edit(asker.id, text("One"), NOW)
        two.edit(asker.id, text("Two"), NOW)
        await first.commit()
        with pytest.raises(ConcurrentModification):
            await second.commit()


async def test_the_threaded_order_pages_by_keyset_and_readers_see_what_they_may(
        uow_factory: Factory) -> None:
    asker, helper, admin = (await person(uow_factory), await person(uow_factory),
                            await person(uow_factory, Role.ADMIN))
    thread, _ = await started(uow_factory, asker)
    a = await replied(uow_factory, thread, helper, minutes=1)
    b = await replied(uow_factory, thread, helper, minutes=2)
    a1 = await replied(uow_factory, thread, asker, parent=a, minutes=3)
    hidden = await replied(uow_factory, thread, helper, parent=a1, minutes=4)
    gone = await replied(uow_factory, thread, asker, minutes=5)
    async with uow_factory() as uow:
        post = await uow.forum.post(hidden.id)
        assert post is not None
        post.moderate(ModerationAction.HIDE, "Rude", NOW)
        mine = await uow.forum.post(gone.id)
        assert mine is not None
        mine.delete(asker.id, NOW)
        await uow.commit()

    async def numbers(viewer: PostViewer, window: PostSlice) -> list[int]:
        async with uow_factory() as uow:
            return [p.number for p in await uow.forum.posts(thread.id, viewer, window)]

    everyone = PostViewer()
    assert await numbers(everyone, PostSlice()) == [1, a.number, a1.number, b.number,
                                                    gone.number]
    assert await numbers(PostViewer(helper.id), PostSlice()) == [
        1, a.number, a1.number, hidden.number, b.number, gone.number]
    assert await numbers(PostViewer(admin.id, is_admin=True), PostSlice(limit=100)) == [
        1, a.number, a1.number, hidden.number, b.number, gone.number]
    # Keyset: two at a time, each page after the last path of the previous one.
    pages, after = [], None
    while True:
        async with uow_factory() as uow:
            found = await uow.forum.posts(thread.id, everyone, PostSlice(after=after, limit=2))
        if not found:
            break
        pages.append([p.number for p in found])
        after = found[-1].path
    assert pages == [[1, a.number], [a1.number, b.number], [gone.number]]
    oldest = await numbers(everyone, PostSlice(order=PostOrder.OLDEST, after="00000002"))
    assert oldest == [b.number, a1.number, gone.number]
    assert await numbers(everyone, PostSlice(start=b.number)) == [b.number, gone.number]
    async with uow_factory() as uow:
        counted = await uow.forum.thread(thread.id)
        assert counted is not None and counted.reply_count == 3  # a, b, a1
        listed = await uow.forum.posts(thread.id, everyone, PostSlice())
        assert all(p.flags == [] for p in listed)
        assert (await uow.forum.posts_by_id([hidden.id]))[hidden.id].status is PostStatus.HIDDEN


async def test_votes_change_count_once_per_person_and_stay_exact_under_concurrency(
        uow_factory: Factory) -> None:
    asker, helper = await person(uow_factory), await person(uow_factory)
    thread, opening = await started(uow_factory, asker)
    answer = await replied(uow_factory, thread, helper)

    async def vote(post: Post, voter: User, value: int) -> None:
        async with uow_factory() as uow:
            await uow.forum.vote(post.id, voter.id, value, NOW)
            await uow.commit()

    async def tally(post: Post) -> tuple[int, int, int]:
        async with uow_factory() as uow:
            found = await uow.forum.posts_by_id([post.id])
        return found[post.id].score, found[post.id].upvotes, found[post.id].downvotes

    await vote(answer, asker, 1)
    await vote(answer, asker, 1)
    assert await tally(answer) == (1, 1, 0)
    await vote(answer, asker, -1)
    assert await tally(answer) == (-1, 0, 1)
    await vote(answer, asker, 0)
    assert await tally(answer) == (0, 0, 0)
    async with uow_factory() as uow:
        await uow.forum.vote(answer.id, asker.id, 1, NOW)
        await uow.commit()
    async with uow_factory() as uow:
        marks = await uow.forum.marks(asker.id, [answer.id, opening.id])
        assert marks[answer.id].vote == 1 and opening.id not in marks

    voters = [await person(uow_factory) for _ in range(12)]
    values = [1 if i % 3 else -1 for i in range(12)]
    await asyncio.gather(*[vote(opening, v, value) for v, value in zip(voters, values,
                                                                      strict=True)])
    expected = sum(values)
    assert await tally(opening) == (expected, values.count(1), values.count(-1))
    async with uow_factory() as uow:
        loaded = await uow.forum.thread(thread.id)
    assert loaded is not None and loaded.score == expected


async def test_a_vote_raises_its_event_with_the_new_score(uow_factory: Factory) -> None:
    asker, voter = await person(uow_factory), await person(uow_factory)
    _, opening = await started(uow_factory, asker)
    async with uow_factory() as uow:
        tally = await uow.forum.vote(opening.id, voter.id, -1, NOW)
        await uow.commit()
    assert (tally.previous, tally.score) == (0, -1)
    if hasattr(uow_factory, "store"):  # the fake keeps its outbox in reach
        voted = [e for e in uow_factory.store.outbox if isinstance(e, PostVoted)]  # type: ignore[attr-defined]
        assert [(e.post_id, e.score) for e in voted] == [(opening.id, -1)]
        created = [e for e in uow_factory.store.outbox if isinstance(e, PostCreated)]  # type: ignore[attr-defined]
        assert [e.post_id for e in created] == [opening.id]


async def test_a_person_flags_a_post_once_and_flagged_posts_queue_hidden_first(
        uow_factory: Factory) -> None:
    asker = await person(uow_factory)
    flaggers = [await person(uow_factory) for _ in range(3)]
    thread, opening = await started(uow_factory, asker)
    answer = await replied(uow_factory, thread, asker)
    for who in flaggers:
        async with uow_factory() as uow:
            post = await uow.forum.post(answer.id, for_update=True)
            assert post is not None
            post.flag(who.id, "Spam", NOW)
            await uow.commit()
    async with uow_factory() as uow:
        post = await uow.forum.post(opening.id, for_update=True)
        assert post is not None
        post.flag(flaggers[0].id, "Off topic", NOW + timedelta(minutes=1))
        await uow.commit()
    async with uow_factory() as uow:
        hidden = await uow.forum.post(answer.id)
        assert hidden is not None
        assert (hidden.status, hidden.open_flag_count) == (PostStatus.HIDDEN, 3)
        assert sorted(f.flagger_id for f in hidden.flags) == sorted(f.id for f in flaggers)
        queue = await uow.forum.flagged(PageRequest(1, 100))
        mine = [p.id for p in queue.items if p.id in (answer.id, opening.id)]
        assert mine == [answer.id, opening.id]
        thread_now = await uow.forum.thread(thread.id)
        assert thread_now is not None and thread_now.reply_count == 0
    # Two units of work flagging for one person: one of them is refused at commit.
    async with uow_factory() as one, uow_factory() as two:
        first = await one.forum.post(opening.id)
        second = await two.forum.post(opening.id)
        assert first is not None and second is not None
        first.flag(flaggers[1].id, "Spam", NOW)
        second.flag(flaggers[1].id, "Spam", NOW)
        await one.commit()
        with pytest.raises((AlreadyFlagged, ConcurrentModification)):
            await two.commit()


async def test_lists_filter_and_sort_threads_everyone_can_read(uow_factory: Factory) -> None:
    asker, voter = await person(uow_factory), await person(uow_factory)
    where = await category(uow_factory)
    old, _ = await started(uow_factory, asker, title="Old question", in_category=where)
    _, popular_opening = await started(uow_factory, asker, title="Popular question",
                                             in_category=where)
    fresh, _ = await started(uow_factory, asker, title="Fresh question", in_category=where)
    solved, _ = await started(uow_factory, asker, title="Solved question",
                                           in_category=where)
    await replied(uow_factory, old, voter, minutes=30)
    await replied(uow_factory, fresh, voter, minutes=50)
    answer = await replied(uow_factory, solved, voter, minutes=10)
    async with uow_factory() as uow:
        await uow.forum.vote(popular_opening.id, voter.id, 1, NOW)
        loaded = await uow.forum.thread(solved.id, for_update=True)
        post = await uow.forum.post(answer.id)
        assert loaded is not None and post is not None
        from edu_core.domain.forum import Accepter
        loaded.accept(post, Accepter(asker.id), NOW)
        await uow.commit()
    hidden, hidden_opening = await started(uow_factory, asker, title="Hidden question",
                                           in_category=where)
    async with uow_factory() as uow:
        opening = await uow.forum.post(hidden_opening.id)
        thread = await uow.forum.thread(hidden.id)
        assert opening is not None and thread is not None
        opening.moderate(ModerationAction.HIDE, "Spam", NOW)
        thread.follow(opening, NOW)
        await uow.commit()

    async def titles(query: ThreadQuery) -> list[str]:
        async with uow_factory() as uow:
            found = await uow.forum.threads(query, PageRequest(1, 20))
        return [x.thread.title for x in found.items]

    assert await titles(ThreadQuery(category_id=where.id)) == [
        "Fresh question", "Old question", "Solved question", "Popular question"]
    assert (await titles(ThreadQuery(category_id=where.id, sort=ThreadSort.VOTES)))[0] == (
        "Popular question")
    assert (await titles(ThreadQuery(category_id=where.id, sort=ThreadSort.UNSOLVED)))[-1] == (
        "Solved question")
    assert await titles(ThreadQuery(category_id=where.id, solved=True)) == ["Solved question"]
    async with uow_factory() as uow:
        page = await uow.forum.threads(ThreadQuery(category_id=where.id), PageRequest(2, 3))
        assert (page.total, [x.thread.title for x in page.items]) == (4, ["Popular question"])
        summary = page.items[0]
        assert summary.excerpt == "How does energy work?"
        counted = {c.category.id: c.thread_count for c in await uow.forum.categories()}
        assert counted[where.id] == 4


async def test_categories_guard_their_slug_and_their_threads(uow_factory: Factory) -> None:
    first = await category(uow_factory)
    clash = ForumCategory.create(name="Other", slug=first.slug, now=NOW)
    async with uow_factory() as uow:
        uow.forum.save_category(clash)
        with pytest.raises(ForumCategorySlugTaken):
            await uow.commit()
    asker = await person(uow_factory)
    await started(uow_factory, asker, in_category=first)
    async with uow_factory() as uow:
        by_slug = await uow.forum.category_by_slug(first.slug)
        assert by_slug is not None and by_slug.id == first.id
        assert await uow.forum.category_by_slug(f"{first.slug}-x") is None
        loaded = await uow.forum.category(first.id)
        assert loaded is not None
        with pytest.raises(ForumCategoryNotEmpty):
            await uow.forum.delete_category(loaded)
    empty = await category(uow_factory)
    async with uow_factory() as uow:
        loaded = await uow.forum.category(empty.id)
        assert loaded is not None
        loaded.update(NOW, name="Renamed", position=3)
        uow.forum.save_category(loaded)
        await uow.commit()
    async with uow_factory() as uow:
        renamed = await uow.forum.category(empty.id)
        assert renamed is not None and (renamed.name, renamed.position) == ("Renamed", 3)
        await uow.forum.delete_category(renamed)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.forum.category(empty.id) is None


async def test_subscribers_are_participants_and_watchers_minus_who_muted(
        uow_factory: Factory) -> None:
    asker, helper, watcher, quiet = [await person(uow_factory) for _ in range(4)]
    thread, _ = await started(uow_factory, asker)
    await replied(uow_factory, thread, helper)
    await replied(uow_factory, thread, quiet)
    async with uow_factory() as uow:
        await uow.forum.set_watching(thread.id, watcher.id, True, NOW)
        await uow.forum.set_watching(thread.id, quiet.id, False, NOW)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.forum.subscribers(thread.id) == {asker.id, helper.id, watcher.id}
        assert await uow.forum.watching(thread.id, quiet.id) is False
        assert await uow.forum.watching(thread.id, helper.id) is None
        later = await uow.forum.posts_between(thread.id, NOW + timedelta(seconds=1),
                                              NOW + timedelta(hours=1),
                                              exclude_author=helper.id)
        assert [p.author_id for p in later] == [quiet.id]


async def test_forgetting_a_person_s_watching_drops_their_choices_only(
        uow_factory: Factory) -> None:
    asker, gone, stays = [await person(uow_factory) for _ in range(3)]
    thread, _ = await started(uow_factory, asker)
    other, _ = await started(uow_factory, asker, title="Another one")
    async with uow_factory() as uow:
        await uow.forum.set_watching(thread.id, gone.id, True, NOW)
        await uow.forum.set_watching(other.id, gone.id, False, NOW)
        await uow.forum.set_watching(other.id, stays.id, False, NOW)
        await uow.commit()
    async with uow_factory() as uow:
        await uow.forum.forget_watching(gone.id)
        assert await uow.forum.watching(other.id, gone.id) is None
    async with uow_factory() as uow:  # nothing changes without a commit
        assert await uow.forum.watching(thread.id, gone.id) is True
        await uow.forum.forget_watching(gone.id)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.forum.watching(thread.id, gone.id) is None
        assert await uow.forum.watching(other.id, gone.id) is None
        assert await uow.forum.watching(other.id, stays.id) is False
        assert await uow.forum.subscribers(thread.id) == {asker.id}


async def test_authors_carry_what_badges_are_made_of(uow_factory: Factory) -> None:
    student, mentor, admin = (await person(uow_factory), await person(uow_factory, Role.MENTOR),
                              await person(uow_factory, Role.ADMIN))
    async with uow_factory() as uow:
        profile = await uow.mentors.get(mentor.id)
        assert profile is not None
        verified = MentorProfile(**{**vars(profile), "status": profile.status.VERIFIED,
                                    "events": []})
        await uow.mentors.save(verified)
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.forum.authors([student.id, mentor.id, admin.id, uuid.uuid4()])
    assert {k: v.badges for k, v in found.items()} == {
        student.id: (), mentor.id: (Badge.VERIFIED_MENTOR,), admin.id: (Badge.ADMIN,)}


async def test_search_finds_threads_by_title_and_by_a_reply(uow_factory: Factory) -> None:
    asker, helper = await person(uow_factory), await person(uow_factory)
    word = f"zq{uuid.uuid4().hex[:8]}"
    titled, _ = await started(uow_factory, asker, title=f"About {word} waves",
                              words="Nothing special here.")
    other, _ = await started(uow_factory, asker, title="Another question entirely",
                             words="Please help.")
    reply = await replied(uow_factory, other, helper, words=f"Think of {word} as springs.")
    async with uow_factory() as uow:
        found = await uow.forum.search(ForumSearchCriteria(text=word), PageRequest(1, 10))
    hits = {h.thread_id: h for h in found.items}
    assert set(hits) == {titled.id, other.id} and found.total == 2
    assert (hits[titled.id].kind, hits[titled.id].post_id) == ("thread", None)
    assert (hits[other.id].kind, hits[other.id].post_id, hits[other.id].post_number) == (
        "post", reply.id, reply.number)
    assert any(s.highlight and s.text.lower() == word for s in hits[other.id].snippet)
    assert found.items[0].thread_id == titled.id  # a title match outranks a reply's
    async with uow_factory() as uow:
        post = await uow.forum.post(reply.id)
        assert post is not None
        post.delete(helper.id, NOW)
        await uow.commit()
    async with uow_factory() as uow:
        again = await uow.forum.search(ForumSearchCriteria(text=word), PageRequest(1, 10))
    assert [h.thread_id for h in again.items] == [titled.id]
