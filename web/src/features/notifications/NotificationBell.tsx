import { useEffect, useId, useRef, useState } from "react";
import { Link, useLocation } from "react-router";
import {
  useLatestNotifications,
  useMarkAllNotificationsRead,
  useMarkNotificationRead,
  type Notification,
} from "../../api/notifications";
import { CheckIcon, BellIcon, ArrowRightIcon } from "../../components/ui/icons";
import { Skeleton } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { cn } from "../../lib/cn";
import { errorMessage } from "../../lib/error-messages";
import { focusableWithin } from "../../lib/focus-trap";
import { appPath, bellLabel, unreadBadgeText } from "./display";
import { NotificationKindIcon, NotificationTime, UnreadDot } from "./NotificationBits";
import { useLiveNotifications } from "./use-live-notifications";

function isFocusable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const root = target.ownerDocument.body;
  return focusableWithin(root).some((element) => element === target || element.contains(target));
}

function PanelRow({ notification, onOpen }: { notification: Notification; onOpen: (notification: Notification) => void }) {
  const unread = notification.read_at === null;
  const path = appPath(notification.link);
  const content = (
    <>
      <NotificationKindIcon kind={notification.kind} />
      <span className="min-w-0 flex-1">
        <span className={cn("block truncate text-sm", unread ? "font-semibold text-slate-900" : "font-medium text-slate-700")}>
          {notification.title}
        </span>
        <span className="mt-0.5 line-clamp-2 block text-sm leading-5 text-slate-500">{notification.body}</span>
        <NotificationTime notification={notification} className="mt-1 block text-xs text-slate-400" />
      </span>
      {unread ? <UnreadDot className="mt-1.5" /> : null}
    </>
  );
  const rowClasses = cn("flex items-start gap-3 px-4 py-3", unread && "bg-brand-50/40");
  return (
    <li>
      {path ? (
        <Link
          to={path}
          onClick={() => onOpen(notification)}
          className={cn(rowClasses, "transition-colors hover:bg-slate-50 focus-visible:bg-slate-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-600")}
        >
          {content}
        </Link>
      ) : (
        <div className={rowClasses}>{content}</div>
      )}
    </li>
  );
}

function PanelSkeleton() {
  return (
    <div role="status" className="divide-y divide-slate-100">
      <span className="sr-only">Loading notifications…</span>
      {Array.from({ length: 3 }, (_, index) => (
        <div key={index} className="flex items-start gap-3 px-4 py-3">
          <Skeleton className="size-9 rounded-xl" />
          <div className="flex-1 space-y-2 pt-0.5">
            <Skeleton className="h-3.5 w-2/3" />
            <Skeleton className="h-3 w-full" />
            <Skeleton className="h-3 w-1/4" />
          </div>
        </div>
      ))}
    </div>
  );
}

export interface NotificationBellProps {
  className?: string;
  /**
   * "anchor": the panel drops from the bell (the wrapper is positioned). "header": the panel spans
   * the nearest positioned ancestor (the sticky phone header), under it.
   */
  placement?: "anchor" | "header";
}

