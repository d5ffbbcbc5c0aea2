import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import { AppRoutes } from "../../app/routes";
import { learnerItem, NOTE_ID, QUESTION_ID, SECOND_NOTE_ID, SIMULATION_ID, topicItems } from "../../test/learning-fixtures";
import type { LinkedThread } from "../../api/forum-links";
import { catalog, NEWTON_ID } from "../../test/marketplace-fixtures";
import { apiError, json, makeUser, mockApi } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";

const student = makeUser();
const visitor = () => apiError(401, "not_authenticated");
const topicPage = (items = topicItems) =>
  json({ items, total: items.length, page: 1, page_size: 100, topic: catalog.subjects[0]?.chapters[0]?.topics[1] });

const noThreads = () => json({ items: [], total: 0, page: 1, page_size: 5 });
const noCounts = () => json({ topic_threads: 0, items: [] });

function thread(overrides: Partial<LinkedThread> = {}): LinkedThread {
  return {
    id: "90000000-0000-4000-8000-000000000001",
    title: "Why is the acceleration the same for both carts?",
    category: { id: "91000000-0000-4000-8000-000000000001", slug: "physics", name: "Physics" },
    author: { id: "5f0c6d1e-8c1b-4d36-9a57-0d7b1c9c2a11", name: "Ada Lovelace", badges: [], is_content_author: false },
    topic_id: NEWTON_ID,
    item_id: NOTE_ID,
    status: "visible",
    solved: false,
    accepted_post_id: null,
    reply_count: 3,
    score: 2,
    created_at: "2026-11-20T10:00:00Z",
    last_activity_at: new Date(Date.now() - 2 * 3600_000).toISOString(),
    excerpt: "I don't get it.",
    watching: false,
    ...overrides,
  };
}

beforeAll(async () => {
  // Compile the lazy pages and the renderer once, outside the tests' time limits.
  await Promise.all([import("./TopicPage"), import("./LearnItemPage"), import("../content/ContentView"), import("../previews/TopicPreviewPage")]);
}, 60_000);

