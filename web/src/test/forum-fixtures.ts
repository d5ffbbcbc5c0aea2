import type { ForumAuthor, ForumCategory, ForumPost, ForumThread, ForumThreadDetail } from "../api/forum";
import { makeUser } from "./mock-api";

export const THREAD_ID = "a0000000-0000-4000-8000-000000000001";
export const ITEM_ID = "b0000000-0000-4000-8000-000000000002";
export const TOPIC_ID = "c0000000-0000-4000-8000-000000000003";
export const SUBJECT_ID = "c0000000-0000-4000-8000-0000000000a1";
export const CHAPTER_ID = "c0000000-0000-4000-8000-0000000000b1";

export const STUDENT = makeUser({ id: "d0000000-0000-4000-8000-000000000001", display_name: "Sam Taylor" });
export const MENTOR = makeUser({ id: "d0000000-0000-4000-8000-000000000002", display_name: "Amara Okafor", role: "mentor" });
export const ADMIN = makeUser({ id: "d0000000-0000-4000-8000-000000000003", display_name: "Grace Hopper", role: "admin" });
export const OTHER = makeUser({ id: "d0000000-0000-4000-8000-000000000004", display_name: "Lee Chen" });

export function author(user: { id: string; display_name: string }, overrides: Partial<ForumAuthor> = {}): ForumAuthor {
  return { id: user.id, name: user.display_name, badges: [], is_content_author: false, ...overrides };
}

export const CATEGORIES: ForumCategory[] = [
  { id: "e0000000-0000-4000-8000-000000000001", name: "Physics", slug: "physics", description: "Motion, forces, energy.", position: 0, subject_id: SUBJECT_ID, thread_count: 12 },
  { id: "e0000000-0000-4000-8000-000000000002", name: "Study skills", slug: "study-skills", description: "", position: 1, subject_id: null, thread_count: 3 },
];

export function thread(overrides: Partial<ForumThread> = {}): ForumThread {
  return {
    id: THREAD_ID,
    title: "Why does the ball land at the same time?",
    category: { id: CATEGORIES[0]!.id, slug: "physics", name: "Physics" },
    author: author(STUDENT),
    topic_id: TOPIC_ID,
    item_id: null,
    status: "visible",
    solved: false,
    accepted_post_id: null,
    reply_count: 0,
    score: 0,
    created_at: "2026-03-01T10:00:00Z",
    last_activity_at: new Date(Date.now() - 3_600_000).toISOString(),
    excerpt: "Two balls, one dropped and one thrown sideways…",
    watching: null,
    ...overrides,
  };
}

export function post(number: number, overrides: Partial<ForumPost> = {}): ForumPost {
  return {
    id: `f0000000-0000-4000-8000-${String(number).padStart(12, "0")}`,
    thread_id: THREAD_ID,
    number,
    parent_id: null,
    depth: number === 1 ? 0 : 1,
    flattened: false,
    reply_to: null,
    status: "visible",
    author: author(STUDENT),
    markdown: `Post ${number}`,
    html: `<p>Post ${number}</p>`,
    created_at: "2026-03-01T10:00:00Z",
    edited_at: null,
    revision_count: 1,
    score: 0,
    upvotes: 0,
    downvotes: 0,
    accepted: false,
    my_vote: 0,
    flagged_by_me: false,
    in_review: false,
    moderation_reason: null,
    ...overrides,
  };
}

export function detail(state: { thread: ForumThread; posts: ForumPost[]; nextCursor?: string | null }): ForumThreadDetail {
  const accepted = state.posts.find((item) => item.id === state.thread.accepted_post_id) ?? null;
  return {
    thread: state.thread,
    accepted: accepted ? { ...accepted, accepted: true } : null,
    posts: {
      items: state.posts.map((item) => ({ ...item, accepted: item.id === state.thread.accepted_post_id })),
      next_cursor: state.nextCursor ?? null,
      total: state.posts.filter((item) => item.status === "visible").length,
    },
  };
}

export const CATALOG = {
  subjects: [
    {
      id: SUBJECT_ID,
      name: "Physics",
      slug: "physics",
      description: "",
      position: 0,
      chapters: [
        {
          id: CHAPTER_ID,
          subject_id: SUBJECT_ID,
          name: "Mechanics",
          slug: "mechanics",
          description: "",
          position: 0,
          topics: [{ id: TOPIC_ID, chapter_id: CHAPTER_ID, name: "Projectile motion", slug: "projectile-motion", description: "", position: 0 }],
        },
      ],
    },
  ],
};

export function lessonPreview(id = ITEM_ID, title = "Dropping and throwing") {
  return {
    id,
    kind: "question",
    title,
    mentor_id: MENTOR.id,
    mentor_name: MENTOR.display_name,
    topic: { id: TOPIC_ID, name: "Projectile motion", slug: "projectile-motion" },
    truncated: false,
    updated_at: "2026-02-01T10:00:00Z",
    body: { kind: "note", html: "<p>Lesson</p>" },
  };
}
