import { useState, type FormEvent } from "react";
import { useSearchParams } from "react-router";
import { useResetPassword } from "../../api/queries";
import { Alert } from "../../components/ui/Alert";
import { Button, ButtonLink } from "../../components/ui/Button";
import { TextField } from "../../components/ui/Field";
import { AlertTriangleIcon, CheckCircleIcon } from "../../components/ui/icons";
import { useDocumentTitle } from "../../lib/document-title";
import { newPasswordProblem, useFormErrors } from "../../lib/use-form-errors";
import { StatusPanel } from "./StatusPanel";

const FIELDS = ["new_password", "confirm"] as const;

export default function ResetPasswordPage() {
  useDocumentTitle("Choose a new password");
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const reset = useResetPassword();
  const form = useFormErrors(FIELDS);
  const { formRef } = form;

  function submit(event: FormEvent) {
    event.preventDefault();
    const ok = form.check({
      new_password: newPasswordProblem(password),
      confirm: confirm === password ? null : "The passwords don't match.",
    });
    if (!ok) return;
    reset.mutate({ token, new_password: password }, { onError: form.fromApi });
  }

  if (!token) {
    return (
      <StatusPanel
        icon={<AlertTriangleIcon size={24} />}
        tone="warning"
        title="This link is incomplete"
        actions={<ButtonLink to="/forgot-password" size="lg">Request a new link</ButtonLink>}
      >
        The reset link is missing its code. Open the link from the e-mail again, or request a new one.
      </StatusPanel>
    );
  }

  if (reset.isSuccess) {
    return (
      <StatusPanel
        icon={<CheckCircleIcon size={24} />}
        tone="success"
        title="Your password has been changed"
        actions={<ButtonLink to="/login" size="lg">Sign in</ButtonLink>}
      >
        For your security we signed you out on every device. Sign in with your new password.
      </StatusPanel>
    );
  }

  const invalidLink = reset.error && "code" in reset.error && reset.error.code === "invalid_token";

  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Choose a new password</h1>
      <p className="mt-2 text-sm leading-6 text-slate-600">Pick something you don't use anywhere else.</p>
      <form ref={formRef} onSubmit={submit} noValidate className="mt-8 space-y-5">
        {form.formError ? (
          <Alert
            tone="danger"
            role="alert"
            action={invalidLink ? <ButtonLink to="/forgot-password" size="sm" variant="secondary">New link</ButtonLink> : undefined}
          >
            {form.formError}
          </Alert>
        ) : null}
        <TextField
          label="New password"
          type="password"
          name="new_password"
          autoComplete="new-password"
          value={password}
          onChange={(event) => {
            setPassword(event.target.value);
            form.clearField("new_password");
          }}
          hint="At least 8 characters."
          error={form.fieldErrors.new_password}
        />
        <TextField
          label="Confirm new password"
          type="password"
          name="confirm"
          autoComplete="new-password"
          value={confirm}
          onChange={(event) => {
            setConfirm(event.target.value);
            form.clearField("confirm");
          }}
          error={form.fieldErrors.confirm}
        />
        <Button type="submit" size="lg" className="w-full" loading={reset.isPending}>
          Set new password
        </Button>
      </form>
    </div>
  );
}
