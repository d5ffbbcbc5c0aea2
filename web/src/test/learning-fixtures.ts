import type { LearnerContent } from "../api/learning";
import type { ReviewItem, ReviewSummary, ReviewVersion } from "../api/moderation";
import { MENTOR_ID, NEWTON_ID } from "./marketplace-fixtures";

export const NOTE_ID = "70000000-0000-4000-8000-000000000001";
export const QUESTION_ID = "70000000-0000-4000-8000-000000000002";
export const SIMULATION_ID = "70000000-0000-4000-8000-000000000003";
export const SECOND_NOTE_ID = "70000000-0000-4000-8000-000000000004";

export function learnerItem(overrides: Partial<LearnerContent> = {}): LearnerContent {
  return {
    id: NOTE_ID,
    topic_id: NEWTON_ID,
    kind: "note",
    version: 2,
    title: "Newton's second law",
    excerpt: "Force and acceleration The net force is F = ma.",
    body: { kind: "note", html: '<h2>Force and acceleration</h2><p>The net force is <span data-type="inline-math" data-latex="F = ma"></span>.</p>' },
    mentor_id: MENTOR_ID,
    mentor_name: "Amara Okafor",
    gradable: false,
    updated_at: "2026-11-20T10:00:00Z",
    ...overrides,
  };
}

export const topicItems: LearnerContent[] = [
  learnerItem(),
  learnerItem({
    id: QUESTION_ID,
    kind: "question",
    title: "Which way does the cart go?",
    gradable: true,
    excerpt: "A cart is pushed. Which statements are true?",
    body: { kind: "question", type: "multiple_choice", prompt: "<p>A cart is pushed. Which statements are true?</p>", choices: [{ id: "a", text: "It accelerates" }, { id: "b", text: "It stays still" }] },
  }),
  learnerItem({
    id: SIMULATION_ID,
    kind: "simulation",
    title: "Forces and motion",
    body: { kind: "simulation", url: "https://phet.colorado.edu/sims/html/forces-and-motion-basics/latest/forces-and-motion-basics_en.html", title: "Forces and Motion: Basics", host: "phet.colorado.edu" },
  }),
  learnerItem({ id: SECOND_NOTE_ID, title: "Newton's third law", mentor_name: "Kofi Mensah", excerpt: "Every action has an equal and opposite reaction.", body: { kind: "note", html: "<p>Every action has an equal and opposite reaction.</p>" } }),
];

export function version(overrides: Partial<ReviewVersion> = {}): ReviewVersion {
  return {
    number: 4,
    title: "Which way does the cart go?",
    body: {
      kind: "question",
      type: "single_choice",
      prompt: "<p>A cart is pushed with a net force. What happens?</p>",
      explanation: "<p>A net force means acceleration.</p>",
      choices: [
        { id: "a", text: "It accelerates" },
        { id: "b", text: "It stays still" },
      ],
      correct: ["a"],
    },
    author_id: MENTOR_ID,
    change_summary: "Clearer wording",
    created_at: "2026-11-24T10:00:00Z",
    reverted_from: null,
    ...overrides,
  };
}

export function reviewItem(overrides: Partial<ReviewItem> = {}): ReviewItem {
  return {
    id: QUESTION_ID,
    topic_id: NEWTON_ID,
    mentor_id: MENTOR_ID,
    mentor_name: "Amara Okafor",
    kind: "question",
    title: "Which way does the cart go?",
    status: "pending",
    latest_version: 4,
    live_version: 2,
    has_unpublished_changes: true,
    feedback: null,
    submitted_at: "2026-11-25T10:00:00Z",
    reviewed_at: null,
    created_at: "2026-11-01T10:00:00Z",
    updated_at: "2026-11-25T10:00:00Z",
    latest: version(),
    live: version({ number: 2, title: "Where does the cart go?", change_summary: "" }),
    machine_suggested: false,
    ...overrides,
  };
}

export function reviewSummary(overrides: Partial<ReviewSummary> = {}): ReviewSummary {
  const { latest: _latest, live: _live, ...summary } = reviewItem();
  return { ...summary, ...overrides };
}
