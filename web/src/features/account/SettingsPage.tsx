import { useState, type FormEvent } from "react";
import { useChangePassword, useResendVerification, useUpdateMe } from "../../api/queries";
import type { Me } from "../../api/types";
import { useUser } from "../../auth/session-context";
import { Alert } from "../../components/ui/Alert";
import { Badge } from "../../components/ui/Badge";
import { Button, ButtonLink } from "../../components/ui/Button";
import { Card, CardBody, CardFooter, CardHeader } from "../../components/ui/Card";
import { TextField } from "../../components/ui/Field";
import { StepUpCodeField } from "./StepUpCodeField";
import { ClockIcon, LogOutIcon } from "../../components/ui/icons";
import { PageHeader } from "../../components/ui/PageHeader";
import { TimezoneSelect } from "../../components/ui/TimezoneSelect";
import { useToast } from "../../components/ui/toast-context";
import { useDocumentTitle } from "../../lib/document-title";
import { errorMessage } from "../../lib/error-messages";
import { formatDate, ROLE_LABELS } from "../../lib/format";
import { browserTimezone, initialTimezone, localTime, timezoneLabel } from "../../lib/timezones";
import { newPasswordProblem, required, useFormErrors } from "../../lib/use-form-errors";
import SecurityPanel from "./SecurityPanel";
import { AvatarPanel } from "./AvatarPanel";
import { DataPanel } from "./DataPanel";
import { EmailChangeCard } from "./EmailChangeCard";
import { NotificationPreferencesPanel } from "./NotificationPreferencesPanel";

