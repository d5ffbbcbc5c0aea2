/** The course details form: its fields, local checks and whether it changed. */
import type { MentorCourse } from "../../api/courses";

export const MAX_TITLE = 200;
export const MAX_DESCRIPTION = 5000;
export const COURSE_FIELDS = ["title", "description", "subject_id"] as const;
export type CourseField = (typeof COURSE_FIELDS)[number];

export interface CourseDetails {
  title: string;
  description: string;
  /** "" for no subject. */
  subjectId: string;
}

export function cleanTitle(title: string): string {
  return title.replace(/\s+/g, " ").trim();
}

export function detailsProblems(details: CourseDetails): Partial<Record<CourseField, string>> {
  const title = cleanTitle(details.title);
  return {
    title: !title ? "Give the course a title." : title.length > MAX_TITLE ? `Use at most ${MAX_TITLE} characters.` : undefined,
    description: details.description.trim().length > MAX_DESCRIPTION ? `Use at most ${MAX_DESCRIPTION.toLocaleString()} characters.` : undefined,
  };
}

export function sameDetails(a: CourseDetails, b: CourseDetails): boolean {
  return cleanTitle(a.title) === cleanTitle(b.title) && a.description.trim() === b.description.trim() && a.subjectId === b.subjectId;
}

export function detailsOf(course: MentorCourse): CourseDetails {
  return { title: course.title, description: course.description, subjectId: course.subject?.id ?? "" };
}
