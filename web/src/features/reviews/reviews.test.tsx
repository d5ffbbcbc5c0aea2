import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import type { BookedSession } from "../../api/bookings";
import type { Review } from "../../api/reviews";
import { AppRoutes } from "../../app/routes";
import { catalog, MENTOR_ID, publicMentor, slots } from "../../test/marketplace-fixtures";
import { apiError, json, makeUser, mockApi, type Call } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";
import { bookedSession, hourFromNow } from "../../test/booking-fixtures";

const STUDENT = makeUser({ display_name: "Sam Taylor" });
const MENTOR = makeUser({ id: MENTOR_ID, role: "mentor", display_name: "Amara Okafor" });
const SESSION_ID = "60000000-0000-4000-8000-000000000002";
const REVIEW_ID = "70000000-0000-4000-8000-000000000001";
const emptyPortfolio = { work: { courses: 0, lessons: 0 }, courses: [], lessons: { items: [], total: 0, page: 1, page_size: 10 } };

function pastSession(overrides: Partial<BookedSession> = {}): BookedSession {
  return bookedSession({
    start: hourFromNow(-3),
    id: SESSION_ID,
    student_id: STUDENT.id,
    status: "completed",
    price: 3500,
    sequence: 1,
    ...overrides,
  });
}

function review(overrides: Partial<Review> = {}): Review {
  return {
    id: REVIEW_ID,
    session_id: SESSION_ID,
    mentor_id: MENTOR_ID,
    author_name: "Sam T.",
    rating: 4,
    text: "Clear and patient.",
    created_at: "2026-11-20T12:00:00Z",
    reply: "",
    replied_at: null,
    status: "visible",
    hidden_reason: null,
    ...overrides,
  };
}

beforeAll(async () => {
  await Promise.all([import("../bookings/SessionPage"), import("../mentors/MentorProfilePage")]);
}, 60_000);

const posts = (calls: Call[], suffix: string) => calls.filter((call) => call.method === "POST" && call.path.endsWith(suffix));

