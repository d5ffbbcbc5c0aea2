import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { BookedSession, TestCheckout } from "../../api/bookings";
import { AppRoutes } from "../../app/routes";
import { addDays, formatClock, todayIn, zonedIso } from "../../lib/datetime";
import { formatMoney } from "../../lib/money";
import { clockStyle } from "../../lib/viewer-zone";
import { apiError, json, makeUser, mockApi, type Call } from "../../test/mock-api";
import { catalog, MENTOR_ID, NEWTON_ID, publicMentor, slots } from "../../test/marketplace-fixtures";
import { renderWithProviders } from "../../test/render";
import { formatSessionTime, policyText, sessionCalendar, sessionPrice } from "./booking-format";
import { bookedSession as sessionFixture, hourFromNow } from "../../test/booking-fixtures";

const STUDENT = makeUser({ timezone: "Asia/Tokyo" });
const SESSION_ID = "60000000-0000-4000-8000-000000000001";
const REF = "cs_test_abc";
const emptyPortfolio = { work: { courses: 0, lessons: 0 }, courses: [], lessons: { items: [], total: 0, page: 1, page_size: 10 } };
const terms = { free_until_hours: 24, late_refund_percent: 50, max_sessions_per_day: 4, trial_minutes: null, trial_price_percent: 50, trial_available: null };

function bookedSession(overrides: Partial<BookedSession> = {}): BookedSession {
  const start = hourFromNow(3);
  return sessionFixture({
    start,
    minutes: 45,
    id: SESSION_ID,
    student_id: STUDENT.id,
    student_name: "Ada Lovelace",
    price: 2625,
    refund_if_cancelled_now: 2625,
    hold_expires_at: new Date(Date.now() + 10 * 60_000).toISOString(),
    sequence: 1,
    ...overrides,
  });
}

function checkout(overrides: Partial<TestCheckout> = {}): TestCheckout {
  return {
    ref: REF,
    amount: 2625,
    currency: "EUR",
    description: "45-minute session with Amara Okafor",
    expires_at: new Date(Date.now() + 9 * 60_000).toISOString(),
    status: "open",
    cancel_url: `${window.location.origin}/sessions/${SESSION_ID}?cancelled=1`,
    ...overrides,
  };
}

beforeAll(async () => {
  await Promise.all([import("../mentors/MentorProfilePage"), import("./SessionPage"), import("./MySessionsPage"), import("./TestPaymentPage")]);
}, 60_000);

afterEach(() => {
  vi.useRealTimers();
});

describe("booking wording", () => {
  it("prices a length at the hourly rate, rounding half to even like the server", () => {
    expect(sessionPrice(3500, 45)).toBe(2625);
    expect(sessionPrice(3500, 60)).toBe(3500);
    expect(sessionPrice(1, 30)).toBe(0);
    expect(sessionPrice(3, 30)).toBe(2);
    expect(sessionPrice(1, 31)).toBe(1);
  });

  it("says the cancellation policy in plain words", () => {
    expect(policyText({ free_until_hours: 24, late_refund_percent: 50 })).toBe("Free cancellation until 24 h before; after that 50 % back");
    expect(policyText({ free_until_hours: 48, late_refund_percent: 0 })).toBe("Free cancellation until 48 h before; after that no refund");
    expect(policyText({ free_until_hours: 12, late_refund_percent: 100 })).toBe("Free cancellation until 12 h before");
  });
});

describe("a session's calendar file", () => {
  it("is one UTC event that keeps the session's id and sequence, with text escaped", () => {
    const ics = sessionCalendar(
      { id: SESSION_ID, starts_at: "2026-03-29T00:30:00+01:00", ends_at: "2026-03-29T03:30:00+02:00", sequence: 3, meeting_url: "" },
      "Session with Ada; physics, mechanics",
      "https://mentora.test/sessions/x",
      new Date("2026-03-01T12:00:00Z"),
    );
    const lines = ics.split("\r\n");
    expect(lines).toContain(`UID:${SESSION_ID}@mentora`);
    expect(lines).toContain("SEQUENCE:3");
    expect(lines).toContain("DTSTAMP:20260301T120000Z");
    // Across the night Berlin moves its clocks: two hours apart, not the three on the wall clock.
    expect(lines).toContain("DTSTART:20260328T233000Z");
    expect(lines).toContain("DTEND:20260329T013000Z");
    expect(lines).toContain("SUMMARY:Session with Ada\\; physics\\, mechanics");
    expect(lines.some((line) => line.startsWith("LOCATION:"))).toBe(false);
    expect(lines.at(0)).toBe("BEGIN:VCALENDAR");
    expect(lines.at(-2)).toBe("END:VCALENDAR");
  });
});

