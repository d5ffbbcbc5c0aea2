import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { AppRoutes } from "../../app/routes";
import { addDays, formatClock, todayIn, zonedIso } from "../../lib/datetime";
import { browserTimezone } from "../../lib/timezones";
import { clockStyle } from "../../lib/viewer-zone";
import { apiError, json, makeUser, mockApi, type Call } from "../../test/mock-api";
import { card, catalog, MENTOR_ID, publicMentor, slots } from "../../test/marketplace-fixtures";
import { renderWithProviders } from "../../test/render";

const emptyPortfolio = { work: { courses: 0, lessons: 0 }, courses: [], lessons: { items: [], total: 0, page: 1, page_size: 10 } };

const visitor = () => apiError(401, "not_authenticated");
const page = (items = [card()], total = items.length, currency = "USD") => json({ items, total, page: 1, page_size: 12, currency });
const searches = (calls: Call[]) => calls.filter((call) => call.path === "/api/v1/mentors");

describe("find a mentor", () => {
  it("shows verified mentors to visitors, with rate, languages and next free time", async () => {
    mockApi({ "GET /api/v1/me": visitor, "GET /api/v1/catalog": () => json(catalog), "GET /api/v1/mentors": () => page() });
    renderWithProviders(<AppRoutes />, { route: "/mentors" });
    const link = await screen.findByRole("link", { name: "Amara Okafor" });
    expect(link).toHaveAttribute("href", `/mentors/${MENTOR_ID}`);
    const result = link.closest("article") as HTMLElement;
    expect(within(result).getByText("€35")).toBeInTheDocument();
    expect(within(result).getByText("English and French")).toBeInTheDocument();
    expect(within(result).getByText(/^Next available: /)).toBeInTheDocument();
    expect(within(result).getByText("New mentor")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "1 mentor" })).toBeInTheDocument();
    // Visitors get the public frame, with a way in.
    expect(screen.getByRole("link", { name: "Get started" })).toBeInTheDocument();
  });

  it("keeps filters in the address and sends them, times with the viewer's offset", async () => {
    const calls = mockApi({ "GET /api/v1/me": visitor, "GET /api/v1/catalog": () => json(catalog), "GET /api/v1/mentors": () => page() });
    renderWithProviders(<AppRoutes />, { route: "/mentors" });
    await screen.findByRole("link", { name: "Amara Okafor" });

    await userEvent.selectOptions(screen.getByLabelText("Subject"), "physics");
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/mentors?subject=physics"));
    await userEvent.selectOptions(screen.getByLabelText("Topic"), "newtons-laws");
    const day = addDays(todayIn(), 3);
    fireEvent.change(screen.getByLabelText("Day"), { target: { value: day } });
    fireEvent.change(screen.getByLabelText("From"), { target: { value: "09:00" } });
    fireEvent.change(screen.getByLabelText("To"), { target: { value: "11:00" } });
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(`subject=physics&topic=newtons-laws&day=${day}&from=09%3A00&to=11%3A00`));

    await waitFor(() => expect(searches(calls).at(-1)?.search.get("free_to")).toBeTruthy());
    const last = searches(calls).at(-1);
    expect(last?.search.get("subject")).toBe("physics");
    expect(last?.search.get("topic")).toBe("newtons-laws");
    expect(last?.search.get("free_from")).toBe(zonedIso(day, "09:00", browserTimezone()));
    expect(last?.search.get("free_to")).toBe(zonedIso(day, "11:00", browserTimezone()));
    expect(last?.search.get("free_from")).toMatch(/[+-]\d\d:\d\d$/);
  });

  it("keeps every filter changed before the page renders again (quick typing on a slow device)", async () => {
    mockApi({ "GET /api/v1/me": visitor, "GET /api/v1/catalog": () => json(catalog), "GET /api/v1/mentors": () => page() });
    renderWithProviders(<AppRoutes />, { route: "/mentors" });
    await screen.findByRole("link", { name: "Amara Okafor" });
    const day = addDays(todayIn(), 3);
    act(() => {
      fireEvent.change(screen.getByLabelText("Day"), { target: { value: day } });
      fireEvent.change(screen.getByLabelText("From"), { target: { value: "09:00" } });
      fireEvent.change(screen.getByLabelText("To"), { target: { value: "10:00" } });
    });
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(`day=${day}&from=09%3A00&to=10%3A00`));
    expect(screen.getByLabelText("Day")).toHaveValue(day);
  });

  it("shows what each mentor has published, and nothing for a mentor with no published work yet", async () => {
    const author = card({ work: { courses: 3, lessons: 12 } });
    const newcomer = card({ id: "00000000-0000-4000-8000-000000000004", display_name: "Noah Fischer" });
    mockApi({ "GET /api/v1/me": visitor, "GET /api/v1/catalog": () => json(catalog), "GET /api/v1/mentors": () => page([author, newcomer]) });
    renderWithProviders(<AppRoutes />, { route: "/mentors" });
    const amara = (await screen.findByRole("link", { name: "Amara Okafor" })).closest("article") as HTMLElement;
    expect(within(amara).getByText("3 courses · 12 lessons")).toBeInTheDocument();
    const noah = screen.getByRole("link", { name: "Noah Fischer" }).closest("article") as HTMLElement;
    expect(within(noah).queryByText(/course|lesson/)).toBeNull();
  });

  it("checks filters first and says which one is wrong", async () => {
    const calls = mockApi({ "GET /api/v1/me": visitor, "GET /api/v1/catalog": () => json(catalog), "GET /api/v1/mentors": () => page() });
    renderWithProviders(<AppRoutes />, { route: "/mentors?min_price=cheap" });
    const min = await screen.findByLabelText("Min");
    expect(min).toHaveAccessibleDescription("Enter an amount, like 25 or 25.50.");
    expect(screen.getByRole("alert")).toHaveTextContent("Check the highlighted filters");
    expect(searches(calls)).toHaveLength(0);
  });

  it("compares prices in the viewer's currency and shows both the mentor's and the converted price", async () => {
    const rupees = card({ id: "00000000-0000-4000-8000-000000000002", display_name: "Priya Raman", hourly_rate_cents: 150000, currency: "INR", approx_rate_cents: 1800 });
    const dollars = card({ id: "00000000-0000-4000-8000-000000000003", display_name: "Daniel Reyes", hourly_rate_cents: 2500, currency: "USD", approx_rate_cents: 2500 });
    const calls = mockApi({ "GET /api/v1/me": visitor, "GET /api/v1/catalog": () => json(catalog), "GET /api/v1/mentors": (call) => page([rupees, dollars], 2, call.search.get("currency") ?? "USD") });
    renderWithProviders(<AppRoutes />, { route: "/mentors?min_price=10" });
    const priya = (await screen.findByRole("link", { name: "Priya Raman" })).closest("article") as HTMLElement;
    expect(within(priya).getByText(/1,500/)).toBeInTheDocument();
    expect(within(priya).getByText("≈ $18")).toBeInTheDocument();
    // A price in the viewer's own currency needs no second figure.
    const daniel = (await screen.findByRole("link", { name: "Daniel Reyes" })).closest("article") as HTMLElement;
    expect(within(daniel).queryByText(/≈/)).toBeNull();
    expect(searches(calls).at(-1)?.search.get("currency")).toBe("USD");
    expect(searches(calls).at(-1)?.search.get("min_price")).toBe("1000");

    await userEvent.selectOptions(screen.getByLabelText("Show prices in"), "EUR");
    await waitFor(() => expect(searches(calls).at(-1)?.search.get("currency")).toBe("EUR"));
    expect(localStorage.getItem("mentora.currency")).toBe("EUR");
    localStorage.clear();
  });

  it("gives a result card a visible focus ring, not only a colour change", async () => {
    mockApi({ "GET /api/v1/me": visitor, "GET /api/v1/catalog": () => json(catalog), "GET /api/v1/mentors": () => page() });
    renderWithProviders(<AppRoutes />, { route: "/mentors" });
    const link = await screen.findByRole("link", { name: "Amara Okafor" });
    // The link's overlay covers the whole card, so its ring outlines the card.
    expect(link.className).toMatch(/focus-visible:after:ring-2/);
    expect(link.className).toMatch(/after:absolute after:inset-0/);
  });

  it("opens the filters over the results on phones, with a button that shows the results", async () => {
    mockApi({ "GET /api/v1/me": visitor, "GET /api/v1/catalog": () => json(catalog), "GET /api/v1/mentors": () => page([card()], 7) });
    renderWithProviders(<AppRoutes />, { route: "/mentors" });
    await screen.findByRole("link", { name: "Amara Okafor" });
    expect(screen.queryByRole("dialog")).toBeNull();
    const open = screen.getByRole("button", { name: /^Filters/ });
    await userEvent.click(open);
    const sheet = screen.getByRole("dialog", { name: "Filters" });
    expect(sheet).toHaveAttribute("aria-modal", "true");
    expect(sheet.className).toMatch(/fixed inset-0/);
    expect(within(sheet).getByLabelText("Subject")).toBeInTheDocument();
    await userEvent.click(within(sheet).getByRole("button", { name: "Show 7 results" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(open).toHaveFocus();
    // Escape closes it too.
    await userEvent.click(open);
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("shows the server's objection next to its filter", async () => {
    mockApi({
      "GET /api/v1/me": visitor,
      "GET /api/v1/catalog": () => json(catalog),
      "GET /api/v1/mentors": () => apiError(422, "unknown_catalog_filter", "No such subject in the catalog.", { fields: { subject: "No such subject in the catalog." } }),
    });
    renderWithProviders(<AppRoutes />, { route: "/mentors?subject=astrology" });
    await waitFor(() => expect(screen.getByLabelText("Subject")).toHaveAccessibleDescription("This subject isn't in the catalog any more."));
  });

  it("suggests what to loosen when nothing matches", async () => {
    mockApi({ "GET /api/v1/me": visitor, "GET /api/v1/catalog": () => json(catalog), "GET /api/v1/mentors": () => page([], 0) });
    renderWithProviders(<AppRoutes />, { route: `/mentors?subject=physics&day=${addDays(todayIn(), 2)}` });
    expect(await screen.findByText("No mentors match all of these filters")).toBeInTheDocument();
    expect(screen.getByText(/another day or a wider time window/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Any time" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(/^\/mentors\?subject=physics$/));
    await userEvent.click(screen.getByRole("button", { name: "Clear all filters" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(/^\/mentors$/));
  });

  it("is in the student's navigation", async () => {
    mockApi({ "GET /api/v1/me": () => json(makeUser()), "GET /api/v1/catalog": () => json(catalog), "GET /api/v1/mentors": () => page() });
    renderWithProviders(<AppRoutes />, { route: "/mentors" });
    const nav = await screen.findByRole("navigation", { name: "Main" });
    expect(within(nav).getByRole("link", { name: "Find a mentor" })).toHaveAttribute("aria-current", "page");
    expect(within(nav).getByRole("link", { name: "My profile" })).toHaveAttribute("href", "/profile");
  });
});

describe("public mentor profile", () => {
  afterEach(() => localStorage.clear());

  it("shows the profile, topics grouped by chapter, ratings and portfolio", async () => {
    mockApi({
      "GET /api/v1/me": visitor,
      "GET /api/v1/catalog": () => json(catalog),
      [`GET /api/v1/mentors/${MENTOR_ID}`]: () => json(publicMentor()),
      [`GET /api/v1/public/mentors/${MENTOR_ID}/portfolio`]: () => json(emptyPortfolio),
      [`GET /api/v1/mentors/${MENTOR_ID}/slots`]: () => json(slots()),
    });
    renderWithProviders(<AppRoutes />, { route: `/mentors/${MENTOR_ID}` });
    expect(await screen.findByRole("heading", { level: 1, name: "Amara Okafor" })).toBeInTheDocument();
    expect(screen.getByText("Verified")).toBeInTheDocument();
    expect(screen.getByText("Mechanics")).toBeInTheDocument();
    expect(screen.getByText("Newton's laws of motion")).toBeInTheDocument();
    expect(screen.getByText("No reviews yet")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Download Worked solutions: projectiles" })).toHaveAttribute("href", "/files/portfolio/ab/x?sig=1&filename=projectiles.pdf");
  });

  it("asks for slots in the viewer's zone and shows them per day; picking one asks a visitor to sign in to book", async () => {
    const zone = browserTimezone();
    const today = todayIn(zone);
    const tomorrow = addDays(today, 1);
    const calls = mockApi({
      "GET /api/v1/me": visitor,
      "GET /api/v1/catalog": () => json(catalog),
      [`GET /api/v1/mentors/${MENTOR_ID}`]: () => json(publicMentor()),
      [`GET /api/v1/public/mentors/${MENTOR_ID}/portfolio`]: () => json(emptyPortfolio),
      [`GET /api/v1/mentors/${MENTOR_ID}/booking-terms`]: () =>
        json({ free_until_hours: 24, late_refund_percent: 50, max_sessions_per_day: 4, trial_minutes: null, trial_price_percent: 50 }),
      [`GET /api/v1/mentors/${MENTOR_ID}/slots`]: (call) =>
        json(
          slots({
            timezone: zone,
            session_minutes: Number(call.search.get("session_minutes") ?? 60),
            days: [{ date: tomorrow, slots: [{ start: zonedIso(tomorrow, "14:30", zone), end: zonedIso(tomorrow, "15:30", zone) }] }],
          }),
        ),
    });
    renderWithProviders(<AppRoutes />, { route: `/mentors/${MENTOR_ID}` });
    const calendar = await screen.findByRole("list", { name: "Available times" });
    const clock = clockStyle();
    const label = `${formatClock(zonedIso(tomorrow, "14:30", zone), zone, clock)} to ${formatClock(zonedIso(tomorrow, "15:30", zone), zone, clock)}`;
    const slot = await within(calendar).findByRole("button", { name: new RegExp(label) });
    const first = calls.find((call) => call.path.endsWith("/slots"));
    expect(first?.search.get("timezone")).toBe(zone);
    expect(first?.search.get("start")).toBe(today);
    expect(first?.search.get("days")).toBe("7");
    expect(screen.getByRole("combobox", { name: "Time zone" })).toHaveValue(zone);
    expect(screen.getByText("Detected from this browser.")).toBeInTheDocument();

    await userEvent.click(slot);
    const dialog = await screen.findByRole("dialog", { name: "Book a session with Amara Okafor" });
    expect(within(dialog).getByRole("link", { name: "Sign in to book" })).toHaveAttribute("href", `/login?next=${encodeURIComponent(`/mentors/${MENTOR_ID}`)}`);
    expect(within(dialog).queryByRole("button", { name: "Continue to payment" })).not.toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Back to calendar" }));

    expect(screen.getByRole("button", { name: "Previous week" })).toBeDisabled();
    await userEvent.click(screen.getByRole("radio", { name: "30 min" }));
    await waitFor(() => expect(calls.filter((call) => call.path.endsWith("/slots")).at(-1)?.search.get("session_minutes")).toBe("30"));
    await userEvent.click(screen.getByRole("button", { name: "Next week" }));
    await waitFor(() => expect(calls.filter((call) => call.path.endsWith("/slots")).at(-1)?.search.get("start")).toBe(addDays(today, 7)));
  });

  it("says so when the mentor isn't public", async () => {
    mockApi({
      "GET /api/v1/me": visitor,
      "GET /api/v1/catalog": () => json(catalog),
      [`GET /api/v1/mentors/${MENTOR_ID}`]: () => apiError(404, "not_found"),
    });
    renderWithProviders(<AppRoutes />, { route: `/mentors/${MENTOR_ID}` });
    const message = await screen.findByText("This mentor isn't available");
    const card = message.parentElement as HTMLElement;
    expect(within(card).getByRole("link", { name: "Find a mentor" })).toHaveAttribute("href", "/mentors");
  });
});

describe("the zone times are shown in", () => {
  // Far from any zone a test machine runs in, so the browser's can't pass for it.
  const saved = "Pacific/Chatham";
  const slotsCalls = (calls: Call[]) => calls.filter((call) => call.path.endsWith("/slots"));
  const profileRoutes = (me: () => Response) => ({
    "GET /api/v1/me": me,
    "GET /api/v1/catalog": () => json(catalog),
    [`GET /api/v1/mentors/${MENTOR_ID}`]: () => json(publicMentor()),
    [`GET /api/v1/public/mentors/${MENTOR_ID}/portfolio`]: () => json(emptyPortfolio),
    [`GET /api/v1/mentors/${MENTOR_ID}/slots`]: (call: Call) => {
      const zone = call.search.get("timezone") ?? "UTC";
      const day = addDays(todayIn(zone), 1);
      return json(slots({ timezone: zone, days: [{ date: day, slots: [{ start: zonedIso(day, "14:30", zone), end: zonedIso(day, "15:30", zone) }] }] }));
    },
  });

  afterEach(() => localStorage.clear());

  it("is the signed-in user's saved zone on a mentor's calendar, even after a visitor's pick", async () => {
    localStorage.setItem("mentora.viewer-zone", "America/Lima");
    const calls = mockApi(profileRoutes(() => json(makeUser({ timezone: saved }))));
    renderWithProviders(<AppRoutes />, { route: `/mentors/${MENTOR_ID}` });
    await screen.findByRole("list", { name: "Available times" });
    await waitFor(() => expect(slotsCalls(calls).at(-1)?.search.get("timezone")).toBe(saved));
    expect(slotsCalls(calls).every((call) => call.search.get("timezone") === saved)).toBe(true);
    expect(slotsCalls(calls)[0]?.search.get("start")).toBe(todayIn(saved));
    expect(screen.getByRole("combobox", { name: "Time zone" })).toHaveValue(saved);
    expect(screen.getByText("Your time zone from Settings.")).toBeInTheDocument();
  });

  it("is the signed-in user's saved zone in search", async () => {
    const calls = mockApi({
      "GET /api/v1/me": () => json(makeUser({ timezone: saved })),
      "GET /api/v1/catalog": () => json(catalog),
      "GET /api/v1/mentors": () => page(),
    });
    const day = addDays(todayIn(saved), 3);
    renderWithProviders(<AppRoutes />, { route: `/mentors?day=${day}&from=09:00&to=11:00` });
    await screen.findByRole("link", { name: "Amara Okafor" });
    await waitFor(() => expect(searches(calls).at(-1)?.search.get("free_from")).toBe(zonedIso(day, "09:00", saved)));
    expect(searches(calls).every((call) => call.search.get("free_from") === zonedIso(day, "09:00", saved))).toBe(true);
  });

  it("lets a visitor switch zone and clock, and remembers the zone in this browser", async () => {
    const calls = mockApi(profileRoutes(visitor));
    const { unmount } = renderWithProviders(<AppRoutes />, { route: `/mentors/${MENTOR_ID}` });
    await screen.findByRole("list", { name: "Available times" });
    expect(slotsCalls(calls)[0]?.search.get("timezone")).toBe(browserTimezone());

    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Time zone" }), "Asia/Tokyo");
    await waitFor(() => expect(slotsCalls(calls).at(-1)?.search.get("timezone")).toBe("Asia/Tokyo"));
    const calendar = screen.getByRole("list", { name: "Available times" });
    await userEvent.click(screen.getByRole("radio", { name: "24h" }));
    expect(await within(calendar).findByRole("button", { name: /14:30 to 15:30/ })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("radio", { name: "12h" }));
    expect(await within(calendar).findByRole("button", { name: /2:30\sPM to 3:30\sPM/i })).toBeInTheDocument();
    expect(slotsCalls(calls).at(-1)?.search.get("start")).toBe(todayIn("Asia/Tokyo"));
    unmount();

    // Next visit: the picked zone and clock are still there.
    const again = mockApi(profileRoutes(visitor));
    renderWithProviders(<AppRoutes />, { route: `/mentors/${MENTOR_ID}` });
    await screen.findByRole("list", { name: "Available times" });
    expect(slotsCalls(again)[0]?.search.get("timezone")).toBe("Asia/Tokyo");
    expect(screen.getByRole("radio", { name: "12h" })).toHaveAttribute("aria-checked", "true");
    expect(screen.getByText("Shown in the time zone you picked.")).toBeInTheDocument();
  });
});
