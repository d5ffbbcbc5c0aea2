/** Exchange rates (administrators): what mentor search compares prices across currencies with. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import { unwrap } from "./errors";
import { mentorKeys } from "./marketplace";

export const exchangeRateKeys = { all: ["admin", "exchange-rates"] as const };

export function useExchangeRates() {
  return useQuery({
    queryKey: exchangeRateKeys.all,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/admin/exchange-rates", { signal })),
  });
}

export function useSetExchangeRate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ currency, rate }: { currency: string; rate: string }) =>
      unwrap(api.PUT("/api/v1/admin/exchange-rates/{currency}", { params: { path: { currency } }, body: { rate } })),
    onSuccess: async () => {
      // Search results carry converted prices: they change with the rate.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: exchangeRateKeys.all }),
        queryClient.invalidateQueries({ queryKey: mentorKeys.all }),
      ]);
    },
  });
}
