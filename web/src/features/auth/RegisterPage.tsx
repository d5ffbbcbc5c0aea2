import { useState, type FormEvent, type ReactNode } from "react";
import { Link, useSearchParams } from "react-router";
import { rememberNext, withNext } from "../../auth/next";
import { useRegister } from "../../api/queries";
import type { SelfServiceRole } from "../../api/types";
import { Alert } from "../../components/ui/Alert";
import { Button, ButtonLink } from "../../components/ui/Button";
import { TextField } from "../../components/ui/Field";
import { CheckIcon, GraduationCapIcon, MailIcon, SparklesIcon } from "../../components/ui/icons";
import { TimezoneSelect } from "../../components/ui/TimezoneSelect";
import { cn } from "../../lib/cn";
import { useDocumentTitle } from "../../lib/document-title";
import { browserTimezone } from "../../lib/timezones";
import { emailProblem, newPasswordProblem, required, useFormErrors } from "../../lib/use-form-errors";

const FIELDS = ["display_name", "email", "password", "role", "timezone"] as const;

const ROLE_CHOICES: Array<{ value: SelfServiceRole; title: string; text: string; icon: ReactNode }> = [
  { value: "student", title: "I want to learn", text: "Find a mentor and book sessions", icon: <GraduationCapIcon size={20} /> },
  { value: "mentor", title: "I want to mentor", text: "Apply to teach on Mentora", icon: <SparklesIcon size={20} /> },
];

function RoleChoice({ value, onChange, error }: { value: SelfServiceRole; onChange: (role: SelfServiceRole) => void; error?: string | undefined }) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">I'm joining as</legend>
      <div className="mt-2 grid grid-cols-2 gap-3">
        {ROLE_CHOICES.map((choice) => {
          const checked = value === choice.value;
          return (
            <label
              key={choice.value}
              className={cn(
                "relative flex cursor-pointer flex-col gap-1 rounded-xl p-3.5 ring-1 transition has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600",
                checked ? "bg-brand-50/70 ring-2 ring-brand-600" : "ring-slate-300 hover:ring-slate-400",
              )}
            >
              <input
                type="radio"
                name="role"
                value={choice.value}
                checked={checked}
                onChange={() => onChange(choice.value)}
                className="sr-only"
              />
              <span className={cn("flex items-center justify-between", checked ? "text-brand-600" : "text-slate-400")}>
                {choice.icon}
                {checked ? (
                  <span className="flex size-5 items-center justify-center rounded-full bg-brand-600 text-white">
                    <CheckIcon size={13} strokeWidth={3} />
                  </span>
                ) : null}
              </span>
              <span className="mt-1 text-sm font-semibold text-slate-900">{choice.title}</span>
              <span className="text-xs leading-5 text-slate-500">{choice.text}</span>
            </label>
          );
        })}
      </div>
      {error ? <p className="mt-2 text-sm text-rose-600">{error}</p> : null}
    </fieldset>
  );
}

export default function RegisterPage() {
  const [params] = useSearchParams();
  const next = params.get("next");
  const [role, setRole] = useState<SelfServiceRole>(params.get("role") === "mentor" ? "mentor" : "student");
  useDocumentTitle(role === "mentor" ? "Apply as a mentor" : "Create your account");
  const [displayName, setDisplayName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [timezone, setTimezone] = useState(browserTimezone);
  // The address the form was sent with (the answer is the same for new and taken ones).
  const [sentTo, setSentTo] = useState("");
  const register = useRegister();
  const form = useFormErrors(FIELDS);
  const { formRef } = form;

  function submit(event: FormEvent) {
    event.preventDefault();
    const ok = form.check({
      display_name: required(displayName, "Tell us your name."),
      email: emailProblem(email),
      password: newPasswordProblem(password),
    });
    if (!ok) return;
    const address = email.trim();
    register.mutate(
      { display_name: displayName.trim(), email: address, password, role, timezone },
      {
        onSuccess: () => {
          setSentTo(address);
          rememberNext(next);
        },
        onError: form.fromApi,
      },
    );
  }

  if (register.isSuccess) {
    return (
      <div>
        <div className="flex size-12 items-center justify-center rounded-2xl bg-brand-50 text-brand-600 ring-1 ring-brand-100">
          <MailIcon size={24} />
        </div>
        <h1 className="mt-6 text-2xl font-semibold tracking-tight text-slate-900">Check your inbox</h1>
        <p className="mt-3 text-[0.95rem] leading-7 text-slate-600">
          We sent an e-mail to <span className="font-medium text-slate-900">{sentTo}</span>. Open the link in it to
          verify your address, then sign in{role === "mentor" ? " to complete your mentor application" : " to find your first mentor"}.
        </p>
        <p className="mt-3 text-sm leading-6 text-slate-500">
          Already have an account with this address? The e-mail tells you how to sign in or reset your password.
        </p>
        <ButtonLink to={withNext("/login", next)} size="lg" className="mt-8 w-full">
          Continue to sign in
        </ButtonLink>
        <p className="mt-4 text-center text-sm text-slate-500">No e-mail after a few minutes? Check your spam folder.</p>
      </div>
    );
  }

  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">
        {role === "mentor" ? "Apply as a mentor" : "Create your account"}
      </h1>
      <p className="mt-2 text-sm text-slate-600">
        Already have an account?{" "}
        <Link to={withNext("/login", next)} className="font-semibold text-brand-600 hover:text-brand-700">
          Sign in
        </Link>
      </p>

      <form ref={formRef} onSubmit={submit} noValidate className="mt-8 space-y-5">
        {form.formError ? <Alert tone="danger" role="alert">{form.formError}</Alert> : null}
        <RoleChoice value={role} onChange={setRole} error={form.fieldErrors.role} />
        <TextField
          label="Full name"
          name="display_name"
          autoComplete="name"
          value={displayName}
          onChange={(event) => {
            setDisplayName(event.target.value);
            form.clearField("display_name");
          }}
          error={form.fieldErrors.display_name}
        />
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
          autoComplete="new-password"
          value={password}
          onChange={(event) => {
            setPassword(event.target.value);
            form.clearField("password");
          }}
          hint="At least 8 characters. Avoid common passwords."
          error={form.fieldErrors.password}
        />
        <TimezoneSelect
          label="Time zone"
          name="timezone"
          value={timezone}
          onChange={(zone) => {
            setTimezone(zone);
            form.clearField("timezone");
          }}
          hint="We show session times in this zone. Detected from your browser."
          error={form.fieldErrors.timezone}
        />
        <Button type="submit" size="lg" className="w-full" loading={register.isPending}>
          {role === "mentor" ? "Submit application" : "Create account"}
        </Button>
        <p className="text-center text-xs leading-5 text-slate-500">
          By continuing you agree to Mentora's terms of service and privacy policy.
        </p>
      </form>
    </div>
  );
}
