/** The optional features this platform has switched on: whole areas of the client appear or not. */
import { useQuery } from "@tanstack/react-query";
import { api } from "./client";
import { unwrap } from "./errors";
import type { components } from "./schema";

export type PlatformFeatures = components["schemas"]["FeaturesOut"];

export const featuresKey = ["platform", "features"] as const;

/** Every feature off: what the client assumes until the server says otherwise, or if it cannot. */
export const NO_FEATURES: PlatformFeatures = { group_sessions: false };

/**
 * The switches, asked once per page load and shared by every screen (they change only with a
 * deployment). While loading or on failure everything optional stays hidden: a screen never
 * offers what the server would refuse.
 */
export function useFeatures(): PlatformFeatures {
  return useFeaturesQuery().data ?? NO_FEATURES;
}

/** The query itself, for a page that must wait for the answer before it decides. */
export function useFeaturesQuery() {
  return useQuery({
    queryKey: featuresKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/platform/features", { signal })),
    staleTime: Infinity,
    gcTime: Infinity,
    refetchOnWindowFocus: false,
  });
}