function ProfileCard({ user }: { user: Me }) {
  const toast = useToast();
  const update = useUpdateMe();
  const detected = browserTimezone();
  const [displayName, setDisplayName] = useState(user.display_name);
  const [timezone, setTimezone] = useState(() => initialTimezone(user.timezone, detected));
  const form = useFormErrors(["display_name", "timezone"] as const);
  const { formRef } = form;
  const dirty = displayName.trim() !== user.display_name || timezone !== user.timezone;
  const now = localTime(timezone);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!form.check({ display_name: required(displayName, "Enter the name others should see.") })) return;
    update.mutate(
      { display_name: displayName.trim(), timezone },
      {
        onSuccess: (me) => {
          setDisplayName(me.display_name);
          toast.success("Profile saved", `Times are now shown in ${timezoneLabel(me.timezone)}.`);
        },
        onError: form.fromApi,
      },
    );
  }

  return (
    <Card>
      <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="profile-title">
        <CardHeader titleId="profile-title" title="Profile" description="How you appear to mentors, students and our team." />
        <CardBody className="space-y-5">
          {form.formError ? <Alert tone="danger" role="alert">{form.formError}</Alert> : null}
          <div className="grid gap-5 sm:grid-cols-2">
            <TextField
              label="Display name"
              name="display_name"
              autoComplete="name"
              maxLength={80}
              value={displayName}
              onChange={(event) => {
                setDisplayName(event.target.value);
                form.clearField("display_name");
              }}
              error={form.fieldErrors.display_name}
            />
            <TextField
              label="E-mail address"
              name="email"
              type="email"
              value={user.email}
              readOnly
              disabled
              hint={user.email_verified ? "Verified. Change it under E-mail address below." : "Not verified yet."}
            />
          </div>
          <TimezoneSelect
            label="Time zone"
            name="timezone"
            value={timezone}
            onChange={(zone) => {
              setTimezone(zone);
              form.clearField("timezone");
            }}
            error={form.fieldErrors.timezone}
            hint={
              <span className="inline-flex flex-wrap items-center gap-x-3 gap-y-1">
                {now ? (
                  <span className="inline-flex items-center gap-1.5">
                    <ClockIcon size={14} /> It's {now} there now.
                  </span>
                ) : null}
                {timezone !== user.timezone ? <span>Unsaved: you're currently on {user.timezone.replaceAll("_", " ")}.</span> : null}
              </span>
            }
            labelAction={
              timezone !== detected ? (
                <button
                  type="button"
                  className="text-sm font-medium text-brand-600 hover:text-brand-700"
                  onClick={() => setTimezone(detected)}
                >
                  Use {detected.replaceAll("_", " ")}
                </button>
              ) : null
            }
          />
        </CardBody>
        <CardFooter>
          {dirty ? <span className="mr-auto text-sm text-slate-500">You have unsaved changes.</span> : null}
          <Button type="submit" loading={update.isPending} disabled={!dirty}>
            Save profile
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

const PASSWORD_FIELDS = ["current_password", "new_password", "confirm", "second_factor_code"] as const;

function PasswordCard({ secondFactor = false }: { secondFactor?: boolean }) {
  const toast = useToast();
  const change = useChangePassword();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [code, setCode] = useState("");
  const form = useFormErrors(PASSWORD_FIELDS);
  const { formRef } = form;

  function submit(event: FormEvent) {
    event.preventDefault();
    const ok = form.check({
      current_password: required(current, "Enter your current password."),
      new_password: newPasswordProblem(next),
      confirm: confirm === next ? null : "The passwords don't match.",
      second_factor_code: secondFactor ? required(code, "Enter a code from your authenticator app.") : null,
    });
    if (!ok) return;
    change.mutate(
      { current_password: current, new_password: next, ...(secondFactor ? { second_factor_code: code.trim() } : {}) },
      {
        onSuccess: () => {
          setCurrent("");
          setNext("");
          setConfirm("");
          setCode("");
          form.reset();
          toast.success("Password changed", "Your other devices have been signed out.");
        },
        onError: form.fromApi,
      },
    );
  }

  return (
    <Card>
      <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="password-title">
        <CardHeader titleId="password-title" title="Password" description="Changing it signs you out on your other devices." />
        <CardBody className="space-y-5">
          {form.formError ? <Alert tone="danger" role="alert">{form.formError}</Alert> : null}
          <TextField
            label="Current password"
            type="password"
            name="current_password"
            autoComplete="current-password"
            value={current}
            onChange={(event) => {
              setCurrent(event.target.value);
              form.clearField("current_password");
            }}
            error={form.fieldErrors.current_password}
            containerClassName="sm:max-w-sm"
          />
          <div className="grid gap-5 sm:grid-cols-2">
            <TextField
              label="New password"
              type="password"
              name="new_password"
              autoComplete="new-password"
              value={next}
              onChange={(event) => {
                setNext(event.target.value);
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
            {secondFactor ? (
              <StepUpCodeField
                value={code}
                onChange={(value) => {
                  setCode(value);
                  form.clearField("second_factor_code");
                }}
                error={form.fieldErrors.second_factor_code}
              />
            ) : null}
          </div>
        </CardBody>
        <CardFooter>
          <Button type="submit" loading={change.isPending}>
            Change password
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

function AccountCard({ user }: { user: Me }) {
  const toast = useToast();
  const resend = useResendVerification();
  return (
    <Card>
      <CardHeader title="Account" description="Details of your Mentora account." />
      <CardBody>
        <dl className="grid gap-x-6 gap-y-4 text-sm sm:grid-cols-3">
          <div>
            <dt className="text-slate-500">Role</dt>
            <dd className="mt-1 font-medium text-slate-900">{ROLE_LABELS[user.role]}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Member since</dt>
            <dd className="mt-1 font-medium text-slate-900">{formatDate(user.created_at, user.timezone)}</dd>
          </div>
          <div>
            <dt className="text-slate-500">E-mail</dt>
            <dd className="mt-1">
              {user.email_verified ? (
                <Badge tone="success" dot>Verified</Badge>
              ) : (
                <span className="flex flex-wrap items-center gap-2">
                  <Badge tone="warning" dot>Not verified</Badge>
                  <Button
                    variant="ghost"
                    size="sm"
                    loading={resend.isPending}
                    disabled={resend.isSuccess}
                    onClick={() =>
                      resend.mutate(undefined, {
                        onSuccess: () => toast.success("Verification e-mail sent", `Check ${user.email}.`),
                        onError: (error) => toast.error("Couldn't send the e-mail", errorMessage(error)),
                      })
                    }
                  >
                    {resend.isSuccess ? "Sent" : "Resend link"}
                  </Button>
                </span>
              )}
            </dd>
          </div>
        </dl>
      </CardBody>
      <CardFooter className="justify-between">
        <span className="text-sm text-slate-500">Signed in on this device.</span>
        <ButtonLink to="/logout" variant="secondary" icon={<LogOutIcon size={16} />}>
          Sign out
        </ButtonLink>
      </CardFooter>
    </Card>
  );
}

export default function SettingsPage() {
  useDocumentTitle("Settings");
  const user = useUser();
  return (
    <>
      <PageHeader title="Account settings" description="Manage your profile, time zone, e-mail address and password." />
      <div className="space-y-6">
        <ProfileCard key={user.id} user={user} />
        <AvatarPanel user={user} />
        <EmailChangeCard key={user.email} user={user} />
        <PasswordCard secondFactor={user.second_factor_enabled} />
        <AccountCard user={user} />
        <NotificationPreferencesPanel />
        <DataPanel user={user} />
        <SecurityPanel user={user} />
      </div>
    </>
  );
}
