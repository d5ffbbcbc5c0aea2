/** A mentor's earnings: balances per currency, the month's sessions with their money, payouts, and the monthly report as CSV or PDF. */
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { api } from "./client";
import { unwrap } from "./errors";
import type { components } from "./schema";

type Schemas = components["schemas"];

export type Earnings = Schemas["EarningsOut"];
export type EarningsBalance = Schemas["BalanceOut"];
export type SessionEarning = Schemas["SessionEarningOut"];
export type MonthTotal = Schemas["MonthTotalOut"];
export type Payout = Schemas["PayoutOut"];
export type EarningsFormat = "csv" | "pdf";

export const earningsKeys = {
  all: ["earnings"] as const,
  /** `month` YYYY-MM; null: the current month (the server's choice). */
  month: (month: string | null) => ["earnings", month ?? "current"] as const,
};

export function useMyEarnings(month: string | null) {
  return useQuery({
    queryKey: earningsKeys.month(month),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/mentor/earnings", { params: { query: month ? { month } : {} }, signal })),
    placeholderData: keepPreviousData,
  });
}

/** The month's report as a file, named as the server names it. */
export function useEarningsFile() {
  return useMutation({
    mutationFn: async ({ format, month }: { format: EarningsFormat; month: string }) => {
      const options = { params: { query: { month } }, parseAs: "blob" as const };
      const blob =
        format === "csv"
          ? await unwrap(api.GET("/api/v1/mentor/earnings.csv", options))
          : await unwrap(api.GET("/api/v1/mentor/earnings.pdf", options));
      return { fileName: `mentora-earnings-${month}.${format}`, blob };
    },
  });
}
