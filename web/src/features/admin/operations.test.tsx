import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { AuditEntry, FailedJob, OperationsStatus, RecordedError } from "../../api/operations";
import { STATUS_REFRESH_MS } from "../../api/operations";
import { AppRoutes } from "../../app/routes";
import { apiError, json, makeUser, mockApi } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";
import { auditProblems, auditQueryFrom, formatAge, formatMs, tabFrom } from "./operations";

const admin = makeUser({ id: "00000000-0000-4000-8000-000000000001", role: "admin", display_name: "Grace Hopper" });

function status(overrides: Partial<OperationsStatus> = {}): OperationsStatus {
  return {
    checked_at: "2026-12-07T09:00:00Z",
    ok: true,
    dependencies: [
      { name: "database", ok: true, detail: "ok", latency_ms: 1.2 },
      { name: "nats", ok: true, detail: "ok", latency_ms: 0.8 },
    ],
    backlog: { outbox_unrelayed: 3, deliveries_due: 1, deliveries_failed: 0, oldest_due_seconds: 42, job_retries_waiting: 2, dead_letters: 1 },
    queued_jobs: 4,
    workers: [
      { worker_id: "host-a:12:abc", hostname: "host-a", pid: 12, started_at: "2026-12-07T08:00:00Z", last_heartbeat_at: "2026-12-07T09:00:00Z", alive: true },
    ],
    worker_stale_after_seconds: 30,
    open_websockets: 7,
    process: "api-1:4242",
    ...overrides,
  };
}

const NATS_DOWN = status({
  ok: false,
  dependencies: [
    { name: "database", ok: true, detail: "ok", latency_ms: 1.1 },
    { name: "nats", ok: false, detail: "ConnectionRefusedError: connect call failed", latency_ms: 3.4 },
  ],
  queued_jobs: null,
});

function failedJob(extra: Partial<FailedJob> = {}): FailedJob {
  return {
    id: 7,
    job: "video.process",
    key: "video:abc",
    error: "TimeoutError: time limit of 300 s exceeded",
    attempts: 5,
    payload: { video_id: "abc" },
    enqueued_at: "2026-12-07T07:00:00Z",
    failed_at: "2026-12-07T08:00:00Z",
    retried_at: null,
    ...extra,
  };
}

const ERROR: RecordedError = {
  id: 1,
  occurred_at: "2026-12-07T08:30:00Z",
  request_id: "req-42",
  method: "POST",
  route: "/api/v1/bookings",
  status: 500,
  logger: "adapters.http.errors",
  exception_type: "RuntimeError",
  message: "unhandled error",
  excerpt: "Traceback (most recent call last):\nRuntimeError: the ledger is locked",
  process: "api-1:4242",
};

const AUDIT: AuditEntry = {
  id: "00000000-0000-4000-8000-0000000000a1",
  occurred_at: "2026-12-06T10:00:00Z",
  actor_id: admin.id,
  action: "user.suspend",
  target_type: "user",
  target_id: "00000000-0000-4000-8000-0000000000b2",
  details: { reason: "spam" },
};

const page = <T,>(items: T[], total = items.length) => json({ items, total, page: 1, page_size: 20 });

beforeAll(async () => {
  await import("./AdminOperationsPage");
});

afterEach(() => {
  vi.useRealTimers();
});