describe("booking from a mentor's calendar", () => {
  const zone = STUDENT.timezone;
  const day = addDays(todayIn(zone), 1);
  const slot = { start: zonedIso(day, "09:00", zone), end: zonedIso(day, "09:45", zone) };

  function routes(extra: Record<string, (call: Call) => Response> = {}) {
    return mockApi({
      "GET /api/v1/me": () => json(STUDENT),
      "GET /api/v1/catalog": () => json(catalog),
      [`GET /api/v1/mentors/${MENTOR_ID}`]: () => json(publicMentor({ timezone: "Europe/Berlin" })),
      [`GET /api/v1/public/mentors/${MENTOR_ID}/portfolio`]: () => json(emptyPortfolio),
      [`GET /api/v1/mentors/${MENTOR_ID}/booking-terms`]: () => json(terms),
      [`GET /api/v1/mentors/${MENTOR_ID}/slots`]: () =>
        json(slots({ timezone: zone, session_minutes: 45, session_lengths: [45, 60], days: [{ date: day, slots: [slot] }] })),
      ...extra,
    });
  }

  async function pickSlot(route = `/mentors/${MENTOR_ID}`) {
    renderWithProviders(<AppRoutes />, { route });
    const calendar = await screen.findByRole("list", { name: "Available times" });
    const buttons = await within(calendar).findAllByRole("button", { name: /to/ });
    await userEvent.click(buttons[0] as HTMLElement);
    return screen.findByRole("dialog", { name: "Book a session with Amara Okafor" });
  }

  it("confirms the price, the policy and both people's times, then goes to the payment page", async () => {
    const calls = routes({
      "POST /api/v1/bookings": () =>
        json({ checkout_url: `${window.location.origin}/pay/test/${REF}`, session: bookedSession({ status: "awaiting_payment", paid: 0 }) }, 201),
      [`GET /api/v1/payments/test-checkouts/${REF}`]: () => json(checkout()),
    });
    const dialog = await pickSlot();

    expect(within(dialog).getByTestId("booking-price")).toHaveTextContent(formatMoney(2625, "EUR"));
    expect(within(dialog).getByText(`${formatMoney(3500, "EUR")} per hour × 45 min`)).toBeInTheDocument();
    expect(await within(dialog).findByTestId("booking-policy")).toHaveTextContent("Free cancellation until 24 h before; after that 50 % back");
    expect(within(dialog).getByText(formatSessionTime(slot.start, slot.end, "Asia/Tokyo", clockStyle()))).toBeInTheDocument();
    expect(within(dialog).getByText(formatSessionTime(slot.start, slot.end, "Europe/Berlin", clockStyle()))).toBeInTheDocument();
    expect(within(dialog).getByText("Amara Okafor's time")).toBeInTheDocument();
    expect(within(dialog).getByText(/^Europe\/Berlin/)).toBeInTheDocument();
    expect(within(dialog).getByText(/^Asia\/Tokyo/)).toBeInTheDocument();

    await userEvent.click(within(dialog).getByRole("button", { name: "Continue to payment" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(`/pay/test/${REF}`));
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({ mentor_id: MENTOR_ID, minutes: 45, starts_at: slot.start, trial: false });
    expect(await screen.findByText("Test payment — no real money")).toBeInTheDocument();
  });

  it("books a session about the weak topic the student came from, unless they remove it", async () => {
    const calls = routes({
      "POST /api/v1/bookings": () =>
        json({ checkout_url: `${window.location.origin}/pay/test/${REF}`, session: bookedSession({ status: "awaiting_payment", paid: 0, topic_id: NEWTON_ID }) }, 201),
      [`GET /api/v1/payments/test-checkouts/${REF}`]: () => json(checkout()),
    });
    const dialog = await pickSlot(`/mentors/${MENTOR_ID}?topic=newtons-laws#availability`);
    expect(screen.getByText("Pick a time for a session on Newton's laws of motion.")).toBeInTheDocument();
    expect(within(dialog).getByText("Topic")).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Remove the topic Newton's laws of motion" }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Book it about Newton's laws of motion" }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Continue to payment" }));
    await waitFor(() => expect(calls.some((call) => call.method === "POST")).toBe(true));
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({ mentor_id: MENTOR_ID, minutes: 45, starts_at: slot.start, trial: false, topic_id: NEWTON_ID });
  });

  it("offers the trial lesson the student has not had yet, with its own length and price", async () => {
    const calls = routes({
      [`GET /api/v1/mentors/${MENTOR_ID}/booking-terms`]: () => json({ ...terms, trial_minutes: 30, trial_price_percent: 50, trial_available: true }),
      "POST /api/v1/bookings": () =>
        json({ checkout_url: `${window.location.origin}/pay/test/${REF}`, session: bookedSession({ status: "awaiting_payment", paid: 0, trial: true, minutes: 30 }) }, 201),
      [`GET /api/v1/payments/test-checkouts/${REF}`]: () => json(checkout()),
    });
    const dialog = await pickSlot();
    const kinds = await within(dialog).findByRole("group", { name: "Session type" });
    const trialLabel = `Trial lesson: 30 min for ${formatMoney(875, "EUR")}`;
    expect(within(kinds).getByRole("radio", { name: /45-minute session/ })).toBeChecked();
    expect(within(dialog).getByTestId("booking-price")).toHaveTextContent(formatMoney(2625, "EUR"));

    await userEvent.click(within(kinds).getByRole("radio", { name: (name) => name.startsWith(trialLabel) }));
    expect(within(dialog).getByTestId("booking-price")).toHaveTextContent(formatMoney(875, "EUR"));
    expect(within(dialog).getByText(`${formatMoney(3500, "EUR")} per hour × 30 min × 50 %`)).toBeInTheDocument();
    const trialEnd = new Date(new Date(slot.start).getTime() + 30 * 60_000).toISOString();
    expect(within(dialog).getByText(formatSessionTime(slot.start, trialEnd, "Asia/Tokyo", clockStyle()))).toBeInTheDocument();

    await userEvent.click(within(dialog).getByRole("button", { name: "Continue to payment" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(`/pay/test/${REF}`));
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({ mentor_id: MENTOR_ID, minutes: 30, starts_at: slot.start, trial: true });
  }, 20_000);

  it("offers no trial to a student who has had theirs", async () => {
    const calls = routes({
      [`GET /api/v1/mentors/${MENTOR_ID}/booking-terms`]: () => json({ ...terms, trial_minutes: 30, trial_price_percent: 50, trial_available: false }),
      "POST /api/v1/bookings": () => json({ checkout_url: `${window.location.origin}/pay/test/${REF}`, session: bookedSession({ status: "awaiting_payment", paid: 0 }) }, 201),
      [`GET /api/v1/payments/test-checkouts/${REF}`]: () => json(checkout()),
    });
    const dialog = await pickSlot();
    expect(await within(dialog).findByTestId("booking-policy")).toBeInTheDocument();
    expect(within(dialog).queryByRole("group", { name: "Session type" })).not.toBeInTheDocument();
    expect(within(dialog).queryByText(/Trial lesson/)).not.toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Continue to payment" }));
    await waitFor(() => expect(calls.some((call) => call.method === "POST")).toBe(true));
    expect(calls.find((call) => call.method === "POST")?.body).toMatchObject({ minutes: 45, trial: false });
  });

  it("explains a slot taken meanwhile and shows the calendar again, refreshed", async () => {
    const calls = routes({ "POST /api/v1/bookings": () => apiError(409, "slot_taken") });
    const dialog = await pickSlot();
    const before = calls.filter((call) => call.path.endsWith("/slots")).length;
    await userEvent.click(within(dialog).getByRole("button", { name: "Continue to payment" }));
    expect(await screen.findByText("That time was just taken")).toBeInTheDocument();
    expect(screen.queryByRole("dialog", { name: "Book a session with Amara Okafor" })).not.toBeInTheDocument();
    await waitFor(() => expect(calls.filter((call) => call.path.endsWith("/slots")).length).toBeGreaterThan(before));
  });

  it("tells a mentor that only students book, without a way to pay", async () => {
    routes({ "GET /api/v1/me": () => json(makeUser({ role: "mentor", timezone: zone })) });
    const dialog = await pickSlot();
    expect(within(dialog).getByText("Only students book sessions")).toBeInTheDocument();
    expect(within(dialog).queryByRole("button", { name: "Continue to payment" })).not.toBeInTheDocument();
  });

  it("tells visitors about the trial lesson new students can book", async () => {
    routes({
      "GET /api/v1/me": () => apiError(401, "not_authenticated"),
      [`GET /api/v1/mentors/${MENTOR_ID}/booking-terms`]: () => json({ ...terms, trial_minutes: 30, trial_price_percent: 50, trial_available: null }),
    });
    const dialog = await pickSlot();
    expect(await within(dialog).findByText(`New students can start with a trial lesson: 30 min for ${formatMoney(875, "EUR")}.`)).toBeInTheDocument();
    expect(within(dialog).queryByRole("group", { name: "Session type" })).not.toBeInTheDocument();
  });

  it("sends someone whose session ended to sign in and back", async () => {
    routes({ "POST /api/v1/bookings": () => apiError(401, "not_authenticated") });
    const dialog = await pickSlot();
    await userEvent.click(within(dialog).getByRole("button", { name: "Continue to payment" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(`/login?next=${encodeURIComponent(`/mentors/${MENTOR_ID}`)}`), { timeout: 3000 });
  });
});

describe("the test payment page", () => {
  function routes(outcome: (call: Call) => Response) {
    return mockApi({
      "GET /api/v1/me": () => json(STUDENT),
      [`GET /api/v1/payments/test-checkouts/${REF}`]: () => json(checkout()),
      [`POST /api/v1/payments/test-checkouts/${REF}/outcome`]: outcome,
      [`GET /api/v1/bookings/${SESSION_ID}`]: () => json(bookedSession()),
      [`GET /api/v1/mentors/${MENTOR_ID}`]: () => json(publicMentor()),
    });
  }

  it("is marked as a test and shows the amount, the description and the time left", async () => {
    routes(() => json({ declined: false, redirect_url: null }));
    renderWithProviders(<AppRoutes />, { route: `/pay/test/${REF}` });
    expect(await screen.findByRole("heading", { name: `Pay ${formatMoney(2625, "EUR")}` })).toBeInTheDocument();
    expect(screen.getByText("Test payment — no real money")).toBeInTheDocument();
    expect(screen.getByText("45-minute session with Amara Okafor")).toBeInTheDocument();
    expect(screen.getByTestId("checkout-countdown")).toHaveTextContent(/^(8:5\d|9:00)$/);
  });

  it("keeps the page open after a declined card", async () => {
    const calls = routes(() => json({ declined: true, redirect_url: null }));
    renderWithProviders(<AppRoutes />, { route: `/pay/test/${REF}` });
    await userEvent.click(await screen.findByRole("button", { name: "Use a declined card" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Your card was declined");
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({ outcome: "decline" });
    expect(screen.getByTestId("location")).toHaveTextContent(`/pay/test/${REF}`);
    expect(screen.getByRole("button", { name: `Pay ${formatMoney(2625, "EUR")}` })).toBeEnabled();
  });

  it("asks to confirm with the bank for 3-D Secure, then follows the redirect", async () => {
    const calls = routes(() => json({ declined: false, redirect_url: `${window.location.origin}/sessions/${SESSION_ID}?paid=1` }));
    renderWithProviders(<AppRoutes />, { route: `/pay/test/${REF}` });
    await userEvent.click(await screen.findByRole("button", { name: "Pay with 3-D Secure" }));
    const bank = screen.getByRole("group", { name: "Confirm with your bank" });
    expect(calls.filter((call) => call.method === "POST")).toHaveLength(0);
    await userEvent.click(within(bank).getByRole("button", { name: "Approve payment" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(`/sessions/${SESSION_ID}?paid=1`));
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({ outcome: "succeed_after_3ds" });
  });

  it("pays, or abandons back to the platform's cancel address", async () => {
    const calls = routes((call) =>
      json({ declined: false, redirect_url: `${window.location.origin}/sessions/${SESSION_ID}?${(call.body as { outcome: string }).outcome === "abandon" ? "cancelled" : "paid"}=1` }),
    );
    renderWithProviders(<AppRoutes />, { route: `/pay/test/${REF}` });
    await userEvent.click(await screen.findByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(`/sessions/${SESSION_ID}?cancelled=1`));
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({ outcome: "abandon" });
  });

  it("says when the checkout has expired", async () => {
    mockApi({
      "GET /api/v1/me": () => json(STUDENT),
      [`GET /api/v1/payments/test-checkouts/${REF}`]: () => json(checkout({ status: "expired" })),
    });
    renderWithProviders(<AppRoutes />, { route: `/pay/test/${REF}` });
    expect(await screen.findByText("This payment has expired")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Pay / })).not.toBeInTheDocument();
  });
});

describe("a session's page", () => {
  it("polls a session awaiting payment every 2 seconds until it is confirmed, then stops", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let answers = 0;
    const calls = mockApi({
      "GET /api/v1/me": () => json(STUDENT),
      [`GET /api/v1/mentors/${MENTOR_ID}`]: () => json(publicMentor()),
      [`GET /api/v1/bookings/${SESSION_ID}`]: () => {
        answers += 1;
        return json(answers === 1 ? bookedSession({ status: "awaiting_payment", paid: 0 }) : bookedSession());
      },
    });
    renderWithProviders(<AppRoutes />, { route: `/sessions/${SESSION_ID}?paid=1` });
    expect(await screen.findByText("Payment received — confirming your booking")).toBeInTheDocument();
    expect(screen.getByTestId("hold-countdown")).toHaveTextContent(/^(9:5\d|10:00)$/);
    expect(screen.getByRole("heading", { name: "Session with Amara Okafor" })).toBeInTheDocument();

    await act(() => vi.advanceTimersByTimeAsync(2000));
    expect(await screen.findByText("You're booked")).toBeInTheDocument();
    expect(screen.queryByText("Payment received — confirming your booking")).not.toBeInTheDocument();
    const asked = calls.filter((call) => call.path === `/api/v1/bookings/${SESSION_ID}`).length;
    expect(asked).toBe(2);

    await act(() => vi.advanceTimersByTimeAsync(6000));
    expect(calls.filter((call) => call.path === `/api/v1/bookings/${SESSION_ID}`)).toHaveLength(asked);
  });

  it("previews the refund before cancelling, then shows the session cancelled", async () => {
    let current = bookedSession({ refund_if_cancelled_now: 1313 });
    const calls = mockApi({
      "GET /api/v1/me": () => json(STUDENT),
      [`GET /api/v1/mentors/${MENTOR_ID}`]: () => json(publicMentor()),
      [`GET /api/v1/bookings/${SESSION_ID}`]: () => json(current),
      [`POST /api/v1/bookings/${SESSION_ID}/cancel`]: () => {
        current = bookedSession({ status: "cancelled", refunded: 1313, refund_if_cancelled_now: 0, cancelled_by: "student" });
        return json(current);
      },
    });
    renderWithProviders(<AppRoutes />, { route: `/sessions/${SESSION_ID}` });
    await userEvent.click(await screen.findByRole("button", { name: "Cancel session" }));
    const dialog = screen.getByRole("dialog", { name: "Cancel this session?" });
    expect(within(dialog).getByTestId("refund-preview")).toHaveTextContent(
      `If you cancel now you get ${formatMoney(1313, "EUR")} back of the ${formatMoney(2625, "EUR")} you paid.`,
    );
    await userEvent.type(within(dialog).getByLabelText(/Reason/), "Exam moved");
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel session" }));
    expect(await screen.findByText("This session was cancelled")).toBeInTheDocument();
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({ reason: "Exam moved" });
    expect(screen.queryByRole("button", { name: "Cancel session" })).not.toBeInTheDocument();
  });
});

describe("after the start and before it", () => {
  const MENTOR = makeUser({ id: MENTOR_ID, role: "mentor", timezone: "Europe/Berlin" });
  const ended = () => {
    const start = new Date(Date.now() - 2 * 3_600_000);
    return { starts_at: start.toISOString(), ends_at: new Date(start.getTime() + 45 * 60_000).toISOString() };
  };

  it("lets the mentor mark an ended session as held, and offers nothing once it is", async () => {
    let current = bookedSession(ended());
    const calls = mockApi({
      "GET /api/v1/me": () => json(MENTOR),
      [`GET /api/v1/bookings/${SESSION_ID}`]: () => json(current),
      [`POST /api/v1/bookings/${SESSION_ID}/complete`]: () => {
        current = { ...current, status: "completed" };
        return json(current);
      },
    });
    renderWithProviders(<AppRoutes />, { route: `/sessions/${SESSION_ID}` });
    expect(await screen.findByRole("heading", { name: "How did it go?" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Report a problem" })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Mark as held" }));
    await waitFor(() => expect(screen.queryByRole("button", { name: "Mark as held" })).not.toBeInTheDocument());
    expect(calls.filter((call) => call.method === "POST").map((call) => call.path)).toEqual([`/api/v1/bookings/${SESSION_ID}/complete`]);
  });

  it("offers no outcome before the session has started", async () => {
    mockApi({ "GET /api/v1/me": () => json(MENTOR), [`GET /api/v1/bookings/${SESSION_ID}`]: () => json(bookedSession()) });
    renderWithProviders(<AppRoutes />, { route: `/sessions/${SESSION_ID}` });
    expect(await screen.findByRole("heading", { name: "Meeting details" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Mark as held" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "The student didn't come" })).not.toBeInTheDocument();
  });

  it("lets the student report a problem with a reason, which is required", async () => {
    let current = bookedSession(ended());
    const calls = mockApi({
      "GET /api/v1/me": () => json(STUDENT),
      [`GET /api/v1/mentors/${MENTOR_ID}`]: () => json(publicMentor()),
      [`GET /api/v1/bookings/${SESSION_ID}`]: () => json(current),
      [`POST /api/v1/bookings/${SESSION_ID}/report`]: () => {
        current = { ...current, status: "disputed" };
        return json(current);
      },
    });
    renderWithProviders(<AppRoutes />, { route: `/sessions/${SESSION_ID}` });
    await userEvent.click(await screen.findByRole("button", { name: "Report a problem" }));
    const dialog = screen.getByRole("dialog", { name: "Report a problem with this session" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Send report" }));
    expect(within(dialog).getByLabelText("What went wrong?")).toHaveAccessibleDescription("Say what went wrong.");
    expect(calls.some((call) => call.method === "POST")).toBe(false);
    await userEvent.type(within(dialog).getByLabelText("What went wrong?"), "The mentor never joined");
    await userEvent.click(within(dialog).getByRole("button", { name: "Send report" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({ reason: "The mentor never joined" });
    expect(screen.queryByRole("button", { name: "Report a problem" })).not.toBeInTheDocument();
  });

  it("still lets the student object after the mentor marked the session held, until the window closes", async () => {
    let current = bookedSession({ ...ended(), status: "completed" });
    mockApi({
      "GET /api/v1/me": () => json(STUDENT),
      [`GET /api/v1/mentors/${MENTOR_ID}`]: () => json(publicMentor()),
      [`GET /api/v1/bookings/${SESSION_ID}`]: () => json(current),
      [`GET /api/v1/bookings/${SESSION_ID}/review`]: () => apiError(404, "review_not_found"),
    });
    const view = renderWithProviders(<AppRoutes />, { route: `/sessions/${SESSION_ID}` });
    expect(await screen.findByRole("button", { name: "Report a problem" })).toBeInTheDocument();
    view.unmount();
    const start = new Date(Date.now() - 50 * 3_600_000);
    current = bookedSession({ status: "completed", starts_at: start.toISOString(), ends_at: new Date(start.getTime() + 45 * 60_000).toISOString() });
    renderWithProviders(<AppRoutes />, { route: `/sessions/${SESSION_ID}` });
    expect(await screen.findByRole("heading", { level: 1 })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Report a problem" })).not.toBeInTheDocument();
  });

  it("lets the mentor give the meeting link and notes, refusing a link that is not https", async () => {
    let current = bookedSession();
    const calls = mockApi({
      "GET /api/v1/me": () => json(MENTOR),
      [`GET /api/v1/bookings/${SESSION_ID}`]: () => json(current),
      [`PATCH /api/v1/bookings/${SESSION_ID}`]: (call) => {
        current = { ...current, ...(call.body as Partial<BookedSession>) };
        return json(current);
      },
    });
    renderWithProviders(<AppRoutes />, { route: `/sessions/${SESSION_ID}` });
    const link = await screen.findByLabelText(/Video room link/);
    await userEvent.type(link, "http://meet.example.org/room");
    await userEvent.type(screen.getByLabelText(/Notes for your student/), "Bring the lab sheet");
    await userEvent.click(screen.getByRole("button", { name: "Save meeting details" }));
    expect(link).toHaveAccessibleDescription("Give an https:// link to your video room.");
    expect(calls.some((call) => call.method === "PATCH")).toBe(false);
    await userEvent.clear(link);
    await userEvent.type(link, "https://meet.example.org/room");
    await userEvent.click(screen.getByRole("button", { name: "Save meeting details" }));
    expect(await screen.findByRole("link", { name: /Join the session/ })).toHaveAttribute("href", "https://meet.example.org/room");
    expect(screen.getByText("Bring the lab sheet", { selector: "span" })).toBeInTheDocument();
    expect(calls.find((call) => call.method === "PATCH")?.body).toEqual({ meeting_url: "https://meet.example.org/room", notes: "Bring the lab sheet" });
  });
});

describe("rescheduling", () => {
  it("moves a confirmed session to another free time of the same length", async () => {
    const zone = STUDENT.timezone;
    let current = bookedSession();
    const day = todayIn(zone, new Date(current.starts_at));
    const later = { start: zonedIso(day, "20:00", zone), end: zonedIso(day, "20:45", zone) };
    const calls = mockApi({
      "GET /api/v1/me": () => json(STUDENT),
      [`GET /api/v1/mentors/${MENTOR_ID}`]: () => json(publicMentor()),
      [`GET /api/v1/bookings/${SESSION_ID}`]: () => json(current),
      [`GET /api/v1/mentors/${MENTOR_ID}/slots`]: () => json(slots({ timezone: zone, session_minutes: 45, days: [{ date: day, slots: [later] }] })),
      [`POST /api/v1/bookings/${SESSION_ID}/reschedule`]: (call) => {
        current = bookedSession({ starts_at: later.start, ends_at: later.end, sequence: 2 });
        expect(call.body).toEqual({ starts_at: later.start });
        return json(current);
      },
    });
    renderWithProviders(<AppRoutes />, { route: `/sessions/${SESSION_ID}` });
    await userEvent.click(await screen.findByRole("button", { name: "Reschedule" }));
    const dialog = screen.getByRole("dialog", { name: "Move this session" });
    expect(within(dialog).getByRole("button", { name: "Move session" })).toBeDisabled();
    await userEvent.click(await within(dialog).findByRole("radio", { name: new RegExp(`^${formatClock(later.start, zone, clockStyle())} to`) }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Move session" }));
    expect(await screen.findByText("Session moved")).toBeInTheDocument();
    const asked = calls.find((call) => call.path.endsWith("/slots"));
    expect(asked?.search.get("start")).toBe(day);
    expect(asked?.search.get("session_minutes")).toBe("45");
    expect(screen.getByRole("heading", { level: 1 }).nextElementSibling).toHaveTextContent(formatSessionTime(later.start, later.end, zone, clockStyle()));
  });
});

describe("my sessions", () => {
  it("lists upcoming sessions with the other party, and past ones on their tab", async () => {
    const calls = mockApi({
      "GET /api/v1/me": () => json(STUDENT),
      [`GET /api/v1/mentors/${MENTOR_ID}`]: () => json(publicMentor()),
      "GET /api/v1/bookings": (call) =>
        json({ items: call.search.get("when") === "past" ? [] : [bookedSession()], total: call.search.get("when") === "past" ? 0 : 1, page: 1, page_size: 20 }),
    });
    renderWithProviders(<AppRoutes />, { route: "/sessions" });
    const list = await screen.findByRole("list", { name: "Upcoming sessions" });
    const row = await within(list).findByRole("link", { name: /Amara Okafor/ });
    expect(row).toHaveAttribute("href", `/sessions/${SESSION_ID}`);
    expect(within(row).getByText("Confirmed")).toBeInTheDocument();
    expect(calls.find((call) => call.path === "/api/v1/bookings")?.search.get("when")).toBe("upcoming");

    await userEvent.click(screen.getByRole("link", { name: "Past" }));
    expect(await screen.findByText("No past sessions yet")).toBeInTheDocument();
    expect(calls.filter((call) => call.path === "/api/v1/bookings").at(-1)?.search.get("when")).toBe("past");
  });

  it("asks the student to review a completed past session, and only while it has no review", async () => {
    const done = bookedSession({ status: "completed", starts_at: "2026-11-02T09:00:00Z", ends_at: "2026-11-02T09:45:00Z" });
    const reviewed = bookedSession({ id: "60000000-0000-4000-8000-000000000003", status: "completed", reviewed: true, starts_at: "2026-10-02T09:00:00Z", ends_at: "2026-10-02T09:45:00Z" });
    const cancelled = bookedSession({ id: "60000000-0000-4000-8000-000000000004", status: "cancelled", starts_at: "2026-09-02T09:00:00Z", ends_at: "2026-09-02T09:45:00Z" });
    mockApi({
      "GET /api/v1/me": () => json(STUDENT),
      "GET /api/v1/bookings": () => json({ items: [done, reviewed, cancelled], total: 3, page: 1, page_size: 20 }),
    });
    renderWithProviders(<AppRoutes />, { route: "/sessions?when=past" });
    const list = await screen.findByRole("list", { name: "Past sessions" });
    const links = within(list).getAllByRole("link", { name: "Leave a review" });
    expect(links).toHaveLength(1);
    expect(links[0]).toHaveAttribute("href", `/sessions/${SESSION_ID}#review`);
    expect(within(list).getAllByRole("link", { name: /Amara Okafor/ })).toHaveLength(3);
  });

  it("shows a mentor their sessions with students", async () => {
    const mentor = makeUser({ id: MENTOR_ID, role: "mentor" });
    mockApi({
      "GET /api/v1/me": () => json(mentor),
      "GET /api/v1/bookings": () => json({ items: [bookedSession()], total: 1, page: 1, page_size: 20 }),
    });
    renderWithProviders(<AppRoutes />, { route: "/sessions" });
    const list = await screen.findByRole("list", { name: "Upcoming sessions" });
    expect(within(list).getByRole("link", { name: /Ada Lovelace/ })).toHaveAttribute("href", `/sessions/${SESSION_ID}`);
    expect(within(list).queryByRole("link", { name: "Leave a review" })).not.toBeInTheDocument();
    expect(screen.getByText("Your sessions with students.")).toBeInTheDocument();
  });

  it("is in the student's navigation", async () => {
    mockApi({
      "GET /api/v1/me": () => json(STUDENT),
      "GET /api/v1/bookings": () => json({ items: [], total: 0, page: 1, page_size: 20 }),
    });
    renderWithProviders(<AppRoutes />, { route: "/sessions" });
    const nav = await screen.findByRole("navigation", { name: "Main" });
    expect(within(nav).getByRole("link", { name: "My sessions" })).toHaveAttribute("href", "/sessions");
  });
});
