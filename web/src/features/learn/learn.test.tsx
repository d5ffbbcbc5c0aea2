import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import { AppRoutes } from "../../app/routes";
import { learnerItem, NOTE_ID, QUESTION_ID, SECOND_NOTE_ID, SIMULATION_ID, topicItems } from "../../test/learning-fixtures";
import { catalog } from "../../test/marketplace-fixtures";
import { apiError, json, makeUser, mockApi } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";

const student = makeUser();
const visitor = () => apiError(401, "not_authenticated");
const topicPage = (items = topicItems) =>
  json({ items, total: items.length, page: 1, page_size: 100, topic: catalog.subjects[0]?.chapters[0]?.topics[1] });

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
    });
    renderWithProviders(<AppRoutes />, { route: "/learn/physics/newtons-laws" });
    expect(await screen.findByRole("heading", { level: 1, name: "Newton's laws of motion" })).toBeInTheDocument();
    expect(screen.getByText("Physics · Mechanics")).toBeInTheDocument();

    // The toasts' live region is a region too; the material's sections are the page's own.
    const sections = (await screen.findAllByRole("region")).filter((region) => region.getAttribute("aria-label") !== "Notifications");
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
});
