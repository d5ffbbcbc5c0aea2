import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Earnings } from "../../api/earnings";
import { AppRoutes } from "../../app/routes";
import { formatDate } from "../../lib/format";
import { formatMoney } from "../../lib/money";
import { apiError, json, makeUser, mockApi, type Call } from "../../test/mock-api";
import { MENTOR_ID } from "../../test/marketplace-fixtures";
import { renderWithProviders } from "../../test/render";
import { monthChoices, monthLabel, monthOf, shiftMonth } from "./earnings-format";

const ZONE = "Europe/Berlin";
const mentor = makeUser({ id: MENTOR_ID, role: "mentor", display_name: "Amara Okafor", timezone: ZONE });
const HELD = "60000000-0000-4000-8000-000000000001";
const BOOKED = "60000000-0000-4000-8000-000000000002";
const SEAT = "60000000-0000-4000-8000-000000000003";
const GROUP = "61000000-0000-4000-8000-000000000001";

const march: Earnings = {
  month: "2026-03",
  balances: [
    { currency: "EUR", pending: 3400, available: 5100, paid: 10200 },
    { currency: "GBP", pending: 0, available: 1700, paid: 0 },
  ],
  sessions: [
    { session_id: HELD, starts_at: "2026-03-03T13:00:00Z", student_name: "Mei Lin", minutes: 60, status: "completed", currency: "EUR", gross: 6000, commission: 900, refunds: 0, net: 5100, share: "available" },
    { session_id: BOOKED, starts_at: "2026-03-10T13:00:00Z", student_name: "Kenji Sato", minutes: 30, status: "confirmed", currency: "EUR", gross: 4000, commission: 600, refunds: 0, net: 3400, share: "pending" },
    { session_id: SEAT, group_session_id: GROUP, starts_at: "2026-03-12T16:00:00Z", student_name: "Lena Park", minutes: 60, status: "completed", currency: "EUR", gross: 1500, commission: 225, refunds: 0, net: 1275, share: "available" },
  ],
  totals: [{ currency: "EUR", gross: 10000, commission: 1500, refunds: 0, net: 8500 }],
  payouts: [{ id: "70000000-0000-4000-8000-000000000001", mentor_id: MENTOR_ID, currency: "EUR", amount: 10200, at: "2026-02-28T10:00:00Z" }],
};

const nothing = (month: string): Earnings => ({ month, balances: [], sessions: [], totals: [], payouts: [] });

function routes(extra: Parameters<typeof mockApi>[0] = {}) {
  return mockApi({
    "GET /api/v1/me": () => json(mentor),
    "GET /api/v1/mentor/payout-account": () => json({ state: "ready", reason: null, gateway: "test", payouts: "batches", countries: ["DE"] }),
    "GET /api/v1/mentor/earnings": (call) => {
      const month = call.search.get("month") ?? monthOf();
      return json(month === "2026-03" ? march : { ...march, month, sessions: [], totals: [] });
    },
    ...extra,
  });
}

// Compile the lazy page before the first test's clock starts, and let a busy machine take its
// time over rendering the whole app.
beforeAll(async () => {
  configure({ asyncUtilTimeout: 10_000 });
  await import("./EarningsPage");
}, 60_000);

const blobs: Blob[] = [];
const saved: string[] = [];

