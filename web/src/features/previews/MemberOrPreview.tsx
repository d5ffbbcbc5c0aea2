import type { ReactNode } from "react";
import { useSession } from "../../auth/session-context";
import { FullPageLoader } from "../../components/layout/FullPageLoader";

/**
 * A page a shared link can point at: the full page for people who are signed in, a public
 * preview for visitors (instead of sending them to a bare sign-in form).
 */
export function MemberOrPreview({ member, preview }: { member: ReactNode; preview: ReactNode }) {
  const { user, status } = useSession();
  if (status === "loading") return <FullPageLoader />;
  return <>{user ? member : preview}</>;
}
