import type { CourseCard, LearnerCourse, LearnerCourseItem, MentorCourse, MentorCourseItem, MyCourse } from "../api/courses";
import { NOTE_ID, QUESTION_ID, SIMULATION_ID } from "./learning-fixtures";
import { MENTOR_ID, NEWTON_ID, PHYSICS_ID } from "./marketplace-fixtures";

export const COURSE_ID = "90000000-0000-4000-8000-000000000001";
export const OTHER_COURSE_ID = "90000000-0000-4000-8000-000000000002";

const physics = { id: PHYSICS_ID, slug: "physics", name: "Physics" };
const newton = { id: NEWTON_ID, slug: "newtons-laws", name: "Newton's laws of motion" };

export function mentorItem(overrides: Partial<MentorCourseItem> = {}): MentorCourseItem {
  return {
    item_id: NOTE_ID,
    kind: "note",
    title: "Newton's second law",
    status: "approved",
    live: true,
    live_version: 2,
    live_title: "Newton's second law",
    topic: newton,
    ...overrides,
  };
}

export const mentorItems: MentorCourseItem[] = [
  mentorItem(),
  mentorItem({ item_id: SIMULATION_ID, kind: "simulation", title: "Forces and motion", status: "pending", live: false, live_version: null, live_title: null }),
  mentorItem({ item_id: QUESTION_ID, kind: "question", title: "Which way does the cart go?", status: "draft", live: true, live_version: 1, live_title: "Where does the cart go?" }),
];

export function mentorCourse(overrides: Partial<MentorCourse> = {}): MentorCourse {
  const items = overrides.items ?? mentorItems;
  return {
    id: COURSE_ID,
    mentor_id: MENTOR_ID,
    title: "Newton's laws, step by step",
    description: "From the first law to momentum.",
    subject: physics,
    status: "draft",
    version: 3,
    item_count: items.length,
    live_item_count: items.filter((item) => item.live).length,
    enrolments: 4,
    items,
    created_at: "2026-11-01T10:00:00Z",
    updated_at: "2026-11-20T10:00:00Z",
    published_at: null,
    ...overrides,
  };
}

export function learnerCourseItem(overrides: Partial<LearnerCourseItem> = {}): LearnerCourseItem {
  return { item_id: NOTE_ID, kind: "note", title: "Newton's second law", version: 2, topic: newton, completed: false, minutes: 4, ...overrides };
}

export function courseCard(overrides: Partial<CourseCard> = {}): CourseCard {
  return {
    id: COURSE_ID,
    title: "Newton's laws, step by step",
    description: "From the first law to momentum.",
    subject: physics,
    mentor_id: MENTOR_ID,
    mentor_name: "Amara Okafor",
    item_count: 3,
    enrolments: 12,
    published_at: "2026-11-21T10:00:00Z",
    ...overrides,
  };
}

export function learnerCourse(overrides: Partial<LearnerCourse> = {}): LearnerCourse {
  const items = overrides.items ?? [
    learnerCourseItem({ completed: true }),
    learnerCourseItem({ item_id: SIMULATION_ID, kind: "simulation", title: "Forces and motion" }),
    learnerCourseItem({ item_id: QUESTION_ID, kind: "question", title: "Which way does the cart go?" }),
  ];
  const completed = items.filter((item) => item.completed).length;
  const open = items.filter((item) => !item.completed);
  return {
    ...courseCard({ item_count: items.length }),
    items,
    progress: { completed, total: items.length, percent: items.length ? Math.floor((completed * 100) / items.length) : 0 },
    enrolled: false,
    enrolled_at: null,
    estimated_minutes: items.reduce((sum, item) => sum + item.minutes, 0),
    remaining_minutes: open.reduce((sum, item) => sum + item.minutes, 0),
    next_item_id: open[0]?.item_id ?? null,
    certificate_code: null,
    ...overrides,
  };
}

export function myCourse(overrides: Partial<MyCourse> = {}): MyCourse {
  return {
    ...courseCard(),
    enrolled_at: "2026-11-22T10:00:00Z",
    progress: { completed: 1, total: 3, percent: 33 },
    ...overrides,
  };
}
