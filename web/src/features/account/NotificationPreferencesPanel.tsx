import {
  useNotificationPreferences,
  useUpdateNotificationPreferences,
  type NotificationChannel,
  type NotificationPreference,
} from "../../api/account";
import { Card, CardBody, CardHeader } from "../../components/ui/Card";
import { ErrorState } from "../../components/ui/States";
import { SkeletonText } from "../../components/ui/Skeleton";
import { useToast } from "../../components/ui/toast-context";
import { errorMessage } from "../../lib/error-messages";

const CHANNELS: { channel: NotificationChannel; label: string }[] = [
  { channel: "email", label: "E-mail" },
  { channel: "in_app", label: "In the app" },
  { channel: "push", label: "On my phone" },
];

function PreferenceRow({ preference, saving, onToggle }: { preference: NotificationPreference; saving: boolean; onToggle: (channel: NotificationChannel, enabled: boolean) => void }) {
  const descriptionId = `pref-${preference.kind}-description`;
  return (
    <li className="flex flex-col gap-3 py-4 sm:flex-row sm:items-center sm:justify-between">
      <div className="min-w-0">
        <p className="text-sm font-medium text-slate-900">{preference.label}</p>
        <p id={descriptionId} className="mt-0.5 text-sm text-slate-500">
          {preference.description}
        </p>
      </div>
      <fieldset className="flex shrink-0 gap-5" aria-describedby={descriptionId}>
        <legend className="sr-only">{preference.label}</legend>
        {CHANNELS.map(({ channel, label }) => {
          const choice = preference.channels.find((c) => c.channel === channel);
          if (!choice) return <span key={channel} className="w-24" aria-hidden="true" />;
          return (
            <label key={channel} className="inline-flex w-24 items-center gap-2 text-sm text-slate-700">
              <input
                type="checkbox"
                className="size-4 rounded border-slate-300 text-brand-600 focus:ring-brand-600"
                checked={choice.enabled}
                disabled={saving}
                onChange={(event) => onToggle(channel, event.target.checked)}
              />
              {label}
            </label>
          );
        })}
      </fieldset>
    </li>
  );
}

/** Which notifications the person receives, per type and channel; saved on each change. */
export function NotificationPreferencesPanel() {
  const toast = useToast();
  const preferences = useNotificationPreferences();
  const update = useUpdateNotificationPreferences();

  function toggle(kind: string, channel: NotificationChannel, enabled: boolean) {
    update.mutate([{ kind, channel, enabled }], {
      onSuccess: () => toast.success("Preferences saved"),
      onError: (error) => toast.error("Couldn't save your preferences", errorMessage(error)),
    });
  }

  return (
    <Card>
      <CardHeader
        title="Notifications"
        description="Choose what we tell you about, and where. Security e-mails (password resets, sign-in warnings) are always sent."
      />
      <CardBody>
        {preferences.isPending ? (
          <SkeletonText lines={4} />
        ) : preferences.isError ? (
          <ErrorState error={preferences.error} onRetry={() => void preferences.refetch()} />
        ) : preferences.data.length === 0 ? (
          <p className="text-sm text-slate-500">There are no optional notifications for your account yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100" aria-busy={update.isPending}>
            {preferences.data.map((preference) => (
              <PreferenceRow
                key={preference.kind}
                preference={preference}
                saving={update.isPending}
                onToggle={(channel, enabled) => toggle(preference.kind, channel, enabled)}
              />
            ))}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}