/** The header bell: unread count, and a panel with the latest notifications. */
export function NotificationBell({ className, placement = "anchor" }: NotificationBellProps) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const titleId = useId();
  const toast = useToast();
  const latest = useLatestNotifications();
  useLiveNotifications();
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  const unread = latest.data?.unread ?? 0;

  // Any navigation (a notification, "See all", the browser's back button) closes the panel.
  const location = useLocation();
  const [seenKey, setSeenKey] = useState(location.key);
  if (location.key !== seenKey) {
    setSeenKey(location.key);
    setOpen(false);
  }

  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) button.current?.focus();
  };
  const latestClose = useRef(close);
  useEffect(() => {
    latestClose.current = close;
  });

  useEffect(() => {
    if (!open) return undefined;
    panel.current?.focus();
    const inside = (target: EventTarget | null) =>
      target instanceof Node && (panel.current?.contains(target) === true || button.current?.contains(target) === true);
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== "Escape" || event.defaultPrevented) return;
      event.preventDefault();
      latestClose.current(true);
    }
    function onPointerDown(event: PointerEvent | MouseEvent) {
      if (inside(event.target)) return;
      latestClose.current(false);
      // Back to the bell, unless the click lands on a control of its own. After the browser's own
      // focus handling for this press, which would otherwise move focus to e.g. <main tabindex=-1>.
      if (!isFocusable(event.target)) window.setTimeout(() => button.current?.focus(), 0);
    }
    function onFocusIn(event: FocusEvent) {
      if (!inside(event.target)) latestClose.current(false);
    }
    document.addEventListener("keydown", onKeyDown);
    document.addEventListener("mousedown", onPointerDown);
    document.addEventListener("focusin", onFocusIn);
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("mousedown", onPointerDown);
      document.removeEventListener("focusin", onFocusIn);
    };
  }, [open]);

  const openNotification = (notification: Notification) => {
    if (notification.read_at === null) {
      markRead.mutate(notification.id, {
        onError: (error) => toast.error("Couldn't mark the notification as read", errorMessage(error)),
      });
    }
    close(true);
  };

  const markAllRead = () => {
    // The button goes away once nothing is unread: keep focus in the panel.
    panel.current?.focus();
    markAll.mutate(undefined, {
      onError: (error) => toast.error("Couldn't mark your notifications as read", errorMessage(error)),
    });
  };

  const items = latest.data?.items ?? [];

  return (
    <div className={cn(placement === "anchor" && "relative", className)}>
      <button
        ref={button}
        type="button"
        className="relative rounded-lg p-2 text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600 aria-expanded:bg-slate-100 aria-expanded:text-slate-900"
        aria-label={bellLabel(unread)}
        aria-expanded={open}
        aria-controls={panelId}
        aria-haspopup="dialog"
        onClick={() => setOpen((value) => !value)}
      >
        <BellIcon size={20} />
        {unread > 0 ? (
          <span
            aria-hidden="true"
            data-testid="notification-badge"
            className="absolute top-0.5 right-0.5 flex h-4 min-w-4 items-center justify-center rounded-full bg-rose-600 px-1 text-[0.625rem] leading-none font-semibold text-white tabular-nums ring-2 ring-white"
          >
            {unreadBadgeText(unread)}
          </span>
        ) : null}
      </button>
      {open ? (
        <div
          ref={panel}
          id={panelId}
          role="dialog"
          aria-labelledby={titleId}
          tabIndex={-1}
          className={cn(
            "z-30 flex animate-fade-in flex-col overflow-hidden bg-white shadow-xl ring-1 ring-slate-200 focus:outline-none",
            placement === "anchor"
              ? "absolute top-full right-0 mt-2 w-96 max-w-[calc(100vw-2rem)] rounded-2xl"
              : "absolute inset-x-0 top-full border-b border-slate-200 sm:inset-x-auto sm:right-3 sm:mt-2 sm:w-96 sm:rounded-2xl sm:border-b-0",
          )}
        >
          <div className="flex items-center justify-between gap-3 border-b border-slate-100 px-4 py-3">
            <h2 id={titleId} className="flex items-center gap-2 text-sm font-semibold text-slate-900">
              Notifications
              {unread > 0 ? (
                <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700 ring-1 ring-brand-600/20 ring-inset">
                  {unread} new
                </span>
              ) : null}
            </h2>
            {unread > 0 ? (
              <button
                type="button"
                onClick={markAllRead}
                disabled={markAll.isPending}
                className="inline-flex items-center gap-1.5 rounded-md px-2 py-1 text-xs font-medium text-brand-700 hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-brand-600 disabled:opacity-60"
              >
                <CheckIcon size={14} />
                Mark all as read
              </button>
            ) : null}
          </div>
          <div className="max-h-[min(28rem,65vh)] overflow-y-auto overscroll-contain">
            {latest.isPending ? (
              <PanelSkeleton />
            ) : latest.isError ? (
              <ErrorState
                error={latest.error}
                title="We couldn't load your notifications"
                onRetry={() => void latest.refetch()}
                className="py-8"
              />
            ) : items.length === 0 ? (
              <EmptyState
                icon={<BellIcon size={22} />}
                title="You're all caught up"
                description="We'll let you know here when there's news about your work."
                className="py-8"
              />
            ) : (
              <ul aria-label="Latest notifications" className="divide-y divide-slate-100">
                {items.map((notification) => (
                  <PanelRow key={notification.id} notification={notification} onOpen={openNotification} />
                ))}
              </ul>
            )}
          </div>
          <div className="border-t border-slate-100 bg-slate-50/60">
            <Link
              to="/notifications"
              onClick={() => close(true)}
              className="flex items-center justify-center gap-1.5 px-4 py-2.5 text-sm font-medium text-brand-700 hover:bg-slate-100 hover:text-brand-800 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-600"
            >
              See all notifications
              <ArrowRightIcon size={15} />
            </Link>
          </div>
        </div>
      ) : null}
    </div>
  );
}
