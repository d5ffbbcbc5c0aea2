/** A mentor's payout account at the payment gateway (its state, the way into the gateway's hosted onboarding), and the built-in test gateway's "test payout account" page. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import { unwrap } from "./errors";
import type { components } from "./schema";

type Schemas = components["schemas"];

export type PayoutAccount = Schemas["PayoutAccountOut"];
export type PayoutAccountState = Schemas["PayoutAccountState"];
export type TestPayoutAccount = Schemas["TestPayoutAccountOut"];
export type TestAccountOutcome = Schemas["TestAccountOutcome"];

/** How often, and how many times at most, the state is asked again while the gateway may still be reporting on it. */
export const PAYOUT_ACCOUNT_POLL_MS = 5000;
const PAYOUT_ACCOUNT_POLLS = 24;

export const payoutKeys = {
  account: ["payouts", "account"] as const,
  testAccount: (ref: string) => ["payouts", "test-account", ref] as const,
};

/**
 * The mentor's payout account. `poll` (back from the provider's setup page): asks again for a
 * couple of minutes while the provider may still be confirming the details. The test gateway
 * reports before the mentor is back, so there is nothing to wait for.
 */
export function useMyPayoutAccount(poll = false) {
  return useQuery({
    queryKey: payoutKeys.account,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/mentor/payout-account", { signal })),
    refetchInterval: (query) => {
      const data = query.state.data;
      const waiting = poll && data?.state === "onboarding" && data.gateway !== "test";
      return waiting && query.state.dataUpdateCount < PAYOUT_ACCOUNT_POLLS ? PAYOUT_ACCOUNT_POLL_MS : false;
    },
  });
}

/** Opens the account on the first call (in `country`) and answers with a fresh onboarding link. */
export function useStartPayoutOnboarding() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (country: string | null) =>
      unwrap(api.POST("/api/v1/mentor/payout-account/onboarding", { body: country ? { country } : {} })),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: payoutKeys.account }),
  });
}

export function useTestPayoutAccount(ref: string) {
  return useQuery({
    queryKey: payoutKeys.testAccount(ref),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/payments/test-payout-accounts/{ref}", { params: { path: { ref } }, signal })),
  });
}

export function useSettleTestPayoutAccount(ref: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (outcome: TestAccountOutcome) =>
      unwrap(api.POST("/api/v1/payments/test-payout-accounts/{ref}/outcome", { params: { path: { ref } }, body: { outcome } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["payouts"] }),
  });
}
