import { Link, useSearchParams } from "react-router";
import {
  useMarkAllNotificationsRead,
  useMarkNotificationRead,
  useNotifications,
  type Notification,
  type NotificationsQuery,
} from "../../api/notifications";
import { Button } from "../../components/ui/Button";
import { Card } from "../../components/ui/Card";
import { BellIcon, CheckIcon, CheckCircleIcon } from "../../components/ui/icons";
import { PageHeader } from "../../components/ui/PageHeader";
import { CardPagination } from "../../components/ui/Pagination";
import { withPage } from "../../components/ui/pagination";
import { Skeleton } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { cn } from "../../lib/cn";
import { useDocumentTitle } from "../../lib/document-title";
import { errorMessage } from "../../lib/error-messages";
import { appPath } from "./display";
import { NotificationKindIcon, NotificationTime, UnreadDot } from "./NotificationBits";

const PAGE_SIZE = 20;

type Filter = "all" | "unread";

function filterFrom(params: URLSearchParams): Filter {
  return params.get("filter") === "unread" ? "unread" : "all";
}

function queryFrom(params: URLSearchParams): NotificationsQuery {
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  const query: NotificationsQuery = { page: Number.isFinite(page) && page >= 1 ? page : 1, page_size: PAGE_SIZE };
  if (filterFrom(params) === "unread") query.unread_only = true;
  return query;
}

