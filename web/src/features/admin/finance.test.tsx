import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import type { DisputedSession, FinanceFigures, FinanceReport, PayoutBatch } from "../../api/finance";
import { AppRoutes } from "../../app/routes";
import { formatMoney } from "../../lib/money";
import { apiError, json, makeUser, mockApi } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";
import {
  defaultPeriod,
  monthCount,
  niceMax,
  periodFrom,
  periodProblems,
  refundPercentProblem,
  settlementRefund,
  shiftMonth,
} from "./finance";

const admin = makeUser({ id: "00000000-0000-4000-8000-000000000001", role: "admin", display_name: "Grace Hopper" });
const MENTOR_ID = "00000000-0000-4000-8000-0000000000aa";
const SESSION_ID = "00000000-0000-4000-8000-0000000000bb";

function figures(currency: string, values: Partial<FinanceFigures> = {}): FinanceFigures {
  const base = {
    currency,
    gross: 0,
    refunds: 0,
    reversals: 0,
    commission: 0,
    commission_refunded: 0,
    gateway_fees: 0,
    payouts: 0,
    payables_pending: 0,
    payables_available: 0,
    ...values,
  };
  return {
    ...base,
    net_revenue: base.commission - base.commission_refunded - base.gateway_fees,
    open_payables: base.payables_pending + base.payables_available,
  };
}

const REPORT: FinanceReport = {
  first_month: "2026-11",
  last_month: "2026-12",
  currencies: ["EUR", "JPY"],
  months: [
    { month: "2026-11", ...figures("EUR", { gross: 12000, commission: 1800, payables_pending: 10200 }) },
    { month: "2026-12", ...figures("EUR", { gross: 6000, refunds: 3000, commission: 900, commission_refunded: 450, payouts: 5100, payables_pending: 7650, payables_available: 1000 }) },
    { month: "2026-11", ...figures("JPY") },
    { month: "2026-12", ...figures("JPY", { gross: 5000, commission: 750, payables_pending: 4250 }) },
  ],
  totals: [
    figures("EUR", { gross: 18000, refunds: 3000, commission: 2700, commission_refunded: 450, payouts: 5100, payables_pending: 7650, payables_available: 1000 }),
    figures("JPY", { gross: 5000, commission: 750, payables_pending: 4250 }),
  ],
  top_mentors: [
    { mentor_id: MENTOR_ID, display_name: "Amara Okafor", currency: "EUR", gross: 18000, refunds: 3000, sessions: 3 },
    { mentor_id: "00000000-0000-4000-8000-0000000000cc", display_name: "Kenji Sato", currency: "JPY", gross: 5000, refunds: 0, sessions: 1 },
  ],
  disputes: { opened: 3, settled: 2, open: 1 },
  generated_at: "2026-12-07T09:00:00Z",
};

const BATCH: PayoutBatch = {
  at: "2026-12-06T10:00:00Z",
  payouts: [{ id: "p1", mentor_id: MENTOR_ID, mentor_name: "Amara Okafor", currency: "EUR", amount: 5100, at: "2026-12-06T10:00:00Z" }],
};

function dispute(extra: Partial<DisputedSession> = {}): DisputedSession {
  return {
    id: SESSION_ID,
    student_id: "00000000-0000-4000-8000-0000000000dd",
    mentor_id: MENTOR_ID,
    student_name: "Sam Student",
    mentor_name: "Amara Okafor",
    starts_at: "2026-12-05T09:00:00Z",
    ends_at: "2026-12-05T10:00:00Z",
    minutes: 60,
    status: "disputed",
    price: 6000,
    currency: "EUR",
    trial: false,
    paid: 6000,
    refunded: 0,
    hold_expires_at: "2026-12-01T09:10:00Z",
    cancelled_by: null,
    free_cancellation_until: "2026-12-04T09:00:00Z",
    late_refund_percent: 50,
    refund_if_cancelled_now: 0,
    sequence: 0,
    meeting_url: "",
    notes: "",
    reviewed: false,
    topic_id: null,
    reported_at: "2026-12-05T10:30:00Z",
    report_reason: "The mentor left after 20 minutes.",
    ...extra,
  };
}

