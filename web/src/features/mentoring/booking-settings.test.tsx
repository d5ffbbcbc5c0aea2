import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import type { BookingTerms } from "../../api/bookings";
import type { Availability, AvailabilityIn } from "../../api/types";
import { AppRoutes } from "../../app/routes";
import { formatMoney } from "../../lib/money";
import { apiError, json, makeUser, mockApi, type Call } from "../../test/mock-api";
import { completeProfile, MENTOR_ID } from "../../test/marketplace-fixtures";
import { renderWithProviders } from "../../test/render";
import { draftFrom, settingsPreview } from "./booking-settings-form";

const mentor = makeUser({ id: MENTOR_ID, role: "mentor", display_name: "Amara Okafor", timezone: "Europe/Berlin" });

const stored: Availability = {
  version: 7,
  timezone: "Europe/Berlin",
  session_lengths: [60],
  buffer_minutes: 10,
  min_notice_minutes: 720,
  horizon_days: 60,
  weekly: [{ weekday: 0, start: "09:00", end: "12:00" }],
  overrides: [{ day: "2026-12-24", windows: [] }],
};

const terms: BookingTerms = { free_until_hours: 24, late_refund_percent: 50, max_sessions_per_day: 6, trial_minutes: null, trial_price_percent: 50 };

function routes(extra: Parameters<typeof mockApi>[0] = {}) {
  return mockApi({
    "GET /api/v1/me": () => json(mentor),
    "GET /api/v1/mentor/profile": () => json(completeProfile({ hourly_rate_cents: 4000, currency: "EUR", status: "verified" })),
    "GET /api/v1/mentor/availability": () => json(stored),
    "GET /api/v1/mentor/booking-terms": () => json(terms),
    ...extra,
  });
}

async function open() {
  renderWithProviders(<AppRoutes />, { route: "/mentor/booking-settings" });
  return screen.findByRole("form", { name: "Booking settings" });
}

async function retype(label: string, value: string) {
  const field = screen.getByLabelText(label);
  await userEvent.clear(field);
  if (value) await userEvent.type(field, value);
}

// Compile the lazy page before the first test's clock starts, and let a busy machine take its
// time over rendering the whole app.
beforeAll(async () => {
  configure({ asyncUtilTimeout: 10_000 });
  await import("./BookingSettingsPage");
}, 60_000);

const puts = (calls: Call[], path: string) => calls.filter((call) => call.method === "PUT" && call.path === path);

