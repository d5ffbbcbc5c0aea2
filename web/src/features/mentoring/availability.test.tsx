import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Availability, AvailabilityIn } from "../../api/types";
import { AppRoutes } from "../../app/routes";
import { apiError, json, makeUser, mockApi } from "../../test/mock-api";
import { completeProfile, MENTOR_ID, slots } from "../../test/marketplace-fixtures";
import { renderWithProviders } from "../../test/render";

const mentor = makeUser({ id: MENTOR_ID, role: "mentor", display_name: "Amara Okafor" });

const stored: Availability = {
  version: 3,
  timezone: "Europe/Berlin",
  session_lengths: [60],
  buffer_minutes: 0,
  min_notice_minutes: 720,
  horizon_days: 60,
  weekly: [{ weekday: 0, start: "09:00", end: "12:00" }],
  overrides: [],
};

function routes(extra: Parameters<typeof mockApi>[0] = {}, profile = completeProfile()) {
  return mockApi({
    "GET /api/v1/me": () => json(mentor),
    "GET /api/v1/mentor/profile": () => json(profile),
    "GET /api/v1/mentor/availability": () => json(stored),
    [`GET /api/v1/mentors/${MENTOR_ID}/slots`]: () => json(slots()),
    ...extra,
  });
}

describe("availability editor", () => {
  it("adds hours and saves the whole document with the version it read", async () => {
    const calls = routes({ "PUT /api/v1/mentor/availability": (call) => json({ ...(call.body as AvailabilityIn), version: 4 }) });
    renderWithProviders(<AppRoutes />, { route: "/mentor/availability" });
    expect(await screen.findByLabelText("Monday, window 1, start")).toHaveValue("09:00");
    expect(screen.getByText("All changes saved")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Add hours on Wednesday" }));
    fireEvent.change(screen.getByLabelText("Wednesday, window 1, start"), { target: { value: "14:00" } });
    fireEvent.change(screen.getByLabelText("Wednesday, window 1, end"), { target: { value: "00:00" } });
    // Lengths and breaks are edited in Booking settings; this page shows them and keeps them.
    expect(screen.getByRole("link", { name: "Change in Booking settings" })).toHaveAttribute("href", "/mentor/booking-settings");
    await userEvent.click(screen.getByRole("button", { name: "Add a date" }));
    expect(screen.getByText("Unsaved changes")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Save availability" }));

    expect(await screen.findByText("Availability saved")).toBeInTheDocument();
    const put = calls.find((call) => call.method === "PUT");
    const body = put?.body as AvailabilityIn;
    expect(body.version).toBe(3);
    expect(body.session_lengths).toEqual([60]);
    expect(body.buffer_minutes).toBe(stored.buffer_minutes);
    expect(body.weekly).toEqual([
      { weekday: 0, start: "09:00", end: "12:00" },
      { weekday: 2, start: "14:00", end: "00:00" },
    ]);
    expect(body.overrides).toHaveLength(1);
    expect(body.overrides?.[0]?.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(body.overrides?.[0]?.windows).toEqual([]);
    await waitFor(() => expect(screen.getByText("All changes saved")).toBeInTheDocument());
  });

  it("catches overlapping hours before sending, on the right row", async () => {
    const calls = routes();
    renderWithProviders(<AppRoutes />, { route: "/mentor/availability" });
    await userEvent.click(await screen.findByRole("button", { name: "Add hours on Monday" }));
    fireEvent.change(screen.getByLabelText("Monday, window 2, start"), { target: { value: "11:00" } });
    await userEvent.click(screen.getByRole("button", { name: "Save availability" }));
    expect(screen.getByLabelText("Monday, window 2, start")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Monday, window 2, start")).toHaveAccessibleDescription("Overlaps other hours on the same day.");
    expect(screen.getByLabelText("Monday, window 1, start")).not.toHaveAttribute("aria-invalid");
    expect(calls.some((call) => call.method === "PUT")).toBe(false);
  });

  it("maps the server's weekly[i].end to the row that was sent at i", async () => {
    routes({
      "PUT /api/v1/mentor/availability": () =>
        apiError(422, "invalid_availability_window", "…", { fields: { "weekly[1].end": "Must be later than the start." } }),
    });
    renderWithProviders(<AppRoutes />, { route: "/mentor/availability" });
    await userEvent.click(await screen.findByRole("button", { name: "Add hours on Friday" }));
    await userEvent.click(screen.getByRole("button", { name: "Save availability" }));
    const end = await screen.findByLabelText("Friday, window 1, end");
    await waitFor(() => expect(end).toHaveAccessibleDescription("Must end after it starts (00:00 means midnight)."));
    expect(screen.getByLabelText("Monday, window 1, end")).not.toHaveAttribute("aria-invalid");
    expect(screen.getByRole("alert")).toHaveTextContent("Some hours need fixing");
  });

  it("says when it changed elsewhere and reloads the latest version", async () => {
    let version = 3;
    routes({
      "GET /api/v1/mentor/availability": () => json({ ...stored, version, weekly: version > 3 ? [{ weekday: 4, start: "10:00", end: "11:00" }] : stored.weekly }),
      "PUT /api/v1/mentor/availability": () => apiError(409, "concurrent_modification"),
    });
    renderWithProviders(<AppRoutes />, { route: "/mentor/availability" });
    await userEvent.click(await screen.findByRole("button", { name: "Add hours on Tuesday" }));
    await userEvent.click(screen.getByRole("button", { name: "Save availability" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Your availability changed somewhere else");
    expect(screen.getByRole("button", { name: "Save availability" })).toBeDisabled();

    version = 4;
    await userEvent.click(within(alert).getByRole("button", { name: "Reload latest" }));
    expect(await screen.findByLabelText("Friday, window 1, start")).toHaveValue("10:00");
    expect(screen.queryByLabelText("Tuesday, window 1, start")).not.toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("copies a day's hours to the days picked, replacing theirs", async () => {
    const calls = routes({
      "GET /api/v1/mentor/availability": () =>
        json({ ...stored, weekly: [...stored.weekly, { weekday: 0, start: "14:00", end: "16:00" }, { weekday: 3, start: "07:00", end: "08:00" }] }),
      "PUT /api/v1/mentor/availability": (call) => json({ ...(call.body as AvailabilityIn), version: 4 }),
    });
    renderWithProviders(<AppRoutes />, { route: "/mentor/availability" });
    await screen.findByLabelText("Monday, window 2, start");
    // Only days with hours have something to copy.
    expect(screen.queryByRole("button", { name: "Copy Tuesday's hours to other days" })).not.toBeInTheDocument();
    const copy = screen.getByRole("button", { name: "Copy Monday's hours to other days" });
    expect(copy).toHaveAttribute("aria-expanded", "false");
    await userEvent.click(copy);
    const panel = screen.getByRole("group", { name: "Copy Monday's hours to" });
    expect(within(panel).queryByRole("checkbox", { name: "Monday" })).not.toBeInTheDocument();
    expect(within(panel).getByRole("button", { name: "Copy hours" })).toBeDisabled();
    await userEvent.click(within(panel).getByRole("button", { name: "Weekdays" }));
    await userEvent.click(within(panel).getByRole("checkbox", { name: "Tuesday" }));
    await userEvent.click(within(panel).getByRole("checkbox", { name: "Saturday" }));
    await userEvent.click(within(panel).getByRole("button", { name: "Copy hours" }));
    expect(screen.queryByRole("group", { name: "Copy Monday's hours to" })).not.toBeInTheDocument();

    for (const day of ["Wednesday", "Thursday", "Friday", "Saturday"]) {
      expect(screen.getByLabelText(`${day}, window 1, start`)).toHaveValue("09:00");
      expect(screen.getByLabelText(`${day}, window 2, end`)).toHaveValue("16:00");
    }
    expect(screen.queryByLabelText("Tuesday, window 1, start")).not.toBeInTheDocument();
    // Each copy is its own row: editing one leaves the others alone.
    fireEvent.change(screen.getByLabelText("Friday, window 1, start"), { target: { value: "10:00" } });
    expect(screen.getByLabelText("Monday, window 1, start")).toHaveValue("09:00");

    await userEvent.click(screen.getByRole("button", { name: "Save availability" }));
    expect(await screen.findByText("Availability saved")).toBeInTheDocument();
    const body = calls.find((call) => call.method === "PUT")?.body as AvailabilityIn;
    expect(body.weekly?.filter((window) => window.weekday === 3)).toEqual([
      { weekday: 3, start: "09:00", end: "12:00" },
      { weekday: 3, start: "14:00", end: "16:00" },
    ]);
    expect(body.weekly?.filter((window) => window.weekday === 4)[0]).toEqual({ weekday: 4, start: "10:00", end: "12:00" });
    expect(body.weekly?.some((window) => window.weekday === 1 || window.weekday === 6)).toBe(false);
  });

  it("asks before leaving with unsaved changes, and lets go once saved", async () => {
    routes({
      "PUT /api/v1/mentor/availability": (call) => json({ ...(call.body as AvailabilityIn), version: 4 }),
      "GET /api/v1/mentor/content": () => json({ items: [], total: 0, page: 1, page_size: 20 }),
    });
    renderWithProviders(<AppRoutes />, { route: "/mentor/availability" });
    await userEvent.click(await screen.findByRole("button", { name: "Add hours on Tuesday" }));
    const nav = screen.getByRole("navigation", { name: "Main" });
    await userEvent.click(within(nav).getByRole("link", { name: "My content" }));
    const dialog = await screen.findByRole("dialog", { name: "Leave without saving?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Stay" }));
    expect(screen.getByTestId("location")).toHaveTextContent(/^\/mentor\/availability$/);
    expect(screen.getByLabelText("Tuesday, window 1, start")).toHaveValue("09:00");

    await userEvent.click(within(nav).getByRole("link", { name: "My content" }));
    await userEvent.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Leave without saving" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(/^\/mentor\/content$/));
  });

  it("previews slots only once the mentor is public", async () => {
    routes({}, completeProfile({ status: "submitted" }));
    renderWithProviders(<AppRoutes />, { route: "/mentor/availability" });
    expect(await screen.findByText(/The preview appears once you're verified/)).toBeInTheDocument();
  });
});