const page = <T,>(items: T[], total = items.length) => json({ items, total, page: 1, page_size: 10 });

// The routes load these pages lazily: load them once up front, so no test's time budget pays
// for compiling them.
beforeAll(async () => {
  await Promise.all([import("./AdminFinancePage"), import("./AdminDisputesPage")]);
});
const ROUTE = "/admin/finance?from=2026-11&to=2026-12";

describe("finance dashboard", () => {
  it("shows the period's figures, the months as a chart and a table, and the top mentors", async () => {
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/admin/finance": () => json(REPORT),
      "GET /api/v1/admin/bookings/disputed": () => page([dispute()], 2),
      "GET /api/v1/admin/payout-batches": () => page([BATCH]),
    });
    renderWithProviders(<AppRoutes />, { route: ROUTE });
    expect(await screen.findByRole("status", { name: "Loading the report" })).toBeInTheDocument();

    const kpis = await screen.findByRole("region", { name: "Key figures" });
    expect(within(kpis).getByText(formatMoney(18000, "EUR"))).toBeInTheDocument();
    expect(within(kpis).getByText(formatMoney(2250, "EUR"))).toBeInTheDocument(); // commission net of refunds
    expect(within(kpis).getByText(formatMoney(8650, "EUR"))).toBeInTheDocument(); // open payables
    const request = calls.find((call) => call.path === "/api/v1/admin/finance");
    expect([request?.search.get("from"), request?.search.get("to")]).toEqual(["2026-11", "2026-12"]);

    expect(screen.getByRole("img", { name: /Payments and net revenue per month in EUR/ })).toBeInTheDocument();
    const months = screen.getByRole("table", { name: "Monthly figures in EUR" });
    expect(within(months).getAllByRole("row")).toHaveLength(3);
    expect(within(months).getByText(formatMoney(12000, "EUR"))).toBeInTheDocument();

    const top = screen.getByRole("table", { name: "Top mentors in EUR" });
    expect(within(top).getByRole("link", { name: "Amara Okafor" })).toHaveAttribute("href", `/admin/mentors/${MENTOR_ID}`);
    expect(within(top).queryByText("Kenji Sato")).not.toBeInTheDocument();
  });

  it("switches currency, links to the disputes and offers the same period as CSV", async () => {
    mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/admin/finance": () => json(REPORT),
      "GET /api/v1/admin/bookings/disputed": () => page([dispute()], 2),
      "GET /api/v1/admin/payout-batches": () => page([BATCH]),
    });
    renderWithProviders(<AppRoutes />, { route: ROUTE });
    expect(await screen.findByText("2 waiting for a decision now.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Open disputes" })).toHaveAttribute("href", "/admin/disputes");
    expect(screen.getByRole("link", { name: /Download CSV/ })).toHaveAttribute("href", "/api/v1/admin/finance.csv?from=2026-11&to=2026-12");

    await userEvent.click(within(screen.getByRole("radiogroup", { name: "Currency" })).getByRole("radio", { name: "JPY" }));
    expect(await screen.findByRole("table", { name: "Top mentors in JPY" })).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent("currency=JPY");
    expect(within(screen.getByRole("region", { name: "Key figures" })).getByText(formatMoney(5000, "JPY"))).toBeInTheDocument();
  });

  it("asks for the last twelve months by default and checks a picked period before asking", async () => {
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/admin/finance": () => json(REPORT),
      "GET /api/v1/admin/bookings/disputed": () => page([]),
      "GET /api/v1/admin/payout-batches": () => page([]),
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/finance" });
    await screen.findByRole("region", { name: "Key figures" });
    const expected = defaultPeriod();
    const first = calls.find((call) => call.path === "/api/v1/admin/finance");
    expect([first?.search.get("from"), first?.search.get("to")]).toEqual([expected.from, expected.to]);

    const form = screen.getByRole("form", { name: "Report period" });
    const from = within(form).getByLabelText("From");
    const to = within(form).getByLabelText("To");
    await userEvent.clear(from);
    await userEvent.type(from, "2026-10");
    await userEvent.clear(to);
    await userEvent.type(to, "2026-09");
    const before = calls.length;
    await userEvent.click(within(form).getByRole("button", { name: "Show" }));
    expect(to).toHaveAccessibleDescription("The last month can't come before the first.");
    expect(calls.length).toBe(before);

    await userEvent.clear(to);
    await userEvent.type(to, "2026-11");
    await userEvent.click(within(form).getByRole("button", { name: "Show" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("from=2026-10&to=2026-11"));
    await waitFor(() => expect(calls.some((call) => call.path === "/api/v1/admin/finance" && call.search.get("to") === "2026-11")).toBe(true));
  });

  it("says when the report can't be loaded, and when nothing moved", async () => {
    let fail = true;
    mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/admin/finance": () => (fail ? apiError(503, "service_unavailable", "The database is unavailable.") : json({ ...REPORT, currencies: [], months: [], totals: [], top_mentors: [] })),
      "GET /api/v1/admin/bookings/disputed": () => page([]),
      "GET /api/v1/admin/payout-batches": () => page([]),
    });
    renderWithProviders(<AppRoutes />, { route: ROUTE });
    expect(await screen.findByText("We couldn't load the report")).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("No money moved in this period")).toBeInTheDocument();
    expect(screen.getByText("No payouts yet")).toBeInTheDocument();
  });

  it("runs a payout batch after confirming and shows what it paid", async () => {
    let batches: PayoutBatch[] = [];
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/admin/finance": () => json(REPORT),
      "GET /api/v1/admin/bookings/disputed": () => page([]),
      "GET /api/v1/admin/payout-batches": () => page(batches),
      "POST /api/v1/admin/payout-batches": () => {
        batches = [BATCH];
        return json(BATCH);
      },
    });
    renderWithProviders(<AppRoutes />, { route: ROUTE });
    expect(await screen.findByText("No payouts yet")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Run payout batch" }));
    const dialog = screen.getByRole("dialog", { name: "Pay mentors now?" });
    expect(calls.some((call) => call.method === "POST")).toBe(false);
    await userEvent.click(within(dialog).getByRole("button", { name: "Run payout batch" }));
    expect(await screen.findByText("Paid 1 payout(s)")).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    const list = await screen.findByRole("list", { name: "Payout batches" });
    expect(within(list).getByRole("link", { name: "Amara Okafor" })).toHaveAttribute("href", `/admin/mentors/${MENTOR_ID}`);
  });
});

