import type { LearningOverview } from "../../api/courses";

/** "45 min", "2 h 10 min" (never "0 min": anything left takes a minute). */
export function duration(minutes: number): string {
  if (minutes < 60) return `${Math.max(1, minutes)} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/** "12 min left", "1 h 5 min left". */
export function timeLeft(minutes: number): string {
  return `${duration(minutes)} left`;
}

/** Whether the learner has started anything: a course, a lesson marked done, an answer. */
export function hasLearning(overview: LearningOverview | undefined): boolean {
  if (!overview) return false;
  const { totals } = overview;
  return overview.courses.length > 0 || totals.items_marked > 0 || totals.attempts > 0;
}
