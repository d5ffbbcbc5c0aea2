import { useEffect, useRef } from "react";
import { useSearchParams } from "react-router";
import { ApiError } from "../../api/errors";
import { useConfirmEmailChange } from "../../api/security";
import { useSession } from "../../auth/session-context";
import { ButtonLink } from "../../components/ui/Button";
import { AlertTriangleIcon, CheckCircleIcon, MailIcon } from "../../components/ui/icons";
import { Spinner } from "../../components/ui/Spinner";
import { useDocumentTitle } from "../../lib/document-title";
import { errorMessage } from "../../lib/error-messages";
import { StatusPanel } from "../auth/StatusPanel";

/** Where the link mailed to a new address lands: following it moves the account there. */
export default function ConfirmEmailChangePage() {
  useDocumentTitle("Confirm your new e-mail");
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const { user } = useSession();
  const confirm = useConfirmEmailChange();
  const sent = useRef(false);
  const { mutate } = confirm;

  useEffect(() => {
    // One-time tokens work once: never send the same one twice (StrictMode runs effects twice).
    if (!token || sent.current) return;
    sent.current = true;
    mutate(token);
  }, [token, mutate]);

  const home = user ? (
    <ButtonLink to="/settings" size="lg">Go to your settings</ButtonLink>
  ) : (
    <ButtonLink to="/login" size="lg">Sign in with your new address</ButtonLink>
  );

  if (!token) {
    return (
      <StatusPanel icon={<MailIcon size={24} />} tone="warning" title="This link is incomplete" actions={home}>
        The confirmation link is missing its code. Open the link from the e-mail again, or copy the whole address into
        your browser.
      </StatusPanel>
    );
  }
  if (confirm.isSuccess) {
    return (
      <StatusPanel icon={<CheckCircleIcon size={24} />} tone="success" title="Your e-mail address is changed" actions={home}>
        {user ? `You now sign in with ${user.email}.` : "From now on, sign in with your new address."} Every other
        device was signed out.
      </StatusPanel>
    );
  }
  if (confirm.isError) {
    const taken = confirm.error instanceof ApiError && confirm.error.code === "email_taken";
    return (
      <StatusPanel
        icon={<AlertTriangleIcon size={24} />}
        tone="danger"
        title="We couldn't change your e-mail address"
        actions={home}
      >
        {taken
          ? "Another account started using this address in the meantime, so it can't be yours. Your account keeps its current address."
          : `${errorMessage(confirm.error)} Confirmation links work once and expire after 24 hours; you can ask for a new one in your settings.`}
      </StatusPanel>
    );
  }
  return (
    <StatusPanel icon={<Spinner className="size-6" />} title="Confirming your new e-mail…">
      This takes a moment.
    </StatusPanel>
  );
}
