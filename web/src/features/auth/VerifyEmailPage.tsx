import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import { ApiError } from "../../api/errors";
import { useVerifyEmail } from "../../api/queries";
import { takeRememberedNext, withNext } from "../../auth/next";
import { meQueryKey, useSession } from "../../auth/session-context";
import { ButtonLink } from "../../components/ui/Button";
import { AlertTriangleIcon, CheckCircleIcon, MailIcon } from "../../components/ui/icons";
import { Spinner } from "../../components/ui/Spinner";
import { useDocumentTitle } from "../../lib/document-title";
import { errorMessage } from "../../lib/error-messages";
import { StatusPanel } from "./StatusPanel";

export default function VerifyEmailPage() {
  useDocumentTitle("Verify your e-mail");
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const { user } = useSession();
  const queryClient = useQueryClient();
  const verify = useVerifyEmail();
  const sent = useRef(false);
  const { mutate } = verify;

  useEffect(() => {
    // One-time tokens work once: never send the same one twice (StrictMode runs effects twice).
    if (!token || sent.current) return;
    sent.current = true;
    mutate(token, { onSuccess: () => void queryClient.invalidateQueries({ queryKey: meQueryKey }) });
  }, [token, mutate, queryClient]);

  // The page the visitor signed up from (kept in this browser), once: read on first render.
  const [continueTo] = useState(() => takeRememberedNext());
  const next = user ? (
    continueTo ? (
      <ButtonLink to={continueTo} size="lg">Continue where you left off</ButtonLink>
    ) : (
      <ButtonLink to="/dashboard" size="lg">Go to your dashboard</ButtonLink>
    )
  ) : (
    <ButtonLink to={withNext("/login", continueTo)} size="lg">Sign in{continueTo ? " to continue" : ""}</ButtonLink>
  );

  if (!token) {
    return (
      <StatusPanel icon={<MailIcon size={24} />} tone="warning" title="This link is incomplete" actions={next}>
        The verification link is missing its code. Open the link from the e-mail again, or copy the whole address into
        your browser.
      </StatusPanel>
    );
  }
  if (verify.isSuccess) {
    return (
      <StatusPanel icon={<CheckCircleIcon size={24} />} tone="success" title="Your e-mail is verified" actions={next}>
        Thanks for confirming your address. Your account is ready to use.
      </StatusPanel>
    );
  }
  if (verify.error instanceof ApiError && verify.error.code === "email_already_verified") {
    return (
      <StatusPanel icon={<CheckCircleIcon size={24} />} tone="success" title="Your e-mail is already verified" actions={next}>
        This link was used before, and your address is confirmed. {user ? "You're all set." : "Sign in to continue."}
      </StatusPanel>
    );
  }
  if (verify.isError) {
    return (
      <StatusPanel
        icon={<AlertTriangleIcon size={24} />}
        tone="danger"
        title="We couldn't verify your e-mail"
        actions={
          user ? (
            <ButtonLink to="/dashboard" size="lg">Go to your dashboard</ButtonLink>
          ) : (
            <ButtonLink to="/login" size="lg">Sign in to get a new link</ButtonLink>
          )
        }
      >
        {errorMessage(verify.error)} Verification links work once and expire after a while; you can ask for a new
        one from your dashboard.
      </StatusPanel>
    );
  }
  return (
    <StatusPanel icon={<Spinner className="size-6" />} title="Verifying your e-mail…">
      This takes a moment.
    </StatusPanel>
  );
}