describe("booking settings", { timeout: 30_000 }, () => {
  it("shows every term as stored and the policy in students' words", async () => {
    routes();
    await open();
    expect(screen.getByRole("button", { name: "60 min" })).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByRole("button", { name: "30 min" })).toHaveAttribute("aria-pressed", "false");
    expect(screen.getByLabelText("Minimum notice (hours)")).toHaveValue("12");
    expect(screen.getByLabelText("Booking window (days)")).toHaveValue("60");
    expect(screen.getByLabelText("Break between sessions (minutes)")).toHaveValue("10");
    expect(screen.getByLabelText("Sessions per day, at most")).toHaveValue("6");
    expect(screen.getByLabelText("Free cancellation until (hours before)")).toHaveValue("24");
    expect(screen.getByLabelText("Refund after that (%)")).toHaveValue("50");
    expect(screen.getByRole("checkbox", { name: /Offer a trial lesson/ })).not.toBeChecked();
    const preview = screen.getByRole("list", { name: "Terms as students read them" });
    expect(within(preview).getByText("Free cancellation until 24 h before; after that 50 % back.")).toBeInTheDocument();
    expect(within(preview).getByText("Book at least 12 hours ahead, up to 60 days in advance.")).toBeInTheDocument();
    expect(within(preview).getByText("No trial lesson.")).toBeInTheDocument();
    expect(screen.getByText("All changes saved")).toBeInTheDocument();
  });

  it("saves the changed terms and rules, keeping the weekly hours and the version it read", async () => {
    const calls = routes({
      "PUT /api/v1/mentor/booking-terms": (call) => json(call.body),
      "PUT /api/v1/mentor/availability": (call) => json({ ...(call.body as AvailabilityIn), version: 8 }),
    });
    await open();
    await userEvent.click(screen.getByRole("button", { name: "30 min" }));
    await userEvent.click(screen.getByRole("button", { name: "90 min" }));
    await retype("Minimum notice (hours)", "1.5");
    await retype("Booking window (days)", "30");
    await retype("Sessions per day, at most", "4");
    await retype("Free cancellation until (hours before)", "48");
    await retype("Refund after that (%)", "25");
    await userEvent.click(screen.getByRole("checkbox", { name: /Offer a trial lesson/ }));
    await userEvent.selectOptions(screen.getByLabelText("Trial length"), "45");
    await retype("Trial price (% of your rate)", "40");

    const preview = screen.getByRole("list", { name: "Terms as students read them" });
    expect(within(preview).getByText("Sessions of 30, 60 or 90 minutes.")).toBeInTheDocument();
    expect(within(preview).getByText("Free cancellation until 48 h before; after that 25 % back.")).toBeInTheDocument();
    // 40 % of €40 an hour for 45 minutes.
    expect(within(preview).getByText(`First lesson with you: 45 minutes for ${formatMoney(1200, "EUR")}, once per student.`)).toBeInTheDocument();
    expect(screen.getByText("Unsaved changes")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Save settings" }));
    expect(await screen.findByText("Booking settings saved")).toBeInTheDocument();
    const [termsPut] = puts(calls, "/api/v1/mentor/booking-terms");
    expect(termsPut?.body).toEqual({ free_until_hours: 48, late_refund_percent: 25, max_sessions_per_day: 4, trial_minutes: 45, trial_price_percent: 40 });
    const [rulesPut] = puts(calls, "/api/v1/mentor/availability");
    expect(rulesPut?.body).toEqual({
      version: 7,
      timezone: "Europe/Berlin",
      session_lengths: [30, 60, 90],
      min_notice_minutes: 90,
      horizon_days: 30,
      buffer_minutes: 10,
      weekly: stored.weekly,
      overrides: stored.overrides,
    });
    await waitFor(() => expect(screen.getByText("All changes saved")).toBeInTheDocument());
  });

  it("sends only what changed: new terms leave the availability alone", async () => {
    const calls = routes({ "PUT /api/v1/mentor/booking-terms": (call) => json(call.body) });
    await open();
    await retype("Refund after that (%)", "0");
    expect(within(screen.getByRole("list", { name: "Terms as students read them" })).getByText("Free cancellation until 24 h before; after that no refund.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Save settings" }));
    expect(await screen.findByText("Booking settings saved")).toBeInTheDocument();
    expect(puts(calls, "/api/v1/mentor/booking-terms")).toHaveLength(1);
    expect(puts(calls, "/api/v1/mentor/availability")).toHaveLength(0);
  });

  it("catches impossible values on their fields before sending anything", async () => {
    const calls = routes();
    await open();
    await userEvent.click(screen.getByRole("button", { name: "60 min" }));
    await retype("Refund after that (%)", "150");
    await retype("Booking window (days)", "");
    await userEvent.click(screen.getByRole("button", { name: "Save settings" }));

    expect(await screen.findByText("Offer at least one session length.")).toBeInTheDocument();
    expect(screen.getByLabelText("Refund after that (%)")).toHaveAccessibleDescription("Enter a percentage from 0 to 100.");
    expect(screen.getByLabelText("Refund after that (%)")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Booking window (days)")).toHaveAccessibleDescription("Enter a whole number of days from 1 to 180.");
    await waitFor(() => expect(screen.getByRole("button", { name: "30 min" })).toHaveFocus());
    expect(calls.filter((call) => call.method === "PUT")).toHaveLength(0);

    // Fixing a field clears its message.
    await retype("Refund after that (%)", "20");
    expect(screen.getByLabelText("Refund after that (%)")).not.toHaveAttribute("aria-invalid");
  });

  it("puts the server's objections on the fields they are about", async () => {
    routes({
      "PUT /api/v1/mentor/booking-terms": () =>
        apiError(422, "invalid_booking_policy", "Some booking terms are out of range.", { fields: { free_until_hours: "Use 0 to 336 hours." } }),
    });
    await open();
    await retype("Free cancellation until (hours before)", "300");
    await userEvent.click(screen.getByRole("button", { name: "Save settings" }));
    await waitFor(() =>
      expect(screen.getByLabelText("Free cancellation until (hours before)")).toHaveAccessibleDescription("Enter a whole number of hours from 0 to 336."),
    );
    expect(screen.queryByText("Booking settings saved")).not.toBeInTheDocument();
    expect(screen.getByText("Unsaved changes")).toBeInTheDocument();
  });

  it("maps the availability's objections too, in hours rather than the server's minutes", async () => {
    routes({
      "PUT /api/v1/mentor/availability": () =>
        apiError(422, "invalid_availability_rules", "Some booking rules are out of range.", { fields: { min_notice_minutes: "Use 0 to 20160 minutes." } }),
    });
    await open();
    await retype("Minimum notice (hours)", "300");
    await userEvent.click(screen.getByRole("button", { name: "Save settings" }));
    await waitFor(() => expect(screen.getByLabelText("Minimum notice (hours)")).toHaveAccessibleDescription("Enter 0 to 336 hours."));
  });

  it("offers to reload when the availability was saved elsewhere meanwhile", async () => {
    routes({ "PUT /api/v1/mentor/availability": () => apiError(409, "concurrent_modification") });
    await open();
    await userEvent.click(screen.getByRole("button", { name: "30 min" }));
    await userEvent.click(screen.getByRole("button", { name: "Save settings" }));
    expect(await screen.findByText("Your availability changed somewhere else")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Save settings" })).toBeDisabled();
  });

  it("asks before leaving with unsaved changes", async () => {
    routes({ "GET /api/v1/mentor/courses/summary": () => json({ learners: 0, published_courses: 0 }) });
    await open();
    await retype("Sessions per day, at most", "3");
    const nav = screen.getAllByRole("navigation").find((element) => within(element).queryByRole("link", { name: "Availability" }));
    await userEvent.click(within(nav as HTMLElement).getByRole("link", { name: "Availability" }));
    const dialog = await screen.findByRole("dialog", { name: "Leave without saving?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Stay" }));
    expect(screen.getByTestId("location")).toHaveTextContent("/mentor/booking-settings");
    expect(screen.getByLabelText("Sessions per day, at most")).toHaveValue("3");
  });

  it("shows a skeleton while loading and a retry when loading fails", async () => {
    let fail = true;
    routes({ "GET /api/v1/mentor/booking-terms": () => (fail ? apiError(500, "internal_error") : json(terms)) });
    renderWithProviders(<AppRoutes />, { route: "/mentor/booking-settings" });
    expect(await screen.findByRole("status", { name: "Loading your booking settings…" })).toBeInTheDocument();
    expect(await screen.findByText("We couldn't load your booking settings")).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("form", { name: "Booking settings" })).toBeInTheDocument();
  });
});

describe("the terms in students' words", () => {
  it("leaves out what isn't valid yet and tells a free trial as free", () => {
    const draft = { ...draftFrom(stored, { ...terms, trial_minutes: 30, trial_price_percent: 0 }), horizonDays: "0" };
    const lines = settingsPreview(draft, { hourlyRate: 4000, currency: "EUR" });
    expect(lines.some((line) => line.startsWith("Book "))).toBe(false);
    expect(lines).toContain("First lesson with you: 30 minutes for free, once per student.");
    expect(lines).toContain("If you cancel, the student gets everything back.");
    expect(settingsPreview({ ...draft, noticeHours: "48", horizonDays: "14" }, { hourlyRate: null, currency: "EUR" })).toContain(
      "Book at least 2 days ahead, up to 14 days in advance.",
    );
  });
});
