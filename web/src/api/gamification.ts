/** XP, level, streak and daily goal; achievements; the leaderboards (a mentor's week, a subject, my league); a note read to its end. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import { unwrap } from "./errors";
import type { components } from "./schema";

type Schemas = components["schemas"];

export type Progress = Schemas["LearnerProgressOut"];
export type ProgressSettings = Schemas["ProgressSettingsIn"];
export type DailyGoal = Progress["daily_goal"];
export type Achievement = Schemas["AchievementOut"];
export type Rank = Schemas["RankOut"];
export type Board = Schemas["BoardOut"];
export type BoardRef = Schemas["BoardRefOut"];
export type League = Schemas["LeagueOut"];
export type MyLeague = Schemas["MyLeagueOut"];
export type StreakDay = Schemas["DayOut"];

export const DAILY_GOALS: readonly DailyGoal[] = [10, 20, 30, 50];
export const BOARD_PAGE_SIZE = 25;

export const gamificationKeys = {
  all: ["gamification"] as const,
  progress: ["gamification", "progress"] as const,
  achievements: ["gamification", "achievements"] as const,
  userAchievements: (userId: string) => ["gamification", "achievements", userId] as const,
  calendar: (days: number) => ["gamification", "calendar", days] as const,
  boards: ["gamification", "boards"] as const,
  board: (kind: BoardRef["kind"], id: string, page: number) => ["gamification", "board", kind, id, page] as const,
  boardAll: (kind: BoardRef["kind"], id: string) => ["gamification", "board", kind, id] as const,
  league: ["gamification", "league"] as const,
};

/** The live channel a board announces its changes on. */
export function boardChannel(kind: BoardRef["kind"] | "league", id: string): string {
  return `leaderboard:${kind}-${id}`;
}

export function useMyProgress() {
  return useQuery({
    queryKey: gamificationKeys.progress,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/me/progress", { signal })),
  });
}

export function useUpdateProgressSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ProgressSettings) => unwrap(api.PATCH("/api/v1/me/progress/settings", { body })),
    onSuccess: (progress) => {
      queryClient.setQueryData(gamificationKeys.progress, progress);
      // Hiding myself changes what others see, and how my rows show on every board.
      void queryClient.invalidateQueries({ queryKey: gamificationKeys.all });
    },
  });
}

export function useMyAchievements() {
  return useQuery({
    queryKey: gamificationKeys.achievements,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/me/progress/achievements", { signal })),
  });
}

/** The badges another learner unlocked (public, as on their board rows). */
export function useUserAchievements(userId: string) {
  return useQuery({
    queryKey: gamificationKeys.userAchievements(userId),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/users/{user_id}/achievements", { params: { path: { user_id: userId } }, signal })),
  });
}

export function useStreakCalendar(days: number) {
  return useQuery({
    queryKey: gamificationKeys.calendar(days),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/me/progress/calendar", { params: { query: { days } }, signal })),
  });
}

export function useMyBoards() {
  return useQuery({
    queryKey: gamificationKeys.boards,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/gamification/boards", { signal })),
  });
}

export function useBoard(kind: BoardRef["kind"], id: string | null, page: number) {
  return useQuery({
    queryKey: gamificationKeys.board(kind, id ?? "", page),
    queryFn: ({ signal }) => {
      const query = { page, page_size: BOARD_PAGE_SIZE };
      return kind === "mentor"
        ? unwrap(api.GET("/api/v1/gamification/boards/mentors/{mentor_id}", { params: { path: { mentor_id: id ?? "" }, query }, signal }))
        : unwrap(api.GET("/api/v1/gamification/boards/subjects/{subject_id}", { params: { path: { subject_id: id ?? "" }, query }, signal }));
    },
    enabled: id !== null,
    placeholderData: keepPreviousData,
  });
}

export function useMyLeague() {
  return useQuery({
    queryKey: gamificationKeys.league,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/gamification/leagues/mine", { signal })),
  });
}

/** Says the reader reached the end of a note (XP the first time); progress screens refresh. */
export function useMarkNoteRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (itemId: string) => unwrap(api.POST("/api/v1/content/{item_id}/read", { params: { path: { item_id: itemId } } })),
    onSuccess: (result) => {
      if (result.first_time) void queryClient.invalidateQueries({ queryKey: gamificationKeys.all });
    },
  });
}
