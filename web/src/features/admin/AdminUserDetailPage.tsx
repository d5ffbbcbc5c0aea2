import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useAdminUser, useDeleteUser, useSuspendUser, useUnsuspendUser, useUpdateUser } from "../../api/queries";
import type { AdminUser, Role } from "../../api/types";
import { useUser } from "../../auth/session-context";
import { Alert } from "../../components/ui/Alert";
import { Avatar } from "../../components/ui/Avatar";
import { Badge, RoleBadge, StatusBadge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { Card, CardBody, CardFooter, CardHeader } from "../../components/ui/Card";
import { SelectField, TextAreaField, TextField } from "../../components/ui/Field";
import { AlertTriangleIcon, ArrowLeftIcon, ShieldIcon, TrashIcon } from "../../components/ui/icons";
import { Modal } from "../../components/ui/Modal";
import { Skeleton, SkeletonText } from "../../components/ui/Skeleton";
import { ErrorState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { useDocumentTitle } from "../../lib/document-title";
import { errorMessage } from "../../lib/error-messages";
import { formatDateTime, formatRelative, ROLE_LABELS } from "../../lib/format";
import { timezoneLabel } from "../../lib/timezones";
import { required, useFormErrors } from "../../lib/use-form-errors";
import { ROLE_OPTIONS } from "./filters";

function BackLink() {
  return (
    <Link to="/admin/users" className="inline-flex items-center gap-1.5 rounded text-sm font-medium text-slate-500 hover:text-slate-800">
      <ArrowLeftIcon size={16} /> All users
    </Link>
  );
}

function EditCard({ user, isSelf }: { user: AdminUser; isSelf: boolean }) {
  const toast = useToast();
  const update = useUpdateUser();
  const [displayName, setDisplayName] = useState(user.display_name);
  const [role, setRole] = useState<Role>(user.role);
  const form = useFormErrors(["display_name", "role"] as const);
  const { formRef } = form;
  const locked = user.status === "deleted";
  const dirty = displayName.trim() !== user.display_name || role !== user.role;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!form.check({ display_name: required(displayName, "Enter a display name.") })) return;
    const body: { display_name?: string; role?: Role } = {};
    if (displayName.trim() !== user.display_name) body.display_name = displayName.trim();
    if (role !== user.role) body.role = role;
    update.mutate(
      { id: user.id, variables: body },
      {
        onSuccess: (saved) => {
          setDisplayName(saved.display_name);
          setRole(saved.role);
          toast.success("Changes saved", body.role ? `${saved.display_name} is now ${ROLE_LABELS[saved.role].toLowerCase()} and was signed out.` : undefined);
        },
        onError: form.fromApi,
      },
    );
  }

  return (
    <Card>
      <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="edit-title">
        <CardHeader titleId="edit-title" title="Edit details" description="Changes take effect immediately." />
        <CardBody className="space-y-5">
          {form.formError ? <Alert tone="danger" role="alert">{form.formError}</Alert> : null}
          <TextField
            label="Display name"
            name="display_name"
            maxLength={80}
            value={displayName}
            disabled={locked}
            onChange={(event) => {
              setDisplayName(event.target.value);
              form.clearField("display_name");
            }}
            error={form.fieldErrors.display_name}
          />
          <SelectField
            label="Role"
            name="role"
            value={role}
            disabled={locked || isSelf}
            onChange={(event) => {
              setRole(event.target.value as Role);
              form.clearField("role");
            }}
            error={form.fieldErrors.role}
            hint={isSelf ? "You can't change your own role." : "Changing the role signs the user out everywhere."}
          >
            {ROLE_OPTIONS.map((option) => (
              <option key={option} value={option}>
                {ROLE_LABELS[option]}
              </option>
            ))}
          </SelectField>
        </CardBody>
        <CardFooter>
          <Button type="submit" loading={update.isPending} disabled={!dirty || locked}>
            Save changes
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1 py-3 sm:flex-row sm:justify-between sm:gap-4">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="text-sm font-medium text-slate-900 sm:text-right">{children}</dd>
    </div>
  );
}

