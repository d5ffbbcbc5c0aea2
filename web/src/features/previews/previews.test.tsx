import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ContentPreview, CoursePreview } from "../../api/discovery";
import { AppRoutes } from "../../app/routes";
import { apiError, json, makeUser, mockApi } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";

const visitor = { "GET /api/v1/me": () => apiError(401, "not_authenticated") };
const COURSE_ID = "6f1c0f7e-0000-4000-8000-00000000c001";
const ITEM_ID = "6f1c0f7e-0000-4000-8000-00000000a001";
const MENTOR_ID = "6f1c0f7e-0000-4000-8000-00000000b001";
const topic = { id: "6f1c0f7e-0000-4000-8000-00000000d001", slug: "energy", name: "Energy" };

function coursePreview(): CoursePreview {
  return {
    id: COURSE_ID,
    title: "Energy from scratch",
    description: "Forces and energy, step by step.",
    subject: { id: "6f1c0f7e-0000-4000-8000-00000000e001", slug: "physics", name: "Physics" },
    mentor_id: MENTOR_ID,
    mentor_name: "Marie Curie",
    published_at: "2026-11-01T10:00:00Z",
    outline: [
      { id: ITEM_ID, kind: "note", title: "Kinetic energy", topic },
      { id: "6f1c0f7e-0000-4000-8000-00000000a002", kind: "question", title: "Units of energy", topic },
    ],
  };
}

function notePreview(): ContentPreview {
  return {
    id: ITEM_ID,
    kind: "note",
    title: "Kinetic energy",
    topic,
    mentor_id: MENTOR_ID,
    mentor_name: "Marie Curie",
    body: { kind: "note", html: "<p>Energy of motion is the first idea.</p>" },
    truncated: true,
    updated_at: "2026-11-01T10:00:00Z",
  };
}

const next = (path: string) => encodeURIComponent(path);

describe("a visitor following a shared link", { timeout: 30_000 }, () => {
  it("sees the course outline and signs up to continue there", async () => {
    const calls = mockApi({ ...visitor, [`GET /api/v1/public/courses/${COURSE_ID}`]: () => json(coursePreview()) });
    renderWithProviders(<AppRoutes />, { route: `/courses/${COURSE_ID}` });
    expect(await screen.findByRole("heading", { level: 1, name: "Energy from scratch" })).toBeInTheDocument();
    expect(screen.getByText("Kinetic energy")).toBeInTheDocument();
    expect(screen.getByText("Units of energy")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: /Sign up to continue/ })).toHaveAttribute("href", `/register?next=${next(`/courses/${COURSE_ID}`)}`);
    // The prompt's and the header's: both come back here.
    for (const link of screen.getAllByRole("link", { name: "Sign in" })) {
      expect(link).toHaveAttribute("href", `/login?next=${next(`/courses/${COURSE_ID}`)}`);
    }
    expect(screen.getByTestId("location")).toHaveTextContent(`/courses/${COURSE_ID}`);
    expect(calls.some((call) => call.path === `/api/v1/courses/${COURSE_ID}`)).toBe(false);
  });

  it("reads the opening of a lesson, not a sign-in form", async () => {
    mockApi({ ...visitor, [`GET /api/v1/public/content/${ITEM_ID}`]: () => json(notePreview()) });
    const path = `/learn/physics/energy/${ITEM_ID}`;
    renderWithProviders(<AppRoutes />, { route: path });
    expect(await screen.findByRole("heading", { level: 1, name: "Kinetic energy" })).toBeInTheDocument();
    // The body renders once KaTeX and DOMPurify have loaded.
    expect(await screen.findByText("Energy of motion is the first idea.", {}, { timeout: 15_000 })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Sign up to read the whole lesson" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: /Sign up to continue/ })).toHaveAttribute("href", `/register?next=${next(path)}`);
  });

  it("is told plainly when the lesson is not public", async () => {
    mockApi({ ...visitor, [`GET /api/v1/public/content/${ITEM_ID}`]: () => apiError(404, "not_found") });
    renderWithProviders(<AppRoutes />, { route: `/learn/physics/energy/${ITEM_ID}` });
    expect(await screen.findByRole("heading", { name: "This lesson isn't available" })).toBeInTheDocument();
  });
});

describe("a signed-in learner following the same link", { timeout: 30_000 }, () => {
  it("gets the full course page, not the preview", async () => {
    const calls = mockApi({
      "GET /api/v1/me": () => json(makeUser()),
      [`GET /api/v1/courses/${COURSE_ID}`]: () => apiError(404, "not_found"),
      "GET /api/v1/catalog": () => json({ subjects: [] }),
    });
    renderWithProviders(<AppRoutes />, { route: `/courses/${COURSE_ID}` });
    await waitFor(() => expect(calls.some((call) => call.path === `/api/v1/courses/${COURSE_ID}`)).toBe(true));
    expect(calls.some((call) => call.path.startsWith("/api/v1/public/"))).toBe(false);
  });
});

describe("a visitor opening a topic", { timeout: 30_000 }, () => {
  it("lists its approved lessons, each opening as a preview", async () => {
    mockApi({
      ...visitor,
      "GET /api/v1/catalog": () => json({ subjects: [] }),
      "GET /api/v1/public/topics/energy": () =>
        json({
          topic,
          lessons: { items: [{ id: ITEM_ID, kind: "note", title: "Kinetic energy", topic }], total: 1, page: 1, page_size: 50 },
        }),
    });
    renderWithProviders(<AppRoutes />, { route: "/learn/physics/energy" });
    expect(await screen.findByRole("heading", { level: 1, name: "Energy" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: /Kinetic energy/ })).toHaveAttribute("href", `/learn/physics/energy/${ITEM_ID}`);
    expect(screen.getByRole("link", { name: /Sign up to continue/ })).toHaveAttribute("href", `/register?next=${next("/learn/physics/energy")}`);
  });
});
