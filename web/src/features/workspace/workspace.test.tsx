import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { ContentItem, QuestionBody } from "../../api/content";
import { AppRoutes } from "../../app/routes";
import { contentItem, ITEM_ID, summaryOf, version, versionSummary } from "../../test/content-fixtures";
import { catalog, CIRCUITS_ID, completeProfile, MENTOR_ID, NEWTON_ID } from "../../test/marketplace-fixtures";
import { apiError, json, makeUser, mockApi, type Call } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";
import { contentQueryFromParams, withContentFilter } from "./filters";
import { emptyQuestion, parseNumber, questionBody, questionDraftFrom, type QuestionDraft } from "./question";
import { checkSimulationUrl, SIMULATION_HOST_MESSAGE } from "../content/simulation";
import { statusBadges } from "./status";

const mentor = makeUser({ id: MENTOR_ID, role: "mentor", display_name: "Amara Okafor", timezone: "UTC" });
const ITEM_PATH = `/api/v1/mentor/content/${ITEM_ID}`;

beforeAll(async () => {
  // Compile the lazy pages and the editor once, outside the tests' time limits.
  await Promise.all([
    import("./ContentListPage"),
    import("./NewContentPage"),
    import("./EditContentPage"),
    import("../editor/RichTextEditor"),
    import("../content/ContentBody"),
  ]);
}, 60_000);

afterEach(() => vi.unstubAllGlobals());

function routes(extra: Parameters<typeof mockApi>[0]) {
  return mockApi({
    "GET /api/v1/me": () => json(mentor),
    "GET /api/v1/catalog": () => json(catalog),
    ...extra,
  });
}

/** The routes of one item's page; `state.item` can be swapped to change what the server has. */
function itemRoutes(state: { item: ContentItem }, extra: Parameters<typeof mockApi>[0] = {}) {
  return routes({
    [`GET ${ITEM_PATH}`]: () => json(state.item),
    [`GET ${ITEM_PATH}/versions`]: () =>
      json({
        item_id: ITEM_ID,
        latest_version: state.item.latest_version,
        live_version: state.item.live_version,
        items: Array.from({ length: state.item.latest_version }, (_, index) => {
          const number = state.item.latest_version - index;
          return versionSummary({ number, is_latest: index === 0, is_live: number === state.item.live_version, change_summary: `Change ${number}` });
        }),
      }),
    ...extra,
  });
}

function lastPost(calls: Call[], suffix: string) {
  return [...calls].reverse().find((call) => call.method === "POST" && call.path.endsWith(suffix));
}

// ---- pure rules ---------------------------------------------------------------------------------

describe("status badges", () => {
  it("name the review state, and show a live item's pending edit beside it", () => {
    const labels = (status: ContentItem["status"], live: number | null, changed: boolean) =>
      statusBadges({ status, live_version: live, has_unpublished_changes: changed }).map((badge) => `${badge.label}/${badge.tone}`);
    expect(labels("draft", null, true)).toEqual(["Draft/neutral"]);
    expect(labels("pending", null, true)).toEqual(["Pending review/warning"]);
    expect(labels("approved", 3, false)).toEqual(["Approved/success"]);
    expect(labels("rejected", null, true)).toEqual(["Rejected/danger"]);
    expect(labels("pending", 3, true)).toEqual(["Live v3/success", "Edit pending review/warning"]);
    expect(labels("draft", 3, true)).toEqual(["Live v3/success", "Unsubmitted edit/neutral"]);
    expect(labels("rejected", 3, true)).toEqual(["Live v3/success", "Edit rejected/danger"]);
  });
});

