import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import { AppRoutes } from "../../app/routes";
import { author, CATALOG, CATEGORIES, ITEM_ID, lessonPreview, MENTOR, STUDENT, thread, TOPIC_ID } from "../../test/forum-fixtures";
import { apiError, json, mockApi, type Call } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";
import { filtersFromParams, toThreadQuery, withFilters } from "./forum-filters";
import { plainTitle, titleParts } from "./title-text";

beforeAll(async () => {
  await import("./ForumIndexPage");
}, 60_000);

const lists = (calls: Call[]) => calls.filter((call) => call.method === "GET" && call.path === "/api/v1/forum/threads");

function serve(signedIn: boolean) {
  return mockApi({
    "GET /api/v1/me": () => (signedIn ? json(STUDENT) : apiError(401, "not_authenticated")),
    "GET /api/v1/forum/categories": () => json(CATEGORIES),
    "GET /api/v1/catalog": () => json(CATALOG),
    [`GET /api/v1/public/content/${ITEM_ID}`]: () => json(lessonPreview()),
    "GET /api/v1/forum/threads": (call) =>
      json({
        items: [
          thread({ solved: true, reply_count: 4, score: 7, author: author(MENTOR, { badges: ["verified_mentor"] }), item_id: ITEM_ID }),
          thread({ id: "a0000000-0000-4000-8000-000000000099", title: "How do I revise for mocks?", topic_id: null, category: { id: CATEGORIES[1]!.id, slug: "study-skills", name: "Study skills" } }),
        ],
        total: 45,
        page: Number(call.search.get("page") ?? 1),
        page_size: 20,
      }),
  });
}

describe("the forum's filters", () => {
  it("read the address into the API's query and write changes back, resetting the page", () => {
    const filters = filtersFromParams(new URLSearchParams("category=physics&solved=false&sort=votes&page=3&item=not-an-id"));
    expect(toThreadQuery(filters)).toEqual({ category: "physics", solved: false, sort: "votes", page: 3, page_size: 20 });
    expect(withFilters(new URLSearchParams("category=physics&page=3"), { solved: "true" }).toString()).toBe("category=physics&solved=true");
    expect(withFilters(new URLSearchParams("sort=votes"), { sort: "activity" }).toString()).toBe("");
  });
});

describe("thread titles", () => {
  it("find the formulas between dollar signs, and read as text without them", () => {
    expect(titleParts("Why is $x^2$ worth \\$5?")).toEqual([
      { kind: "text", text: "Why is " },
      { kind: "formula", text: "x^2" },
      { kind: "text", text: " worth \\$5?" },
    ]);
    expect(plainTitle("Why is the derivative of $x^2$ equal to $2x$?")).toBe("Why is the derivative of x^2 equal to 2x?");
  });
});

describe("the forum index", { timeout: 20_000 }, () => {
  it("asks for the threads the address describes, and changing a filter changes the address and the request", async () => {
    const calls = serve(true);
    renderWithProviders(<AppRoutes />, { route: `/forum?category=physics&topic=${TOPIC_ID}&solved=false&sort=votes&page=2` });

    const list = await screen.findByRole("list", { name: "Threads" });
    const first = lists(calls)[0]!;
    expect(Object.fromEntries(first.search)).toEqual({ category: "physics", topic: TOPIC_ID, solved: "false", sort: "votes", page: "2", page_size: "20" });
    expect(screen.getByRole("heading", { level: 1, name: "Physics" })).toBeInTheDocument();
    const categories = screen.getByRole("navigation", { name: "Categories" });
    expect(within(categories).getByRole("link", { name: /Physics/ })).toHaveAttribute("aria-current", "page");
    expect(await screen.findByText("Topic: Projectile motion")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Unsolved" })).toHaveAttribute("aria-pressed", "true");

    // Each row: title, category, author with badges, replies and score, solved, linked lesson.
    const row = within(list).getAllByRole("listitem")[0]!;
    expect(within(row).getByRole("link", { name: "Why does the ball land at the same time?" })).toHaveAttribute("href", "/forum/t/a0000000-0000-4000-8000-000000000001");
    expect(within(row).getByText("Verified Mentor")).toBeInTheDocument();
    expect(within(row).getByText("Solved:")).toBeInTheDocument();
    expect(within(row).getByText("7 votes, 4 replies")).toBeInTheDocument();
    expect(await within(row).findByRole("link", { name: "About: Dropping and throwing" })).toHaveAttribute("href", `/learn/physics/projectile-motion/${ITEM_ID}`);

    await userEvent.click(screen.getByRole("button", { name: "Solved" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(`/forum?category=physics&topic=${TOPIC_ID}&solved=true&sort=votes`));
    await waitFor(() => expect(lists(calls).at(-1)?.search.get("solved")).toBe("true"));
    expect(lists(calls).at(-1)?.search.get("page")).toBe("1");

    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Sort by" }), "Latest activity");
    await waitFor(() => expect(lists(calls).at(-1)?.search.get("sort")).toBe("activity"));
    expect(screen.getByTestId("location")).not.toHaveTextContent("sort=");

    await userEvent.click(screen.getByRole("button", { name: "Remove filter: Topic: Projectile motion" }));
    await waitFor(() => expect(lists(calls).at(-1)?.search.has("topic")).toBe(false));

    await userEvent.click(within(categories).getByRole("link", { name: /Study skills/ }));
    await waitFor(() => expect(lists(calls).at(-1)?.search.get("category")).toBe("study-skills"));
    expect(screen.getByRole("link", { name: "New thread" })).toHaveAttribute("href", "/forum/new?category=study-skills");
  });

  it("is open to visitors", async () => {
    serve(false);
    renderWithProviders(<AppRoutes />, { route: "/forum" });
    expect(await screen.findByRole("list", { name: "Threads" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "All categories" })).toHaveAttribute("aria-current", "page");
    expect(screen.getByRole("link", { name: "New thread" })).toHaveAttribute("href", "/forum/new");
  });
});
