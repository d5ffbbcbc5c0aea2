import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { SearchHit, SearchPage as SearchPageBody } from "../../api/search";
import { AdaptiveLayout } from "../../components/layout/AdaptiveLayout";
import { catalog, MECHANICS_ID, NEWTON_ID, PHYSICS_ID } from "../../test/marketplace-fixtures";
import { apiError, json, makeUser, mockApi, type Call } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";
import { Highlighted } from "./Highlighted";
import SearchPage from "./SearchPage";
import { filtersFromParams, groupByKind, hitHref, hitMoment, toSearchQuery } from "./search-params";

// These tests mount their own small route table; the app's full one (which loads every page) isn't needed.
vi.mock("../../app/routes", () => ({ AppRoutes: () => null }));

const visitor = () => apiError(401, "not_authenticated");
let counter = 0;

function hit(overrides: Partial<SearchHit> = {}): SearchHit {
  counter += 1;
  const id = `50000000-0000-4000-8000-${String(counter).padStart(12, "0")}`;
  const title = overrides.title ?? `Item ${counter}`;
  return {
    item_id: id,
    kind: "note",
    version: 1,
    is_live: true,
    status: null,
    title,
    title_highlight: [{ text: title, highlight: false }],
    snippet: [{ text: "Some text.", highlight: false }],
    rank: 1,
    subject: { id: PHYSICS_ID, slug: "physics", name: "Physics" },
    chapter: { id: MECHANICS_ID, slug: "mechanics", name: "Mechanics" },
    topic: { id: NEWTON_ID, slug: "newtons-laws", name: "Newton's laws of motion" },
    mentor: { id: "40000000-0000-4000-8000-000000000001", name: "Amara Okafor" },
    ...overrides,
  };
}

function page(items: SearchHit[], overrides: Partial<SearchPageBody> = {}): SearchPageBody {
  return { items, total: items.length, total_exact: true, page: 1, page_size: 20, scope: "live", ...overrides };
}

/** The search page and a learn page, in the adaptive frame, independent of the app's full route table. */
function renderSearch(route: string) {
  return renderWithProviders(
    <Routes>
      <Route element={<AdaptiveLayout />}>
        <Route path="search" element={<SearchPage />} />
        <Route path="learn" element={<h1>Learn home</h1>} />
      </Route>
    </Routes>,
    { route },
  );
}

const searchCalls = (calls: Call[]) => calls.filter((call) => call.path === "/api/v1/search");

beforeAll(async () => {
  await import("./SearchPage");
}, 60_000);

describe("highlighted segments", () => {
  it("marks the matched words and keeps markup as text", () => {
    const { container } = render(
      <p data-testid="snippet">
        <Highlighted
          segments={[
            { text: "<script>alert('x')</script> the ", highlight: false },
            { text: "energy", highlight: true },
            { text: " of <b>motion</b>", highlight: false },
          ]}
        />
      </p>,
    );
    const marks = container.querySelectorAll("mark");
    expect([...marks].map((mark) => mark.textContent)).toEqual(["energy"]);
    expect(container.querySelector("script")).toBeNull();
    expect(container.querySelector("b")).toBeNull();
    expect(screen.getByTestId("snippet")).toHaveTextContent("<script>alert('x')</script> the energy of <b>motion</b>");
  });

  it("falls back to the plain title when there are no segments", () => {
    render(<Highlighted segments={[]} fallback="Plain title" />);
    expect(screen.getByText("Plain title")).toBeInTheDocument();
  });
});

describe("search helpers", () => {
  it("groups a page's hits by kind in a fixed order, keeping rank order inside each group", () => {
    const hits = [hit({ kind: "question", title: "q1" }), hit({ kind: "note", title: "n1" }), hit({ kind: "simulation", title: "s1" }), hit({ kind: "note", title: "n2" })];
    expect(groupByKind(hits).map((group) => [group.title, group.hits.map((item) => item.title)])).toEqual([
      ["Notes", ["n1", "n2"]],
      ["Questions", ["q1"]],
      ["Simulations", ["s1"]],
    ]);
  });

  it("turns the address into the request; workspace scope only for mentors and admins", () => {
    const filters = filtersFromParams(new URLSearchParams("q=energy&kind=question&kind=note&kind=bogus&subject=physics&scope=workspace&page=3"));
    expect(toSearchQuery(filters, "mentor")).toEqual({ q: "energy", kind: ["note", "question"], subject: "physics", scope: "workspace", page: 3, page_size: 20 });
    expect(toSearchQuery(filters, "student")).not.toHaveProperty("scope");
    expect(toSearchQuery(filters, undefined)).not.toHaveProperty("scope");
  });

  it("links live hits to the lesson and workspace drafts to the editor or the review screen", () => {
    const live = hit();
    const draft = hit({ is_live: false, status: "draft" });
    expect(hitHref(live, "student")).toBe(`/learn/physics/newtons-laws/${live.item_id}`);
    expect(hitHref(draft, "mentor")).toBe(`/mentor/content/${draft.item_id}`);
    expect(hitHref(draft, "admin")).toBe(`/admin/content/${draft.item_id}`);
  });

  it("sends a video hit to the moment the words are said", () => {
    const said = hit({ kind: "video", at_seconds: 65.4 });
    expect(hitHref(said, "student")).toBe(`/learn/physics/newtons-laws/${said.item_id}#t=65`);
    expect(hitMoment(said)).toBe("at 1:05");
    expect(hitMoment(hit())).toBeNull();
  });
});

