import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import type { ModeratedReview } from "../../api/reviews";
import { AppRoutes } from "../../app/routes";
import { MENTOR_ID } from "../../test/marketplace-fixtures";
import { json, makeUser, mockApi, type Call } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";

const admin = makeUser({ id: "00000000-0000-4000-8000-000000000001", role: "admin", display_name: "Grace Hopper" });
const REVIEW_ID = "70000000-0000-4000-8000-000000000009";
const STUDENT_ID = "5f0c6d1e-8c1b-4d36-9a57-0d7b1c9c2a11";

beforeAll(async () => {
  await import("./AdminReviewsPage");
}, 60_000);

function moderated(overrides: Partial<ModeratedReview["review"]> = {}, extra: Partial<ModeratedReview> = {}): ModeratedReview {
  return {
    review: {
      id: REVIEW_ID,
      session_id: "60000000-0000-4000-8000-000000000009",
      mentor_id: MENTOR_ID,
      author_name: "Sam T.",
      rating: 1,
      text: "Useless, and the mentor is an idiot.",
      created_at: "2026-11-20T12:00:00Z",
      reply: "",
      replied_at: null,
      status: "reported",
      hidden_reason: null,
      ...overrides,
    },
    student_id: STUDENT_ID,
    mentor_name: "Amara Okafor",
    reported_at: new Date(Date.now() - 2 * 3600_000).toISOString(),
    reports: [
      { reporter_id: MENTOR_ID, reporter_name: "Amara Okafor", reason: "Insults me", created_at: new Date(Date.now() - 2 * 3600_000).toISOString(), resolved_at: null },
      { reporter_id: "80000000-0000-4000-8000-000000000001", reporter_name: "Mei Lin", reason: "Rude language", created_at: new Date(Date.now() - 3600_000).toISOString(), resolved_at: null },
    ],
    ...extra,
  };
}

const page = (items: ModeratedReview[]) => json({ items, total: items.length, page: 1, page_size: 20 });
const posts = (calls: Call[], suffix: string) => calls.filter((call) => call.method === "POST" && call.path.endsWith(suffix));

describe("review moderation", () => {
  it("lists reported reviews with every report's reason and who sent it, and hides one with a reason", async () => {
    let queue = [moderated()];
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/admin/reviews": (call) => (call.search.get("status") === "reported" ? page(queue) : page([])),
      [`POST /api/v1/admin/reviews/${REVIEW_ID}/hide`]: (call) => {
        const hidden = moderated({ status: "hidden", hidden_reason: (call.body as { reason: string }).reason });
        queue = [];
        return json(hidden);
      },
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/reviews" });
    const list = await screen.findByRole("list", { name: "Reported" });
    const item = within(list).getByRole("listitem", { name: "Review by Sam T. of Amara Okafor" });
    const reports = within(item).getByRole("list", { name: "Reports" });
    expect(within(reports).getByText("Insults me")).toBeInTheDocument();
    expect(within(reports).getByText(/Amara Okafor \(the mentor\)/)).toBeInTheDocument();
    expect(within(reports).getByText("Rude language")).toBeInTheDocument();
    expect(within(reports).getByText(/Mei Lin/)).toBeInTheDocument();
    expect(within(item).getByText("2 open reports")).toBeInTheDocument();
    expect(within(item).getByRole("link", { name: "Amara Okafor" })).toHaveAttribute("href", `/mentors/${MENTOR_ID}`);

    await userEvent.click(within(item).getByRole("button", { name: "Hide…" }));
    const dialog = screen.getByRole("dialog", { name: "Hide this review" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Hide review" }));
    expect(within(dialog).getByLabelText("Reason")).toHaveAccessibleDescription("Give the author a reason.");
    expect(posts(calls, "/hide")).toHaveLength(0);
    await userEvent.type(within(dialog).getByLabelText("Reason"), "Personal insults are not allowed.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Hide review" }));

    expect(await screen.findByText("Review hidden")).toBeInTheDocument();
    expect(posts(calls, "/hide")[0]?.body).toEqual({ reason: "Personal insults are not allowed." });
    expect(await screen.findByText("No reported reviews")).toBeInTheDocument();
  }, 20_000);

  it("keeps a reported review public by dismissing its reports", async () => {
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/admin/reviews": (call) => (call.search.get("status") === "reported" ? page([moderated()]) : page([])),
      [`POST /api/v1/admin/reviews/${REVIEW_ID}/restore`]: () => json(moderated({ status: "visible" }, { reported_at: null })),
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/reviews" });
    await userEvent.click(await screen.findByRole("button", { name: "Keep it public" }));
    expect(await screen.findByText("Reports dismissed")).toBeInTheDocument();
    expect(posts(calls, "/restore")).toHaveLength(1);
  });

  it("shows hidden reviews with the reason on their tab, and publishes one again", async () => {
    const hidden = moderated({ status: "hidden", hidden_reason: "Personal insults are not allowed." }, {
      reported_at: null,
      reports: [{ reporter_id: MENTOR_ID, reporter_name: "Amara Okafor", reason: "Insults me", created_at: "2026-11-21T08:00:00Z", resolved_at: "2026-11-21T09:00:00Z" }],
    });
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/admin/reviews": (call) => (call.search.get("status") === "hidden" ? page([hidden]) : page([])),
      [`POST /api/v1/admin/reviews/${REVIEW_ID}/restore`]: () => json(moderated({ status: "visible" }, { reported_at: null })),
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/reviews" });
    expect(await screen.findByText("No reported reviews")).toBeInTheDocument();
    const tabs = screen.getByRole("navigation", { name: "Review status" });
    await userEvent.click(within(tabs).getByRole("link", { name: /Hidden/ }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/admin/reviews?status=hidden"));
    const list = await screen.findByRole("list", { name: "Hidden" });
    expect(within(list).getByText("Personal insults are not allowed.")).toBeInTheDocument();
    expect(within(list).getByText("Earlier reports")).toBeInTheDocument();
    expect(within(list).queryByRole("button", { name: "Hide…" })).not.toBeInTheDocument();
    await userEvent.click(within(list).getByRole("button", { name: "Publish again" }));
    expect(await screen.findByText("Review published again")).toBeInTheDocument();
    expect(posts(calls, "/restore")).toHaveLength(1);
  }, 20_000);

  it("is in the admin's navigation", async () => {
    mockApi({ "GET /api/v1/me": () => json(admin), "GET /api/v1/admin/reviews": () => page([]) });
    renderWithProviders(<AppRoutes />, { route: "/admin/reviews" });
    const nav = await screen.findByRole("navigation", { name: "Main" });
    expect(within(nav).getByRole("link", { name: "Reviews" })).toHaveAttribute("aria-current", "page");
  });
});
