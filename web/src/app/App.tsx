import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { Suspense, useState, type ReactNode } from "react";
import { BrowserRouter } from "react-router";
import { SessionProvider } from "../auth/SessionProvider";
import { FullPageLoader } from "../components/layout/FullPageLoader";
import { ToastProvider } from "../components/ui/Toaster";
import { createQueryClient } from "./query-client";
import { AppRoutes } from "./routes";

export function Providers({ children, queryClient }: { children: ReactNode; queryClient: QueryClient }) {
  return (
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <SessionProvider>{children}</SessionProvider>
      </ToastProvider>
    </QueryClientProvider>
  );
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <Providers queryClient={queryClient}>
      <BrowserRouter>
        <Suspense fallback={<FullPageLoader />}>
          <AppRoutes />
        </Suspense>
      </BrowserRouter>
    </Providers>
  );
}
