import { useState, type FormEvent } from "react";
import { useRequestEmailChange } from "../../api/security";
import type { Me } from "../../api/types";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { Card, CardBody, CardFooter, CardHeader } from "../../components/ui/Card";
import { TextField } from "../../components/ui/Field";
import { StepUpCodeField } from "./StepUpCodeField";
import { emailProblem, required, useFormErrors } from "../../lib/use-form-errors";

const FIELDS = ["new_email", "current_password", "second_factor_code"] as const;

/**
 * Moving the account to another address: the password (and a code, with two-step verification
 * on) proves it is the owner; the link mailed to the new address proves that mailbox is theirs.
 */
export function EmailChangeCard({ user }: { user: Me }) {
  const request = useRequestEmailChange();
  const secondFactor = user.second_factor_enabled;
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  // The address the last link went to, shown until the person starts another change.
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useFormErrors(FIELDS);
  const { formRef } = form;

  function submit(event: FormEvent) {
    event.preventDefault();
    const newEmail = email.trim();
    const ok = form.check({
      new_email:
        emailProblem(newEmail) ??
        (newEmail.toLowerCase() === user.email.toLowerCase() ? "This is already your e-mail address." : null),
      current_password: required(password, "Enter your current password."),
      second_factor_code: secondFactor ? required(code, "Enter a code from your authenticator app.") : null,
    });
    if (!ok) return;
    request.mutate(
      { new_email: newEmail, current_password: password, ...(secondFactor ? { second_factor_code: code.trim() } : {}) },
      {
        onSuccess: () => {
          setSentTo(newEmail);
          setEmail("");
          setPassword("");
          setCode("");
          form.reset();
        },
        onError: form.fromApi,
      },
    );
  }

  return (
    <Card>
      <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="email-change-title">
        <CardHeader
          titleId="email-change-title"
          title="E-mail address"
          description={`You sign in with ${user.email}. To change it, we send a link to the new address; the change happens once you open it.`}
        />
        <CardBody className="space-y-5">
          {form.formError ? <Alert tone="danger" role="alert">{form.formError}</Alert> : null}
          {sentTo ? (
            <Alert tone="success" role="status" title="Check your new inbox">
              We sent a link to {sentTo}. Open it within 24 hours to finish the change. Until then you keep signing in
              with {user.email}, which we also told about this change.
            </Alert>
          ) : null}
          <div className="grid gap-5 sm:grid-cols-2">
            <TextField
              label="New e-mail address"
              name="new_email"
              type="email"
              autoComplete="email"
              maxLength={254}
              value={email}
              onChange={(event) => {
                setEmail(event.target.value);
                setSentTo(null);
                form.clearField("new_email");
              }}
              error={form.fieldErrors.new_email}
            />
            <TextField
              label="Current password"
              name="current_password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => {
                setPassword(event.target.value);
                form.clearField("current_password");
              }}
              error={form.fieldErrors.current_password}
            />
            {secondFactor ? (
              <StepUpCodeField
                value={code}
                onChange={(value) => {
                  setCode(value);
                  form.clearField("second_factor_code");
                }}
                hint="Or one of your recovery codes."
                error={form.fieldErrors.second_factor_code}
              />
            ) : null}
          </div>
        </CardBody>
        <CardFooter>
          <Button type="submit" loading={request.isPending}>
            Send confirmation link
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
