"""The forum's rules, without I/O: threading and its depth limit, votes, accepted answers,
flags and moderation, the link rule for new accounts, badges."""

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from edu_core.domain.forum import (
    DISPLAY_DEPTH,
    FLAGS_TO_HIDE,
    Accepter,
    AlreadyFlagged,
    AnswerAccepted,
    AnswerUnaccepted,
    Badge,
    CannotFlagOwnPost,
    CannotVoteOwnPost,
    ForumAuthor,
    InvalidCursor,
    InvalidPost,
    InvalidVote,
    LinksNotAllowedYet,
    ModerationAction,
    NotAllowedToAccept,
    NotAnAnswer,
    NothingAccepted,
    NothingToModerate,
    NotYourPost,
    Post,
    PostBody,
    PostGone,
    PostHiddenByFlags,
    PostModerated,
    PostOrder,
    PostStatus,
    Thread,
    ThreadStarted,
    check_links,
    check_vote,
    parse_cursor,
    quoted,
)
from edu_core.domain.identity import Role

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def body(text: str = "A question about energy.", html: str | None = None) -> PostBody:
    return PostBody.of(text, html if html is not None else f"<p>{text}</p>")


def thread(author: UUID | None = None) -> tuple[Thread, Post]:
    return Thread.start(category_id=uuid4(), author_id=author or uuid4(),
                        title="Why is kinetic energy ½mv²?", body=body(), now=NOW)


class Replies:
    def __init__(self) -> None:
        self.thread, self.opening = thread()
        self.number = 1

    def reply(self, parent: Post | None = None, author: UUID | None = None) -> Post:
        self.number += 1
        return Post.reply(thread_id=self.thread.id, number=self.number,
                          author_id=author or uuid4(), body=body(f"Reply {self.number}"),
                          parent=parent, now=NOW + timedelta(minutes=self.number))


def test_a_thread_starts_with_its_opening_post_and_both_record_their_events() -> None:
    started, opening = thread()
    assert (opening.number, opening.depth, opening.parent_id, opening.is_opening) == (
        1, 0, None, True)
    assert [type(e) for e in started.events] == [ThreadStarted]
    assert [r.title for r in opening.new_revisions] == ["Why is kinetic energy ½mv²?"]
    assert started.last_activity_at == NOW and not started.solved
    with pytest.raises(InvalidPost):
        Thread.start(category_id=uuid4(), author_id=uuid4(), title="  Hi \n ", body=body(),
                     now=NOW)


def test_replies_nest_to_the_display_depth_then_stay_beside_what_they_answer() -> None:
    talk = Replies()
    top = talk.reply(talk.opening)
    second = talk.reply(top)
    third = talk.reply(second)
    deeper = talk.reply(third)
    deepest = talk.reply(deeper)
    other_top = talk.reply(None)
    assert [p.depth for p in (top, second, third, deeper, deepest, other_top)] == [
        1, 2, 3, DISPLAY_DEPTH, DISPLAY_DEPTH, 1]
    # Replying to the opening post is replying to the thread.
    assert (top.parent_id, top.reply_to_number, top.flattened) == (
        talk.opening.id, None, False)
    assert (third.reply_to_number, third.flattened) == (second.number, False)
    # Too deep to nest: shown under the depth-2 post, after the post it answers, with a
    # reference to it.
    assert (deeper.parent_id, deeper.reply_to_number, deeper.flattened) == (
        third.id, third.number, True)
    assert deeper.path.rsplit(".", 1)[0] == third.path.rsplit(".", 1)[0]
    assert (deepest.reply_to_number, deepest.flattened) == (deeper.number, True)
    reading = sorted([talk.opening, other_top, deepest, top, third, deeper, second],
                     key=lambda p: p.path)
    assert [p.number for p in reading] == [1, top.number, second.number, third.number,
                                           deeper.number, deepest.number, other_top.number]


def test_a_reply_to_another_thread_or_a_deleted_post_is_refused() -> None:
    talk = Replies()
    elsewhere = Replies()
    with pytest.raises(Exception, match="No such post"):
        talk.reply(elsewhere.opening)
    gone = talk.reply(None)
    gone.delete(gone.author_id, NOW)
    with pytest.raises(PostGone):
        talk.reply(gone)


