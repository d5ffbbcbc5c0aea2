/** The platform's books for administrators: the finance report, disputed sessions and their settlement, payout batches. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import { unwrap } from "./errors";
import type { components, paths } from "./schema";

type Schemas = components["schemas"];

export type FinanceReport = Schemas["FinanceReportOut"];
export type FinanceMonth = Schemas["FinanceMonthOut"];
export type FinanceFigures = Schemas["FiguresOut"];
export type TopMentor = Schemas["TopMentorOut"];
export type DisputedSession = Schemas["DisputedSessionOut"];
export type SettleIn = Schemas["SettleIn"];
export type PayoutBatch = Schemas["PayoutBatchOut"];
export type FinancePeriod = NonNullable<paths["/api/v1/admin/finance"]["get"]["parameters"]["query"]>;

export const financeKeys = {
  all: ["admin", "finance"] as const,
  report: (period: FinancePeriod) => ["admin", "finance", "report", period] as const,
  disputes: (page: number, pageSize: number) => ["admin", "finance", "disputes", page, pageSize] as const,
  disputeLists: ["admin", "finance", "disputes"] as const,
  batches: (page: number) => ["admin", "finance", "payout-batches", page] as const,
  batchLists: ["admin", "finance", "payout-batches"] as const,
};

export function useFinanceReport(period: FinancePeriod) {
  return useQuery({
    queryKey: financeKeys.report(period),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/admin/finance", { params: { query: period }, signal })),
    placeholderData: keepPreviousData,
  });
}

/** Where the browser downloads the report as CSV (a plain link: the session cookie authorises it). */
export function financeCsvUrl(period: FinancePeriod): string {
  const query = new URLSearchParams();
  if (period.from) query.set("from", period.from);
  if (period.to) query.set("to", period.to);
  const search = query.toString();
  return `/api/v1/admin/finance.csv${search ? `?${search}` : ""}`;
}

export function useDisputes(page: number, pageSize: number) {
  return useQuery({
    queryKey: financeKeys.disputes(page, pageSize),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/admin/bookings/disputed", { params: { query: { page, page_size: pageSize } }, signal })),
    placeholderData: keepPreviousData,
  });
}

/** Settles one disputed session; the answer is the session as it ends up (status, refunded). */
export function useSettleDispute() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: SettleIn }) =>
      unwrap(api.POST("/api/v1/admin/bookings/{session_id}/settle", { params: { path: { session_id: id } }, body })),
    // The queue and the books both change: read them again rather than guess.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: financeKeys.all }),
  });
}

export function usePayoutBatches(page: number) {
  return useQuery({
    queryKey: financeKeys.batches(page),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/admin/payout-batches", { params: { query: { page, page_size: 10 } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useRunPayoutBatch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/admin/payout-batches")),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: financeKeys.all }),
  });
}
