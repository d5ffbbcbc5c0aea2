import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { MentorProfile } from "../../api/types";
import { AppRoutes } from "../../app/routes";
import { apiError, json, makeUser, mockApi, noContent } from "../../test/mock-api";
import { catalog, completeProfile, KINEMATICS_ID, MECHANICS_ID, MENTOR_ID, NEWTON_ID, PHYSICS_ID } from "../../test/marketplace-fixtures";
import { renderWithProviders } from "../../test/render";

const admin = makeUser({ id: "00000000-0000-4000-8000-000000000001", role: "admin", display_name: "Grace Hopper" });
const applicant = completeProfile({
  status: "submitted",
  submitted_at: "2026-11-25T10:00:00Z",
  documents: [
    { id: "d1", filename: "certificate.pdf", content_type: "application/pdf", size: 4096, uploaded_at: "2026-11-20T10:00:00Z" },
    { id: "d2", filename: "passport.jpg", content_type: "image/jpeg", size: 90_000, uploaded_at: "2026-11-20T10:00:00Z" },
  ],
});
const queue = (items: MentorProfile[]) => json({ items, total: items.length, page: 1, page_size: 20 });

describe("mentor applications", () => {
  it("lists the review queue first, with counts per status", async () => {
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/catalog": () => json(catalog),
      "GET /api/v1/admin/mentors": (call) => (call.search.get("page_size") === "1" ? json({ items: [], total: call.search.get("status") === "submitted" ? 1 : 0, page: 1, page_size: 1 }) : queue(call.search.get("status") === "submitted" ? [applicant] : [])),
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/mentors" });
    const table = await screen.findByRole("table", { name: "Mentor applications: To review" });
    expect(await within(table).findByRole("link", { name: "Amara Okafor" })).toHaveAttribute("href", `/admin/mentors/${MENTOR_ID}`);
    expect(within(table).getByText("Physics")).toBeInTheDocument();
    const tabs = screen.getByRole("navigation", { name: "Application status" });
    expect(within(tabs).getByRole("link", { name: /To review/ })).toHaveAttribute("aria-current", "page");
    expect(calls.find((call) => call.path === "/api/v1/admin/mentors" && call.search.get("page_size") === "20")?.search.get("status")).toBe("submitted");

    await userEvent.click(within(tabs).getByRole("link", { name: /Verified/ }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/admin/mentors?status=verified"));
    expect(await screen.findByText("No verified mentors yet")).toBeInTheDocument();
  });

  it("verifies an applicant after confirming", async () => {
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/catalog": () => json(catalog),
      [`GET /api/v1/admin/mentors/${MENTOR_ID}`]: () => json(applicant),
      [`GET /api/v1/admin/mentors/${MENTOR_ID}/documents/d1/link`]: () => json({ url: "/files/doc/d1?sig=a", expires_in: 600 }),
      [`GET /api/v1/admin/mentors/${MENTOR_ID}/documents/d2/link`]: () => json({ url: "/files/doc/d2?sig=b", expires_in: 600 }),
      [`POST /api/v1/admin/mentors/${MENTOR_ID}/verify`]: () => json({ ...applicant, status: "verified", verified_at: "2026-11-27T10:00:00Z" }),
      "GET /api/v1/admin/mentors": () => queue([]),
    });
    renderWithProviders(<AppRoutes />, { route: `/admin/mentors/${MENTOR_ID}` });
    expect(await screen.findByRole("heading", { level: 1, name: "Amara Okafor" })).toBeInTheDocument();
    expect(await screen.findByRole("link", { name: "Open certificate.pdf" })).toHaveAttribute("href", "/files/doc/d1?sig=a");
    expect(await screen.findByRole("img", { name: "Preview of passport.jpg" })).toHaveAttribute("src", "/files/doc/d2?sig=b");
    expect(screen.getByText("Kinematics in one dimension")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Verify" }));
    const dialog = screen.getByRole("dialog", { name: "Verify Amara Okafor?" });
    expect(calls.some((call) => call.path.endsWith("/verify"))).toBe(false);
    await userEvent.click(within(dialog).getByRole("button", { name: "Verify mentor" }));
    expect(await screen.findByText("Mentor verified")).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Public profile" })).toHaveAttribute("href", `/mentors/${MENTOR_ID}`);
  });

  it("asks for a reason before sending an application back", async () => {
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/catalog": () => json(catalog),
      [`GET /api/v1/admin/mentors/${MENTOR_ID}`]: () => json({ ...applicant, documents: [] }),
      [`POST /api/v1/admin/mentors/${MENTOR_ID}/reject`]: (call) => json({ ...applicant, documents: [], status: "rejected", rejection_reason: (call.body as { reason: string }).reason }),
      "GET /api/v1/admin/mentors": () => queue([]),
    });
    renderWithProviders(<AppRoutes />, { route: `/admin/mentors/${MENTOR_ID}` });
    await userEvent.click(await screen.findByRole("button", { name: "Ask for changes" }));
    const dialog = screen.getByRole("dialog", { name: "Ask Amara Okafor for changes?" });
    expect(within(dialog).getByLabelText("Reason")).toHaveFocus();
    await userEvent.click(within(dialog).getByRole("button", { name: "Send back" }));
    expect(within(dialog).getByLabelText("Reason")).toHaveAccessibleDescription("Say what the mentor should fix: they'll see this.");
    await userEvent.type(within(dialog).getByLabelText("Reason"), "Upload a readable certificate.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Send back" }));
    expect(await screen.findByText("Sent back for changes")).toBeInTheDocument();
    expect(calls.find((call) => call.path.endsWith("/reject"))?.body).toEqual({ reason: "Upload a readable certificate." });
  });
});