def test_cursors_are_paths_or_padded_numbers_of_the_listing_they_come_from() -> None:
    talk = Replies()
    nested = talk.reply(talk.reply(None))
    assert parse_cursor(PostOrder.THREADED, nested.path) == nested.path
    assert parse_cursor(PostOrder.OLDEST, "00000042") == "00000042"
    for order, bad in [(PostOrder.OLDEST, nested.path), (PostOrder.THREADED, "42"),
                       (PostOrder.THREADED, "00000001.x0000002"),
                       (PostOrder.THREADED, ".".join(["00000001"] * 5)),
                       # Digits of another script are digits to str.isdigit, not to SQL.
                       (PostOrder.OLDEST, "\u0660" * 7 + "\u0661")]:
        with pytest.raises(InvalidCursor):
            parse_cursor(order, bad)


def test_votes_are_up_down_or_taken_back_and_never_on_ones_own_or_a_hidden_post() -> None:
    assert [check_vote(v) for v in (-1, 0, 1)] == [-1, 0, 1]
    for wrong in (2, -2, 10):
        with pytest.raises(InvalidVote):
            check_vote(wrong)
    talk = Replies()
    answer = talk.reply(None)
    answer.check_votable_by(uuid4())
    with pytest.raises(CannotVoteOwnPost):
        answer.check_votable_by(answer.author_id)
    answer.delete(answer.author_id, NOW)
    with pytest.raises(PostGone):
        answer.check_votable_by(uuid4())


def test_the_thread_author_a_verified_mentor_or_an_admin_accepts_an_answer() -> None:
    talk = Replies()
    answer, other = talk.reply(None), talk.reply(None)
    asker = Accepter(talk.thread.author_id)
    with pytest.raises(NotAllowedToAccept):
        talk.thread.accept(answer, Accepter(uuid4()), NOW)
    with pytest.raises(NotAnAnswer):
        talk.thread.accept(talk.opening, asker, NOW)
    assert talk.thread.accept(answer, asker, NOW)
    assert not talk.thread.accept(answer, asker, NOW)  # already the answer: nothing new
    assert talk.thread.solved and talk.thread.accepted_by == talk.thread.author_id
    assert talk.thread.accept(other, Accepter(uuid4(), is_verified_mentor=True), NOW)
    assert talk.thread.accepted_post_id == other.id
    assert talk.thread.accept(answer, Accepter(uuid4(), is_admin=True), NOW)
    kinds = [type(e) for e in talk.thread.events]
    assert kinds.count(AnswerAccepted) == 3
    # The accepted answer leaving the conversation unsolves the thread.
    answer.delete(answer.author_id, NOW)
    talk.thread.answer_gone(answer, NOW)
    assert not talk.thread.solved and type(talk.thread.events[-1]) is AnswerUnaccepted
    with pytest.raises(NothingAccepted):
        talk.thread.unaccept(asker, NOW)
    hidden = talk.reply(None)
    hidden.status = PostStatus.HIDDEN
    with pytest.raises(NotAnAnswer):
        talk.thread.accept(hidden, asker, NOW)


def test_accounts_younger_than_a_day_post_no_links_off_the_platform() -> None:
    external = body("see", '<p><a href="https://spam.example" rel="nofollow">x</a></p>')
    internal = body("see", '<p><a href="/topics/energy">the lesson</a> <a href="#post-2">'
                           "above</a></p>")
    young = NOW - timedelta(hours=23)
    assert external.links == ("https://spam.example",) and internal.links == ()
    with pytest.raises(LinksNotAllowedYet):
        check_links(external, account_created_at=young, now=NOW)
    check_links(internal, account_created_at=young, now=NOW)
    check_links(external, account_created_at=NOW - timedelta(hours=24), now=NOW)
    check_links(external, account_created_at=young, now=NOW, exempt=True)


