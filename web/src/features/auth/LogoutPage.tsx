import { useEffect, useRef } from "react";
import { Navigate } from "react-router";
import { useLogout } from "../../api/queries";
import { loginPath } from "../../auth/next";
import { useSession } from "../../auth/session-context";
import { Spinner } from "../../components/ui/Spinner";
import { useDocumentTitle } from "../../lib/document-title";
import { StatusPanel } from "./StatusPanel";

/** Ends the session on the server, forgets the account here, then offers to sign in again. */
export default function LogoutPage() {
  useDocumentTitle("Signing out");
  const { user, status, signedOut } = useSession();
  const { mutate } = useLogout();
  const started = useRef(false);

  useEffect(() => {
    if (!user || started.current) return;
    started.current = true;
    // Whatever the server answers (even "already expired"), this browser is signed out.
    mutate(undefined, { onSettled: signedOut });
  }, [user, mutate, signedOut]);

  if (status === "ready" && !user) return <Navigate to={loginPath(null, "signed_out")} replace />;
  return (
    <StatusPanel icon={<Spinner className="size-6" />} title="Signing you out…">
      Ending your session on this device.
    </StatusPanel>
  );
}