describe("disputes", () => {
  it("lists each dispute with the student's report and settles a share after confirming", async () => {
    let open = [dispute()];
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/admin/bookings/disputed": () => page(open),
      [`POST /api/v1/admin/bookings/${SESSION_ID}/settle`]: (call) => {
        open = [];
        const body = call.body as { refund_percent: number };
        return json({ ...dispute(), status: "completed", refunded: (6000 * body.refund_percent) / 100 });
      },
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/disputes" });
    expect(await screen.findByRole("status", { name: "Loading disputes" })).toBeInTheDocument();
    const card = await screen.findByRole("article", { name: "Sam Student with Amara Okafor" });
    expect(within(card).getByText("The mentor left after 20 minutes.")).toBeInTheDocument();
    expect(within(card).getByText(formatMoney(6000, "EUR"))).toBeInTheDocument();
    expect(within(card).getByRole("link", { name: "Amara Okafor" })).toHaveAttribute("href", `/admin/mentors/${MENTOR_ID}`);

    const form = within(card).getByRole("form", { name: "Settle the session of Sam Student" });
    const percent = within(form).getByLabelText("Refund (%)");
    await userEvent.click(within(form).getByRole("button", { name: "Settle…" }));
    expect(percent).toHaveAccessibleDescription("Enter the share to refund, from 0 to 100.");
    await userEvent.type(percent, "150");
    await userEvent.click(within(form).getByRole("button", { name: "Settle…" }));
    expect(percent).toHaveAccessibleDescription("Use a whole number from 0 to 100.");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();

    await userEvent.clear(percent);
    await userEvent.type(percent, "50");
    expect(within(form).getByText(formatMoney(3000, "EUR"))).toBeInTheDocument();
    await userEvent.click(within(form).getByRole("button", { name: "Settle…" }));
    const dialog = screen.getByRole("dialog", { name: "Settle Sam Student's session?" });
    expect(calls.some((call) => call.method === "POST")).toBe(false);
    await userEvent.click(within(dialog).getByRole("button", { name: "Settle dispute" }));

    expect(await screen.findByText("Sam Student's session is settled")).toBeInTheDocument();
    expect(screen.getByText(new RegExp(`${formatMoney(3000, "EUR").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} refunded; the session counts as completed`))).toBeInTheDocument();
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({ mentor_absent: false, refund_percent: 50 });
    expect(await screen.findByText("No disputes waiting")).toBeInTheDocument();
  });

  it("refunds everything when the mentor didn't come, and shows the server's refusal", async () => {
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/admin/bookings/disputed": () => page([dispute()]),
      [`POST /api/v1/admin/bookings/${SESSION_ID}/settle`]: () => apiError(409, "illegal_session_transition", "Only a disputed session is settled."),
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/disputes" });
    const card = await screen.findByRole("article", { name: "Sam Student with Amara Okafor" });
    await userEvent.click(within(card).getByRole("radio", { name: /The mentor didn't come/ }));
    expect(within(card).queryByLabelText("Refund (%)")).not.toBeInTheDocument();
    await userEvent.click(within(card).getByRole("button", { name: "Settle…" }));
    const dialog = screen.getByRole("dialog", { name: "Settle Sam Student's session?" });
    expect(dialog).toHaveTextContent("mentor no-show");
    await userEvent.click(within(dialog).getByRole("button", { name: "Settle dispute" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Only a disputed session is settled.");
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({ mentor_absent: true, refund_percent: 0 });
  });

  it("says when there is nothing to decide, or the list can't be loaded", async () => {
    let fail = true;
    mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/admin/bookings/disputed": () => (fail ? apiError(500, "internal_error", "Something went wrong on our side.") : page([])),
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/disputes" });
    expect(await screen.findByText("We couldn't load the disputes")).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("No disputes waiting")).toBeInTheDocument();
  });
});

describe("finance arithmetic", () => {
  it("counts periods in whole months and refuses what the server refuses", () => {
    expect(shiftMonth("2026-01", -1)).toBe("2025-12");
    expect(shiftMonth("2026-11", 14)).toBe("2028-01");
    expect(monthCount({ from: "2024-01", to: "2026-12" })).toBe(36);
    expect(periodProblems({ from: "2024-01", to: "2026-12" })).toEqual({});
    expect(periodProblems({ from: "2023-12", to: "2026-12" })).toEqual({ to: "Choose at most 36 months." });
    expect(periodProblems({ from: "", to: "2026-12" })).toEqual({ from: "Choose the first month." });
    expect(defaultPeriod(new Date("2026-12-31T23:30:00Z"))).toEqual({ from: "2026-01", to: "2026-12" });
    expect(periodFrom(new URLSearchParams("from=2026-05&to=2026-01"), new Date("2026-03-02T00:00:00Z"))).toEqual({ from: "2025-04", to: "2026-03" });
  });

  it("scales charts to round numbers and refunds as the server does", () => {
    expect(niceMax([0])).toBe(1);
    expect(niceMax([18000, 2250])).toBe(20000);
    expect(niceMax([4100])).toBe(5000);
    expect(settlementRefund(6001, false, 50)).toBe(3000);
    expect(settlementRefund(6001, true, 50)).toBe(6001);
    expect(refundPercentProblem("100")).toBeNull();
    expect(refundPercentProblem("0")).toBeNull();
    expect(refundPercentProblem("12.5")).toMatch(/whole number/);
  });
});