function SuspendModal({ user, open, onClose }: { user: AdminUser; open: boolean; onClose: () => void }) {
  const toast = useToast();
  const suspend = useSuspendUser();
  const [reason, setReason] = useState("");
  const form = useFormErrors(["reason"] as const);
  const { formRef } = form;
  const field = useRef<HTMLTextAreaElement>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!form.check({ reason: required(reason, "Give a reason: the user will see it.") })) return;
    suspend.mutate(
      { id: user.id, variables: reason.trim() },
      {
        onSuccess: (saved) => {
          toast.success("Account suspended", `${saved.display_name} has been signed out.`);
          setReason("");
          onClose();
        },
        onError: form.fromApi,
      },
    );
  }

  return (
    <Modal
      open={open}
      onClose={onClose}
      initialFocus={field}
      icon={
        <span className="flex size-10 items-center justify-center rounded-full bg-amber-100 text-amber-600">
          <AlertTriangleIcon size={20} />
        </span>
      }
      title={`Suspend ${user.display_name}?`}
      description="They are signed out at once and can't sign in until you lift the suspension. Their data stays as it is."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>Cancel</Button>
          <Button variant="danger" type="submit" form="suspend-form" loading={suspend.isPending}>
            Suspend account
          </Button>
        </>
      }
    >
      <form id="suspend-form" ref={formRef} onSubmit={submit} noValidate className="space-y-4">
        {form.formError ? <Alert tone="danger" role="alert">{form.formError}</Alert> : null}
        <TextAreaField
          ref={field}
          label="Reason"
          name="reason"
          maxLength={500}
          rows={3}
          placeholder="e.g. Repeated no-shows reported by three mentors"
          value={reason}
          onChange={(event) => {
            setReason(event.target.value);
            form.clearField("reason");
          }}
          hint="Recorded in the audit log and shown to the user."
          error={form.fieldErrors.reason}
        />
      </form>
    </Modal>
  );
}

function DeleteModal({ user, open, onClose }: { user: AdminUser; open: boolean; onClose: () => void }) {
  const toast = useToast();
  const navigate = useNavigate();
  const remove = useDeleteUser();
  const cancel = useRef<HTMLButtonElement>(null);

  return (
    <Modal
      open={open}
      onClose={onClose}
      initialFocus={cancel}
      icon={
        <span className="flex size-10 items-center justify-center rounded-full bg-rose-100 text-rose-600">
          <TrashIcon size={20} />
        </span>
      }
      title={`Delete ${user.display_name}?`}
      description={
        <>
          The account is anonymised and can never sign in again. Sessions, bookings and payments others rely on are kept
          without the person's name. <strong className="font-semibold text-slate-800">This can't be undone.</strong>
        </>
      }
      footer={
        <>
          <Button ref={cancel} variant="secondary" onClick={onClose}>Cancel</Button>
          <Button
            variant="danger"
            loading={remove.isPending}
            onClick={() =>
              remove.mutate(user.id, {
                onSuccess: () => {
                  toast.success("Account deleted", `${user.display_name}'s account was anonymised.`);
                  void navigate("/admin/users", { replace: true });
                },
                onError: (error) => {
                  toast.error("Couldn't delete the account", errorMessage(error));
                  onClose();
                },
              })
            }
          >
            Delete account
          </Button>
        </>
      }
    />
  );
}

function Actions({ user, isSelf }: { user: AdminUser; isSelf: boolean }) {
  const toast = useToast();
  const unsuspend = useUnsuspendUser();
  const [dialog, setDialog] = useState<"suspend" | "delete" | null>(null);
  if (user.status === "deleted") return null;
  const close = () => setDialog(null);
  return (
    <>
      {user.status === "suspended" ? (
        <Button
          variant="secondary"
          icon={<ShieldIcon size={16} />}
          loading={unsuspend.isPending}
          onClick={() =>
            unsuspend.mutate(
              { id: user.id, variables: undefined },
              {
                onSuccess: (saved) => toast.success("Suspension lifted", `${saved.display_name} can sign in again.`),
                onError: (error) => toast.error("Couldn't lift the suspension", errorMessage(error)),
              },
            )
          }
        >
          Lift suspension
        </Button>
      ) : (
        <Button variant="secondary" icon={<AlertTriangleIcon size={16} />} disabled={isSelf} onClick={() => setDialog("suspend")}>
          Suspend
        </Button>
      )}
      <Button variant="danger-soft" icon={<TrashIcon size={16} />} disabled={isSelf} onClick={() => setDialog("delete")}>
        Delete
      </Button>
      <SuspendModal user={user} open={dialog === "suspend"} onClose={close} />
      <DeleteModal user={user} open={dialog === "delete"} onClose={close} />
    </>
  );
}