describe("question bodies", () => {
  function draft(overrides: Partial<QuestionDraft>): QuestionDraft {
    return { ...emptyQuestion(), prompt: "<p>How fast?</p>", explanation: "<p>Because.</p>", ...overrides };
  }

  it("single and multiple choice: choices with ids, correct ids in choice order", () => {
    const choices = [
      { id: "a", text: " 9.8  m/s² ", correct: false },
      { id: "b", text: "10 m/s²", correct: true },
      { id: "c", text: "1 m/s²", correct: false },
    ];
    expect(questionBody(draft({ type: "single_choice", choices })).body).toEqual({
      type: "single_choice",
      prompt: "<p>How fast?</p>",
      explanation: "<p>Because.</p>",
      choices: [
        { id: "a", text: "9.8 m/s²" },
        { id: "b", text: "10 m/s²" },
        { id: "c", text: "1 m/s²" },
      ],
      correct: ["b"],
    });
    const multiple = questionBody(draft({ type: "multiple_choice", choices: choices.map((choice) => ({ ...choice, correct: choice.id !== "b" })) }));
    expect(multiple.body).toMatchObject({ type: "multiple_choice", correct: ["a", "c"] });
  });

  it("numeric: numbers (decimal comma too), tolerance and unit", () => {
    expect(questionBody(draft({ type: "numeric", answer: "9,81", tolerance: "0.05", unit: " m/s² " })).body).toEqual({
      type: "numeric",
      prompt: "<p>How fast?</p>",
      explanation: "<p>Because.</p>",
      answer: 9.81,
      tolerance: 0.05,
      unit: "m/s²",
    });
    expect(parseNumber("-3e8")).toBe(-3e8);
    expect(parseNumber("12 000")).toBe(12000);
    expect(parseNumber("1.2.3")).toBeNull();
  });

  it("short text: trimmed, de-duplicated accepted answers and case sensitivity", () => {
    expect(questionBody(draft({ type: "short_text", accepted: [" Photosynthesis ", "", "photosynthesis", "Photosynthesis"], caseSensitive: true, explanation: "<p></p>" })).body).toEqual({
      type: "short_text",
      prompt: "<p>How fast?</p>",
      explanation: "",
      accepted: ["Photosynthesis", "photosynthesis"],
      case_sensitive: true,
    });
  });

  it("reports what to fix, on the server's field names", () => {
    expect(questionBody(draft({ prompt: "<p></p>", type: "single_choice" })).errors).toEqual({
      "body.prompt": "Write the question learners will answer.",
      "body.choices": "Fill in every choice, or remove the empty ones.",
      "body.correct": "Mark the correct choice.",
    });
    expect(questionBody(draft({ type: "numeric", answer: "fast", tolerance: "-1" })).errors).toEqual({
      "body.answer": "Give the answer as a number, like 9.81 or -3e8.",
      "body.tolerance": "Give a tolerance of zero or more.",
    });
    expect(questionBody(draft({ type: "short_text", accepted: [" "] })).errors).toEqual({ "body.accepted": "List at least one accepted answer." });
  });

  it("reads a stored body back into the form", () => {
    const form = questionDraftFrom({ type: "numeric", prompt: "<p>g?</p>", explanation: "", answer: 9.81, tolerance: 0.1, unit: "m/s²" });
    expect(form).toMatchObject({ type: "numeric", answer: "9.81", tolerance: "0.1", unit: "m/s²" });
    expect(questionBody(form).body).toMatchObject({ answer: 9.81, tolerance: 0.1 });
  });
});

describe("simulation addresses", () => {
  it("accepts the allowed hosts over https and refuses the rest with the server's message", () => {
    expect(checkSimulationUrl(" https://phet.colorado.edu/sims/html/projectile-motion/latest/projectile-motion_en.html ")).toEqual({
      ok: true,
      url: "https://phet.colorado.edu/sims/html/projectile-motion/latest/projectile-motion_en.html",
    });
    expect(checkSimulationUrl("https://www.desmos.com:443/calculator/abc")).toEqual({ ok: true, url: "https://www.desmos.com/calculator/abc" });
    for (const refused of [
      "http://phet.colorado.edu/sim",
      "https://evil.example/sim",
      "https://phet.colorado.edu.evil.example/",
      "https://user:pw@www.geogebra.org/m/x",
      "https://www.geogebra.org:8443/m/x",
      "javascript:alert(1)",
      'https://www.geogebra.org/m/"x"',
    ]) {
      expect(checkSimulationUrl(refused)).toMatchObject({ ok: false, message: SIMULATION_HOST_MESSAGE });
    }
    expect(SIMULATION_HOST_MESSAGE).toBe("Embed from https://phet.colorado.edu, https://www.desmos.com, https://www.geogebra.org only.");
    expect(checkSimulationUrl("https://geogebra.org/m/abc")).toMatchObject({ ok: false, suggestion: "https://www.geogebra.org/m/abc" });
  });
});

