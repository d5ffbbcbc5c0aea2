"""The forum's domain errors, each with a stable code (mapped to HTTP by category)."""

from edu_core.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied


class ForumCategoryNotFound(NotFound):
    code = "forum_category_not_found"
    default_message = "No such forum category."


class ForumCategorySlugTaken(Conflict):
    code = "forum_category_slug_taken"
    default_message = "Another forum category already uses this slug."


class ForumCategoryNotEmpty(Conflict):
    code = "forum_category_not_empty"
    default_message = "The category still holds threads: move or delete them first."


class ForumCategoryRequired(InvalidInput):
    code = "forum_category_required"
    default_message = "Choose a category for the thread."


class ThreadNotFound(NotFound):
    code = "forum_thread_not_found"
    default_message = "No such thread."


class PostNotFound(NotFound):
    code = "forum_post_not_found"
    default_message = "No such post."


class InvalidPost(InvalidInput):
    code = "invalid_forum_post"
    default_message = "Some of the post's fields are not acceptable."


class LinksNotAllowedYet(InvalidInput):
    code = "forum_links_not_allowed_yet"
    default_message = ("New accounts cannot post links during their first day. Write the "
                       "address without the link, or try again tomorrow.")


class PostGone(Conflict):
    code = "forum_post_gone"
    default_message = "The post was deleted or removed; it cannot change any more."


class ThreadClosed(Conflict):
    code = "forum_thread_closed"
    default_message = "The thread was deleted or removed; it takes no more replies."


class NotYourPost(PermissionDenied):
    code = "forum_not_your_post"
    default_message = "Only the post's author can do this."


class CannotVoteOwnPost(Conflict):
    code = "forum_cannot_vote_own_post"
    default_message = "You cannot vote on your own post."


class InvalidVote(InvalidInput):
    code = "invalid_forum_vote"
    default_message = "A vote is 1 (up), -1 (down) or 0 (take the vote back)."


class CannotFlagOwnPost(Conflict):
    code = "forum_cannot_flag_own_post"
    default_message = "You cannot flag your own post; edit or delete it instead."


class AlreadyFlagged(Conflict):
    code = "forum_post_already_flagged"
    default_message = "You have already flagged this post."


class NotAllowedToAccept(PermissionDenied):
    code = "forum_accept_not_allowed"
    default_message = ("Only the thread's author, a verified mentor or an administrator "
                       "can mark the accepted answer.")


class NotAnAnswer(Conflict):
    code = "forum_not_an_answer"
    default_message = "Only a visible reply in this thread can be the accepted answer."


class NothingAccepted(Conflict):
    code = "forum_nothing_accepted"
    default_message = "The thread has no accepted answer."


class NothingToModerate(Conflict):
    code = "forum_nothing_to_moderate"
    default_message = "The post is not in a state this decision applies to."


class InvalidLink(InvalidInput):
    code = "invalid_forum_link"
    default_message = "Link the thread to a published lesson or a catalog topic."


class InvalidCursor(InvalidInput):
    code = "invalid_forum_cursor"
    default_message = "The cursor does not belong to this listing; start from the first page."
