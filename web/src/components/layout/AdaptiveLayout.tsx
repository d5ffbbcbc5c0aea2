import { useSession } from "../../auth/session-context";
import { AppShell } from "./AppShell";
import { FullPageLoader } from "./FullPageLoader";
import { PublicLayout } from "./PublicLayout";

/**
 * Pages anyone may open (mentor search, public profiles): inside the app's frame for people who
 * are signed in, in the public frame for visitors.
 */
export function AdaptiveLayout() {
  const { user, status } = useSession();
  if (status === "loading") return <FullPageLoader />;
  return user ? <AppShell /> : <PublicLayout contained />;
}