function DetailSkeleton() {
  return (
    <div aria-hidden="true">
      <div className="mb-8 flex items-center gap-4">
        <Skeleton className="size-14 rounded-full" />
        <div className="flex-1 space-y-2">
          <Skeleton className="h-6 w-56" />
          <Skeleton className="h-4 w-72" />
        </div>
      </div>
      <div className="grid gap-6 lg:grid-cols-5">
        <Card className="p-6 lg:col-span-3"><SkeletonText lines={5} /></Card>
        <Card className="p-6 lg:col-span-2"><SkeletonText lines={6} /></Card>
      </div>
    </div>
  );
}

export default function AdminUserDetailPage() {
  const { userId = "" } = useParams();
  const me = useUser();
  const query = useAdminUser(userId);
  const user = query.data;
  useDocumentTitle(user ? user.display_name : "User");

  if (query.isPending) {
    return (
      <>
        <div className="mb-6"><BackLink /></div>
        <DetailSkeleton />
        <span className="sr-only" role="status">Loading user…</span>
      </>
    );
  }
  if (query.isError || !user) {
    return (
      <>
        <div className="mb-6"><BackLink /></div>
        <Card>
          <ErrorState
            error={query.error}
            title={query.error && "code" in query.error && query.error.code === "not_found" ? "This user doesn't exist" : "We couldn't load this user"}
            onRetry={() => void query.refetch()}
          />
        </Card>
      </>
    );
  }

  const isSelf = user.id === me.id;
  return (
    <>
      <div className="mb-6"><BackLink /></div>
      <div className="mb-8 flex flex-col gap-5 sm:flex-row sm:items-center sm:justify-between">
        <div className="flex min-w-0 items-center gap-4">
          <Avatar name={user.display_name} seed={user.id} size="lg" />
          <div className="min-w-0">
            <h1 className="truncate text-2xl font-semibold tracking-tight text-slate-900">{user.display_name}</h1>
            <p className="truncate text-sm text-slate-500">{user.email}</p>
            <div className="mt-2 flex flex-wrap gap-2">
              <RoleBadge role={user.role} />
              <StatusBadge status={user.status} />
              {user.email_verified ? <Badge tone="success">E-mail verified</Badge> : <Badge>E-mail unverified</Badge>}
              {isSelf ? <Badge tone="brand">You</Badge> : null}
            </div>
          </div>
        </div>
        <div className="flex flex-wrap gap-3">
          <Actions user={user} isSelf={isSelf} />
        </div>
      </div>

      {user.status === "suspended" ? (
        <Alert tone="warning" title="This account is suspended" className="mb-6">
          Reason: {user.suspended_reason ?? "none given"}
        </Alert>
      ) : null}
      {user.status === "deleted" ? (
        <Alert tone="info" title="This account was deleted" className="mb-6">
          Deleted {formatDateTime(user.deleted_at)}. Personal data has been anonymised; records others rely on are kept.
        </Alert>
      ) : null}
      {isSelf ? (
        <Alert tone="info" className="mb-6">This is your own account: you can't suspend, delete or demote yourself.</Alert>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-5">
        <div className="lg:col-span-3">
          <EditCard key={`${user.id}-${user.updated_at ?? ""}`} user={user} isSelf={isSelf} />
        </div>
        <Card className="lg:col-span-2">
          <CardHeader title="Account details" />
          <CardBody className="py-2">
            <dl className="divide-y divide-slate-100">
              <Detail label="User ID"><span className="font-mono text-xs break-all text-slate-600">{user.id}</span></Detail>
              <Detail label="Time zone">{timezoneLabel(user.timezone)}</Detail>
              <Detail label="Joined">{formatDateTime(user.created_at)}</Detail>
              <Detail label="Last sign-in">
                {user.last_login_at ? <span title={formatDateTime(user.last_login_at)}>{formatRelative(user.last_login_at)}</span> : "Never"}
              </Detail>
              <Detail label="Last updated">{formatDateTime(user.updated_at)}</Detail>
            </dl>
          </CardBody>
        </Card>
      </div>
    </>
  );
}