describe("list filters", () => {
  it("keeps list filters valid", () => {
    expect(contentQueryFromParams(new URLSearchParams(`status=pending&kind=quiz&topic=${NEWTON_ID}&page=2`))).toEqual({
      status: "pending",
      topic_id: NEWTON_ID,
      page: 2,
      page_size: 20,
    });
    expect(withContentFilter(new URLSearchParams("page=3&kind=note"), "kind", "question").toString()).toBe("kind=question");
  });
});

// ---- screens --------------------------------------------------------------------------------------

// Screen tests type a lot into jsdom; give them room on a busy machine.
describe("my content", { timeout: 20_000 }, () => {
  it("lists items with their review state, filters by kind and topic, and pages", async () => {
    const items = [
      summaryOf(contentItem({ id: "i1", title: "Forces, gently" })),
      summaryOf(contentItem({ id: "i2", title: "Free fall quiz", kind: "question", status: "pending" })),
      summaryOf(contentItem({ id: "i3", title: "Projectiles", kind: "simulation", status: "approved", live_version: 2, latest_version: 2, has_unpublished_changes: false })),
      summaryOf(contentItem({ id: "i4", title: "Momentum", status: "rejected", feedback: "The second example has a sign error." })),
      summaryOf(contentItem({ id: "i5", title: "Energy", status: "pending", live_version: 1, latest_version: 2 })),
    ];
    const calls = routes({
      "GET /api/v1/mentor/content": (call) => json({ items, total: 45, page: Number(call.search.get("page") ?? 1), page_size: 20 }),
    });
    renderWithProviders(<AppRoutes />, { route: "/mentor/content" });
    expect(await screen.findByRole("heading", { name: "My content" })).toBeInTheDocument();
    const table = await screen.findByRole("table", { name: "My content" });
    const row = (title: string) => within(table).getByRole("link", { name: title }).closest("tr") as HTMLElement;
    expect(await within(table).findByRole("link", { name: "Forces, gently" })).toHaveAttribute("href", "/mentor/content/i1");
    // The status column (the same badges repeat under the title on phones).
    const status = (title: string) => (row(title).querySelector("td:nth-child(3)") as HTMLElement).textContent;
    expect(status("Forces, gently")).toBe("Draft: Only you can see it.");
    expect(status("Free fall quiz")).toBe("Pending review: Waiting for a reviewer's decision.");
    expect(status("Projectiles")).toBe("Approved: Live: learners can see it.");
    expect(status("Momentum")).toBe("Rejected: The reviewer asked for changes.");
    expect(status("Energy")).toBe("Live v1: Learners see version 1.Edit pending review: A newer version is waiting for review.");
    expect(within(row("Momentum")).getByText(/The second example has a sign error/)).toBeInTheDocument();
    expect(within(row("Forces, gently")).getByText("Newton's laws of motion")).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByLabelText("Kind"), "question");
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/mentor/content?kind=question"));
    await userEvent.selectOptions(screen.getByLabelText("Topic"), CIRCUITS_ID);
    await waitFor(() => expect(calls.at(-1)?.search.get("topic_id")).toBe(CIRCUITS_ID));
    expect(calls.at(-1)?.search.get("kind")).toBe("question");

    await userEvent.click(screen.getByRole("button", { name: "Next page" }));
    await waitFor(() => expect(calls.at(-1)?.search.get("page")).toBe("2"));
    expect(screen.getByRole("link", { name: "My content" })).toHaveAttribute("aria-current", "page");
  });

  it("invites a first item when there is none", async () => {
    routes({ "GET /api/v1/mentor/content": () => json({ items: [], total: 0, page: 1, page_size: 20 }) });
    renderWithProviders(<AppRoutes />, { route: "/mentor/content" });
    expect(await screen.findByText("Write your first piece of content")).toBeInTheDocument();
    expect(screen.getAllByRole("link", { name: "New content" })[0]).toHaveAttribute("href", "/mentor/content/new");
  });

  it("is for mentors only", async () => {
    mockApi({ "GET /api/v1/me": () => json(makeUser({ role: "student" })) });
    renderWithProviders(<AppRoutes />, { route: "/mentor/content" });
    expect(await screen.findByText("You don't have access to this page")).toBeInTheDocument();
  });
});