describe("learning", () => {
  it("lets visitors browse subjects and chapters, and previews a topic's lessons", async () => {
    const newtons = catalog.subjects[0]?.chapters[0]?.topics.find((t) => t.slug === "newtons-laws");
    mockApi({
      "GET /api/v1/me": visitor,
      "GET /api/v1/catalog": () => json(catalog),
      "GET /api/v1/public/topics/newtons-laws": () =>
        json({ topic: { id: newtons?.id, slug: "newtons-laws", name: newtons?.name }, lessons: { items: [], total: 0, page: 1, page_size: 50 } }),
    });
    renderWithProviders(<AppRoutes />, { route: "/learn" });
    const subjects = await screen.findByRole("list", { name: "Subjects" });
    expect(within(subjects).getByRole("link", { name: "Physics" })).toHaveAttribute("href", "/learn/physics");
    expect(within(subjects).getByText("2 chapters, 3 topics")).toBeInTheDocument();
    expect(screen.getByText("Sign in to open the lessons")).toBeInTheDocument();

    await userEvent.click(within(subjects).getByRole("link", { name: "Physics" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Physics" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: /^Chapter 1: ?Mechanics$/ })).toBeInTheDocument();
    const topic = screen.getByRole("link", { name: /Newton's laws of motion/ });
    expect(topic).toHaveAttribute("href", "/learn/physics/newtons-laws");
    expect(within(screen.getByRole("navigation", { name: "Breadcrumb" })).getByRole("link", { name: "Learn" })).toHaveAttribute("href", "/learn");

    // A visitor opening a topic sees what it holds and is invited to sign up, then comes back.
    await userEvent.click(topic);
    expect(await screen.findByRole("heading", { name: "Sign up to study this topic" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: /Sign up to continue/ })).toHaveAttribute("href", "/register?next=%2Flearn%2Fphysics%2Fnewtons-laws");
  }, 30_000);

  it("lists a topic's approved material grouped by kind, with mentor names", async () => {
    const calls = mockApi({
      "GET /api/v1/me": () => json(student),
      "GET /api/v1/catalog": () => json(catalog),
      "GET /api/v1/topics/newtons-laws/content": () => topicPage(),
      "GET /api/v1/forum/threads": noThreads,
      "GET /api/v1/forum/counts": noCounts,
    });
    renderWithProviders(<AppRoutes />, { route: "/learn/physics/newtons-laws" });
    expect(await screen.findByRole("heading", { level: 1, name: "Newton's laws of motion" })).toBeInTheDocument();
    expect(screen.getByText("Physics · Mechanics")).toBeInTheDocument();

    // The toasts' live region is a region too, and the discussion follows the material.
    const sections = (await screen.findAllByRole("region")).filter((region) => region.getAttribute("aria-label") !== "Notifications" && !within(region).queryByRole("heading", { name: "Discussion" }));
    expect(sections.map((section) => within(section).getByRole("heading", { level: 2 }).textContent)).toEqual(["Notes", "Simulations", "Practice questions"]);
    const [notes, simulations, questions] = sections as [HTMLElement, HTMLElement, HTMLElement];
    expect(within(notes).getAllByRole("link").map((link) => link.textContent)).toEqual(["Newton's second law", "Newton's third law"]);
    expect(within(notes).getByRole("link", { name: "Newton's second law" })).toHaveAttribute("href", `/learn/physics/newtons-laws/${NOTE_ID}`);
    expect(within(notes).getByText("By Amara Okafor")).toBeInTheDocument();
    expect(within(notes).getByText("By Kofi Mensah")).toBeInTheDocument();
    expect(within(notes).getByText(/The net force is F = ma/)).toBeInTheDocument();
    expect(within(notes).getAllByText("1 min read")).toHaveLength(2);
    expect(within(simulations).getByRole("link", { name: "Forces and motion" })).toHaveAttribute("href", `/learn/physics/newtons-laws/${SIMULATION_ID}`);
    expect(within(simulations).getByText("PhET Interactive Simulations")).toBeInTheDocument();
    expect(within(questions).getByRole("link", { name: "Which way does the cart go?" })).toHaveAttribute("href", `/learn/physics/newtons-laws/${QUESTION_ID}`);
    expect(within(questions).getByText("Multiple choice")).toBeInTheDocument();
    // Jump links to each group.
    expect(within(screen.getByRole("navigation", { name: "On this page" })).getByRole("link", { name: "2 notes" })).toHaveAttribute("href", "#note");
    expect(calls.find((call) => call.path.startsWith("/api/v1/topics/"))?.search.get("page_size")).toBe("100");
    expect(within(screen.getByRole("navigation", { name: "Main" })).getByRole("link", { name: "Learn" })).toHaveAttribute("aria-current", "page");
  });

  it("says when a topic has no material yet, and when it doesn't exist", async () => {
    mockApi({
      "GET /api/v1/me": () => json(student),
      "GET /api/v1/catalog": () => json(catalog),
      "GET /api/v1/topics/newtons-laws/content": () => topicPage([]),
      "GET /api/v1/topics/gone/content": () => apiError(404, "not_found"),
      "GET /api/v1/forum/threads": noThreads,
      "GET /api/v1/forum/counts": noCounts,
    });
    const { unmount } = renderWithProviders(<AppRoutes />, { route: "/learn/physics/newtons-laws" });
    expect(await screen.findByText("No material here yet")).toBeInTheDocument();
    expect(within(screen.getByRole("main")).getByRole("link", { name: "Find a mentor" })).toHaveAttribute("href", "/mentors?subject=physics&topic=newtons-laws");
    unmount();
    renderWithProviders(<AppRoutes />, { route: "/learn/physics/gone" });
    expect(await screen.findByText("We couldn't find this topic")).toBeInTheDocument();
  });

  it("opens a note with its formulas, breadcrumbs and the next item", async () => {
    mockApi({
      "GET /api/v1/me": () => json(student),
      "GET /api/v1/catalog": () => json(catalog),
      [`GET /api/v1/content/${NOTE_ID}`]: () => json(learnerItem()),
      "GET /api/v1/topics/newtons-laws/content": () => topicPage(),
      "GET /api/v1/forum/threads": noThreads,
    });
    renderWithProviders(<AppRoutes />, { route: `/learn/physics/newtons-laws/${NOTE_ID}` });
    expect(await screen.findByRole("heading", { level: 1, name: "Newton's second law" })).toBeInTheDocument();
    expect(await screen.findByRole("heading", { level: 2, name: "Force and acceleration" })).toBeInTheDocument();
    expect(screen.getByRole("img", { name: "F, equals, m, a" })).toBeInTheDocument();
    const crumbs = screen.getByRole("navigation", { name: "Breadcrumb" });
    expect(within(crumbs).getByRole("link", { name: "Newton's laws of motion" })).toHaveAttribute("href", "/learn/physics/newtons-laws");
    expect(within(crumbs).getByText("Newton's second law")).toHaveAttribute("aria-current", "page");
    const more = await screen.findByRole("navigation", { name: "More in this topic" });
    // Next in the order the topic page lists them: the other note before simulations and questions.
    expect(within(more).getAllByRole("link")).toHaveLength(1);
    expect(within(more).getByRole("link", { name: /Next · Note\s*Newton's third law/ })).toHaveAttribute("href", `/learn/physics/newtons-laws/${SECOND_NOTE_ID}`);
  });

  it("embeds a simulation in a sandbox with a link to open it in a new tab", async () => {
    const simulation = topicItems.find((item) => item.id === SIMULATION_ID);
    mockApi({
      "GET /api/v1/me": () => json(student),
      "GET /api/v1/catalog": () => json(catalog),
      [`GET /api/v1/content/${SIMULATION_ID}`]: () => json(simulation),
      "GET /api/v1/topics/newtons-laws/content": () => topicPage(),
      "GET /api/v1/forum/threads": noThreads,
    });
    renderWithProviders(<AppRoutes />, { route: `/learn/physics/newtons-laws/${SIMULATION_ID}` });
    const frame = await screen.findByTitle("Forces and Motion: Basics");
    expect(frame.tagName).toBe("IFRAME");
    // The same sandbox as the server's simulation body and as simulations placed in notes.
    expect(frame).toHaveAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-forms");
    expect(frame).toHaveAttribute("referrerpolicy", "no-referrer");
    expect(frame).toHaveAttribute("loading", "lazy");
    const open = screen.getByRole("link", { name: /Open in a new tab/ });
    expect(open).toHaveAttribute("target", "_blank");
    expect(open).toHaveAttribute("rel", "noopener noreferrer");
  });

  it("explains when an item isn't available any more", async () => {
    mockApi({
      "GET /api/v1/me": () => json(student),
      "GET /api/v1/catalog": () => json(catalog),
      [`GET /api/v1/content/${SECOND_NOTE_ID}`]: () => apiError(404, "not_found"),
      "GET /api/v1/topics/newtons-laws/content": () => topicPage(),
    });
    renderWithProviders(<AppRoutes />, { route: `/learn/physics/newtons-laws/${SECOND_NOTE_ID}` });
    expect(await screen.findByText("This material isn't available")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Back to the topic" })).toHaveAttribute("href", "/learn/physics/newtons-laws");
  });
  it("shows the topic's discussion with a thread count on each item, and the way to ask", async () => {
    const calls = mockApi({
      "GET /api/v1/me": () => json(student),
      "GET /api/v1/catalog": () => json(catalog),
      "GET /api/v1/topics/newtons-laws/content": () => topicPage(),
      "GET /api/v1/forum/threads": () =>
        json({
          items: [thread(), thread({ id: "90000000-0000-4000-8000-000000000002", title: "Is friction a force?", solved: true, reply_count: 1, item_id: null })],
          total: 7,
          page: 1,
          page_size: 5,
        }),
      "GET /api/v1/forum/counts": () => json({ topic_threads: 7, items: [{ item_id: NOTE_ID, threads: 3 }, { item_id: QUESTION_ID, threads: 1 }] }),
    });
    renderWithProviders(<AppRoutes />, { route: "/learn/physics/newtons-laws" });
    const discussion = await screen.findByRole("region", { name: "Discussion" });
    const threads = await within(discussion).findByRole("list", { name: "Threads" });
    const rows = within(threads).getAllByRole("listitem");
    expect(rows).toHaveLength(2);
    expect(within(rows[0] as HTMLElement).getByRole("link", { name: "Why is the acceleration the same for both carts?" })).toHaveAttribute("href", "/forum/t/90000000-0000-4000-8000-000000000001");
    expect(within(rows[0] as HTMLElement).getByText("3 replies")).toBeInTheDocument();
    expect(within(rows[0] as HTMLElement).getByText("Active 2 hours ago")).toBeInTheDocument();
    expect(within(rows[0] as HTMLElement).queryByText("Solved")).not.toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).getByText("Solved")).toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).getByText("1 reply")).toBeInTheDocument();
    expect(within(discussion).getByRole("link", { name: /See all 7 discussions/ })).toHaveAttribute("href", `/forum?topic=${NEWTON_ID}`);
    expect(within(discussion).getByRole("link", { name: "Ask a question" })).toHaveAttribute("href", `/forum/new?topic=${NEWTON_ID}`);

    const threadQuery = calls.find((call) => call.path === "/api/v1/forum/threads")?.search;
    expect(threadQuery?.get("topic")).toBe(NEWTON_ID);
    expect(threadQuery?.get("sort")).toBe("activity");
    expect(calls.find((call) => call.path === "/api/v1/forum/counts")?.search.get("topic")).toBe(NEWTON_ID);
    // Each item in the list shows how many threads are about it.
    const note = screen.getByRole("link", { name: "Newton's second law" }).closest("article") as HTMLElement;
    expect(await within(note).findByText("3 threads")).toBeInTheDocument();
    const question = screen.getByRole("link", { name: "Which way does the cart go?" }).closest("article") as HTMLElement;
    expect(within(question).getByText("1 thread")).toBeInTheDocument();
    const other = screen.getByRole("link", { name: "Newton's third law" }).closest("article") as HTMLElement;
    expect(within(other).queryByText(/thread/)).not.toBeInTheDocument();
  });

  it("invites the first question about a lesson, and says when the discussion can't load", async () => {
    let failing = false;
    const calls = mockApi({
      "GET /api/v1/me": () => json(student),
      "GET /api/v1/catalog": () => json(catalog),
      [`GET /api/v1/content/${NOTE_ID}`]: () => json(learnerItem()),
      "GET /api/v1/topics/newtons-laws/content": () => topicPage(),
      "GET /api/v1/forum/threads": () => (failing ? apiError(500, "internal_error") : noThreads()),
    });
    const { unmount } = renderWithProviders(<AppRoutes />, { route: `/learn/physics/newtons-laws/${NOTE_ID}` });
    const discussion = await screen.findByRole("region", { name: "Discussion" });
    expect(await within(discussion).findByText("No questions yet")).toBeInTheDocument();
    const ask = `/forum/new?${new URLSearchParams({ item: NOTE_ID, topic: NEWTON_ID, title: "Question about “Newton's second law”" }).toString()}`;
    expect(within(discussion).getByRole("link", { name: "Ask the first question" })).toHaveAttribute("href", ask);
    expect(calls.find((call) => call.path === "/api/v1/forum/threads")?.search.get("item")).toBe(NOTE_ID);
    // The note itself offers the same.
    expect(await screen.findByRole("link", { name: "Ask about this" })).toHaveAttribute("href", ask);
    unmount();

    failing = true;
    renderWithProviders(<AppRoutes />, { route: `/learn/physics/newtons-laws/${NOTE_ID}` });
    expect(await screen.findByText("We couldn't load the discussion")).toBeInTheDocument();
  });

  it("after a wrong answer, fills in the question and the answer given when asking about it", async () => {
    const question = topicItems.find((item) => item.id === QUESTION_ID);
    mockApi({
      "GET /api/v1/me": () => json(student),
      "GET /api/v1/catalog": () => json(catalog),
      [`GET /api/v1/content/${QUESTION_ID}`]: () => json(question),
      "GET /api/v1/topics/newtons-laws/content": () => topicPage(),
      "GET /api/v1/forum/threads": noThreads,
      [`GET /api/v1/content/${QUESTION_ID}/attempts`]: () => json({ items: [] }),
      [`POST /api/v1/content/${QUESTION_ID}/attempts`]: (call) =>
        json(
          {
            id: "60000000-0000-4000-8000-000000000001",
            item_id: QUESTION_ID,
            version: 2,
            answer: (call.body as { answer: Record<string, unknown> }).answer,
            correct: false,
            time_taken_ms: 5000,
            created_at: "2026-11-27T10:00:00Z",
            hints_used: 0,
            hints_total: 0,
            solution_shown: false,
          },
          201,
        ),
    });
    renderWithProviders(<AppRoutes />, { route: `/learn/physics/newtons-laws/${QUESTION_ID}` });
    const before = await screen.findByRole("link", { name: "Ask about this" });
    expect(new URL(before.getAttribute("href") ?? "", "http://x").searchParams.get("body")).toBeNull();

    await userEvent.click(await screen.findByRole("checkbox", { name: /It stays still/ }));
    await userEvent.click(screen.getByRole("button", { name: "Check answer" }));
    expect(await screen.findByRole("heading", { name: "Not quite" })).toBeInTheDocument();
    const after = screen.getByRole("link", { name: "Ask about this" });
    const query = new URL(after.getAttribute("href") ?? "", "http://x").searchParams;
    expect(after.getAttribute("href")?.startsWith("/forum/new?")).toBe(true);
    expect(query.get("item")).toBe(QUESTION_ID);
    expect(query.get("topic")).toBe(NEWTON_ID);
    expect(query.get("title")).toBe("Question about “Which way does the cart go?”");
    expect(query.get("body")).toBe("> A cart is pushed. Which statements are true?\n\nI answered “B. It stays still” but the expected answer is different — why?");
  });
});
