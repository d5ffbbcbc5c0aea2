import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import type { GroupSession } from "../../api/group-sessions";
import { AppRoutes } from "../../app/routes";
import { addDays, todayIn, zonedIso } from "../../lib/datetime";
import { apiError, json, makeUser, mockApi, type Call } from "../../test/mock-api";
import { catalog, MENTOR_ID, mentorProfile, publicMentor, slots } from "../../test/marketplace-fixtures";
import { renderWithProviders } from "../../test/render";
import { clockStyle } from "../../lib/viewer-zone";
import { formatSessionTime } from "../bookings/booking-format";

const STUDENT = makeUser({ timezone: "Asia/Tokyo" });
const MENTOR = makeUser({ id: MENTOR_ID, role: "mentor", display_name: "Amara Okafor", timezone: "Europe/Berlin" });
const GROUP_ID = "70000000-0000-4000-8000-000000000001";
const emptyPortfolio = { work: { courses: 0, lessons: 0 }, courses: [], lessons: { items: [], total: 0, page: 1, page_size: 10 } };
const terms = { free_until_hours: 24, late_refund_percent: 50, max_sessions_per_day: 4, trial_minutes: null, trial_price_percent: 50, trial_available: null };
const ON = () => json({ group_sessions: true });
const HOUR = 3_600_000;

function at(hoursFromNow: number): string {
  return new Date(Date.now() + hoursFromNow * HOUR).toISOString();
}

function group(overrides: Partial<GroupSession> = {}): GroupSession {
  return {
    id: GROUP_ID,
    mentor_id: MENTOR_ID,
    mentor_name: "Amara Okafor",
    title: "Thin lenses, together",
    starts_at: at(48),
    ends_at: at(49),
    minutes: 60,
    status: "scheduled",
    capacity: 6,
    seats_left: 4,
    seat_price: 0,
    currency: "EUR",
    free_cancellation_until: at(24),
    my_seat: null,
    seats: [],
    my_seat_paid: 0,
    my_seat_refunded: 0,
    ...overrides,
  };
}

function page(items: GroupSession[]) {
  return json({ items, total: items.length, page: 1, page_size: 100 });
}

function mentorPageRoutes(extra: Record<string, (call: Call) => Response | Promise<Response>> = {}) {
  return mockApi({
    "GET /api/v1/me": () => json(STUDENT),
    "GET /api/v1/catalog": () => json(catalog),
    [`GET /api/v1/mentors/${MENTOR_ID}`]: () => json(publicMentor({ timezone: "Europe/Berlin" })),
    [`GET /api/v1/public/mentors/${MENTOR_ID}/portfolio`]: () => json(emptyPortfolio),
    [`GET /api/v1/mentors/${MENTOR_ID}/booking-terms`]: () => json(terms),
    [`GET /api/v1/mentors/${MENTOR_ID}/slots`]: () => json(slots({ timezone: STUDENT.timezone })),
    ...extra,
  });
}

beforeAll(async () => {
  await Promise.all([import("../mentors/MentorProfilePage"), import("./MyGroupSeatsPage"), import("../mentoring/GroupSessionsPage"), import("../bookings/MySessionsPage")]);
}, 60_000);

