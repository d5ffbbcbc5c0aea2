import { useEffect, useState, type FormEvent } from "react";
import {
  useConfirmSecondFactor,
  useDisableSecondFactor,
  useRegenerateRecoveryCodes,
  useStartSecondFactor,
  type SecondFactorSetup,
} from "../../api/security";
import type { Me } from "../../api/types";
import { Alert } from "../../components/ui/Alert";
import { Badge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { Card, CardBody, CardFooter, CardHeader } from "../../components/ui/Card";
import { TextField } from "../../components/ui/Field";
import { ShieldIcon } from "../../components/ui/icons";
import { useToast } from "../../components/ui/toast-context";
import { required, useFormErrors } from "../../lib/use-form-errors";

/** The otpauth:// URI drawn as a QR code for the authenticator app to scan. */
function QrCode({ uri }: { uri: string }) {
  const [image, setImage] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    // Loaded only when someone sets up the factor. SVG needs no canvas; a data: URL is allowed
    // by the Content-Security-Policy's img-src.
    import("qrcode")
      .then(({ default: QRCode }) => QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" }))
      .then((svg) => {
        if (live) setImage(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      })
      .catch(() => setImage(null));
    return () => {
      live = false;
    };
  }, [uri]);
  return image ? (
    <img src={image} width={192} height={192} alt="QR code to scan with your authenticator app" className="rounded-lg ring-1 ring-slate-200" />
  ) : (
    <div className="size-48 animate-pulse rounded-lg bg-slate-100" aria-hidden="true" />
  );
}

function RecoveryCodeList({ codes }: { codes: string[] }) {
  return (
    <Alert tone="warning" title="Save your recovery codes" role="status">
      <p>Each code signs you in once if you lose your phone. They are shown only now: print them or keep them in a password manager.</p>
      <ul aria-label="Recovery codes" className="mt-3 grid grid-cols-2 gap-x-6 gap-y-1 font-mono text-sm text-slate-900 sm:grid-cols-3">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
    </Alert>
  );
}

function Enrol({ setup, onDone }: { setup: SecondFactorSetup; onDone: (codes: string[]) => void }) {
  const confirm = useConfirmSecondFactor();
  const [code, setCode] = useState("");
  const form = useFormErrors(["code"] as const);
  const { formRef } = form;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!form.check({ code: required(code, "Enter the 6-digit code from the app.") })) return;
    confirm.mutate(code.trim(), { onSuccess: (result) => onDone(result.recovery_codes), onError: form.fromApi });
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="grid gap-6 sm:grid-cols-[auto_1fr]">
      <QrCode uri={setup.otpauth_uri} />
      <div className="space-y-4">
        <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-600">
          <li>Scan the QR code with an authenticator app (for example 1Password, Google Authenticator or Aegis).</li>
          <li>Or type this key into the app:</li>
        </ol>
        <p className="break-all rounded-lg bg-slate-50 px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-slate-200" aria-label="Set-up key">
          {setup.secret.replace(/(.{4})/g, "$1 ").trim()}
        </p>
        {form.formError ? <Alert tone="danger" role="alert">{form.formError}</Alert> : null}
        <TextField
          label="Code from the app"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          value={code}
          onChange={(event) => {
            setCode(event.target.value);
            form.clearField("code");
          }}
          error={form.fieldErrors.code}
        />
        <Button type="submit" loading={confirm.isPending}>
          Turn on two-step verification
        </Button>
      </div>
    </form>
  );
}

function TurnOff() {
  const toast = useToast();
  const disable = useDisableSecondFactor();
  const [password, setPassword] = useState("");
  const form = useFormErrors(["password"] as const);
  const { formRef } = form;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!form.check({ password: required(password, "Enter your password to confirm.") })) return;
    disable.mutate(password, {
      onSuccess: () => {
        setPassword("");
        toast.success("Two-step verification is off", "You sign in with your password only.");
      },
      onError: form.fromApi,
    });
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="flex flex-wrap items-end gap-3">
      <TextField
        label="Password"
        type="password"
        name="password"
        autoComplete="current-password"
        containerClassName="min-w-56 flex-1"
        value={password}
        onChange={(event) => {
          setPassword(event.target.value);
          form.clearField("password");
        }}
        error={form.fieldErrors.password ?? form.formError ?? undefined}
      />
      <Button type="submit" variant="secondary" loading={disable.isPending}>
        Turn off
      </Button>
    </form>
  );
}

function NewRecoveryCodes({ onDone }: { onDone: (codes: string[]) => void }) {
  const regenerate = useRegenerateRecoveryCodes();
  const [code, setCode] = useState("");
  const form = useFormErrors(["code"] as const);
  const { formRef } = form;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!form.check({ code: required(code, "Enter a code from the app.") })) return;
    regenerate.mutate(code.trim(), {
      onSuccess: (result) => {
        setCode("");
        onDone(result.recovery_codes);
      },
      onError: form.fromApi,
    });
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="flex flex-wrap items-end gap-3">
      <TextField
        label="Code for new recovery codes"
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        containerClassName="min-w-56 flex-1"
        value={code}
        onChange={(event) => {
          setCode(event.target.value);
          form.clearField("code");
        }}
        error={form.fieldErrors.code ?? form.formError ?? undefined}
      />
      <Button type="submit" variant="secondary" loading={regenerate.isPending}>
        Make new codes
      </Button>
    </form>
  );
}

/** Two-step verification: set-up with a QR code, recovery codes, turning it off. */
export function SecondFactorCard({ user }: { user: Me }) {
  const start = useStartSecondFactor();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const enabled = user.second_factor_enabled ?? false;
  const setup = !enabled ? start.data : undefined;

  return (
    <Card>
      <CardHeader
        titleId="second-factor-title"
        title="Two-step verification"
        description="Sign in with your password and a code from an authenticator app on your phone."
        action={enabled ? <Badge tone="success" dot>On</Badge> : <Badge tone="neutral" dot>Off</Badge>}
      />
      <CardBody className="space-y-5">
        {user.role === "admin" && !enabled ? (
          <Alert tone="warning" role="status">Administrators need two-step verification to use the admin console.</Alert>
        ) : null}
        {recoveryCodes ? <RecoveryCodeList codes={recoveryCodes} /> : null}
        {enabled ? (
          <>
            <NewRecoveryCodes onDone={setRecoveryCodes} />
            <TurnOff />
          </>
        ) : setup ? (
          <Enrol setup={setup} onDone={setRecoveryCodes} />
        ) : (
          <p className="text-sm text-slate-600">
            Even if someone learns your password, they can't sign in without your phone.
          </p>
        )}
        {start.isError ? <Alert tone="danger" role="alert">We couldn't start the set-up. Please try again.</Alert> : null}
      </CardBody>
      {!enabled && !setup ? (
        <CardFooter>
          <Button icon={<ShieldIcon size={16} />} loading={start.isPending} onClick={() => start.mutate()}>
            Set up two-step verification
          </Button>
        </CardFooter>
      ) : null}
    </Card>
  );
}
