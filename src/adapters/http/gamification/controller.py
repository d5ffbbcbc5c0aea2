"""Gamification (S25, S26): my XP, level, streak and settings; achievements; leaderboards of a
mentor's students this week, of a subject all time, and my weekly league; a note read to the
end."""

from datetime import date
from typing import Annotated
from uuid import UUID

from litestar import Controller, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter
from msgspec import UNSET

from adapters.http.access import AUTHENTICATED, policy, provide_principal
from adapters.http.dependencies import provide_gamification
from adapters.http.errors import error_responses
from adapters.http.gamification.schemas import (
    AchievementOut,
    BoardOut,
    BoardRefOut,
    DayOut,
    LeagueOut,
    LearnerProgressOut,
    MyLeagueOut,
    NoteReadOut,
    ProgressSettingsIn,
    XpEntryOut,
    XpEntryPage,
)
from edu_core.application.actors import Principal
from edu_core.application.gamification import GamificationService, board_channel
from edu_core.domain.pagination import PageRequest

DEPENDENCIES = {"gamification": Provide(provide_gamification, sync_to_thread=False),
                "principal": Provide(provide_principal)}
SIGNED_IN = policy(AUTHENTICATED)


class MyProgressController(Controller):
    path = "/api/v1/me/progress"
    tags = ["Gamification"]
    dependencies = DEPENDENCIES

    @get("/", operation_id="getMyProgress",
         summary="My XP, level, streak, daily goal and league standing",
         responses=error_responses(401), **SIGNED_IN)
    async def mine(self, gamification: NamedDependency[GamificationService],
                   principal: NamedDependency[Principal]) -> LearnerProgressOut:
        return LearnerProgressOut.of(await gamification.summary(principal.user_id))

    @patch("/settings", operation_id="updateMyProgressSettings",
           summary="Choose my daily goal, or hide me from public leaderboards",
           description="Fields left out are unchanged. A goal other than 10, 20, 30 or 50 "
                       "XP is a `validation_error` (400) and changes nothing.",
           responses=error_responses(401), **SIGNED_IN)
    async def settings(self, gamification: NamedDependency[GamificationService],
                       principal: NamedDependency[Principal],
                       data: JSONBody[ProgressSettingsIn]) -> LearnerProgressOut:
        return LearnerProgressOut.of(await gamification.choose(
            principal, daily_goal=None if data.daily_goal is UNSET else data.daily_goal,
            hidden=None if data.hidden is UNSET else data.hidden))

    @get("/calendar", operation_id="getMyStreakCalendar",
         summary="My last days with XP or a streak freeze, oldest first",
         responses=error_responses(401, 422), **SIGNED_IN)
    async def calendar(self, gamification: NamedDependency[GamificationService],
                       principal: NamedDependency[Principal],
                       days: Annotated[int, QueryParameter(ge=1, le=371)] = 35) -> list[DayOut]:
        return [DayOut.of(d) for d in await gamification.calendar(principal, days)]

    @get("/xp", operation_id="listMyXp", summary="What earned me XP, newest first",
         responses=error_responses(401, 422), **SIGNED_IN)
    async def history(self, gamification: NamedDependency[GamificationService],
                      principal: NamedDependency[Principal],
                      paging: NamedDependency[PageRequest]) -> XpEntryPage:
        return XpEntryPage.of(await gamification.history(principal, paging), XpEntryOut.of)

    @get("/achievements", operation_id="listMyAchievements",
         summary="Every achievement, with when I unlocked it (null: not yet)",
         responses=error_responses(401), **SIGNED_IN)
    async def achievements(self, gamification: NamedDependency[GamificationService],
                           principal: NamedDependency[Principal]) -> list[AchievementOut]:
        return [AchievementOut.of(a) for a in await gamification.achievements(
            principal.user_id, locked_too=True)]


class GamificationController(Controller):
    path = "/api/v1"
    tags = ["Gamification"]
    dependencies = DEPENDENCIES

    @get("/users/{user_id:uuid}/achievements", operation_id="listUserAchievements",
         summary="The badges a person unlocked, first unlocked first",
         description="`user_not_found` (404) for an unknown id.",
         responses=error_responses(401, 404), **SIGNED_IN)
    async def badges(self, gamification: NamedDependency[GamificationService],
                     user_id: FromPath[UUID]) -> list[AchievementOut]:
        return [AchievementOut.of(a) for a in await gamification.achievements(
            user_id, locked_too=False)]

    @post("/content/{item_id:uuid}/read", operation_id="markNoteRead", status_code=200,
          summary="Say I read a published note to its end (XP once per note)",
          description="Called when the end of the note comes into view; calling again "
                      "changes nothing. `note_not_found` (404) for anything but a live note.",
          responses=error_responses(401, 404), **SIGNED_IN)
    async def read(self, gamification: NamedDependency[GamificationService],
                   principal: NamedDependency[Principal],
                   item_id: FromPath[UUID]) -> NoteReadOut:
        return NoteReadOut(first_time=await gamification.read_note(principal, item_id))

    @get("/gamification/boards", operation_id="listMyLeaderboards",
         summary="The mentors' (this week) and subjects' (all time) boards I am on",
         responses=error_responses(401), **SIGNED_IN)
    async def my_boards(self, gamification: NamedDependency[GamificationService],
                        principal: NamedDependency[Principal]) -> list[BoardRefOut]:
        return [BoardRefOut.of(r) for r in await gamification.my_boards(principal)]

    @get("/gamification/boards/mentors/{mentor_id:uuid}", operation_id="getMentorLeaderboard",
         summary="A mentor's students ranked by the XP earned from the mentor's work in a week",
         description="This ISO week (Monday 00:00 UTC) unless `week` names a day of another. "
                     "Learners who hide themselves are left out (they see their own row); "
                     "live changes on `leaderboard:mentor-<id>`. `leaderboard_not_found` "
                     "(404) for an unknown mentor.",
         responses=error_responses(401, 404, 422), **SIGNED_IN)
    async def mentor_board(self, gamification: NamedDependency[GamificationService],
                           principal: NamedDependency[Principal],
                           paging: NamedDependency[PageRequest], mentor_id: FromPath[UUID],
                           week: Annotated[date | None, QueryParameter()] = None) -> BoardOut:
        return BoardOut.of_board(await gamification.mentor_board(principal, mentor_id, paging,
                                                                 week))

    @get("/gamification/boards/subjects/{subject_id:uuid}",
         operation_id="getSubjectLeaderboard",
         summary="Learners ranked by all the XP they earned in a subject",
         description="Learners who hide themselves are left out (they see their own row); "
                     "live changes on `leaderboard:subject-<id>`.",
         responses=error_responses(401, 422), **SIGNED_IN)
    async def subject_board(self, gamification: NamedDependency[GamificationService],
                            principal: NamedDependency[Principal],
                            paging: NamedDependency[PageRequest],
                            subject_id: FromPath[UUID]) -> BoardOut:
        return BoardOut.of_board(await gamification.subject_board(principal, subject_id,
                                                                  paging))

    @get("/gamification/leagues/mine", operation_id="getMyLeague",
         summary="My league this week: standings and the promotion and demotion zones",
         description="Empty until I earn XP this week. The week closes Monday 00:00 UTC.",
         responses=error_responses(401), **SIGNED_IN)
    async def my_league(self, gamification: NamedDependency[GamificationService],
                        principal: NamedDependency[Principal]) -> MyLeagueOut:
        board = await gamification.my_league(principal)
        if board is None:
            return MyLeagueOut(league=None, channel=None)
        return MyLeagueOut(league=LeagueOut.of(board),
                           channel=board_channel("league", board.league_id))
