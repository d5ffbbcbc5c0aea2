import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../../app/routes";
import { addDays, formatClock, todayIn, zonedIso } from "../../lib/datetime";
import { browserTimezone } from "../../lib/timezones";
import { apiError, json, makeUser, mockApi, type Call } from "../../test/mock-api";
import { card, catalog, MENTOR_ID, publicMentor, slots } from "../../test/marketplace-fixtures";
import { renderWithProviders } from "../../test/render";

const visitor = () => apiError(401, "not_authenticated");
const page = (items = [card()], total = items.length) => json({ items, total, page: 1, page_size: 12 });
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

  it("checks filters first and says which one is wrong", async () => {
    const calls = mockApi({ "GET /api/v1/me": visitor, "GET /api/v1/catalog": () => json(catalog), "GET /api/v1/mentors": () => page() });
    renderWithProviders(<AppRoutes />, { route: "/mentors?min_price=20" });
    const currency = await screen.findByLabelText("Currency");
    expect(currency).toHaveAccessibleDescription("Choose the currency of your price range.");
    expect(screen.getByRole("alert")).toHaveTextContent("Check the highlighted filters");
    expect(searches(calls)).toHaveLength(0);
    await userEvent.selectOptions(currency, "EUR");
    await waitFor(() => expect(searches(calls).at(-1)?.search.get("min_price")).toBe("2000"));
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
  it("shows the profile, topics grouped by chapter, ratings and portfolio", async () => {
    mockApi({
      "GET /api/v1/me": visitor,
      "GET /api/v1/catalog": () => json(catalog),
      [`GET /api/v1/mentors/${MENTOR_ID}`]: () => json(publicMentor()),
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

  it("asks for slots in the viewer's zone and shows them per day; picking one explains booking is coming", async () => {
    const zone = browserTimezone();
    const today = todayIn(zone);
    const tomorrow = addDays(today, 1);
    const calls = mockApi({
      "GET /api/v1/me": visitor,
      "GET /api/v1/catalog": () => json(catalog),
      [`GET /api/v1/mentors/${MENTOR_ID}`]: () => json(publicMentor()),
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
    const label = `${formatClock(zonedIso(tomorrow, "14:30", zone), zone)} to ${formatClock(zonedIso(tomorrow, "15:30", zone), zone)}`;
    const slot = await within(calendar).findByRole("button", { name: new RegExp(label) });
    const first = calls.find((call) => call.path.endsWith("/slots"));
    expect(first?.search.get("timezone")).toBe(zone);
    expect(first?.search.get("start")).toBe(today);
    expect(first?.search.get("days")).toBe("7");
    expect(screen.getByText(/Times in your time zone/)).toBeInTheDocument();

    await userEvent.click(slot);
    expect(await screen.findByText("Booking opens soon")).toBeInTheDocument();

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
