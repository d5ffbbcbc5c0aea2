import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useForgotPassword } from "../../api/queries";
import { Alert } from "../../components/ui/Alert";
import { Button, ButtonLink } from "../../components/ui/Button";
import { TextField } from "../../components/ui/Field";
import { ArrowLeftIcon, MailIcon } from "../../components/ui/icons";
import { useDocumentTitle } from "../../lib/document-title";
import { emailProblem, useFormErrors } from "../../lib/use-form-errors";
import { StatusPanel } from "./StatusPanel";

export default function ForgotPasswordPage() {
  useDocumentTitle("Reset your password");
  const [email, setEmail] = useState("");
  const forgot = useForgotPassword();
  const form = useFormErrors(["email"] as const);
  const { formRef } = form;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!form.check({ email: emailProblem(email) })) return;
    forgot.mutate(email.trim(), { onError: form.fromApi });
  }

  if (forgot.isSuccess) {
    return (
      <StatusPanel
        icon={<MailIcon size={24} />}
        title="Check your inbox"
        actions={<ButtonLink to="/login" size="lg" variant="secondary">Back to sign in</ButtonLink>}
      >
        If an account exists for <span className="font-medium text-slate-900">{email.trim()}</span>, we've sent a link to
        choose a new password. The link expires soon, so use it today.
      </StatusPanel>
    );
  }

  return (
    <div>
      <Link to="/login" className="inline-flex items-center gap-1.5 text-sm font-medium text-slate-500 hover:text-slate-800">
        <ArrowLeftIcon size={16} /> Back to sign in
      </Link>
      <h1 className="mt-6 text-2xl font-semibold tracking-tight text-slate-900">Forgot your password?</h1>
      <p className="mt-2 text-sm leading-6 text-slate-600">
        Enter the e-mail address you signed up with and we'll send you a link to choose a new one.
      </p>
      <form ref={formRef} onSubmit={submit} noValidate className="mt-8 space-y-5">
        {form.formError ? <Alert tone="danger" role="alert">{form.formError}</Alert> : null}
        <TextField
          label="E-mail address"
          type="email"
          name="email"
          autoComplete="email"
          value={email}
          onChange={(event) => {
            setEmail(event.target.value);
            form.clearField("email");
          }}
          error={form.fieldErrors.email}
        />
        <Button type="submit" size="lg" className="w-full" loading={forgot.isPending}>
          Send reset link
        </Button>
      </form>
    </div>
  );
}