describe("with group sessions switched off", () => {
  it("shows no group-session section, link or page anywhere", async () => {
    const calls = mentorPageRoutes();
    renderWithProviders(<AppRoutes />, { route: `/mentors/${MENTOR_ID}` });
    await screen.findByRole("heading", { name: "Amara Okafor" });
    await screen.findByRole("list", { name: "Available times" });
    expect(screen.queryByRole("heading", { name: "Group sessions" })).not.toBeInTheDocument();
    expect(calls.some((call) => call.path.endsWith("/group-sessions"))).toBe(false);
    expect(calls.some((call) => call.path === "/api/v1/platform/features")).toBe(true);
  });

  it("answers the group-session address with the not-found page, and leaves the navigation alone", async () => {
    mockApi({ "GET /api/v1/me": () => json(STUDENT) });
    renderWithProviders(<AppRoutes />, { route: "/group-sessions" });
    expect(await screen.findByRole("heading", { name: "We couldn't find that page" })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Group sessions" })).not.toBeInTheDocument();
  });
});

describe("a student on a mentor's page", () => {
  it("sees the open sessions in their own zone, with seats left and the price", async () => {
    const open = group({ seats_left: 0, title: "Full house", id: "70000000-0000-4000-8000-000000000002" });
    mentorPageRoutes({ "GET /api/v1/platform/features": ON, [`GET /api/v1/mentors/${MENTOR_ID}/group-sessions`]: () => page([group(), open]) });
    renderWithProviders(<AppRoutes />, { route: `/mentors/${MENTOR_ID}` });
    const list = await screen.findByRole("list", { name: "Open group sessions" });
    const [first, second] = within(list).getAllByRole("listitem");
    expect(within(first as HTMLElement).getByText("Thin lenses, together")).toBeInTheDocument();
    expect(within(first as HTMLElement).getByText(formatSessionTime(group().starts_at, group().ends_at, STUDENT.timezone, clockStyle()))).toBeInTheDocument();
    expect(within(first as HTMLElement).getByText("4 of 6 seats left")).toBeInTheDocument();
    expect(within(first as HTMLElement).getByTestId("seat-price")).toHaveTextContent("Free");
    expect(within(second as HTMLElement).getByRole("button", { name: "Take a seat: Full house" })).toBeDisabled();
  });

  it("takes a seat in one click, sent once, and then holds it", async () => {
    let release: () => void = () => undefined;
    const calls = mentorPageRoutes({
      "GET /api/v1/platform/features": ON,
      [`GET /api/v1/mentors/${MENTOR_ID}/group-sessions`]: () => page([group()]),
      [`POST /api/v1/group-sessions/${GROUP_ID}/seat`]: () =>
        new Promise<Response>((resolve) => {
          release = () => resolve(json(group({ my_seat: "taken", seats_left: 3 }), 201));
        }),
    });
    renderWithProviders(<AppRoutes />, { route: `/mentors/${MENTOR_ID}` });
    const take = await screen.findByRole("button", { name: "Take a seat: Thin lenses, together" });
    await userEvent.click(take);
    await waitFor(() => expect(take).toBeDisabled());
    await userEvent.click(take);
    release();
    expect(await screen.findByText("You have a seat")).toBeInTheDocument();
    expect(calls.filter((call) => call.method === "POST")).toHaveLength(1);
  });

  it("takes a priced seat by going to its checkout", async () => {
    const checkout = `${window.location.origin}/pay/test/cs_test_1`;
    const priced = group({ seat_price: 1500 });
    const calls = mentorPageRoutes({
      "GET /api/v1/platform/features": ON,
      [`GET /api/v1/mentors/${MENTOR_ID}/group-sessions`]: () => page([priced]),
      [`POST /api/v1/group-sessions/${GROUP_ID}/seat`]: () => json(group({ seat_price: 1500, seats_left: 3, my_seat: "held", hold_expires_at: at(0.25), checkout_url: checkout }), 201),
    });
    renderWithProviders(<AppRoutes />, { route: `/mentors/${MENTOR_ID}` });
    expect(await screen.findByTestId("seat-price")).toHaveTextContent("€15");
    await userEvent.click(await screen.findByRole("button", { name: "Take a seat: Thin lenses, together" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/pay/test/cs_test_1"));
    expect(screen.queryByText("You have a seat")).not.toBeInTheDocument();
    expect(calls.filter((call) => call.method === "POST")).toHaveLength(1);
  });

  it("offers to pay for a seat held for them, with the hold's end", async () => {
    mentorPageRoutes({
      "GET /api/v1/platform/features": ON,
      [`GET /api/v1/mentors/${MENTOR_ID}/group-sessions`]: () => page([group({ seat_price: 1500, my_seat: "held", hold_expires_at: at(0.2) })]),
    });
    renderWithProviders(<AppRoutes />, { route: `/mentors/${MENTOR_ID}` });
    expect(await screen.findByRole("button", { name: "Pay now: Thin lenses, together" })).toBeEnabled();
    expect(screen.getByText(/Awaiting your payment: held for you until/)).toBeInTheDocument();
  });

  it.each([
    ["group_session_full", 409, "Every seat has just been taken"],
    ["student_busy", 409, "You already have a session at that time"],
    ["seat_already_taken", 409, "You already hold a seat in this session."],
  ])("says %s in plain words", async (code, status, words) => {
    mentorPageRoutes({
      "GET /api/v1/platform/features": ON,
      [`GET /api/v1/mentors/${MENTOR_ID}/group-sessions`]: () => page([group()]),
      [`POST /api/v1/group-sessions/${GROUP_ID}/seat`]: () => apiError(status, code),
    });
    renderWithProviders(<AppRoutes />, { route: `/mentors/${MENTOR_ID}` });
    await userEvent.click(await screen.findByRole("button", { name: "Take a seat: Thin lenses, together" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(words);
  });
});

describe("a visitor on a mentor's page", () => {
  it("sees the open sessions and a way to sign in to take a seat, coming back here", async () => {
    mockApi({
      "GET /api/v1/me": () => apiError(401, "not_authenticated"),
      "GET /api/v1/catalog": () => json(catalog),
      "GET /api/v1/platform/features": ON,
      [`GET /api/v1/mentors/${MENTOR_ID}`]: () => json(publicMentor({ timezone: "Europe/Berlin" })),
      [`GET /api/v1/public/mentors/${MENTOR_ID}/portfolio`]: () => json(emptyPortfolio),
      [`GET /api/v1/mentors/${MENTOR_ID}/booking-terms`]: () => json(terms),
      [`GET /api/v1/mentors/${MENTOR_ID}/slots`]: () => json(slots({ timezone: "Europe/Berlin" })),
      [`GET /api/v1/mentors/${MENTOR_ID}/group-sessions`]: () => page([group({ seat_price: 1500 })]),
    });
    renderWithProviders(<AppRoutes />, { route: `/mentors/${MENTOR_ID}` });
    const list = await screen.findByRole("list", { name: "Open group sessions" });
    expect(within(list).getByText("Thin lenses, together")).toBeInTheDocument();
    expect(within(list).getByRole("link", { name: "Sign in to take a seat: Thin lenses, together" })).toHaveAttribute("href", `/login?next=${encodeURIComponent(`/mentors/${MENTOR_ID}`)}`);
    expect(within(list).queryByRole("button", { name: /Take a seat/ })).not.toBeInTheDocument();
  });
});

describe("a student's group sessions", () => {
  function seatRoutes(held: GroupSession, extra: Record<string, (call: Call) => Response | Promise<Response>> = {}) {
    return mockApi({ "GET /api/v1/me": () => json(STUDENT), "GET /api/v1/platform/features": ON, "GET /api/v1/group-sessions": () => page([held]), ...extra });
  }

  it("lists the sessions they hold a seat in and shows the way there from the navigation", async () => {
    seatRoutes(group({ my_seat: "taken" }));
    renderWithProviders(<AppRoutes />, { route: "/group-sessions" });
    const upcoming = await screen.findByRole("region", { name: "Upcoming group sessions" });
    expect(within(upcoming).getByText("Thin lenses, together")).toBeInTheDocument();
    expect(within(upcoming).getByRole("link", { name: "Amara Okafor" })).toHaveAttribute("href", `/mentors/${MENTOR_ID}`);
    expect(screen.getAllByRole("link", { name: "Group sessions" }).length).toBeGreaterThan(0);
  });

  it("shows a held seat as awaiting payment until its hold ends, and pays at the same checkout", async () => {
    const held = group({ seat_price: 1500, my_seat: "held", hold_expires_at: at(0.2) });
    const calls = seatRoutes(held, {
      [`POST /api/v1/group-sessions/${GROUP_ID}/seat`]: () => json({ ...held, checkout_url: `${window.location.origin}/pay/test/cs_test_2` }, 201),
    });
    renderWithProviders(<AppRoutes />, { route: "/group-sessions" });
    const upcoming = await screen.findByRole("region", { name: "Upcoming group sessions" });
    expect(within(upcoming).getByText("Awaiting payment")).toBeInTheDocument();
    expect(within(upcoming).getByText(/Held for you until .*: pay by then to keep the seat/)).toBeInTheDocument();
    await userEvent.click(within(upcoming).getByRole("button", { name: "Pay now: Thin lenses, together" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/pay/test/cs_test_2"));
    expect(calls.filter((call) => call.method === "POST").map((call) => call.path)).toEqual([`/api/v1/group-sessions/${GROUP_ID}/seat`]);
  });

  it.each([
    ["expired by the API", group({ seat_price: 1500, my_seat: "expired" })],
    ["held past its hold", group({ seat_price: 1500, my_seat: "held", hold_expires_at: at(-0.1) })],
  ])("shows an unpaid seat %s plainly, with nothing to pay or give back", async (_, lapsed) => {
    seatRoutes(lapsed);
    renderWithProviders(<AppRoutes />, { route: "/group-sessions" });
    const earlier = await screen.findByRole("region", { name: "Earlier group sessions" });
    expect(within(earlier).getByText("Expired")).toBeInTheDocument();
    expect(within(earlier).getByText(/Not paid in time: the seat was freed and nothing was charged/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Pay now|Give my seat back/ })).not.toBeInTheDocument();
  });

  it("shows what was paid and what came back", async () => {
    mockApi({
      "GET /api/v1/me": () => json(STUDENT),
      "GET /api/v1/platform/features": ON,
      "GET /api/v1/group-sessions": () =>
        page([
          group({ seat_price: 1500, my_seat: "taken", my_seat_paid: 1500 }),
          group({ id: "70000000-0000-4000-8000-000000000003", title: "Given back late", seat_price: 1500, my_seat: "cancelled", my_seat_paid: 1500, my_seat_refunded: 750 }),
          group({ id: "70000000-0000-4000-8000-000000000004", title: "Called off", status: "cancelled", seat_price: 1500, my_seat: "released", my_seat_paid: 1500, my_seat_refunded: 1500 }),
        ]),
    });
    renderWithProviders(<AppRoutes />, { route: "/group-sessions" });
    const upcoming = await screen.findByRole("region", { name: "Upcoming group sessions" });
    expect(within(upcoming).getByText(/Paid €15/)).toBeInTheDocument();
    const earlier = screen.getByRole("region", { name: "Earlier group sessions" });
    expect(within(earlier).getByText(/Paid €15 · refunded €7\.50 · You gave your seat back/)).toBeInTheDocument();
    expect(within(earlier).getByText(/Paid €15 · refunded in full · Called off by the mentor/)).toBeInTheDocument();
  });

  it("says a paid seat given back in time comes back in full", async () => {
    seatRoutes(group({ seat_price: 1500, my_seat: "taken", my_seat_paid: 1500 }));
    renderWithProviders(<AppRoutes />, { route: "/group-sessions" });
    await userEvent.click(await screen.findByRole("button", { name: "Give my seat back" }));
    const dialog = await screen.findByRole("dialog", { name: "Give your seat back?" });
    expect(within(dialog).getByTestId("refund-note")).toHaveTextContent(/You get the full €15 back: free cancellation until/);
  });

  it("says a paid seat given back late comes back only in part, without inventing the share", async () => {
    seatRoutes(group({ seat_price: 1500, my_seat: "taken", my_seat_paid: 1500, starts_at: at(2), ends_at: at(3), free_cancellation_until: at(-1) }));
    renderWithProviders(<AppRoutes />, { route: "/group-sessions" });
    await userEvent.click(await screen.findByRole("button", { name: "Give my seat back" }));
    const dialog = await screen.findByRole("dialog", { name: "Give your seat back?" });
    expect(within(dialog).getByText("This counts as a late cancellation")).toBeInTheDocument();
    const note = within(dialog).getByTestId("refund-note");
    expect(note).toHaveTextContent(/only part of the €15 you paid comes back/);
    expect(note.textContent).not.toMatch(/%/);
  });

  it("says an unpaid held seat given back costs nothing", async () => {
    seatRoutes(group({ seat_price: 1500, my_seat: "held", hold_expires_at: at(0.2) }));
    renderWithProviders(<AppRoutes />, { route: "/group-sessions" });
    await userEvent.click(await screen.findByRole("button", { name: "Give my seat back" }));
    const dialog = await screen.findByRole("dialog", { name: "Give your seat back?" });
    expect(within(dialog).getByText(/You haven't paid for this seat yet/)).toBeInTheDocument();
  });

  it("back from the checkout, waits for the payment while the seat is held and then says it is taken", async () => {
    let answers = 0;
    mockApi({
      "GET /api/v1/me": () => json(STUDENT),
      "GET /api/v1/platform/features": ON,
      "GET /api/v1/group-sessions": () => {
        answers += 1;
        return page([answers === 1 ? group({ seat_price: 1500, my_seat: "held", hold_expires_at: at(0.2) }) : group({ seat_price: 1500, my_seat: "taken", my_seat_paid: 1500 })]);
      },
    });
    renderWithProviders(<AppRoutes />, { route: `/group-sessions?session=${GROUP_ID}&paid=1` });
    expect(await screen.findByText("Payment received — confirming your seat")).toBeInTheDocument();
    expect(await screen.findByText("Payment received: the seat is yours", undefined, { timeout: 5000 })).toBeInTheDocument();
  });

  it("back from a cancelled checkout, says the seat is still held until when", async () => {
    seatRoutes(group({ seat_price: 1500, my_seat: "held", hold_expires_at: at(0.2) }));
    renderWithProviders(<AppRoutes />, { route: `/group-sessions?session=${GROUP_ID}&cancelled=1` });
    expect(await screen.findByText("Payment cancelled")).toBeInTheDocument();
    expect(screen.getByText(/Your seat is still held until/)).toBeInTheDocument();
  });

  it("shows an empty state with a way to find one", async () => {
    mockApi({ "GET /api/v1/me": () => json(STUDENT), "GET /api/v1/platform/features": ON, "GET /api/v1/group-sessions": () => page([]) });
    renderWithProviders(<AppRoutes />, { route: "/group-sessions" });
    expect(await screen.findByText("No group sessions yet")).toBeInTheDocument();
  });

  it("gives a seat back after confirming, free before the deadline", async () => {
    const calls = seatRoutes(group({ my_seat: "taken" }), {
      [`POST /api/v1/group-sessions/${GROUP_ID}/seat/cancel`]: () => json(group({ my_seat: "cancelled", seats_left: 5 })),
    });
    renderWithProviders(<AppRoutes />, { route: "/group-sessions" });
    await userEvent.click(await screen.findByRole("button", { name: "Give my seat back" }));
    const dialog = await screen.findByRole("dialog", { name: "Give your seat back?" });
    expect(within(dialog).getByText(/Free to cancel until/)).toBeInTheDocument();
    expect(within(dialog).queryByText("This counts as a late cancellation")).not.toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Give my seat back" }));
    expect(await screen.findByText("Seat given back")).toBeInTheDocument();
    expect(calls.filter((call) => call.method === "POST").map((call) => call.path)).toEqual([`/api/v1/group-sessions/${GROUP_ID}/seat/cancel`]);
  });

  it("warns that giving the seat back now counts as late", async () => {
    const calls = seatRoutes(group({ my_seat: "taken", starts_at: at(2), ends_at: at(3), free_cancellation_until: at(-1) }));
    renderWithProviders(<AppRoutes />, { route: "/group-sessions" });
    await userEvent.click(await screen.findByRole("button", { name: "Give my seat back" }));
    const dialog = await screen.findByRole("dialog", { name: "Give your seat back?" });
    expect(within(dialog).getByText("This counts as a late cancellation")).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Keep my seat" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(calls.some((call) => call.method === "POST")).toBe(false);
  });
});

describe("a mentor's group sessions", () => {
  const zone = MENTOR.timezone;
  const day = addDays(todayIn(zone), 2);
  const slot = { start: zonedIso(day, "17:00", zone), end: zonedIso(day, "18:00", zone) };

  function mentorRoutes(items: GroupSession[], extra: Record<string, (call: Call) => Response | Promise<Response>> = {}) {
    return mockApi({
      "GET /api/v1/me": () => json(MENTOR),
      "GET /api/v1/platform/features": ON,
      "GET /api/v1/mentor/profile": () => json(mentorProfile({ status: "verified" })),
      [`GET /api/v1/mentors/${MENTOR_ID}/slots`]: () => json(slots({ timezone: zone, session_minutes: 60, session_lengths: [60], days: [{ date: day, slots: [slot] }] })),
      "GET /api/v1/group-sessions": () => page(items),
      ...extra,
    });
  }

  it("schedules one in a free slot and shows the API's word on the seat price by its field", async () => {
    const ceiling = "A price is 0 to 10,000,000 (minor units of EUR).";
    const calls = mentorRoutes([], {
      "POST /api/v1/group-sessions": (call) =>
        (call.body as { seat_price: number }).seat_price > 10_000_000
          ? apiError(422, "invalid_group_session", "Some group session details are not acceptable.", { fields: { seat_price: ceiling } })
          : json(group({ seat_price: 1250 }), 201),
    });
    renderWithProviders(<AppRoutes />, { route: "/mentor/group-sessions" });
    const calendar = await screen.findByRole("list", { name: "Available times" });
    await userEvent.click((await within(calendar).findAllByRole("button", { name: /to/ }))[0] as HTMLElement);
    const dialog = await screen.findByRole("dialog", { name: "Schedule a group session" });
    await userEvent.type(within(dialog).getByLabelText("Title"), "Thin lenses, together");
    const seats = within(dialog).getByLabelText("Seats");
    await userEvent.clear(seats);
    await userEvent.type(seats, "8");
    const price = within(dialog).getByLabelText(/Price per seat/);
    await userEvent.clear(price);
    await userEvent.type(price, "100000.01");
    await userEvent.click(within(dialog).getByRole("button", { name: "Schedule" }));
    await waitFor(() => expect(price).toHaveAccessibleDescription(ceiling));
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({ title: "Thin lenses, together", starts_at: slot.start, minutes: 60, capacity: 8, seat_price: 10_000_001 });

    await userEvent.clear(price);
    await userEvent.type(price, "12.50");
    await userEvent.click(within(dialog).getByRole("button", { name: "Schedule" }));
    expect(await screen.findByText("Group session scheduled")).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(calls.filter((call) => call.method === "POST").at(-1)?.body).toMatchObject({ seat_price: 1250 });
  });

  it("lists upcoming sessions with seats and names, and calls one off after confirming", async () => {
    const booked = group({ seats_left: 4, seats: [{ student_id: STUDENT.id, student_name: "Ada Lovelace", taken_at: at(-1) }, { student_id: "s2", student_name: "Alan Turing", taken_at: at(-1) }] });
    const calls = mentorRoutes([booked], {
      [`POST /api/v1/group-sessions/${GROUP_ID}/cancel`]: () => json(group({ status: "cancelled" })),
    });
    renderWithProviders(<AppRoutes />, { route: "/mentor/group-sessions" });
    const list = await screen.findByRole("list", { name: "Upcoming group sessions" });
    expect(within(list).getByText("Students: Ada Lovelace, Alan Turing")).toBeInTheDocument();
    expect(within(list).getByRole("meter", { name: "Seats taken" })).toHaveAttribute("aria-valuetext", "2 of 6 seats taken");
    await userEvent.click(within(list).getByRole("button", { name: "Call off" }));
    const dialog = await screen.findByRole("dialog", { name: "Call this group session off?" });
    expect(dialog).toHaveTextContent("2 students will lose their seat.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Call it off" }));
    expect(await screen.findByText("Group session called off")).toBeInTheDocument();
    expect(calls.filter((call) => call.method === "POST").map((call) => call.path)).toEqual([`/api/v1/group-sessions/${GROUP_ID}/cancel`]);
  });

  it("marks a session held once it has ended, from the past tab", async () => {
    const over = group({ starts_at: at(-3), ends_at: at(-2), free_cancellation_until: at(-27) });
    const calls = mentorRoutes([over], {
      [`POST /api/v1/group-sessions/${GROUP_ID}/complete`]: () => json({ ...over, status: "completed" }),
    });
    renderWithProviders(<AppRoutes />, { route: "/mentor/group-sessions" });
    expect(await screen.findByText("No upcoming group sessions")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("tab", { name: "Past" }));
    const list = screen.getByRole("list", { name: "Past group sessions" });
    expect(within(list).queryByRole("button", { name: "Call off" })).not.toBeInTheDocument();
    await userEvent.click(within(list).getByRole("button", { name: "Mark as held" }));
    expect(await screen.findByText("Marked as held")).toBeInTheDocument();
    expect(calls.filter((call) => call.method === "POST").map((call) => call.path)).toEqual([`/api/v1/group-sessions/${GROUP_ID}/complete`]);
  });
});