describe("catalog editor", () => {
  it("adds a subject and shows a taken slug on the slug field", async () => {
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/catalog": () => json(catalog),
      "POST /api/v1/admin/catalog/subjects": () => apiError(409, "slug_taken", "…", { fields: { slug: "Another entry already uses this slug." } }),
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/catalog" });
    await userEvent.click(await screen.findByRole("button", { name: "Add subject" }));
    const dialog = screen.getByRole("dialog", { name: "Add a subject" });
    await userEvent.type(within(dialog).getByLabelText("Name"), "Physics");
    expect(within(dialog).getByLabelText(/Slug/)).toHaveAttribute("placeholder", "physics");
    await userEvent.type(within(dialog).getByLabelText(/Slug/), "Bad Slug");
    await userEvent.click(within(dialog).getByRole("button", { name: "Add subject" }));
    expect(within(dialog).getByLabelText(/Slug/)).toHaveAccessibleDescription(/lowercase letters/);
    expect(calls.some((call) => call.method === "POST")).toBe(false);

    await userEvent.clear(within(dialog).getByLabelText(/Slug/));
    await userEvent.type(within(dialog).getByLabelText(/Slug/), "physics");
    await userEvent.click(within(dialog).getByRole("button", { name: "Add subject" }));
    await waitFor(() => expect(within(dialog).getByLabelText(/Slug/)).toHaveAccessibleDescription("Another entry already uses this slug. Choose a different one."));
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({ name: "Physics", slug: "physics", description: "", position: 10000 });
  });

  it("explains why an entry in use can't be deleted", async () => {
    mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/catalog": () => json(catalog),
      [`DELETE /api/v1/admin/catalog/topics/${KINEMATICS_ID}`]: () => apiError(409, "catalog_node_in_use"),
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/catalog" });
    await userEvent.click(await screen.findByRole("button", { name: "Delete Kinematics in one dimension" }));
    const dialog = screen.getByRole("dialog", { name: "Delete Kinematics in one dimension?" });
    expect(within(dialog).getByRole("button", { name: "Cancel" })).toHaveFocus();
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete topic" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Mentors teach this topic");
  });

  it("reorders a level with one request carrying the complete new order", async () => {
    const chemistryFirst = { subjects: [...catalog.subjects].reverse().map((subject, position) => ({ ...subject, position })) };
    let saved = false;
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/catalog": () => json(saved ? chemistryFirst : catalog),
      "PUT /api/v1/admin/catalog/subjects/order": () => {
        saved = true;
        return json(chemistryFirst);
      },
      [`PUT /api/v1/admin/catalog/subjects/${PHYSICS_ID}/chapters/order`]: () => json(catalog),
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/catalog" });
    expect(await screen.findByRole("button", { name: "Move Physics up" })).toBeDisabled();
    await userEvent.click(screen.getByRole("button", { name: "Move Chemistry up" }));
    await waitFor(() => expect(screen.getByRole("button", { name: "Move Chemistry up" })).toBeDisabled());
    expect(screen.getByRole("button", { name: "Move Physics up" })).toBeEnabled();
    const writes = calls.filter((call) => call.method !== "GET");
    expect(writes.map((call) => [call.method, call.path, call.body])).toEqual([
      ["PUT", "/api/v1/admin/catalog/subjects/order", { ids: ["10000000-0000-4000-8000-000000000002", PHYSICS_ID] }],
    ]);

    await userEvent.click(screen.getByRole("button", { name: "Move Electricity up" }));
    await waitFor(() => expect(calls.filter((call) => call.method === "PUT")).toHaveLength(2));
    expect(calls.filter((call) => call.method === "PUT")[1]?.body).toEqual({ ids: ["20000000-0000-4000-8000-000000000002", MECHANICS_ID] });
    expect(calls.some((call) => call.method === "PATCH")).toBe(false);
  });

  it("shows a failed reorder and keeps the order the server has", async () => {
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/catalog": () => json(catalog),
      [`PUT /api/v1/admin/catalog/chapters/${MECHANICS_ID}/topics/order`]: () => apiError(422, "invalid_sibling_order", "List every entry of this level exactly once."),
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/catalog" });
    await userEvent.click(await screen.findByRole("button", { name: "Move Newton's laws of motion up" }));
    expect(await screen.findByText("Couldn't reorder")).toBeInTheDocument();
    const put = calls.filter((call) => call.method === "PUT");
    expect(put.map((call) => call.body)).toEqual([{ ids: [NEWTON_ID, KINEMATICS_ID] }]);
    await waitFor(() => expect(calls.filter((call) => call.method === "GET" && call.path === "/api/v1/catalog").length).toBeGreaterThan(1));
    const topics = screen.getByRole("list", { name: "Topics of Mechanics" });
    expect(within(topics).getAllByRole("listitem").map((item) => item.textContent)).toEqual([
      expect.stringContaining("Kinematics in one dimension"),
      expect.stringContaining("Newton's laws of motion"),
    ]);
    expect(screen.getByRole("button", { name: "Move Kinematics in one dimension up" })).toBeDisabled();
  });

  it("removes an empty chapter after confirming", async () => {
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/catalog": () => json(catalog),
      "DELETE /api/v1/admin/catalog/chapters/20000000-0000-4000-8000-000000000002": () => noContent(),
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/catalog" });
    await userEvent.click(await screen.findByRole("button", { name: "Delete Electricity" }));
    await userEvent.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Delete chapter" }));
    expect(await screen.findByText("Deleted")).toBeInTheDocument();
    expect(calls.some((call) => call.method === "DELETE")).toBe(true);
  });
});
