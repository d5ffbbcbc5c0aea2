import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import type { AdminForumCategory, FlaggedPost } from "../../api/forum-admin";
import { AppRoutes } from "../../app/routes";
import { catalog } from "../../test/marketplace-fixtures";
import { apiError, json, makeUser, mockApi, type Call } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";
import { categoryMoves } from "./forum-category-order";

const admin = makeUser({ id: "00000000-0000-4000-8000-000000000001", role: "admin", display_name: "Grace Hopper" });
const HIDDEN_POST = "a0000000-0000-4000-8000-000000000001";
const VISIBLE_POST = "a0000000-0000-4000-8000-000000000002";
const THREAD = "90000000-0000-4000-8000-000000000001";
const AUTHOR = "5f0c6d1e-8c1b-4d36-9a57-0d7b1c9c2a11";

beforeAll(async () => {
  await Promise.all([import("./AdminForumFlagsPage"), import("../content/ContentBody")]);
}, 60_000);

function flagged(id: string, overrides: Partial<FlaggedPost["post"]> = {}, extra: Partial<FlaggedPost> = {}): FlaggedPost {
  const hours = (n: number) => new Date(Date.now() - n * 3600_000).toISOString();
  return {
    post: {
      id,
      thread_id: THREAD,
      number: 4,
      parent_id: null,
      depth: 1,
      flattened: false,
      reply_to: null,
      status: "hidden",
      author: { id: AUTHOR, name: "Sam Troll", badges: [], is_content_author: false },
      markdown: "Buy **cheap** essays",
      html: "<p>Buy <strong>cheap</strong> essays at my site</p>",
      created_at: hours(5),
      edited_at: null,
      revision_count: 1,
      score: -3,
      upvotes: 0,
      downvotes: 3,
      accepted: false,
      my_vote: 0,
      flagged_by_me: false,
      in_review: true,
      moderation_reason: null,
      ...overrides,
    },
    thread_title: "Help with Newton's third law",
    flags: [
      { flagger_id: "80000000-0000-4000-8000-000000000001", flagger_name: "Mei Lin", reason: "Spam", created_at: hours(3), resolved_at: null },
      { flagger_id: "80000000-0000-4000-8000-000000000002", flagger_name: "Kofi Mensah", reason: "Advertising", created_at: hours(2), resolved_at: null },
      { flagger_id: "80000000-0000-4000-8000-000000000003", flagger_name: null, reason: "Not about physics", created_at: hours(1), resolved_at: null },
    ],
    flagged_at: hours(3),
    ...extra,
  };
}

const visible = () =>
  flagged(VISIBLE_POST, { status: "visible", in_review: false, number: 2, html: "<p>You are all wrong</p>", author: { id: "80000000-0000-4000-8000-000000000009", name: "Rita Rude", badges: ["verified_mentor"], is_content_author: false } }, {
    flags: [{ flagger_id: "80000000-0000-4000-8000-000000000001", flagger_name: "Mei Lin", reason: "Rude", created_at: new Date().toISOString(), resolved_at: null }],
  });

const page = (items: FlaggedPost[], total = items.length, at = 1) => json({ items, total, page: at, page_size: 20 });
const decisions = (calls: Call[]) => calls.filter((call) => call.method === "POST" && call.path.endsWith("/decision"));