describe("reviewing a session", () => {
  it("lets the student rate a completed session once with stars and words, then shows their review", async () => {
    let session = pastSession();
    const calls = mockApi({
      "GET /api/v1/me": () => json(STUDENT),
      [`GET /api/v1/mentors/${MENTOR_ID}`]: () => json(publicMentor()),
      [`GET /api/v1/bookings/${SESSION_ID}`]: () => json(session),
      [`GET /api/v1/bookings/${SESSION_ID}/review`]: () => json(review({ rating: 4, text: "Clear and patient." })),
      [`POST /api/v1/bookings/${SESSION_ID}/review`]: (call) => {
        session = pastSession({ reviewed: true });
        const body = call.body as { rating: number; text: string };
        return json(review({ rating: body.rating, text: body.text }), 201);
      },
      "GET /api/v1/bookings": () => json({ items: [], total: 0, page: 1, page_size: 20 }),
    });
    // As "Leave a review" on My sessions links to it.
    renderWithProviders(<AppRoutes />, { route: `/sessions/${SESSION_ID}#review` });
    const section = await screen.findByRole("region", { name: "Rate this session" });
    expect(section).toHaveAttribute("id", "review");
    // Not yet reviewed: nothing to ask the server for.
    expect(calls.some((call) => call.path.endsWith("/review"))).toBe(false);

    await userEvent.click(within(section).getByRole("button", { name: "Post review" }));
    const stars = within(section).getByRole("group", { name: "How was the session?" });
    expect(stars).toHaveAccessibleDescription("Choose 1 to 5 stars.");
    expect(posts(calls, "/review")).toHaveLength(0);

    await userEvent.click(within(stars).getByRole("radio", { name: "4 stars" }));
    expect(within(stars).getByRole("radio", { name: "4 stars" })).toBeChecked();
    expect(within(section).getByText("Very good")).toBeInTheDocument();
    await userEvent.type(within(section).getByLabelText(/Your review/), "  Clear and patient.  ");
    await userEvent.click(within(section).getByRole("button", { name: "Post review" }));

    const mine = await screen.findByRole("region", { name: "Your review" });
    expect(posts(calls, "/review")[0]?.body).toEqual({ rating: 4, text: "Clear and patient." });
    expect(within(mine).getByRole("img", { name: "4 out of 5 stars" })).toBeInTheDocument();
    expect(within(mine).getByText("Clear and patient.")).toBeInTheDocument();
    expect(within(mine).queryByRole("button", { name: "Post review" })).not.toBeInTheDocument();
    expect(screen.getByText("Thanks for your review")).toBeInTheDocument();
  }, 20_000);

  it("shows the student why an administrator hid their review", async () => {
    mockApi({
      "GET /api/v1/me": () => json(STUDENT),
      [`GET /api/v1/mentors/${MENTOR_ID}`]: () => json(publicMentor()),
      [`GET /api/v1/bookings/${SESSION_ID}`]: () => json(pastSession({ reviewed: true })),
      [`GET /api/v1/bookings/${SESSION_ID}/review`]: () => json(review({ status: "hidden", hidden_reason: "Personal details are not allowed." })),
    });
    renderWithProviders(<AppRoutes />, { route: `/sessions/${SESSION_ID}` });
    const mine = await screen.findByRole("region", { name: "Your review" });
    expect(await within(mine).findByText("Hidden by an administrator")).toBeInTheDocument();
    expect(within(mine).getByText(/Reason: Personal details are not allowed\./)).toBeInTheDocument();
  });

  it("offers no review before the session is completed", async () => {
    mockApi({
      "GET /api/v1/me": () => json(STUDENT),
      [`GET /api/v1/mentors/${MENTOR_ID}`]: () => json(publicMentor()),
      [`GET /api/v1/bookings/${SESSION_ID}`]: () => json(pastSession({ status: "disputed" })),
    });
    renderWithProviders(<AppRoutes />, { route: `/sessions/${SESSION_ID}` });
    expect(await screen.findByRole("heading", { level: 1, name: "Session with Amara Okafor" })).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Rate this session" })).not.toBeInTheDocument();
  });

  it("lets the mentor read the review and reply once", async () => {
    let current = review();
    const calls = mockApi({
      "GET /api/v1/me": () => json(MENTOR),
      [`GET /api/v1/bookings/${SESSION_ID}`]: () => json(pastSession({ reviewed: true })),
      [`GET /api/v1/bookings/${SESSION_ID}/review`]: () => json(current),
      [`POST /api/v1/reviews/${REVIEW_ID}/reply`]: (call) => {
        current = review({ reply: (call.body as { text: string }).text, replied_at: "2026-11-21T09:00:00Z" });
        return json(current);
      },
      "GET /api/v1/bookings": () => json({ items: [], total: 0, page: 1, page_size: 20 }),
      [`GET /api/v1/mentors/${MENTOR_ID}`]: () => json(publicMentor()),
    });
    renderWithProviders(<AppRoutes />, { route: `/sessions/${SESSION_ID}` });
    expect(await screen.findByRole("heading", { level: 1, name: "Session with Sam Taylor" })).toBeInTheDocument();
    const section = await screen.findByRole("region", { name: "Sam Taylor's review" });
    expect(await within(section).findByText("Clear and patient.")).toBeInTheDocument();

    await userEvent.click(within(section).getByRole("button", { name: "Post reply" }));
    expect(within(section).getByLabelText("Your reply")).toHaveAccessibleDescription("Write your reply.");
    await userEvent.type(within(section).getByLabelText("Your reply"), "Thank you, Sam!");
    await userEvent.click(within(section).getByRole("button", { name: "Post reply" }));

    expect(await within(section).findByText("Thank you, Sam!")).toBeInTheDocument();
    expect(within(section).getByText("Your reply")).toBeInTheDocument();
    expect(within(section).queryByRole("button", { name: "Post reply" })).not.toBeInTheDocument();
    expect(posts(calls, "/reply")[0]?.body).toEqual({ text: "Thank you, Sam!" });
  }, 20_000);

  it("tells the mentor while there is no review yet", async () => {
    mockApi({
      "GET /api/v1/me": () => json(MENTOR),
      [`GET /api/v1/bookings/${SESSION_ID}`]: () => json(pastSession()),
    });
    renderWithProviders(<AppRoutes />, { route: `/sessions/${SESSION_ID}` });
    expect(await screen.findByText(/Sam Taylor hasn't reviewed this session yet/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Post reply" })).not.toBeInTheDocument();
  });
});

describe("reviews on a mentor's profile", () => {
  const rated = publicMentor({ rating: { average: 4.5, count: 6, distribution: { "1": 0, "2": 0, "3": 1, "4": 1, "5": 4 } } });

  function routes(viewer: ReturnType<typeof makeUser> | null, extra: Parameters<typeof mockApi>[0] = {}) {
    return mockApi({
      "GET /api/v1/me": () => (viewer ? json(viewer) : apiError(401, "not_authenticated")),
      "GET /api/v1/catalog": () => json(catalog),
      [`GET /api/v1/mentors/${MENTOR_ID}`]: () => json(rated),
      [`GET /api/v1/public/mentors/${MENTOR_ID}/portfolio`]: () => json(emptyPortfolio),
      [`GET /api/v1/mentors/${MENTOR_ID}/slots`]: () => json(slots()),
      [`GET /api/v1/mentors/${MENTOR_ID}/reviews`]: (call) =>
        json(
          call.search.get("page") === "2"
            ? { items: [review({ id: "r6", author_name: "Old R.", text: "The oldest one." })], total: 6, page: 2, page_size: 5 }
            : {
                items: [
                  review({ id: "r1", author_name: "Mei L.", rating: 5, text: "Brilliant.", reply: "Thanks, Mei!" }),
                  ...["r2", "r3", "r4", "r5"].map((id) => review({ id, author_name: `Student ${id}` })),
                ],
                total: 6,
                page: 1,
                page_size: 5,
              },
        ),
      ...extra,
    });
  }

  it("summarises the rating and lists reviews newest first with the mentor's replies, a page at a time", async () => {
    const calls = routes(null);
    renderWithProviders(<AppRoutes />, { route: `/mentors/${MENTOR_ID}` });
    const section = await screen.findByRole("region", { name: "Reviews" });
    expect(within(section).getByText("4.5")).toBeInTheDocument();
    expect(within(section).getByText("6 reviews")).toBeInTheDocument();
    expect(within(section).getByRole("img", { name: "4 of 6 reviews" })).toBeInTheDocument();
    const list = await within(section).findByRole("list", { name: "Reviews of Amara Okafor" });
    const first = within(list).getAllByRole("article")[0] as HTMLElement;
    expect(first).toHaveAccessibleName("Review by Mei L.");
    expect(within(first).getByText("Reply from Amara Okafor")).toBeInTheDocument();
    expect(within(first).getByText("Thanks, Mei!")).toBeInTheDocument();
    expect(calls.find((call) => call.path.endsWith("/reviews"))?.search.get("page_size")).toBe("5");

    await userEvent.click(within(section).getByRole("button", { name: "Next page" }));
    expect(await within(section).findByText("The oldest one.")).toBeInTheDocument();
    expect(calls.filter((call) => call.path.endsWith("/reviews")).at(-1)?.search.get("page")).toBe("2");
  }, 20_000);

  it("asks visitors to sign in before reporting", async () => {
    routes(null);
    renderWithProviders(<AppRoutes />, { route: `/mentors/${MENTOR_ID}` });
    const report = await screen.findByRole("link", { name: "Sign in to report Mei L.'s review" });
    expect(report).toHaveAttribute("href", `/login?next=${encodeURIComponent(`/mentors/${MENTOR_ID}`)}`);
  });

  it("lets a signed-in person report a review with a reason, and confirms it", async () => {
    const calls = routes(STUDENT, { [`POST /api/v1/reviews/r1/report`]: () => json(review({ id: "r1", status: "reported" })) });
    renderWithProviders(<AppRoutes />, { route: `/mentors/${MENTOR_ID}` });
    await userEvent.click(await screen.findByRole("button", { name: "Report Mei L.'s review" }));
    const dialog = screen.getByRole("dialog", { name: "Report this review" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Send report" }));
    expect(within(dialog).getByLabelText("Reason")).toHaveAccessibleDescription("Say what is wrong with this review.");
    expect(posts(calls, "/report")).toHaveLength(0);

    await userEvent.type(within(dialog).getByLabelText("Reason"), "Not about a real session");
    await userEvent.click(within(dialog).getByRole("button", { name: "Send report" }));
    expect(await screen.findByText("Thanks for the report")).toBeInTheDocument();
    expect(posts(calls, "/report")[0]?.body).toEqual({ reason: "Not about a real session" });
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Report this review" })).not.toBeInTheDocument());
    expect(screen.queryByRole("button", { name: "Report Mei L.'s review" })).not.toBeInTheDocument();
    expect(screen.getByText("Reported")).toBeInTheDocument();
  }, 20_000);

  it("asks for no list while the mentor has no reviews", async () => {
    const calls = routes(null, { [`GET /api/v1/mentors/${MENTOR_ID}`]: () => json(publicMentor()) });
    renderWithProviders(<AppRoutes />, { route: `/mentors/${MENTOR_ID}` });
    const section = await screen.findByRole("region", { name: "Reviews" });
    expect(within(section).getByText("No reviews yet")).toBeInTheDocument();
    expect(calls.some((call) => call.path.endsWith("/reviews"))).toBe(false);
  });
});
