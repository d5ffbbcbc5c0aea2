import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import { useLogin } from "../../api/queries";
import { useSession } from "../../auth/session-context";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { TextField } from "../../components/ui/Field";
import { useDocumentTitle } from "../../lib/document-title";
import { emailProblem, required, useFormErrors } from "../../lib/use-form-errors";

const REASONS = {
  expired: { tone: "warning", title: "Your session has expired", text: "For your security we signed you out. Sign in again to pick up where you left off." },
  suspended: { tone: "danger", title: "Your account has been suspended", text: "You can't use Mentora while the suspension lasts. If you think this is a mistake, contact support@mentora.app." },
  signed_out: { tone: "success", title: "You're signed out", text: "See you soon. Sign in again whenever you're ready." },
} as const;

export default function LoginPage() {
  useDocumentTitle("Sign in");
  const [params] = useSearchParams();
  const reason = params.get("reason");
  const notice = reason && reason in REASONS ? REASONS[reason as keyof typeof REASONS] : null;
  const next = params.get("next");
  const { signedIn } = useSession();
  const login = useLogin();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const form = useFormErrors(["email", "password"] as const);
  const { formRef } = form;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!form.check({ email: emailProblem(email), password: required(password, "Enter your password.") })) return;
    login.mutate(
      { email: email.trim(), password },
      // Once the account is known, the guest-only guard moves on to `next`.
      { onSuccess: (result) => signedIn(result.user), onError: form.fromApi },
    );
  }

  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Welcome back</h1>
      <p className="mt-2 text-sm text-slate-600">
        New to Mentora?{" "}
        <Link to="/register" className="font-semibold text-brand-600 hover:text-brand-700">
          Create an account
        </Link>
      </p>

      {notice ? (
        <Alert tone={notice.tone} title={notice.title} className="mt-6" role="status">
          {notice.text}
        </Alert>
      ) : null}

      <form ref={formRef} onSubmit={submit} noValidate className="mt-8 space-y-5" aria-describedby={form.formError ? "login-error" : undefined}>
        {form.formError ? (
          <div id="login-error">
            <Alert tone="danger" role="alert">{form.formError}</Alert>
          </div>
        ) : null}
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
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => {
            setPassword(event.target.value);
            form.clearField("password");
          }}
          error={form.fieldErrors.password}
          labelAction={
            <Link to="/forgot-password" className="text-sm font-medium text-brand-600 hover:text-brand-700">
              Forgot password?
            </Link>
          }
        />
        <Button type="submit" size="lg" className="w-full" loading={login.isPending}>
          Sign in
        </Button>
      </form>
      {next ? <p className="mt-6 text-center text-xs text-slate-500">You'll continue where you left off after signing in.</p> : null}
    </div>
  );
}
