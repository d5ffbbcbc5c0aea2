import { useNavigate } from "react-router";
import type { Me } from "../../api/types";
import { useMyDevices, useSignOutDevice, useSignOutOtherDevices, type AccountDevice } from "../../api/security";
import { Badge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { Card, CardBody, CardFooter, CardHeader } from "../../components/ui/Card";
import { BellIcon, GlobeIcon, LogOutIcon } from "../../components/ui/icons";
import { EmptyState, ErrorState, LoadingState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { errorMessage } from "../../lib/error-messages";
import { formatDateTime, formatRelative } from "../../lib/format";
import { SecondFactorCard } from "./SecurityPanelSecondFactor";

function DeviceRow({ device, timeZone }: { device: AccountDevice; timeZone: string }) {
  const toast = useToast();
  const navigate = useNavigate();
  const signOut = useSignOutDevice();
  return (
    <li className="flex flex-wrap items-center justify-between gap-3 py-3.5">
      <div className="flex min-w-0 items-start gap-3">
        <span className="mt-0.5 flex size-9 shrink-0 items-center justify-center rounded-xl bg-slate-100 text-slate-500">
          <GlobeIcon size={18} />
        </span>
        <div className="min-w-0">
          <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900">
            {device.name}
            {device.current ? <Badge tone="success" dot>This device</Badge> : null}
            {device.kind === "app" ? <Badge tone="sky">App</Badge> : null}
            {device.push_enabled ? (
              <Badge tone="brand">
                <BellIcon size={12} aria-hidden="true" /> Notifications on
              </Badge>
            ) : null}
          </p>
          <p className="mt-0.5 text-sm text-slate-500">
            <span title="The network this device was last used from">{device.network ?? "Unknown network"}</span> · Last active{" "}
            <time dateTime={device.last_used_at} title={formatDateTime(device.last_used_at, timeZone)}>
              {formatRelative(device.last_used_at).toLowerCase()}
            </time>{" "}
            · Signed in {formatDateTime(device.created_at, timeZone)}
          </p>
        </div>
      </div>
      <Button
        variant="secondary"
        size="sm"
        loading={signOut.isPending}
        aria-label={device.current ? "Sign out on this device" : `Sign out ${device.name}`}
        onClick={() =>
          signOut.mutate(device.id, {
            onSuccess: () => {
              if (device.current) {
                void navigate("/login?reason=signed_out");
                return;
              }
              toast.success("Device signed out", `${device.name} is signed out.`);
            },
            onError: (error) => toast.error("Couldn't sign out the device", errorMessage(error)),
          })
        }
      >
        Sign out
      </Button>
    </li>
  );
}

/** The devices signed in to the account, and the way to sign them out. */
export function DevicesCard({ timeZone }: { timeZone: string }) {
  const toast = useToast();
  const devices = useMyDevices();
  const signOutOthers = useSignOutOtherDevices();
  const others = (devices.data ?? []).filter((device) => !device.current).length;

  return (
    <Card>
      <CardHeader
        titleId="devices-title"
        title="Devices"
        description="Browsers and apps signed in to your account. Sign out any you don't recognise, then change your password."
      />
      <CardBody className="py-1">
        {devices.isPending ? (
          <LoadingState label="Loading your devices…" className="py-8" />
        ) : devices.isError ? (
          <ErrorState error={devices.error} title="We couldn't load your devices" onRetry={() => void devices.refetch()} className="py-8" />
        ) : devices.data.length === 0 ? (
          <EmptyState title="No signed-in devices" className="py-8" />
        ) : (
          <ul aria-labelledby="devices-title" className="divide-y divide-slate-100">
            {devices.data.map((device) => (
              <DeviceRow key={device.id} device={device} timeZone={timeZone} />
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
          loading={signOutOthers.isPending}
          onClick={() =>
            signOutOthers.mutate(undefined, {
              onSuccess: (result) =>
                toast.success("Signed out everywhere else", `${result.ended} ${result.ended === 1 ? "device" : "devices"} signed out.`),
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
      <DevicesCard timeZone={user.timezone} />
    </section>
  );
}
