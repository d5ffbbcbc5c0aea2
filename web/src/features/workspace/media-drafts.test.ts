import { describe, expect, it } from "vitest";
import { bodyFrom, draftFrom, emptyDraft } from "./drafts";
import { learnerBody } from "./student-view";

describe("video and handwritten drafts", () => {
  it("asks for the upload before a video or notes item can be saved", () => {
    expect(bodyFrom(emptyDraft("video")).errors).toHaveProperty("body.video_id");
    expect(bodyFrom(emptyDraft("handwritten")).errors).toHaveProperty("body.document_id");
  });

  it("sends only what authors choose, not what the server derives", () => {
    const stored = { kind: "video", video_id: "v1", chapters: [{ start: 0, title: "Intro" }, { start: "bad", title: 3 }], status: "ready", video_url: "/files/x.mp4", resume_at: 12 };
    expect(bodyFrom(draftFrom("video", stored)).body).toEqual({ kind: "video", video_id: "v1", chapters: [{ start: 0, title: "Intro" }] });
    const notes = { kind: "handwritten", document_id: "d1", status: "ready", page_count: 2, pages: [] };
    expect(bodyFrom(draftFrom("handwritten", notes)).body).toEqual({ kind: "handwritten", document_id: "d1" });
  });

  it("sends an unsaved media draft's author to the version preview", () => {
    expect(learnerBody({ kind: "video", video_id: "v1", chapters: [] }, "Lesson")).toHaveProperty("problem");
  });
});
