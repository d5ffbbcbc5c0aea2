import { useRef, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { EXPORT_URL, useDeleteAccount } from "../../api/account";
import type { Me } from "../../api/types";
import { useSession } from "../../auth/session-context";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { buttonClasses } from "../../components/ui/button-classes";
import { Card, CardBody, CardHeader } from "../../components/ui/Card";
import { TextField } from "../../components/ui/Field";
import { DownloadIcon, TrashIcon } from "../../components/ui/icons";
import { Modal } from "../../components/ui/Modal";
import { useToast } from "../../components/ui/toast-context";
import { required, useFormErrors } from "../../lib/use-form-errors";

function DeleteAccountModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const toast = useToast();
  const navigate = useNavigate();
  const { signedOut } = useSession();
  const remove = useDeleteAccount();
  const [password, setPassword] = useState("");
  const form = useFormErrors(["current_password"] as const);
  const { formRef } = form;
  const field = useRef<HTMLInputElement>(null);

  function close() {
    setPassword("");
    form.reset();
    onClose();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!form.check({ current_password: required(password, "Enter your password to confirm.") })) return;
    remove.mutate(password, {
      onSuccess: () => {
        void navigate("/", { replace: true });
        signedOut();
        toast.success("Your account has been deleted", "Thank you for learning with Mentora.");
      },
      onError: form.fromApi,
    });
  }

  return (
    <Modal
      open={open}
      onClose={close}
      initialFocus={field}
      icon={
        <span className="flex size-10 items-center justify-center rounded-full bg-rose-100 text-rose-600">
          <TrashIcon size={20} />
        </span>
      }
      title="Delete your account?"
      description="You are signed out everywhere and can never sign in to this account again. Your name and e-mail address are removed; bookings, payments, reviews and posts others rely on stay, shown as “Deleted user”."
      footer={
        <>
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button variant="danger" type="submit" form="delete-account-form" loading={remove.isPending}>
            Delete my account
          </Button>
        </>
      }
    >
      <form id="delete-account-form" ref={formRef} onSubmit={submit} noValidate className="space-y-4">
        {form.formError ? (
          <Alert tone="danger" role="alert">
            {form.formError}
          </Alert>
        ) : null}
        <TextField
          ref={field}
          label="Password"
          type="password"
          name="current_password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => {
            setPassword(event.target.value);
            form.clearField("current_password");
          }}
          error={form.fieldErrors.current_password}
          hint="Confirms that it is really you."
        />
      </form>
    </Modal>
  );
}

/** Taking one's data along, and leaving. */
export function DataPanel({ user }: { user: Me }) {
  const [deleting, setDeleting] = useState(false);
  const isAdmin = user.role === "admin";
  return (
    <Card>
      <CardHeader title="Your data" description="Download what Mentora stores about you, or delete your account." />
      <CardBody className="divide-y divide-slate-100">
        <div className="flex flex-col gap-3 pb-5 sm:flex-row sm:items-center sm:justify-between">
          <div>
            <p className="text-sm font-medium text-slate-900">Export your data</p>
            <p className="mt-0.5 text-sm text-slate-500">
              One JSON file with your profile, courses, progress, answers, content you wrote, notifications and account history.
            </p>
          </div>
          <a href={EXPORT_URL} download="mentora-data.json" className={buttonClasses("secondary", "md", "shrink-0 gap-2")}>
            <DownloadIcon size={16} /> Download
          </a>
        </div>
        <div className="flex flex-col gap-3 pt-5 sm:flex-row sm:items-center sm:justify-between">
          <div>
            <p className="text-sm font-medium text-slate-900">Delete your account</p>
            <p className="mt-0.5 text-sm text-slate-500">
              {isAdmin
                ? "Admin accounts are deleted by another admin, so the platform is never left without one."
                : "Permanent. You will be asked for your password."}
            </p>
          </div>
          <Button variant="danger-soft" className="shrink-0" icon={<TrashIcon size={16} />} disabled={isAdmin} onClick={() => setDeleting(true)}>
            Delete account
          </Button>
        </div>
      </CardBody>
      <DeleteAccountModal open={deleting} onClose={() => setDeleting(false)} />
    </Card>
  );
}
