import type { MentorWork } from "../../api/discovery";
import { plural } from "../courses/status";

/** "3 courses · 12 lessons": what a mentor has published, or null when nothing yet. */
export function workSummary(work: MentorWork): string | null {
  const parts = [];
  if (work.courses) parts.push(plural(work.courses, "course"));
  if (work.lessons) parts.push(plural(work.lessons, "lesson"));
  return parts.length ? parts.join(" · ") : null;
}
