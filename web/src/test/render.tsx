import { render } from "@testing-library/react";
import { Suspense, type ReactElement } from "react";
import { MemoryRouter, useLocation } from "react-router";
import { Providers } from "../app/App";
import { createQueryClient } from "../app/query-client";

/** Shows the current location, so tests can assert where a guard sent them. */
export function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{`${location.pathname}${location.search}`}</output>;
}

export function renderWithProviders(ui: ReactElement, { route = "/" }: { route?: string } = {}) {
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false, staleTime: Infinity, refetchOnWindowFocus: false } });
  const result = render(
    <Providers queryClient={queryClient}>
      <MemoryRouter initialEntries={[route]}>
        <Suspense fallback={<p>Loading page…</p>}>{ui}</Suspense>
        <LocationProbe />
      </MemoryRouter>
    </Providers>,
  );
  return { ...result, queryClient };
}
