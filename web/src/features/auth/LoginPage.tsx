import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import { ApiError } from "../../api/errors";
import { useLogin } from "../../api/queries";
import { useLoginSecondFactor } from "../../api/security";
import { withNext } from "../../auth/next";
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

/** After a correct password, when the account has two-step verification on. */
function SecondFactorStep({ challenge, remember, onRestart }: { challenge: string; remember: boolean; onRestart: () => void }) {
  const { signedIn } = useSession();
  const verify = useLoginSecondFactor();
  const [code, setCode] = useState("");
  const form = useFormErrors(["code"] as const);
  const { formRef } = form;
  const expired = verify.error instanceof ApiError && verify.error.code === "invalid_second_factor" && !verify.error.details;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!form.check({ code: required(code, "Enter the code from your authenticator app.") })) return;
    verify.mutate(
      { challenge, code: code.trim(), remember },
      { onSuccess: (result) => result.user && signedIn(result.user), onError: form.fromApi },
    );
  }

  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Two-step verification</h1>
      <p className="mt-2 text-sm text-slate-600">Enter the 6-digit code from your authenticator app, or one of your recovery codes.</p>
      <form ref={formRef} onSubmit={submit} noValidate className="mt-8 space-y-5">
        {form.formError ? <Alert tone="danger" role="alert">{form.formError}</Alert> : null}
        <TextField
          label="Verification code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          autoFocus
          value={code}
          onChange={(event) => {
            setCode(event.target.value);
            form.clearField("code");
          }}
          error={form.fieldErrors.code}
        />
        <Button type="submit" size="lg" className="w-full" loading={verify.isPending}>
          Verify and sign in
        </Button>
      </form>
      <p className="mt-6 text-center text-sm text-slate-500">
        {expired ? "This sign-in expired. " : null}
        <button type="button" onClick={onRestart} className="font-medium text-brand-600 hover:text-brand-700">
          Start again
        </button>
      </p>
    </div>
  );
}

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
  const [remember, setRemember] = useState(false);
  const [challenge, setChallenge] = useState<string | null>(null);
  const form = useFormErrors(["email", "password"] as const);
  const { formRef } = form;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!form.check({ email: emailProblem(email), password: required(password, "Enter your password.") })) return;
    login.mutate(
      { email: email.trim(), password, remember },
      {
        onSuccess: (result) => {
          if (result.second_factor_required && result.challenge) {
            setChallenge(result.challenge);
            return;
          }
          // Once the account is known, the guest-only guard moves on to `next`.
          if (result.user) signedIn(result.user);
        },
        onError: form.fromApi,
      },
    );
  }

  if (challenge) {
    return <SecondFactorStep challenge={challenge} remember={remember} onRestart={() => setChallenge(null)} />;
  }

  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Welcome back</h1>
      <p className="mt-2 text-sm text-slate-600">
        New to Mentora?{" "}
        <Link to={withNext("/register", next)} className="font-semibold text-brand-600 hover:text-brand-700">
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
        />
        {/* After the password in the document, so the keyboard goes e-mail -> password -> ... */}
        <div className="flex flex-wrap items-center justify-between gap-3">
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              name="remember"
              checked={remember}
              onChange={(event) => setRemember(event.target.checked)}
              className="size-4 rounded accent-brand-600"
            />
            Keep me signed in for a week
          </label>
          <Link to="/forgot-password" className="text-sm font-medium text-brand-600 hover:text-brand-700">
            Forgot password?
          </Link>
        </div>
        <Button type="submit" size="lg" className="w-full" loading={login.isPending}>
          Sign in
        </Button>
      </form>
      {next ? <p className="mt-6 text-center text-xs text-slate-500">You'll continue where you left off after signing in.</p> : null}
    </div>
  );
}
