import type { ReactNode } from "react";
import { Navigate, useLocation, useSearchParams } from "react-router";
import type { Role } from "../api/types";
import { ErrorState } from "../components/ui/States";
import { NotAllowedPage } from "../features/errors/NotAllowedPage";
import { loginPath, safeNext } from "./next";
import { useSession } from "./session-context";
import { FullPageLoader } from "../components/layout/FullPageLoader";

/** Signed-in people only; others go to sign in and come back here afterwards. */
export function RequireAuth({ children, fallback }: { children: ReactNode; fallback?: ReactNode }) {
  const { user, status, error, endedReason, retry } = useSession();
  const location = useLocation();
  if (status === "loading") return <>{fallback ?? <FullPageLoader />}</>;
  if (status === "error") {
    return (
      <div className="flex min-h-dvh items-center justify-center bg-slate-50 p-6">
        <ErrorState error={error} title="We couldn't check your session" onRetry={retry} />
      </div>
    );
  }
  if (!user) {
    const next = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={loginPath(next, endedReason)} replace />;
  }
  return <>{children}</>;
}

/** Only the given roles; anyone else sees the "not allowed" page (the URL stays). */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { user } = useSession();
  if (!user || !roles.includes(user.role)) return <NotAllowedPage roles={roles} />;
  return <>{children}</>;
}

/** Sign-in and sign-up screens: a signed-in person goes on to `next` (or home). */
export function GuestOnly({ children }: { children: ReactNode }) {
  const { user, status } = useSession();
  const [params] = useSearchParams();
  if (status === "loading") return <FullPageLoader />;
  if (user) return <Navigate to={safeNext(params.get("next"))} replace />;
  return <>{children}</>;
}