describe("forum moderation", () => {
  it("lists flagged posts, hidden first, with the post, its author, thread and every flag", async () => {
    mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/admin/forum/flags": () => page([flagged(HIDDEN_POST), visible()]),
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/forum" });
    const list = await screen.findByRole("list", { name: "Flagged posts" });
    const [first, second] = within(list).getAllByRole("listitem", { name: /^Post by/ }) as [HTMLElement, HTMLElement];
    expect(first).toHaveAccessibleName("Post by Sam Troll in “Help with Newton's third law”");
    expect(second).toHaveAccessibleName("Post by Rita Rude in “Help with Newton's third law”");

    expect(within(first).getByText("Hidden by flags")).toBeInTheDocument();
    // The post's HTML through the lesson renderer: markup, not tags as text.
    expect((await within(first).findByText("cheap")).tagName).toBe("STRONG");
    expect(within(first).getByRole("link", { name: "Help with Newton's third law" })).toHaveAttribute("href", `/forum/t/${THREAD}#post-4`);
    expect(within(first).getByRole("link", { name: "Sam Troll" })).toHaveAttribute("href", `/admin/users/${AUTHOR}`);
    expect(within(first).getByText("3 open flags")).toBeInTheDocument();
    const flags = within(first).getByRole("list", { name: "Flags" });
    expect(within(flags).getByText("Spam")).toBeInTheDocument();
    expect(within(flags).getByText("Advertising")).toBeInTheDocument();
    expect(within(flags).getByText(/Kofi Mensah/)).toBeInTheDocument();
    expect(within(flags).getByText(/A deleted account/)).toBeInTheDocument();
    // A hidden post can't be hidden again; a visible one can be kept as it is.
    expect(within(first).queryByRole("button", { name: "Hide…" })).not.toBeInTheDocument();
    expect(within(first).getByRole("button", { name: "Restore" })).toBeInTheDocument();

    expect(within(second).getByText("Visible")).toBeInTheDocument();
    expect(within(second).getByText("Verified Mentor")).toBeInTheDocument();
    expect(within(second).getByText("1 open flag")).toBeInTheDocument();
    expect(within(second).getByRole("button", { name: "Keep visible" })).toBeInTheDocument();
    for (const action of ["Hide…", "Warn author…", "Delete…", "Suspend author…"]) {
      expect(within(second).getByRole("button", { name: action })).toBeInTheDocument();
    }
  });

  it("requires a reason to hide a post, sends the decision, and the post leaves the queue", async () => {
    let queue = [flagged(HIDDEN_POST), visible()];
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/admin/forum/flags": () => page(queue),
      [`POST /api/v1/admin/forum/posts/${VISIBLE_POST}/decision`]: () => {
        const decided = visible();
        queue = queue.filter((item) => item.post.id !== VISIBLE_POST);
        return json({ ...decided, post: { ...decided.post, status: "hidden" } });
      },
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/forum" });
    const item = await screen.findByRole("listitem", { name: /^Post by Rita Rude/ });
    await userEvent.click(within(item).getByRole("button", { name: "Hide…" }));
    const dialog = screen.getByRole("dialog", { name: "Hide this post" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Hide post" }));
    expect(within(dialog).getByLabelText("Reason")).toHaveAccessibleDescription("Give the author a reason.");
    expect(decisions(calls)).toHaveLength(0);

    await userEvent.type(within(dialog).getByLabelText("Reason"), "Please discuss the physics, not the people.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Hide post" }));
    expect(await screen.findByText("Post hidden")).toBeInTheDocument();
    expect(decisions(calls)[0]?.body).toEqual({ action: "hide", reason: "Please discuss the physics, not the people." });
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("listitem", { name: /^Post by Rita Rude/ })).not.toBeInTheDocument());
    expect(screen.getByRole("listitem", { name: /^Post by Sam Troll/ })).toBeInTheDocument();
  });

  it("restores a hidden post without a reason, and keeps a refused decision's dialog open with the cause", async () => {
    let queue = [flagged(HIDDEN_POST)];
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/admin/forum/flags": () => page(queue),
      [`POST /api/v1/admin/forum/posts/${HIDDEN_POST}/decision`]: (call) => {
        if ((call.body as { action: string }).action === "suspend") return apiError(409, "cannot_modify_self");
        queue = [];
        return json(flagged(HIDDEN_POST, { status: "visible", in_review: false }));
      },
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/forum" });
    const item = await screen.findByRole("listitem", { name: /^Post by Sam Troll/ });

    await userEvent.click(within(item).getByRole("button", { name: "Suspend author…" }));
    let dialog = screen.getByRole("dialog", { name: "Suspend Sam Troll" });
    await userEvent.type(within(dialog).getByLabelText("Reason"), "Spam, again");
    await userEvent.click(within(dialog).getByRole("button", { name: "Suspend author" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("You can't suspend, delete or demote your own account.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));

    await userEvent.click(within(item).getByRole("button", { name: "Restore" }));
    dialog = screen.getByRole("dialog", { name: "Restore this post" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Restore post" }));
    expect(await screen.findByText("Post restored")).toBeInTheDocument();
    expect(decisions(calls).map((call) => call.body)).toEqual([
      { action: "suspend", reason: "Spam, again" },
      { action: "restore", reason: "" },
    ]);
    expect(await screen.findByText("No flagged posts")).toBeInTheDocument();
  });

  it("keeps the page in the address", async () => {
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/admin/forum/flags": (call) => {
        const at = Number(call.search.get("page") ?? 1);
        return page([flagged(at === 1 ? HIDDEN_POST : VISIBLE_POST, at === 1 ? {} : { author: { id: AUTHOR, name: `Page ${at} author`, badges: [], is_content_author: false } })], 41, at);
      },
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/forum" });
    await screen.findByRole("listitem", { name: /^Post by Sam Troll/ });
    await userEvent.click(screen.getByRole("button", { name: "Next page" }));
    expect(await screen.findByRole("listitem", { name: /^Post by Page 2 author/ })).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent("/admin/forum?page=2");
    expect(calls.filter((call) => call.path === "/api/v1/admin/forum/flags").at(-1)?.search.get("page_size")).toBe("20");
  });

  it("is in the admin's navigation", async () => {
    mockApi({ "GET /api/v1/me": () => json(admin), "GET /api/v1/admin/forum/flags": () => page([]) });
    renderWithProviders(<AppRoutes />, { route: "/admin/forum" });
    const nav = await screen.findByRole("navigation", { name: "Main" });
    expect(within(nav).getByRole("link", { name: "Forum moderation" })).toHaveAttribute("aria-current", "page");
    expect(await screen.findByText("No flagged posts")).toBeInTheDocument();
  });
});

function category(index: number, overrides: Partial<AdminForumCategory> = {}): AdminForumCategory {
  return {
    id: `b0000000-0000-4000-8000-00000000000${index}`,
    name: `Category ${index}`,
    slug: `category-${index}`,
    description: "",
    position: 0,
    subject_id: null,
    thread_count: 0,
    ...overrides,
  };
}

describe("forum categories", () => {
  it("renumbers only what a move changes", () => {
    const list = [category(1, { position: 0 }), category(2, { position: 1 }), category(3, { position: 2 })];
    expect(categoryMoves(list, 2, -1)).toEqual([
      { id: list[2]?.id, position: 1 },
      { id: list[1]?.id, position: 2 },
    ]);
    expect(categoryMoves(list, 0, -1)).toEqual([]);
    // Never ordered: the first move numbers them all.
    const unordered = [category(1), category(2), category(3)];
    expect(categoryMoves(unordered, 0, 1).map((move) => move.position)).toEqual([1, 2]);
  });

  it("adds, renames, reorders and removes categories", async () => {
    const physics = catalog.subjects[0];
    let categories = [category(1, { name: "Physics", slug: "physics", subject_id: physics?.id ?? null, thread_count: 4, description: "Mechanics and more" }), category(2, { name: "General", slug: "general", position: 1 })];
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/catalog": () => json(catalog),
      "GET /api/v1/forum/categories": () => json(categories),
      "GET /api/v1/admin/forum/flags": () => page([]),
      "POST /api/v1/admin/forum/categories": (call) => {
        const made = category(3, { ...(call.body as Partial<AdminForumCategory>), slug: "study-tips" });
        categories = [...categories, made];
        return json(made, 201);
      },
      [`PATCH /api/v1/admin/forum/categories/${category(2).id}`]: (call) => {
        categories = categories.map((item) => (item.id === category(2).id ? { ...item, ...(call.body as Partial<AdminForumCategory>) } : item));
        return json(categories.find((item) => item.id === category(2).id));
      },
      [`PATCH /api/v1/admin/forum/categories/${category(1).id}`]: (call) => json({ ...categories[0], ...(call.body as object) }),
      [`DELETE /api/v1/admin/forum/categories/${category(2).id}`]: () => apiError(409, "forum_category_not_empty"),
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/forum" });
    expect(await screen.findByText("No flagged posts")).toBeInTheDocument();
    await userEvent.click(within(screen.getByRole("navigation", { name: "Forum administration" })).getByRole("link", { name: "Categories" }));
    expect(screen.getByTestId("location")).toHaveTextContent("/admin/forum?view=categories");
    const list = await screen.findByRole("list", { name: "Categories" });
    expect(within(list).getByText("4 threads · Physics")).toBeInTheDocument();
    expect(within(list).getByText("Mechanics and more")).toBeInTheDocument();
    expect(within(list).getByRole("button", { name: "Physics holds threads and can't be removed" })).toBeDisabled();

    await userEvent.click(screen.getByRole("button", { name: "Add category" }));
    let dialog = screen.getByRole("dialog", { name: "Add a category" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Add category" }));
    expect(within(dialog).getByLabelText("Name")).toHaveAccessibleDescription("Give the category a name.");
    await userEvent.type(within(dialog).getByLabelText("Name"), "Study tips");
    await userEvent.type(within(dialog).getByLabelText(/Description/), "How to learn well");
    await userEvent.click(within(dialog).getByRole("button", { name: "Add category" }));
    expect(await screen.findByText("Category added")).toBeInTheDocument();
    const created = calls.find((call) => call.method === "POST");
    expect(created?.body).toEqual({ name: "Study tips", slug: null, description: "How to learn well", subject: null, position: 2 });
    expect(await within(list).findByText("study-tips")).toBeInTheDocument();

    await userEvent.click(within(list).getByRole("button", { name: "Edit General" }));
    dialog = screen.getByRole("dialog", { name: "Edit General" });
    await userEvent.clear(within(dialog).getByLabelText("Name"));
    await userEvent.type(within(dialog).getByLabelText("Name"), "Everything else");
    await userEvent.selectOptions(within(dialog).getByLabelText(/Catalog subject/), physics?.name ?? "");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("Changes saved")).toBeInTheDocument();
    expect(calls.filter((call) => call.method === "PATCH").at(-1)?.body).toEqual({ name: "Everything else", subject: physics?.id });

    await userEvent.click(await within(list).findByRole("button", { name: "Move Everything else up" }));
    await waitFor(() => expect(calls.filter((call) => call.method === "PATCH")).toHaveLength(3));
    const moves = calls.filter((call) => call.method === "PATCH").slice(1);
    expect(moves.map((call) => [call.path.split("/").at(-1), call.body])).toEqual([
      [category(2).id, { position: 0 }],
      [category(1).id, { position: 1 }],
    ]);

    await userEvent.click(within(list).getByRole("button", { name: "Remove Everything else" }));
    dialog = screen.getByRole("dialog", { name: "Remove Everything else?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Remove category" }));
    expect(await within(dialog).findByText("It holds threads now. Move or delete them first.")).toBeInTheDocument();
  }, 20_000);
});
