import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import type { ReviewItem } from "../../api/moderation";
import { AppRoutes } from "../../app/routes";
import { NOTE_ID, QUESTION_ID, reviewItem, reviewSummary, version } from "../../test/learning-fixtures";
import { catalog, completeProfile, MENTOR_ID } from "../../test/marketplace-fixtures";
import { apiError, json, makeUser, mockApi, type Call } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";
import { queueQuery, reviewFiltersFromParams, withReviewFilter } from "./content-review";

const admin = makeUser({ id: "00000000-0000-4000-8000-000000000001", role: "admin", display_name: "Grace Hopper" });
const ITEM_PATH = `/api/v1/admin/content/${QUESTION_ID}`;
const DIFF = {
  changed: true,
  inserted: 1,
  deleted: 1,
  lines: [
    { op: "delete", block: { kind: "title", inlines: [{ text: "Where does the cart go?" }] } },
    { op: "insert", block: { kind: "title", inlines: [{ text: "Which way does the cart go?" }] } },
    { op: "equal", block: { kind: "field", label: "Question type", inlines: [{ text: "single choice" }] } },
  ],
};

beforeAll(async () => {
  await Promise.all([import("./AdminContentQueuePage"), import("./AdminContentReviewPage"), import("../content/ContentView")]);
}, 60_000);

function detailRoutes(state: { item: ReviewItem }, extra: Parameters<typeof mockApi>[0] = {}) {
  return mockApi({
    "GET /api/v1/me": () => json(admin),
    "GET /api/v1/catalog": () => json(catalog),
    [`GET ${ITEM_PATH}`]: () => json(state.item),
    [`GET ${ITEM_PATH}/diff`]: () => json({ item_id: QUESTION_ID, from_version: state.item.live_version, to_version: state.item.latest_version, ...DIFF }),
    "GET /api/v1/admin/content": () => json({ items: [], total: 0, page: 1, page_size: 20 }),
    ...extra,
  });
}

const posts = (calls: Call[], suffix: string) => calls.filter((call) => call.method === "POST" && call.path.endsWith(suffix));

describe("moderation queue filters", () => {
  it("reads only valid filters from the address and resets dependent ones", () => {
    const filters = reviewFiltersFromParams(new URLSearchParams(`kind=quiz&subject=physics&topic=newtons-laws&mentor=${MENTOR_ID}&age=3&page=2`));
    expect(queueQuery(filters)).toEqual({ status: "pending", subject: "physics", topic: "newtons-laws", mentor: MENTOR_ID, waiting_days: 3, page: 2, page_size: 20 });
    expect(filters.age).toBe(3);
    expect(reviewFiltersFromParams(new URLSearchParams("status=approved&age=3&mentor=nope")).age).toBe(0);
    expect(withReviewFilter(new URLSearchParams("subject=physics&topic=newtons-laws&page=3"), "subject", "chemistry").toString()).toBe("subject=chemistry");
    expect(withReviewFilter(new URLSearchParams("age=3"), "status", "approved").toString()).toBe("status=approved");
  });
});

