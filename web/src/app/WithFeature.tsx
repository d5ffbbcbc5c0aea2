import type { ReactNode } from "react";
import { useFeaturesQuery, type PlatformFeatures } from "../api/platform";
import { LoadingState } from "../components/ui/States";

/** A page of an optional feature: `otherwise` (not found) when it is off or the answer failed. */
export function WithFeature({ feature, otherwise, children }: { feature: keyof PlatformFeatures; otherwise: ReactNode; children: ReactNode }) {
  const features = useFeaturesQuery();
  if (features.isPending) return <LoadingState />;
  return features.data?.[feature] ? children : otherwise;
}
