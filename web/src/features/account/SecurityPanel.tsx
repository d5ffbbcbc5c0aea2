import { useNavigate } from "react-router";
import type { Me } from "../../api/types";
import { useEndOtherSessions, useEndSession, useMySessions, type AccountSession } from "../../api/security";
import { Badge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { Card, CardBody, CardFooter, CardHeader } from "../../components/ui/Card";
import { GlobeIcon, LogOutIcon } from "../../components/ui/icons";
import { EmptyState, ErrorState, LoadingState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { errorMessage } from "../../lib/error-messages";
import { formatDateTime, formatRelative } from "../../lib/format";
import { deviceName } from "./device-name";
import { SecondFactorCard } from "./SecurityPanelSecondFactor";

function SessionRow({ session, timeZone }: { session: AccountSession; timeZone: string }) {
  const toast = useToast();
  const navigate = useNavigate();
  const end = useEndSession();
  const name = deviceName(session.user_agent, session.kind);
  return (
    <li className="flex flex-wrap items-center justify-between gap-3 py-3.5">
      <div className="flex min-w-0 items-start gap-3">
        <span className="mt-0.5 flex size-9 shrink-0 items-center justify-center rounded-xl bg-slate-100 text-slate-500">
          <GlobeIcon size={18} />
        </span>
        <div className="min-w-0">
          <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900">
            {name}
            {session.current ? <Badge tone="success" dot>This device</Badge> : null}
          </p>
          <p className="mt-0.5 text-sm text-slate-500">
            {session.address ?? "Unknown address"} · Last active{" "}
            <time dateTime={session.last_used_at} title={formatDateTime(session.last_used_at, timeZone)}>
              {formatRelative(session.last_used_at).toLowerCase()}
            </time>{" "}
            · Signed in {formatDateTime(session.created_at, timeZone)}
          </p>
        </div>
      </div>
      <Button
        variant="secondary"
        size="sm"
        loading={end.isPending}
        aria-label={session.current ? "Sign out on this device" : `Sign out ${name}`}
        onClick={() =>
          end.mutate(session.id, {
            onSuccess: () => {
              if (session.current) {
                void navigate("/login?reason=signed_out");
                return;
              }
              toast.success("Session ended", `${name} is signed out.`);
            },
            onError: (error) => toast.error("Couldn't end the session", errorMessage(error)),
          })
        }
      >
        Sign out
      </Button>
    </li>
  );
}

/** Where the account is signed in, and the way to end those sign-ins. */
export function SessionsCard({ timeZone }: { timeZone: string }) {
  const toast = useToast();
  const sessions = useMySessions();
  const endOthers = useEndOtherSessions();
  const others = (sessions.data ?? []).filter((session) => !session.current).length;

  return (
    <Card>
      <CardHeader
        titleId="sessions-title"
        title="Where you're signed in"
        description="Devices signed in to your account. Sign out any you don't recognise, then change your password."
      />
      <CardBody className="py-1">
        {sessions.isPending ? (
          <LoadingState label="Loading your sessions…" className="py-8" />
        ) : sessions.isError ? (
          <ErrorState error={sessions.error} title="We couldn't load your sessions" onRetry={() => void sessions.refetch()} className="py-8" />
        ) : sessions.data.length === 0 ? (
          <EmptyState title="No active sessions" className="py-8" />
        ) : (
          <ul aria-labelledby="sessions-title" className="divide-y divide-slate-100">
            {sessions.data.map((session) => (
              <SessionRow key={session.id} session={session} timeZone={timeZone} />
            ))}
          </ul>
        )}
      </CardBody>
      <CardFooter className="justify-between">
        <span className="text-sm text-slate-500">
          {others === 0 ? "No other devices are signed in." : `${others} other ${others === 1 ? "device" : "devices"} signed in.`}
        </span>
        <Button
          variant="secondary"
          icon={<LogOutIcon size={16} />}
          disabled={others === 0}
          loading={endOthers.isPending}
          onClick={() =>
            endOthers.mutate(undefined, {
              onSuccess: (result) =>
                toast.success("Signed out everywhere else", `${result.ended} ${result.ended === 1 ? "session" : "sessions"} ended.`),
              onError: (error) => toast.error("Couldn't sign out the other devices", errorMessage(error)),
            })
          }
        >
          Sign out everywhere else
        </Button>
      </CardFooter>
    </Card>
  );
}

/** The account's security settings: two-step verification and the signed-in devices. */
export default function SecurityPanel({ user }: { user: Me }) {
  return (
    <section aria-label="Security" className="space-y-6">
      <SecondFactorCard user={user} />
      <SessionsCard timeZone={user.timezone} />
    </section>
  );
}