function FilterTabs({ filter, unread }: { filter: Filter; unread: number | undefined }) {
  const tabs: Array<{ value: Filter; label: string; search: string }> = [
    { value: "all", label: "All", search: "" },
    { value: "unread", label: "Unread", search: "?filter=unread" },
  ];
  return (
    <nav aria-label="Filter notifications">
      <ul className="inline-flex rounded-xl bg-slate-100 p-1">
        {tabs.map((tab) => {
          const active = tab.value === filter;
          return (
            <li key={tab.value}>
              <Link
                to={{ search: tab.search }}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "flex items-center gap-2 rounded-lg px-3.5 py-1.5 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-brand-600",
                  active ? "bg-white text-slate-900 shadow-xs ring-1 ring-slate-200" : "text-slate-600 hover:text-slate-900",
                )}
              >
                {tab.label}
                {tab.value === "unread" && unread ? (
                  <span
                    className={cn(
                      "rounded-full px-1.5 py-px text-xs font-semibold tabular-nums",
                      active ? "bg-brand-600 text-white" : "bg-slate-200 text-slate-700",
                    )}
                  >
                    {unread}
                  </span>
                ) : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function NotificationRow({
  notification,
  onMarkRead,
  marking,
}: {
  notification: Notification;
  onMarkRead: (notification: Notification) => void;
  marking: boolean;
}) {
  const unread = notification.read_at === null;
  const path = appPath(notification.link);
  return (
    <li className={cn("group relative flex items-start gap-4 px-4 py-4 sm:px-6", unread && "bg-brand-50/40")}>
      <NotificationKindIcon kind={notification.kind} className="mt-0.5 size-10" />
      <div className="min-w-0 flex-1">
        <div className="flex items-start gap-2">
          <h3 className={cn("min-w-0 text-[0.95rem] leading-6", unread ? "font-semibold text-slate-900" : "font-medium text-slate-700")}>
            {path ? (
              <Link
                to={path}
                onClick={() => {
                  if (unread) onMarkRead(notification);
                }}
                className="hover:text-brand-700 hover:underline hover:decoration-brand-300 hover:underline-offset-4 focus-visible:rounded focus-visible:outline-2 focus-visible:outline-brand-600"
              >
                {notification.title}
              </Link>
            ) : (
              notification.title
            )}
          </h3>
          {unread ? <UnreadDot className="mt-2" /> : null}
        </div>
        <p className="mt-0.5 line-clamp-3 text-sm leading-6 text-slate-600">{notification.body}</p>
        <NotificationTime notification={notification} className="mt-1.5 block text-xs text-slate-500" />
      </div>
      {unread ? (
        <Button
          variant="ghost"
          size="sm"
          className="shrink-0 text-slate-500"
          icon={<CheckIcon size={15} />}
          onClick={() => onMarkRead(notification)}
          disabled={marking}
          aria-label={`Mark “${notification.title}” as read`}
        >
          <span className="hidden sm:inline">Mark as read</span>
        </Button>
      ) : null}
    </li>
  );
}

function ListSkeleton() {
  return (
    <div role="status" className="divide-y divide-slate-100">
      <span className="sr-only">Loading notifications…</span>
      {Array.from({ length: 4 }, (_, index) => (
        <div key={index} className="flex items-start gap-4 px-4 py-4 sm:px-6">
          <Skeleton className="size-10 rounded-xl" />
          <div className="flex-1 space-y-2.5 pt-1">
            <Skeleton className="h-4 w-1/2" />
            <Skeleton className="h-3.5 w-5/6" />
            <Skeleton className="h-3 w-24" />
          </div>
        </div>
      ))}
    </div>
  );
}

/** Everything Mentora told the signed-in user: reviews, decisions, things waiting for them. */
export default function NotificationsPage() {
  useDocumentTitle("Notifications");
  const [params, setParams] = useSearchParams();
  const filter = filterFrom(params);
  const query = queryFrom(params);
  const list = useNotifications(query);
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  const toast = useToast();
  const unread = list.data?.unread;
  const total = list.data?.total ?? 0;

  const markOne = (notification: Notification) =>
    markRead.mutate(notification.id, {
      onError: (error) => toast.error("Couldn't mark the notification as read", errorMessage(error)),
    });

  const markAllRead = () =>
    markAll.mutate(undefined, {
      onSuccess: (result) =>
        toast.success(
          "All caught up",
          result.changed === 1 ? "1 notification marked as read." : `${result.changed} notifications marked as read.`,
        ),
      onError: (error) => toast.error("Couldn't mark your notifications as read", errorMessage(error)),
    });

  return (
    <>
      <PageHeader
        eyebrow="Inbox"
        title="Notifications"
        description="Reviews, decisions and anything else that needs your attention on Mentora."
        actions={
          <Button
            variant="secondary"
            icon={<CheckIcon size={16} />}
            onClick={markAllRead}
            loading={markAll.isPending}
            disabled={!unread}
          >
            Mark all as read
          </Button>
        }
      />
      <Card className="overflow-hidden">
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-4 py-3 sm:px-6">
          <FilterTabs filter={filter} unread={unread} />
          {list.data ? (
            <p className="text-sm text-slate-500" aria-live="polite">
              {unread ? `${unread} unread` : "Nothing unread"}
            </p>
          ) : null}
        </div>
        {list.isError ? (
          <ErrorState error={list.error} title="We couldn't load your notifications" onRetry={() => void list.refetch()} />
        ) : !list.data ? (
          <ListSkeleton />
        ) : list.data.items.length === 0 ? (
          filter === "unread" ? (
            <EmptyState
              icon={<CheckCircleIcon size={22} />}
              title="You're all caught up"
              description="No unread notifications. New ones will appear here."
              action={
                <Button variant="secondary" onClick={() => setParams({})}>
                  Show all notifications
                </Button>
              }
            />
          ) : (
            <EmptyState
              icon={<BellIcon size={22} />}
              title="You're all caught up"
              description="No notifications yet. We'll let you know here when there's news about your work."
            />
          )
        ) : (
          <ul
            aria-label="Notifications"
            aria-busy={list.isFetching || undefined}
            className={cn("divide-y divide-slate-100 transition-opacity", list.isPlaceholderData && "opacity-60")}
          >
            {list.data.items.map((notification) => (
              <NotificationRow
                key={notification.id}
                notification={notification}
                onMarkRead={markOne}
                marking={markRead.isPending && markRead.variables === notification.id}
              />
            ))}
          </ul>
        )}
        <CardPagination data={list.data} noun={total === 1 ? "notification" : "notifications"} onPageChange={(page) => setParams((current) => withPage(current, page))} />
      </Card>
    </>
  );
}