beforeEach(() => {
  blobs.length = 0;
  saved.length = 0;
  URL.createObjectURL = vi.fn((blob: Blob) => {
    blobs.push(blob);
    return "blob:report";
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    saved.push(this.download);
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("months of the report", () => {
  it("steps across years and lists the last ones newest first, with an older chosen one", () => {
    expect(shiftMonth("2026-01", -1)).toBe("2025-12");
    expect(shiftMonth("2025-12", 1)).toBe("2026-01");
    expect(monthChoices("2026-02", 3)).toEqual(["2026-02", "2026-01", "2025-12"]);
    expect(monthChoices("2026-02", 2, "2024-05")).toEqual(["2026-02", "2026-01", "2024-05"]);
    expect(monthOf(new Date("2026-03-31T23:30:00-02:00"))).toBe("2026-04");
  });
});

describe("the earnings page", { timeout: 30_000 }, () => {
  it("shows balances per currency, the month's sessions with their money and the payouts", async () => {
    routes();
    renderWithProviders(<AppRoutes />, { route: "/mentor/earnings?month=2026-03" });
    const table = await screen.findByRole("table", { name: `Sessions in ${monthLabel("2026-03")}` });
    await within(table).findAllByText("Mei Lin");
    const balances = screen.getByRole("region", { name: "Balances" });
    expect(within(balances).getByText(formatMoney(3400, "EUR"))).toBeInTheDocument();
    expect(within(balances).getByText(formatMoney(5100, "EUR"))).toBeInTheDocument();
    expect(within(balances).getByText(formatMoney(1700, "GBP"))).toBeInTheDocument();
    expect(within(balances).getByText(formatMoney(10200, "EUR"))).toBeInTheDocument();

    const [, first, second, seat] = within(table).getAllByRole("row");
    expect(first).toHaveTextContent("Mei Lin");
    expect(first).toHaveTextContent(formatMoney(6000, "EUR"));
    expect(first).toHaveTextContent(`−${formatMoney(900, "EUR")}`);
    expect(first).toHaveTextContent(formatMoney(5100, "EUR"));
    expect(first).toHaveTextContent("Available");
    expect(first).toHaveTextContent("Completed");
    expect(second).toHaveTextContent("Kenji Sato");
    expect(second).toHaveTextContent("30 min");
    expect(second).toHaveTextContent("Pending");
    // Dates in the mentor's zone: 13:00 UTC is 14:00 in Berlin in early March.
    expect(within(first as HTMLElement).getByRole("link")).toHaveAttribute("href", `/sessions/${HELD}`);
    expect(within(first as HTMLElement).getByRole("link")).toHaveTextContent(/14:00|2:00/);
    // A group session's paid seat: no session page of its own, the group sessions page instead.
    expect(seat).toHaveTextContent("Group session seat");
    expect(within(seat as HTMLElement).getByRole("link")).toHaveAttribute("href", "/mentor/group-sessions");
    expect(first).not.toHaveTextContent("Group session seat");

    expect(screen.getByText(`Net ${formatMoney(8500, "EUR")}`)).toBeInTheDocument();
    expect(screen.getByText(`Commission −${formatMoney(1500, "EUR")}`)).toBeInTheDocument();
    const payouts = screen.getByRole("list", { name: "Payouts" });
    expect(within(payouts).getByText(formatMoney(10200, "EUR"))).toBeInTheDocument();
    expect(within(payouts).getByText(formatDate("2026-02-28T10:00:00Z", ZONE))).toBeInTheDocument();
    // Where payouts go, above everything else.
    expect(await screen.findByText("Payouts enabled")).toBeInTheDocument();
  });

  it("changes the month from the selector and says when it had no sessions", async () => {
    const calls = routes();
    renderWithProviders(<AppRoutes />, { route: "/mentor/earnings?month=2026-03" });
    await screen.findByRole("table", { name: `Sessions in ${monthLabel("2026-03")}` });
    // The list holds the last two years (and the month asked for).
    const lastMonth = shiftMonth(monthOf(), -1);
    await userEvent.selectOptions(screen.getByLabelText("Month"), lastMonth);
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(`/mentor/earnings?month=${lastMonth}`));
    expect(await screen.findByText(`No paid sessions in ${monthLabel(lastMonth)}`)).toBeInTheDocument();
    expect(calls.filter((call) => call.path === "/api/v1/mentor/earnings").map((call) => call.search.get("month"))).toEqual(["2026-03", lastMonth]);
    // Balances and payouts are all time: they stay.
    expect(within(screen.getByRole("list", { name: "Payouts" })).getByText(formatMoney(10200, "EUR"))).toBeInTheDocument();
  });

  it("downloads the month's report as CSV and as PDF", async () => {
    const calls = routes({
      "GET /api/v1/mentor/earnings.csv": () => new Response("session_id,starts_at_utc\r\n", { headers: { "Content-Type": "text/csv" } }),
      "GET /api/v1/mentor/earnings.pdf": () => new Response("%PDF-1.4 statement", { headers: { "Content-Type": "application/pdf" } }),
    });
    renderWithProviders(<AppRoutes />, { route: "/mentor/earnings?month=2026-03" });
    await userEvent.click(await screen.findByRole("button", { name: `Download ${monthLabel("2026-03")} as CSV` }));
    await waitFor(() => expect(saved).toEqual(["mentora-earnings-2026-03.csv"]));
    await userEvent.click(screen.getByRole("button", { name: `Download ${monthLabel("2026-03")} as PDF` }));
    await waitFor(() => expect(saved).toEqual(["mentora-earnings-2026-03.csv", "mentora-earnings-2026-03.pdf"]));
    expect(await blobs[0]?.text()).toBe("session_id,starts_at_utc\r\n");
    expect(await blobs[1]?.text()).toBe("%PDF-1.4 statement");
    const files = calls.filter((call: Call) => call.path.endsWith(".csv") || call.path.endsWith(".pdf"));
    expect(files.map((call) => call.search.get("month"))).toEqual(["2026-03", "2026-03"]);
  });

  it("says why a download failed", async () => {
    routes({ "GET /api/v1/mentor/earnings.pdf": () => apiError(503, "service_unavailable") });
    renderWithProviders(<AppRoutes />, { route: "/mentor/earnings?month=2026-03" });
    await userEvent.click(await screen.findByRole("button", { name: `Download ${monthLabel("2026-03")} as PDF` }));
    expect(await screen.findByText("We couldn't download the PDF report")).toBeInTheDocument();
    expect(saved).toEqual([]);
  });

  it("welcomes a mentor who has not earned anything yet", async () => {
    routes({ "GET /api/v1/mentor/earnings": () => json(nothing(monthOf())) });
    renderWithProviders(<AppRoutes />, { route: "/mentor/earnings" });
    expect(await screen.findByText("No earnings yet")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Set your hours" })).toHaveAttribute("href", "/mentor/availability");
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
  });

  it("shows placeholders while loading, then a retry when loading failed", async () => {
    let answer: (response: Response) => void = () => undefined;
    let calls = 0;
    routes({
      "GET /api/v1/mentor/earnings": () => {
        calls += 1;
        return calls === 1 ? new Promise<Response>((resolve) => (answer = resolve)) : json(march);
      },
    });
    renderWithProviders(<AppRoutes />, { route: "/mentor/earnings?month=2026-03" });
    expect((await screen.findAllByTestId("skeleton-row")).length).toBeGreaterThan(0);
    answer(apiError(500, "internal_error"));
    expect(await screen.findByText("We couldn't load your earnings")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect((await screen.findAllByText("Mei Lin")).length).toBeGreaterThan(0);
  });
});