def test_three_different_flaggers_hide_a_post_until_a_moderator_decides() -> None:
    talk = Replies()
    post = talk.reply(None)
    with pytest.raises(CannotFlagOwnPost):
        post.flag(post.author_id, "spam", NOW)
    flaggers = [uuid4() for _ in range(FLAGS_TO_HIDE)]
    assert not post.flag(flaggers[0], "Spam", NOW)
    with pytest.raises(AlreadyFlagged):
        post.flag(flaggers[0], "Spam again", NOW)
    assert not post.flag(flaggers[1], "Rude", NOW + timedelta(minutes=1))
    assert post.status is PostStatus.VISIBLE and post.open_flag_count == 2
    assert post.flag(flaggers[2], "Off topic", NOW + timedelta(minutes=2))
    assert (post.status, post.hidden_by_flags, post.flagged_at) == (
        PostStatus.HIDDEN, True, NOW)
    assert any(isinstance(e, PostHiddenByFlags) for e in post.events)
    # Restored: visible, every flag resolved, out of the queue.
    post.moderate(ModerationAction.RESTORE, "", NOW + timedelta(hours=1))
    assert (post.status, post.open_flag_count, post.hidden_by_flags) == (
        PostStatus.VISIBLE, 0, False)
    assert all(f.resolved_at == NOW + timedelta(hours=1) for f in post.flags)
    moderated = [e for e in post.events if isinstance(e, PostModerated)]
    assert [(e.action, e.was_hidden) for e in moderated] == [("restore", True)]
    with pytest.raises(NothingToModerate):
        post.moderate(ModerationAction.RESTORE, "", NOW)
    # Other decisions need a reason, which the author is shown.
    with pytest.raises(InvalidPost):
        post.moderate(ModerationAction.HIDE, "  ", NOW)
    post.moderate(ModerationAction.WARN, "Be kind.", NOW)
    assert (post.status, post.moderation_reason) == (PostStatus.HIDDEN, "Be kind.")
    post.moderate(ModerationAction.SUSPEND, "Repeated abuse.", NOW)
    assert post.status is PostStatus.REMOVED


def test_who_reads_what() -> None:
    talk = Replies()
    post = talk.reply(None)
    author, stranger = post.author_id, uuid4()
    post.status = PostStatus.HIDDEN
    assert post.visible_to(author, is_admin=False) and post.visible_to(None, is_admin=True)
    assert not post.visible_to(stranger, is_admin=False)
    assert not post.visible_to(None, is_admin=False)
    post.status = PostStatus.DELETED
    # A placeholder for everyone, its text for administrators only.
    assert post.visible_to(stranger, is_admin=False)
    assert not post.readable_by(author, is_admin=False)
    assert post.readable_by(stranger, is_admin=True)


def test_the_author_edits_with_history_and_deletes_once() -> None:
    talk = Replies()
    post = talk.reply(None)
    post.new_revisions.clear()
    with pytest.raises(NotYourPost):
        post.edit(uuid4(), body("Hijacked"), NOW)
    post.edit(post.author_id, body("Same"), NOW)
    post.edit(post.author_id, body("Same"), NOW + timedelta(minutes=1))  # no change: no revision
    post.edit(post.author_id, body("Better"), NOW + timedelta(minutes=2))
    assert [(r.number, r.markdown) for r in post.new_revisions] == [(2, "Same"), (3, "Better")]
    assert (post.revision_count, post.edited_at) == (3, NOW + timedelta(minutes=2))
    with pytest.raises(NotYourPost):
        post.delete(uuid4(), NOW)
    post.delete(post.author_id, NOW)
    with pytest.raises(PostGone):
        post.delete(post.author_id, NOW)
    with pytest.raises(PostGone):
        post.edit(post.author_id, body("Back"), NOW)


def test_a_thread_follows_its_opening_post() -> None:
    started, opening = thread()
    opening.delete(opening.author_id, NOW)
    started.follow(opening, NOW)
    assert started.status is PostStatus.DELETED
    other, _ = thread()
    with pytest.raises(ValueError, match="opening post"):
        other.follow(opening, NOW)


def test_badges_come_from_role_and_verification_only() -> None:
    mentor_id, item_mentor = uuid4(), uuid4()
    assert ForumAuthor(uuid4(), "Grace", Role.ADMIN, False).badges == (Badge.ADMIN,)
    verified = ForumAuthor(mentor_id, "Amara", Role.MENTOR, True)
    assert verified.badges == (Badge.VERIFIED_MENTOR,)
    assert ForumAuthor(uuid4(), "Noah", Role.MENTOR, False).badges == ()
    assert ForumAuthor(uuid4(), "Verified Mentor", Role.STUDENT, False).badges == ()
    assert ForumAuthor(uuid4(), "Gone", Role.ADMIN, False, deleted=True).badges == ()
    assert verified.is_content_author(mentor_id)
    assert not verified.is_content_author(item_mentor)
    assert not verified.is_content_author(None)
    assert not ForumAuthor(mentor_id, "Sam", Role.STUDENT, False).is_content_author(mentor_id)


def test_ask_about_this_quotes_the_question_above_the_body() -> None:
    assert quoted("What is 2+2?\nYour answer: 5", "Why not 5?") == (
        "> What is 2+2?\n> Your answer: 5\n\nWhy not 5?")
    assert quoted("a\n\nb", "x") == "> a\n>\n> b\n\nx"
    assert quoted("   ", "x") == "x"