describe("search page", () => {
  it("shows results grouped by kind with highlights, places and mentors, for visitors too", async () => {
    const note = hit({
      title: "Kinetic energy",
      title_highlight: [{ text: "Kinetic ", highlight: false }, { text: "energy", highlight: true }],
      snippet: [{ text: "The ", highlight: false }, { text: "energy", highlight: true }, { text: " of <i>motion</i>.", highlight: false }],
    });
    const notes = [note, hit({ title: "Work" })];
    const question = hit({ kind: "question", title: "Which is larger?" });
    const simulation = hit({ kind: "simulation", title: "Energy skate park" });
    const calls = mockApi({
      "GET /api/v1/me": visitor,
      "GET /api/v1/catalog": () => json(catalog),
      "GET /api/v1/search": () => json(page([question, ...notes, simulation])),
    });
    renderSearch("/search?q=energy");

    expect(await screen.findByText("4 results")).toBeInTheDocument();
    const results = screen.getByRole("region", { name: "Results" });
    const sections = within(results).getAllByRole("region");
    expect(sections.map((section) => section.getAttribute("aria-labelledby"))).toEqual(["results-note", "results-question", "results-simulation"]);
    const [noteSection, questionSection, simulationSection] = sections as [HTMLElement, HTMLElement, HTMLElement];
    expect(noteSection).toHaveAccessibleName("Notes, 2 on this page");
    expect(questionSection).toHaveAccessibleName("Questions, 1 on this page");
    expect(simulationSection).toHaveAccessibleName("Simulations, 1 on this page");

    const link = within(noteSection).getByRole("link", { name: "Kinetic energy" });
    expect(link).toHaveAttribute("href", `/learn/physics/newtons-laws/${note.item_id}`);
    expect(link.querySelector("mark")).toHaveTextContent("energy");
    const card = link.closest("article") as HTMLElement;
    expect(within(card).getByText(/of <i>motion<\/i>\./)).toBeInTheDocument();
    expect(card.querySelector("i")).toBeNull();
    expect(card).toHaveTextContent("Physics › Mechanics › Newton's laws of motion");
    expect(within(card).getByText("By Amara Okafor")).toBeInTheDocument();
    expect(within(questionSection).getByRole("link", { name: "Which is larger?" })).toBeInTheDocument();

    // Visitors get no workspace toggle and never ask for it.
    expect(screen.queryByRole("checkbox", { name: /Include/ })).not.toBeInTheDocument();
    const request = searchCalls(calls)[0];
    expect(request?.search.get("q")).toBe("energy");
    expect(request?.search.has("scope")).toBe(false);
  });

  it("keeps filters in the address and sends them, kind repeated and workspace scope", async () => {
    const draft = hit({ is_live: false, status: "draft", title: "My draft" });
    const calls = mockApi({
      "GET /api/v1/me": () => json(makeUser({ role: "mentor" })),
      "GET /api/v1/catalog": () => json(catalog),
      "GET /api/v1/search": () => json(page([draft], { scope: "workspace" })),
    });
    renderSearch("/search?q=force&kind=note");
    await screen.findByText("1 result");
    expect(searchCalls(calls).at(-1)?.search.getAll("kind")).toEqual(["note"]);

    await userEvent.click(screen.getByRole("checkbox", { name: "Questions" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/search?q=force&kind=note&kind=question"));
    await waitFor(() => expect(searchCalls(calls).at(-1)?.search.getAll("kind")).toEqual(["note", "question"]));

    await userEvent.selectOptions(await screen.findByRole("combobox", { name: "Subject" }), "physics");
    await userEvent.click(screen.getByRole("checkbox", { name: /Include my drafts/ }));
    await waitFor(() =>
      expect(screen.getByTestId("location")).toHaveTextContent("/search?q=force&kind=note&kind=question&subject=physics&scope=workspace"),
    );
    await waitFor(() => expect(searchCalls(calls).at(-1)?.search.get("scope")).toBe("workspace"));
    const last = searchCalls(calls).at(-1);
    expect(last?.search.get("subject")).toBe("physics");
    expect(last?.search.get("q")).toBe("force");

    // A mentor's own draft opens in the editor, with its state.
    const link = await screen.findByRole("link", { name: "My draft" });
    expect(link).toHaveAttribute("href", `/mentor/content/${draft.item_id}`);
    expect(within(link.closest("article") as HTMLElement).getByText("Draft")).toBeInTheDocument();
  });

  it("says when the count is capped, and pages through results", async () => {
    const hits = Array.from({ length: 20 }, () => hit());
    const calls = mockApi({
      "GET /api/v1/me": visitor,
      "GET /api/v1/catalog": () => json(catalog),
      "GET /api/v1/search": () => json(page(hits, { total: 1000, total_exact: false })),
    });
    renderSearch("/search?q=the");
    expect(await screen.findByText("1,000+ results")).toBeInTheDocument();
    const pagination = screen.getByRole("navigation", { name: "Pagination" });
    expect(pagination).toHaveTextContent("of 1,000+ results");
    await userEvent.click(within(pagination).getByRole("button", { name: "Next page" }));
    await waitFor(() => expect(searchCalls(calls).at(-1)?.search.get("page")).toBe("2"));
    expect(screen.getByTestId("location")).toHaveTextContent("/search?q=the&page=2");
  });

  it("shows syntax tips when nothing matches, and the server's message when the query is refused", async () => {
    mockApi({
      "GET /api/v1/me": visitor,
      "GET /api/v1/catalog": () => json(catalog),
      "GET /api/v1/search": (call) =>
        call.search.get("q") === "bad"
          ? apiError(422, "invalid_search_query", "The search contains characters that can't be searched.")
          : json(page([])),
    });
    const { unmount } = renderSearch("/search?q=zzz");
    expect(await screen.findByText("Nothing matches “zzz”")).toBeInTheDocument();
    expect(screen.getByText("\"kinetic energy\"")).toBeInTheDocument();
    unmount();

    renderSearch("/search?q=bad");
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The search contains characters that can't be searched.");
  });

  it("asks for words before searching", async () => {
    const calls = mockApi({ "GET /api/v1/me": visitor, "GET /api/v1/catalog": () => json(catalog) });
    renderSearch("/search");
    expect(await screen.findByRole("heading", { name: "Search notes, questions and simulations" })).toBeInTheDocument();
    expect(searchCalls(calls)).toHaveLength(0);
  });
});

// Typing in the header also asks for suggestions: slow on a busy machine.
describe("header search", { timeout: 30_000 }, () => {
  it("opens the results page from the public header, and / focuses it", async () => {
    const calls = mockApi({
      "GET /api/v1/me": visitor,
      "GET /api/v1/catalog": () => json(catalog),
      "GET /api/v1/search": () => json(page([hit({ title: "Momentum" })])),
      "GET /api/v1/search/suggest": () => json({ lessons: [], courses: [], mentors: [] }),
    });
    renderSearch("/learn");
    await screen.findByRole("heading", { name: "Learn home" });
    const box = within(screen.getByRole("search", { name: "Site" })).getByRole("combobox", { name: "Search Mentora" });

    await userEvent.keyboard("/");
    expect(box).toHaveFocus();
    await userEvent.type(box, "\"linear momentum\" -angular{Enter}");
    await waitFor(() =>
      expect(screen.getByTestId("location")).toHaveTextContent(`/search?q=${encodeURIComponent("\"linear momentum\" -angular").replace(/%20/g, "+")}`),
    );
    expect(await screen.findByRole("link", { name: "Momentum" })).toBeInTheDocument();
    expect(searchCalls(calls).at(-1)?.search.get("q")).toBe("\"linear momentum\" -angular");
    // The box keeps the words on the results page.
    expect(within(screen.getByRole("search", { name: "Site" })).getByRole("combobox")).toHaveValue("\"linear momentum\" -angular");
  });

  it("ignores / while typing in a field, and works from the signed-in shell", async () => {
    mockApi({
      "GET /api/v1/me": () => json(makeUser()),
      "GET /api/v1/catalog": () => json(catalog),
      "GET /api/v1/search": () => json(page([])),
      "GET /api/v1/search/suggest": () => json({ lessons: [], courses: [], mentors: [] }),
    });
    renderSearch("/search");
    const pageBox = await screen.findByRole("searchbox");
    const header = within(screen.getByRole("search", { name: "Site" })).getByRole("combobox");
    await userEvent.click(pageBox);
    await userEvent.keyboard("/");
    expect(pageBox).toHaveFocus();
    expect(pageBox).toHaveValue("/");

    await userEvent.type(header, "waves{Enter}");
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/search?q=waves"));
  });

  it("opens the field from the search button on small screens", async () => {
    mockApi({
      "GET /api/v1/me": visitor,
      "GET /api/v1/catalog": () => json(catalog),
      "GET /api/v1/search/suggest": () => json({ lessons: [], courses: [], mentors: [] }),
    });
    renderSearch("/learn");
    await screen.findByRole("heading", { name: "Learn home" });
    const [toggle] = screen.getAllByRole("button", { name: "Search" });
    await userEvent.click(toggle as HTMLElement);
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    const panel = document.getElementById(toggle?.getAttribute("aria-controls") ?? "") as HTMLElement;
    const field = within(panel).getByRole("combobox", { name: "Search Mentora" });
    expect(field).toHaveFocus();
    await userEvent.type(field, "torque{Enter}");
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/search?q=torque"));
    expect(screen.queryByRole("button", { name: "Close search" })).not.toBeInTheDocument();
  });
});