/** Visually hidden elements that escape a scroll box: no positioned ancestor inside it. */
function unclippedHiddenText(root: HTMLElement): string[] {
  return [...root.querySelectorAll<HTMLElement>(".sr-only")].flatMap((element) => {
    for (let parent = element.parentElement; parent && parent !== root; parent = parent.parentElement) {
      if (/\b(relative|absolute|fixed|sticky)\b/.test(parent.className)) return [];
      if (/\boverflow(-[xy])?-(auto|scroll)\b/.test(parent.className)) return [element.textContent ?? ""];
    }
    return [];
  });
}

describe("creating an item", { timeout: 20_000 }, () => {
  it("chooses kind and topic, then creates a question with the right body", async () => {
    const calls = routes({
      "GET /api/v1/mentor/profile": () => json(completeProfile()),
      "POST /api/v1/mentor/content": (call) => json(contentItem({ id: "new-1", kind: "question", latest: version({ body: { kind: "question", ...(call.body as { body: Omit<QuestionBody, "kind"> }).body } }) }), 201),
      "GET /api/v1/mentor/content/new-1": () => json(contentItem({ id: "new-1", kind: "question" })),
      "GET /api/v1/mentor/content/new-1/versions": () => json({ item_id: "new-1", latest_version: 1, live_version: null, items: [versionSummary()] }),
    });
    renderWithProviders(<AppRoutes />, { route: "/mentor/content/new" });
    await userEvent.click(await screen.findByRole("button", { name: /Continue/ }));
    expect(screen.getByText("Choose what you want to write.")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("radio", { name: /Question/ }));
    // Only the mentor's own topics at first; the whole catalog on request.
    expect(screen.queryByRole("radio", { name: "Circuits Ohm's law." })).not.toBeInTheDocument();
    await userEvent.click(screen.getByLabelText("Only topics I teach"));
    await userEvent.click(await screen.findByRole("radio", { name: /Newton's laws of motion/ }));
    // Visually hidden text inside a scroll box must be positioned within it, or the page grows
    // by the box's whole scrolled height below the form.
    expect(unclippedHiddenText(document.body)).toEqual([]);
    await userEvent.click(screen.getByRole("button", { name: /Continue/ }));

    expect(await screen.findByRole("heading", { name: "New question" })).toBeInTheDocument();
    expect(screen.getByText("Physics › Mechanics › Newton's laws of motion")).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("Title"), "Free fall");
    await userEvent.click(screen.getByRole("button", { name: "Save draft" }));
    expect(screen.getByRole("textbox", { name: "Question" })).toHaveAccessibleDescription(expect.stringContaining("Write the question learners will answer."));
    expect(calls.some((call) => call.method === "POST")).toBe(false);

    await userEvent.click(screen.getByRole("textbox", { name: "Question" }));
    await userEvent.keyboard("What is g near the ground?");
    await userEvent.type(screen.getByLabelText("Choice A"), "9.8 m/s²");
    await userEvent.type(screen.getByLabelText("Choice B"), "98 m/s²");
    await userEvent.click(screen.getByRole("button", { name: "Add choice" }));
    await userEvent.type(screen.getByLabelText("Choice C"), "0.98 m/s²");
    await userEvent.click(screen.getByRole("button", { name: "Move Choice C up" }));
    await userEvent.click(screen.getByRole("radio", { name: "Choice A is correct" }));
    await userEvent.click(screen.getByRole("button", { name: "Save draft" }));

    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/mentor/content/new-1"));
    expect(lastPost(calls, "/mentor/content")?.body).toEqual({
      kind: "question",
      topic_id: NEWTON_ID,
      title: "Free fall",
      change_summary: "First draft",
      body: {
        kind: "question",
        type: "single_choice",
        prompt: "<p>What is g near the ground?</p>",
        explanation: "",
        choices: [
          { id: "a", text: "9.8 m/s²" },
          { id: "c", text: "0.98 m/s²" },
          { id: "b", text: "98 m/s²" },
        ],
        correct: ["a"],
      },
    });
  });

  it("sends a numeric question as answer, tolerance and unit", async () => {
    const calls = routes({
      "GET /api/v1/mentor/profile": () => json(completeProfile()),
      "POST /api/v1/mentor/content": () => apiError(422, "invalid_content", "Give a tolerance of zero or more.", { fields: { "body.tolerance": "Give a tolerance of zero or more." } }),
    });
    renderWithProviders(<AppRoutes />, { route: `/mentor/content/new?kind=question&topic=${NEWTON_ID}&step=write` });
    await userEvent.type(await screen.findByLabelText("Title"), "g");
    await userEvent.click(screen.getByRole("textbox", { name: "Question" }));
    await userEvent.keyboard("Value of g?");
    await userEvent.click(screen.getByRole("radio", { name: /Numeric/ }));
    await userEvent.type(screen.getByLabelText("Correct answer"), "9,81");
    await userEvent.clear(screen.getByLabelText("Tolerance (±)"));
    await userEvent.type(screen.getByLabelText("Tolerance (±)"), "0.05");
    await userEvent.type(screen.getByLabelText(/Unit/), "m/s²");
    expect(screen.getByText("Accepted: 9.81 ± 0.05 m/s² (from 9.76 to 9.86).")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Save draft" }));

    // The server's field message lands on the field.
    await waitFor(() => expect(screen.getByLabelText("Tolerance (±)")).toHaveAccessibleDescription("Give a tolerance of zero or more."));
    expect(lastPost(calls, "/mentor/content")?.body).toMatchObject({
      body: { type: "numeric", prompt: "<p>Value of g?</p>", explanation: "", answer: 9.81, tolerance: 0.05, unit: "m/s²" },
    });
  });

  it("refuses simulations from other sites before sending, and previews allowed ones in a sandbox", async () => {
    const calls = routes({ "GET /api/v1/mentor/profile": () => json(completeProfile()) });
    renderWithProviders(<AppRoutes />, { route: `/mentor/content/new?kind=simulation&topic=${NEWTON_ID}&step=write` });
    const address = await screen.findByLabelText("Simulation address");
    await userEvent.type(screen.getByLabelText("Title"), "Projectile motion");
    await userEvent.type(address, "https://evil.example/sim");
    await userEvent.tab();
    expect(address).toHaveAccessibleDescription(SIMULATION_HOST_MESSAGE);
    expect(document.querySelector("iframe")).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Save draft" }));
    expect(calls.some((call) => call.method === "POST")).toBe(false);

    await userEvent.clear(address);
    await userEvent.type(address, "https://phet.colorado.edu/sims/html/projectile-motion/latest/projectile-motion_en.html");
    const frame = await screen.findByTitle("Projectile motion", {}, { timeout: 3000 });
    expect(frame.tagName).toBe("IFRAME");
    expect(frame).toHaveAttribute("src", "https://phet.colorado.edu/sims/html/projectile-motion/latest/projectile-motion_en.html");
    expect(frame).toHaveAttribute("sandbox", "allow-scripts allow-same-origin");
    expect(frame).toHaveAttribute("loading", "lazy");
  });

  it("shows the server's host refusal on the address field", async () => {
    routes({
      "GET /api/v1/mentor/profile": () => json(completeProfile()),
      "POST /api/v1/mentor/content": () =>
        apiError(422, "simulation_host_not_allowed", SIMULATION_HOST_MESSAGE, { fields: { "body.url": "Not an allowed simulation address." } }),
    });
    renderWithProviders(<AppRoutes />, { route: `/mentor/content/new?kind=simulation&topic=${NEWTON_ID}&step=write` });
    await userEvent.type(await screen.findByLabelText("Title"), "Graphs");
    await userEvent.type(screen.getByLabelText("Simulation address"), "https://www.desmos.com/calculator/x");
    await userEvent.click(screen.getByRole("button", { name: "Save draft" }));
    await waitFor(() => expect(screen.getByLabelText("Simulation address")).toHaveAccessibleDescription(SIMULATION_HOST_MESSAGE));
  });
});

describe("editing an item", { timeout: 20_000 }, () => {
  it("never overwrites a newer version: a stale save explains, compares and reloads", async () => {
    const v1 = version();
    const v2 = version({ number: 2, title: "Newton's 2nd law", change_summary: "Shorter title", body: { kind: "note", html: "<p>F = ma, always.</p>" } });
    const state = { item: contentItem() };
    const calls = itemRoutes(state, {
      [`POST ${ITEM_PATH}/versions`]: () =>
        apiError(409, "concurrent_modification", "Version 2 was saved after version 1, which you started from.", { base_version: 1, latest_version: 2 }),
      [`GET ${ITEM_PATH}/diff`]: () =>
        json({
          item_id: ITEM_ID,
          from_version: 1,
          to_version: 2,
          changed: true,
          inserted: 2,
          deleted: 2,
          lines: [
            { op: "delete", block: { kind: "title", inlines: [{ text: "Newton's second law" }] } },
            { op: "insert", block: { kind: "title", inlines: [{ text: "Newton's 2nd law" }] } },
            { op: "delete", block: { kind: "paragraph", inlines: [{ text: "The net force equals mass times acceleration." }] } },
            { op: "insert", block: { kind: "paragraph", inlines: [{ text: "F = ma, always." }] } },
          ],
        }),
    });
    renderWithProviders(<AppRoutes />, { route: `/mentor/content/${ITEM_ID}` });
    const title = await screen.findByLabelText("Title");
    expect(await screen.findByRole("textbox", { name: "Lesson text" })).toHaveTextContent("The net force equals mass times acceleration.");
    expect(screen.getByRole("button", { name: "Save version" })).toBeDisabled();
    await userEvent.clear(title);
    await userEvent.type(title, "Newton II");
    await userEvent.type(screen.getByLabelText(/What changed/), "Renamed");
    expect(screen.getByText("Unsaved changes")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Save version" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Your changes weren't saved: this item changed meanwhile");
    expect(alert).toHaveTextContent("Version 2 was saved after version 1, which you started from.");
    expect(lastPost(calls, "/versions")?.body).toEqual({ base_version: 1, title: "Newton II", change_summary: "Renamed", body: { kind: "note", html: v1.body.kind === "note" ? v1.body.html : "" } });
    // The edit is still on screen.
    expect(screen.getByLabelText("Title")).toHaveValue("Newton II");

    await userEvent.click(within(alert).getByRole("button", { name: "See what changed" }));
    const dialog = await screen.findByRole("dialog", { name: "Compare versions" });
    expect(await within(dialog).findByText("2 blocks added")).toBeInTheDocument();
    expect(calls.at(-1)?.search.toString()).toBe("from=1&to=2");
    expect(within(dialog).getAllByRole("deletion")[0]).toHaveTextContent("Newton's second law");
    expect(within(dialog).getAllByRole("insertion")[1]).toHaveTextContent("F = ma, always.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Close" }));

    state.item = contentItem({ latest: v2, latest_version: 2, title: v2.title });
    await userEvent.click(within(screen.getByRole("alert")).getByRole("button", { name: "Discard mine and load the newest" }));
    await waitFor(() => expect(screen.getByLabelText("Title")).toHaveValue("Newton's 2nd law"));
    expect(screen.getByRole("textbox", { name: "Lesson text" })).toHaveTextContent("F = ma, always.");
    expect(screen.queryByText(/this item changed meanwhile/)).not.toBeInTheDocument();
    expect(screen.getByText("Saved · version 2")).toBeInTheDocument();
  });

  it("can save on top of the newer version, deliberately", async () => {
    const state = { item: contentItem() };
    let answer = apiError(409, "concurrent_modification", "Version 2 was saved after version 1.", { base_version: 1, latest_version: 2 });
    const calls = itemRoutes(state, { [`POST ${ITEM_PATH}/versions`]: () => answer });
    renderWithProviders(<AppRoutes />, { route: `/mentor/content/${ITEM_ID}` });
    await userEvent.type(await screen.findByLabelText("Title"), " (revised)");
    await userEvent.click(screen.getByRole("button", { name: "Save version" }));
    const alert = await screen.findByRole("alert");
    answer = json(contentItem({ latest: version({ number: 3, title: "Newton's second law (revised)" }), latest_version: 3 }));
    await userEvent.click(within(alert).getByRole("button", { name: "Save mine as version 3" }));
    await waitFor(() => expect(screen.getByText("Saved · version 3")).toBeInTheDocument());
    expect(lastPost(calls, "/versions")?.body).toMatchObject({ base_version: 2, title: "Newton's second law (revised)" });
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("shows the reviewer's feedback on a rejected item and submits it again", async () => {
    const state = { item: contentItem({ status: "rejected", feedback: "The second example has a sign error.\nPlease fix it.", reviewed_at: "2026-11-21T10:00:00Z" }) };
    const calls = itemRoutes(state, {
      [`POST ${ITEM_PATH}/submit`]: () => json(contentItem({ status: "pending", submitted_at: "2026-11-22T10:00:00Z" })),
    });
    renderWithProviders(<AppRoutes />, { route: `/mentor/content/${ITEM_ID}` });
    const notice = await screen.findByText("The reviewer asked for changes");
    expect(notice.closest("div[role=status]")).toHaveTextContent("The second example has a sign error.");
    expect(screen.getAllByText("Rejected")[0]).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Submit again" }));
    const dialog = await screen.findByRole("dialog", { name: "Send version 1 for review?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Submit for review" }));
    expect(await screen.findByText("Waiting for review")).toBeInTheDocument();
    expect(lastPost(calls, "/submit")).toBeDefined();
    // Locked while in review.
    expect(screen.getByLabelText("Title")).toBeDisabled();
    expect(screen.getByText("Locked while in review")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Submit/ })).not.toBeInTheDocument();
  });

  it("saves unsaved changes before sending them for review", async () => {
    const state = { item: contentItem() };
    const calls = itemRoutes(state, {
      [`POST ${ITEM_PATH}/versions`]: () => json(contentItem({ latest: version({ number: 2, title: "Newton's second law, revised" }), latest_version: 2 })),
      [`POST ${ITEM_PATH}/submit`]: () =>
        json(contentItem({ status: "pending", latest: version({ number: 2, title: "Newton's second law, revised" }), latest_version: 2, submitted_at: "2026-11-22T10:00:00Z" })),
    });
    renderWithProviders(<AppRoutes />, { route: `/mentor/content/${ITEM_ID}` });
    await userEvent.type(await screen.findByLabelText("Title"), ", revised");
    await userEvent.click(screen.getByRole("button", { name: "Submit for review" }));
    const dialog = await screen.findByRole("dialog", { name: "Save and send for review?" });
    expect(dialog).toHaveTextContent("Your changes are saved as version 2 first.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save and submit" }));
    expect(await screen.findByText("Waiting for review")).toBeInTheDocument();
    const posts = calls.filter((call) => call.method === "POST").map((call) => call.path.split("/").at(-1));
    expect(posts).toEqual(["versions", "submit"]);
  });

  it("explains when an unverified mentor submits", async () => {
    itemRoutes({ item: contentItem() }, { [`POST ${ITEM_PATH}/submit`]: () => apiError(403, "mentor_not_verified", "…") });
    renderWithProviders(<AppRoutes />, { route: `/mentor/content/${ITEM_ID}` });
    await userEvent.click(await screen.findByRole("button", { name: "Submit for review" }));
    const dialog = await screen.findByRole("dialog");
    await userEvent.click(within(dialog).getByRole("button", { name: "Submit for review" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Only verified mentors can send content for review.");
    expect(within(dialog).getByRole("link", { name: "Your application" })).toHaveAttribute("href", "/mentor/onboarding");
  });

  it("keeps the approved version live while an edit is saved", async () => {
    const live = version({ number: 2 });
    const state = { item: contentItem({ status: "approved", latest: live, latest_version: 2, live_version: 2, live, has_unpublished_changes: false }) };
    const calls = itemRoutes(state, {
      [`POST ${ITEM_PATH}/versions`]: (call) =>
        json(
          contentItem({
            status: "draft",
            latest: version({ number: 3, title: (call.body as { title: string }).title }),
            latest_version: 3,
            live_version: 2,
            live,
            has_unpublished_changes: true,
          }),
        ),
    });
    renderWithProviders(<AppRoutes />, { route: `/mentor/content/${ITEM_ID}` });
    expect(await screen.findByText("Live: learners see version 2")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Submit/ })).not.toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("Title"), "!");
    await userEvent.click(screen.getByRole("button", { name: "Save version" }));
    expect(await screen.findByText("Learners see version 2")).toBeInTheDocument();
    expect(screen.getByText("Live v2")).toBeInTheDocument();
    expect(screen.getByText("Unsubmitted edit")).toBeInTheDocument();
    expect(lastPost(calls, "/versions")?.body).toMatchObject({ base_version: 2 });
    expect(await screen.findByText(/Learners keep seeing version 2 until this one is approved/)).toBeInTheDocument();
  });

  it("lists versions, shows one, and restores it after confirming", async () => {
    const state = { item: contentItem({ latest: version({ number: 3, title: "Newton III" }), latest_version: 3, title: "Newton III" }) };
    const calls = itemRoutes(state, {
      [`GET ${ITEM_PATH}/versions/1`]: () => json(version({ number: 1, body: { kind: "note", html: "<p>The very first text.</p>" } })),
      [`POST ${ITEM_PATH}/revert`]: () =>
        json(contentItem({ latest: version({ number: 4, change_summary: "Reverted to version 1", reverted_from: 1 }), latest_version: 4 })),
    });
    renderWithProviders(<AppRoutes />, { route: `/mentor/content/${ITEM_ID}` });
    const history = await screen.findByRole("list", { name: "Versions, newest first" });
    expect(await within(history).findAllByRole("heading", { level: 3 })).toHaveLength(3);
    expect(within(history).getAllByText("You ·", { exact: false })).toHaveLength(3);
    expect(within(history).getByText("Latest")).toBeInTheDocument();

    await userEvent.click(within(history).getByRole("button", { name: "View version 1" }));
    const view = await screen.findByRole("dialog", { name: /Version 1/ });
    expect(await within(view).findByText("The very first text.")).toBeInTheDocument();
    await userEvent.click(within(view).getByRole("button", { name: "Restore this version" }));

    const confirm = await screen.findByRole("dialog", { name: "Restore version 1?" });
    expect(confirm).toHaveTextContent("saved again as version 4");
    await userEvent.click(within(confirm).getByRole("button", { name: "Restore version" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(lastPost(calls, "/revert")?.body).toEqual({ to_version: 1, base_version: 3 });
    expect(await screen.findByText("Saved · version 4")).toBeInTheDocument();
    expect(screen.getByLabelText("Title")).toHaveValue("Newton's second law");
  });

  it("asks before leaving with unsaved changes", async () => {
    itemRoutes({ item: contentItem() }, { "GET /api/v1/mentor/content": () => json({ items: [], total: 0, page: 1, page_size: 20 }) });
    renderWithProviders(<AppRoutes />, { route: `/mentor/content/${ITEM_ID}` });
    await userEvent.type(await screen.findByLabelText("Title"), "!");
    const nav = screen.getByRole("navigation", { name: "Main" });
    await userEvent.click(within(nav).getByRole("link", { name: "My content" }));
    const dialog = await screen.findByRole("dialog", { name: "Leave without saving?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Stay and keep editing" }));
    expect(screen.getByTestId("location")).toHaveTextContent(`/mentor/content/${ITEM_ID}`);
    expect(screen.getByLabelText("Title")).toHaveValue("Newton's second law!");

    await userEvent.click(within(nav).getByRole("link", { name: "My content" }));
    await userEvent.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Leave without saving" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(/^\/mentor\/content$/));
  });

  it("says so when the item doesn't exist", async () => {
    routes({ [`GET ${ITEM_PATH}`]: () => apiError(404, "not_found", "No such content item.") });
    renderWithProviders(<AppRoutes />, { route: `/mentor/content/${ITEM_ID}` });
    expect(await screen.findByText("This item doesn't exist, or it isn't yours")).toBeInTheDocument();
  });
});