describe("operations console", () => {
  it("shows each dependency, the backlog and the workers, and a stopped NATS at the next refresh", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let answer = status();
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/admin/operations/status": () => json(answer),
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/operations" });

    const dependencies = await screen.findByRole("table", { name: "Dependencies" });
    expect(within(dependencies).getAllByRole("row")).toHaveLength(3);
    expect(screen.getByText("Every dependency answers")).toBeInTheDocument();
    expect(screen.getByText("Open WebSockets").nextSibling).toHaveTextContent("7");
    expect(screen.getByText("Jobs queued").nextSibling).toHaveTextContent("4");
    expect(screen.getByText("Oldest due delivery waiting").nextSibling).toHaveTextContent("42 s");
    expect(within(screen.getByRole("table", { name: "Workers" })).getByText("Alive")).toBeInTheDocument();

    answer = NATS_DOWN;
    const before = calls.filter((call) => call.path.endsWith("/status")).length;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(STATUS_REFRESH_MS);
    });
    await waitFor(() => expect(calls.filter((call) => call.path.endsWith("/status")).length).toBeGreaterThan(before));
    expect(await screen.findByText("1 dependency is failing: nats")).toBeInTheDocument();
    const natsRow = within(screen.getByRole("table", { name: "Dependencies" })).getByText("nats").closest("tr");
    expect(natsRow).not.toBeNull();
    expect(within(natsRow as HTMLElement).getByText("Failed")).toBeInTheDocument();
    expect(within(natsRow as HTMLElement).getByText(/ConnectionRefusedError/)).toBeInTheDocument();
    expect(screen.getByText("Jobs queued").nextSibling).toHaveTextContent("unknown");
  });

  it("says when the status can't be loaded, and keeps the last one when a refresh fails", async () => {
    let fail = true;
    mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/admin/operations/status": () => (fail ? apiError(503, "service_unavailable", "The database is unavailable.") : json(status())),
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/operations" });
    expect(await screen.findByText("We couldn't load the status")).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("table", { name: "Dependencies" })).toBeInTheDocument();

    fail = true;
    await userEvent.click(screen.getByRole("button", { name: "Refresh" }));
    expect(await screen.findByText("The last refresh failed")).toBeInTheDocument();
    expect(screen.getByRole("table", { name: "Dependencies" })).toBeInTheDocument();
  });

  it("retries a failed job once and shows it retried", async () => {
    let job = failedJob();
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/admin/operations/failed-jobs": () => page([job, failedJob({ id: 6, job: "mail.digest", retried_at: "2026-12-07T08:10:00Z" })]),
      "POST /api/v1/admin/operations/failed-jobs/7/retry": () => {
        job = { ...job, retried_at: "2026-12-07T09:00:00Z" };
        return json({ failed_job: job, queued: true });
      },
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/operations?tab=jobs" });

    const table = await screen.findByRole("table", { name: "Failed jobs" });
    expect(await within(table).findByText("video.process")).toBeInTheDocument();
    expect(within(table).getAllByText("TimeoutError: time limit of 300 s exceeded")).toHaveLength(2);
    // The job retried before offers no second retry.
    expect(within(table).getAllByRole("button", { name: /Retry job/ })).toHaveLength(1);
    await userEvent.click(within(table).getByRole("button", { name: "Retry job 7 (video.process)" }));

    expect(await screen.findByText("Queued video.process again")).toBeInTheDocument();
    await waitFor(() => expect(within(table).queryByRole("button", { name: /Retry job/ })).not.toBeInTheDocument());
    expect(calls.filter((call) => call.method === "POST")).toHaveLength(1);
  });

  it("finds an error by its request id and shows its excerpt", async () => {
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/admin/operations/errors": (call) => (call.search.get("request_id") === "req-42" ? page([ERROR]) : page([])),
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/operations?tab=errors" });
    expect(await screen.findByText("No errors recorded")).toBeInTheDocument();

    const form = screen.getByRole("search", { name: "Search errors" });
    await userEvent.type(within(form).getByLabelText("Request id"), "req-42");
    await userEvent.click(within(form).getByRole("button", { name: "Search" }));

    const table = await screen.findByRole("table", { name: "Recent errors" });
    expect(await within(table).findByText("RuntimeError")).toBeInTheDocument();
    expect(within(table).getByText(/RuntimeError: the ledger is locked/)).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent("request_id=req-42");
    expect(calls.some((call) => call.path.endsWith("/errors") && call.search.get("request_id") === "req-42")).toBe(true);
  });

  it("lists the slow routes of the process that answered", async () => {
    mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/admin/operations/slow-routes": () =>
        json({
          process: "api-1:4242",
          routes: [{ method: "GET", route: "/api/v1/courses", requests: 4, statements: 20, db_ms_total: 1500, db_ms_mean: 375, db_ms_p95: 900, db_ms_max: 910, request_ms_mean: 420 }],
        }),
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/operations?tab=routes" });
    const table = await screen.findByRole("table", { name: "Database time per route" });
    expect(await within(table).findByText("/api/v1/courses")).toBeInTheDocument();
    expect(within(table).getByText("1.50 s")).toBeInTheDocument();
    expect(within(table).getByText("5.0")).toBeInTheDocument();
    expect(screen.getByText(/in process api-1:4242/)).toBeInTheDocument();
  });

  it("searches the audit log with filters, and checks the period before asking", async () => {
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/admin/operations/audit": () => page([AUDIT]),
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/operations?tab=audit" });
    const table = await screen.findByRole("table", { name: "Audit log entries" });
    expect(await within(table).findByText("user.suspend")).toBeInTheDocument();

    const form = screen.getByRole("form", { name: "Audit log filters" });
    await userEvent.type(within(form).getByLabelText("Action"), "user.suspend");
    await userEvent.type(within(form).getByLabelText("From"), "2026-12-05T10:00");
    await userEvent.type(within(form).getByLabelText("Until"), "2026-12-01T10:00");
    const before = calls.length;
    await userEvent.click(within(form).getByRole("button", { name: "Search" }));
    expect(within(form).getByLabelText("Until")).toHaveAccessibleDescription("The end can't come before the start.");
    expect(calls.length).toBe(before);

    await userEvent.clear(within(form).getByLabelText("Until"));
    await userEvent.click(within(form).getByRole("button", { name: "Search" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("action=user.suspend"));
    await waitFor(() =>
      expect(calls.some((call) => call.path.endsWith("/audit") && call.search.get("action") === "user.suspend" && call.search.get("from") === new Date("2026-12-05T10:00").toISOString())).toBe(true),
    );
  });
});

describe("operations helpers", () => {
  it("reads the tab, the audit search and the numbers", () => {
    expect(tabFrom(new URLSearchParams("tab=audit"))).toBe("audit");
    expect(tabFrom(new URLSearchParams("tab=nope"))).toBe("health");
    expect(auditQueryFrom(new URLSearchParams("tab=audit&action=%20user.suspend%20&page=2"))).toMatchObject({ action: "user.suspend", page: 2, from: undefined });
    expect(auditProblems({ actor_id: "me", action: "", target_type: "", target_id: "", from: "", to: "" })).toEqual({ actor_id: "An actor is named by their user id (a UUID)." });
    expect(formatMs(0.42)).toBe("0.4 ms");
    expect(formatMs(37.6)).toBe("38 ms");
    expect(formatAge(0)).toBe("none waiting");
    expect(formatAge(600)).toBe("10 min");
  });
});
