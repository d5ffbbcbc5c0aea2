// NOTE: reconstructed from its uses in features/workspace/workspace.test.tsx after it was
// accidentally overwritten by the learning/moderation work; the original author may want to
// check the defaults against what they had.
import type { ContentItem, ContentSummary, ContentVersion, ContentVersionSummary } from "../api/content";
import { MENTOR_ID, NEWTON_ID } from "./marketplace-fixtures";

export const ITEM_ID = "80000000-0000-4000-8000-000000000001";

export function version(overrides: Partial<ContentVersion> = {}): ContentVersion {
  return {
    number: 1,
    title: "Newton's second law",
    body: { kind: "note", html: "<p>The net force equals mass times acceleration.</p>" },
    author_id: MENTOR_ID,
    change_summary: "",
    created_at: "2026-11-20T10:00:00Z",
    reverted_from: null,
    ...overrides,
  };
}

export function versionSummary(overrides: Partial<ContentVersionSummary> = {}): ContentVersionSummary {
  return {
    number: 1,
    title: "Newton's second law",
    author_id: MENTOR_ID,
    change_summary: "",
    created_at: "2026-11-20T10:00:00Z",
    reverted_from: null,
    is_latest: true,
    is_live: false,
    ...overrides,
  };
}

export function contentItem(overrides: Partial<ContentItem> = {}): ContentItem {
  return {
    id: ITEM_ID,
    topic_id: NEWTON_ID,
    mentor_id: MENTOR_ID,
    mentor_name: "Amara Okafor",
    kind: "note",
    title: "Newton's second law",
    status: "draft",
    latest_version: 1,
    live_version: null,
    has_unpublished_changes: true,
    feedback: null,
    submitted_at: null,
    reviewed_at: null,
    created_at: "2026-11-20T10:00:00Z",
    updated_at: "2026-11-20T10:00:00Z",
    latest: version(),
    live: null,
    machine_suggested: false,
    ...overrides,
  };
}

/** The list row of an item (what `listMyContent` returns). */
export function summaryOf(item: ContentItem): ContentSummary {
  const { latest: _latest, live: _live, ...summary } = item;
  return summary;
}
