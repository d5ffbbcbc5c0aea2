import type { Progress } from "../../api/gamification";

/** How far into the current level the learner is, in percent. */
export function levelShare(progress: Progress): number {
  const { floor, next_at } = progress.level;
  return Math.min(100, Math.round(((progress.total_xp - floor) / Math.max(1, next_at - floor)) * 100));
}

/** Today's XP against the daily goal, in percent (a goal met shows full). */
export function goalShare(progress: Progress): number {
  return Math.min(100, Math.round((progress.today_xp / progress.daily_goal) * 100));
}
