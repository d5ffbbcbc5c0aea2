import { lessonPath, type Suggestions } from "../../api/discovery";
import { kindLabel } from "../../features/content/kinds";

export interface SuggestionOption {
  key: string;
  section: "lessons" | "courses" | "mentors";
  label: string;
  detail: string;
  to: string;
}

/** The suggestions as one list, in the order the keyboard walks them. */
export function suggestionOptions(found: Suggestions | undefined): SuggestionOption[] {
  if (!found) return [];
  return [
    ...found.lessons.map((l) => ({
      key: `lesson-${l.id}`,
      section: "lessons" as const,
      label: l.title,
      detail: `${kindLabel(l.kind)} · ${l.topic_name} · ${l.mentor_name}`,
      to: lessonPath(l),
    })),
    ...found.courses.map((c) => ({ key: `course-${c.id}`, section: "courses" as const, label: c.title, detail: `Course by ${c.mentor_name}`, to: `/courses/${c.id}` })),
    ...found.mentors.map((m) => ({ key: `mentor-${m.id}`, section: "mentors" as const, label: m.display_name, detail: m.headline || "Verified mentor", to: `/mentors/${m.id}` })),
  ];
}
