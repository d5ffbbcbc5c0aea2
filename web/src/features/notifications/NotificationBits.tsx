import type { Notification } from "../../api/notifications";
import { AlertCircleIcon, BellIcon, CheckCircleIcon, InboxIcon } from "../../components/ui/icons";
import { cn } from "../../lib/cn";
import { formatDateTime, formatRelative } from "../../lib/format";

const KIND_STYLES: Array<{ match: RegExp; icon: typeof BellIcon; tone: string }> = [
  { match: /\.(approved|verified)$/, icon: CheckCircleIcon, tone: "bg-emerald-50 text-emerald-600 ring-emerald-100" },
  { match: /\.(rejected)$/, icon: AlertCircleIcon, tone: "bg-amber-50 text-amber-600 ring-amber-100" },
  { match: /\.(submitted)$/, icon: InboxIcon, tone: "bg-brand-50 text-brand-600 ring-brand-100" },
];

/** A small tinted icon saying what sort of news this is (approved, sent back, to review…). */
export function NotificationKindIcon({ kind, className }: { kind: string; className?: string }) {
  const style = KIND_STYLES.find((candidate) => candidate.match.test(kind));
  const Icon = style?.icon ?? BellIcon;
  return (
    <span
      aria-hidden="true"
      className={cn(
        "flex shrink-0 items-center justify-center rounded-xl ring-1",
        style?.tone ?? "bg-slate-100 text-slate-500 ring-slate-200",
        className ?? "size-9",
      )}
    >
      <Icon size={17} />
    </span>
  );
}

export function NotificationTime({ notification, className }: { notification: Notification; className?: string }) {
  return (
    <time dateTime={notification.created_at} title={formatDateTime(notification.created_at)} className={className}>
      {formatRelative(notification.created_at)}
    </time>
  );
}

/** The blue "unread" dot, with words for screen readers. */
export function UnreadDot({ className }: { className?: string }) {
  return (
    <>
      <span aria-hidden="true" className={cn("size-2 shrink-0 rounded-full bg-brand-600 ring-4 ring-brand-50", className)} />
      <span className="sr-only">Unread</span>
    </>
  );
}