describe("content moderation", () => {
  it("says when the subject or topic in the address is no longer in the catalog", async () => {
    mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/catalog": () => json(catalog),
      "GET /api/v1/admin/mentors": () => json({ items: [], total: 0, page: 1, page_size: 100 }),
      "GET /api/v1/admin/content": () => apiError(422, "unknown_catalog_filter", "No such topic in the catalog.", { fields: { topic: "No such topic in the catalog." } }),
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/content?topic=gone-topic" });
    expect(await screen.findByText("That subject or topic no longer exists")).toBeInTheDocument();
  });

  it("lists the queue, new items apart from edits, and filters by kind", async () => {
    const items = [
      reviewSummary({ id: QUESTION_ID }),
      reviewSummary({ id: NOTE_ID, kind: "note", title: "Momentum, explained", live_version: null, latest_version: 1, mentor_name: "Kofi Mensah" }),
    ];
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/catalog": () => json(catalog),
      "GET /api/v1/admin/mentors": () => json({ items: [completeProfile({ status: "verified" })], total: 1, page: 1, page_size: 100 }),
      "GET /api/v1/admin/content": (call) =>
        call.search.get("page_size") === "1"
          ? json({ items: [], total: call.search.get("status") === "pending" ? 2 : 0, page: 1, page_size: 1 })
          : json({ items: call.search.get("kind") === "note" ? items.slice(1) : items, total: 2, page: 1, page_size: 20 }),
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/content" });
    const table = await screen.findByRole("table", { name: "Content review: To review" });
    const edit = (await within(table).findByRole("link", { name: "Which way does the cart go?" })).closest("tr") as HTMLElement;
    expect(within(edit).getByText("Edit of live v2")).toBeInTheDocument();
    expect(within(edit).getByText("Physics › Newton's laws of motion")).toBeInTheDocument();
    const fresh = within(table).getByRole("link", { name: "Momentum, explained" }).closest("tr") as HTMLElement;
    expect(within(fresh).getByText("New")).toBeInTheDocument();
    expect(within(screen.getByRole("navigation", { name: "Review status" })).getByRole("link", { name: /To review/ })).toHaveAttribute("aria-current", "page");
    expect(within(screen.getByRole("navigation", { name: "Main" })).getByRole("link", { name: "Content review" })).toHaveAttribute("aria-current", "page");

    await userEvent.click(screen.getByRole("button", { name: "Filters" }));
    await userEvent.selectOptions(screen.getByLabelText("Kind"), "note");
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/admin/content?kind=note"));
    await waitFor(() => expect(within(table).queryByRole("link", { name: "Which way does the cart go?" })).not.toBeInTheDocument());
    const listed = calls.filter((call) => call.path === "/api/v1/admin/content" && call.search.get("page_size") === "20");
    expect(listed.at(-1)?.search.get("kind")).toBe("note");
    expect(listed.at(-1)?.search.get("status")).toBe("pending");
    expect(within(screen.getByLabelText("Mentor")).getByRole("option", { name: "Amara Okafor" })).toBeInTheDocument();

    // The waiting-time filter is the server's: one request, its answer shown as it is.
    await userEvent.selectOptions(screen.getByLabelText("Waiting"), "3");
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/admin/content?kind=note&age=3"));
    await waitFor(() => expect(listed.length).toBeLessThan(calls.filter((call) => call.path === "/api/v1/admin/content" && call.search.get("page_size") === "20").length));
    const waiting = calls.filter((call) => call.path === "/api/v1/admin/content" && call.search.get("page_size") === "20").at(-1);
    expect(waiting?.search.get("waiting_days")).toBe("3");
    expect(waiting?.search.get("kind")).toBe("note");
    expect(await screen.findByText("Showing items waiting more than 3 days for review.")).toHaveAttribute("role", "status");
  });

  it("previews a question as students see it, with the answer key for reviewers and the diff", async () => {
    detailRoutes({ item: reviewItem() });
    renderWithProviders(<AppRoutes />, { route: `/admin/content/${QUESTION_ID}` });
    expect(await screen.findByRole("heading", { level: 1, name: "Which way does the cart go?" })).toBeInTheDocument();
    expect(screen.getByText("Waiting for review")).toBeInTheDocument();
    expect(screen.getByText("Edit of live v2")).toBeInTheDocument();
    expect(await screen.findByText("A cart is pushed with a net force. What happens?")).toBeInTheDocument();
    const key = await screen.findByRole("region", { name: "Answer key" });
    expect(within(key).getByText("Reviewers only")).toBeInTheDocument();
    expect(within(key).getByText("It accelerates")).toBeInTheDocument();
    expect(within(key).getByText("A net force means acceleration.")).toBeInTheDocument();

    const diff = await screen.findByRole("region", { name: "Changes from Version 2 to Version 4" });
    expect(within(diff).getByRole("deletion")).toHaveTextContent("Where does the cart go?");
    expect(within(diff).getByRole("insertion")).toHaveTextContent("Which way does the cart go?");
    expect(screen.getByText("1 block added")).toBeInTheDocument();

    // The live version can be previewed too.
    await userEvent.click(screen.getByRole("radio", { name: "Live now · v2" }));
    expect(await screen.findByRole("heading", { level: 2, name: "Where does the cart go?" })).toBeInTheDocument();
  });

  it("requires feedback before sending an item back, and sends the reviewed version", async () => {
    const state = { item: reviewItem() };
    const calls = detailRoutes(state, {
      [`POST ${ITEM_PATH}/reject`]: (call) => {
        state.item = reviewItem({ status: "rejected", feedback: (call.body as { feedback: string }).feedback, reviewed_at: "2026-11-27T10:00:00Z" });
        return json(state.item);
      },
    });
    renderWithProviders(<AppRoutes />, { route: `/admin/content/${QUESTION_ID}` });
    await userEvent.click(await screen.findByRole("button", { name: "Send back" }));
    const dialog = screen.getByRole("dialog", { name: "Send version 4 back?" });
    const field = within(dialog).getByLabelText("Feedback for the mentor");
    expect(field).toHaveFocus();
    await userEvent.click(within(dialog).getByRole("button", { name: "Send back" }));
    expect(field).toHaveAccessibleDescription("Write what the mentor should change: they'll see exactly this.");
    expect(field).toHaveFocus();
    expect(posts(calls, "/reject")).toHaveLength(0);

    await userEvent.type(field, "  The second choice is ambiguous.  ");
    await userEvent.click(within(dialog).getByRole("button", { name: "Send back" }));
    expect(await screen.findByText("Sent back to the mentor")).toBeInTheDocument();
    expect(await screen.findByText("Amara Okafor can change it and submit again.")).toBeInTheDocument();
    expect(posts(calls, "/reject")[0]?.body).toEqual({ version: 4, feedback: "The second choice is ambiguous." });
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(await screen.findByText("Sent back for changes")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Approve/ })).not.toBeInTheDocument();
  });

  it("handles a newer version saved meanwhile: explains, reloads, then approves that one", async () => {
    const state = { item: reviewItem() };
    let approve = apiError(409, "concurrent_modification", "Version 5 is the one under review, not 4.", { latest_version: 5 });
    const calls = detailRoutes(state, { [`POST ${ITEM_PATH}/approve`]: () => approve });
    renderWithProviders(<AppRoutes />, { route: `/admin/content/${QUESTION_ID}` });
    await userEvent.click(await screen.findByRole("button", { name: "Approve v4" }));
    let dialog = screen.getByRole("dialog", { name: "Publish version 4?" });
    expect(dialog).toHaveTextContent("instead of version 2");
    await userEvent.click(within(dialog).getByRole("button", { name: "Approve and publish" }));

    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent("Amara Okafor saved version 5 while you were reviewing version 4.");
    expect(posts(calls, "/approve")[0]?.body).toEqual({ version: 4 });

    state.item = reviewItem({ latest_version: 5, latest: version({ number: 5, title: "Which way does the cart roll?" }) });
    await userEvent.click(within(dialog).getByRole("button", { name: "Reload the item" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Which way does the cart roll?" })).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();

    approve = json(reviewItem({ ...state.item, status: "approved", live_version: 5, has_unpublished_changes: false, reviewed_at: "2026-11-27T10:00:00Z" }));
    await userEvent.click(screen.getByRole("button", { name: "Approve v5" }));
    dialog = screen.getByRole("dialog", { name: "Publish version 5?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Approve and publish" }));
    expect(await screen.findByText("Published: students see version 5")).toBeInTheDocument();
    expect(await screen.findByText("Students now see “Which way does the cart roll?”.")).toBeInTheDocument();
    expect(posts(calls, "/approve")[1]?.body).toEqual({ version: 5 });
    expect(screen.getByRole("link", { name: "View as a student" })).toHaveAttribute("href", `/learn/physics/newtons-laws/${QUESTION_ID}`);
  });

  it("explains when another admin decided first", async () => {
    detailRoutes({ item: reviewItem() }, { [`POST ${ITEM_PATH}/reject`]: () => apiError(409, "invalid_content_transition", "…") });
    renderWithProviders(<AppRoutes />, { route: `/admin/content/${QUESTION_ID}` });
    await userEvent.click(await screen.findByRole("button", { name: "Send back" }));
    const dialog = screen.getByRole("dialog");
    await userEvent.type(within(dialog).getByLabelText("Feedback for the mentor"), "Fix the units.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Send back" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("no longer waiting for review");
    expect(within(dialog).getByRole("button", { name: "Reload the item" })).toBeInTheDocument();
  });

  it("is for admins only", async () => {
    mockApi({ "GET /api/v1/me": () => json(makeUser({ role: "mentor" })) });
    renderWithProviders(<AppRoutes />, { route: "/admin/content" });
    expect(await screen.findByText("You don't have access to this page")).toBeInTheDocument();
  });
});
