/** The signed-in user's in-app notifications: the header bell's latest few, the full inbox, marking read. */
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api } from "./client";
import { unwrap } from "./errors";
import type { components, paths } from "./schema";

type Schemas = components["schemas"];

export type Notification = Schemas["NotificationOut"];
export type NotificationPage = Schemas["NotificationPage"];
export type NotificationsQuery = NonNullable<paths["/api/v1/notifications"]["get"]["parameters"]["query"]>;

/** How many notifications the header bell's panel shows. */
export const LATEST_COUNT = 8;
const LATEST_QUERY: NotificationsQuery = { page: 1, page_size: LATEST_COUNT };

export const notificationKeys = {
  all: ["notifications"] as const,
  lists: ["notifications", "list"] as const,
  list: (query: NotificationsQuery) => ["notifications", "list", query] as const,
  latest: ["notifications", "list", LATEST_QUERY] as const,
};

function fetchNotifications(query: NotificationsQuery, signal: AbortSignal) {
  return unwrap(api.GET("/api/v1/notifications", { params: { query }, signal }));
}

/** One page of the inbox, optionally only the unread ones. */
export function useNotifications(query: NotificationsQuery) {
  return useQuery({
    queryKey: notificationKeys.list(query),
    queryFn: ({ signal }) => fetchNotifications(query, signal),
    placeholderData: keepPreviousData,
  });
}

/** The newest few and the unread count, for the header bell: kept fresh while the app is open. */
export function useLatestNotifications() {
  return useQuery({
    queryKey: notificationKeys.latest,
    queryFn: ({ signal }) => fetchNotifications(LATEST_QUERY, signal),
    staleTime: 30_000,
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
  });
}

type Snapshot = Array<[readonly unknown[], NotificationPage | undefined]>;

/** Applies `change` to every cached inbox page; returns what was there, to restore on failure. */
async function patchPages(queryClient: QueryClient, change: (page: NotificationPage) => NotificationPage): Promise<Snapshot> {
  await queryClient.cancelQueries({ queryKey: notificationKeys.lists });
  const snapshot = queryClient.getQueriesData<NotificationPage>({ queryKey: notificationKeys.lists });
  queryClient.setQueriesData<NotificationPage>({ queryKey: notificationKeys.lists }, (page) => (page ? change(page) : page));
  return snapshot;
}

function restore(queryClient: QueryClient, snapshot: Snapshot | undefined) {
  for (const [key, data] of snapshot ?? []) queryClient.setQueryData(key, data);
}

/** Whether any cached page shows the notification as unread. */
function knownUnread(queryClient: QueryClient, id: string): boolean {
  return queryClient
    .getQueriesData<NotificationPage>({ queryKey: notificationKeys.lists })
    .some(([, page]) => page?.items.some((item) => item.id === id && item.read_at === null) ?? false);
}

/** Marks one notification read; the badge and lists drop it from the unread count at once. */
export function useMarkNotificationRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/v1/notifications/{notification_id}/read", { params: { path: { notification_id: id } } })),
    onMutate: async (id) => {
      const wasUnread = knownUnread(queryClient, id);
      const readAt = new Date().toISOString();
      const snapshot = await patchPages(queryClient, (page) => ({
        ...page,
        unread: wasUnread ? Math.max(0, page.unread - 1) : page.unread,
        items: page.items.map((item) => (item.id === id && item.read_at === null ? { ...item, read_at: readAt } : item)),
      }));
      return { snapshot };
    },
    onError: (_error, _id, context) => restore(queryClient, context?.snapshot),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

/** Marks every notification read. */
export function useMarkAllNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/notifications/read-all")),
    onMutate: async () => {
      const readAt = new Date().toISOString();
      const snapshot = await patchPages(queryClient, (page) => ({
        ...page,
        unread: 0,
        items: page.items.map((item) => (item.read_at === null ? { ...item, read_at: readAt } : item)),
      }));
      return { snapshot };
    },
    onError: (_error, _variables, context) => restore(queryClient, context?.snapshot),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
