/** The operations console for administrators: the platform's status, failed jobs and their retry, recorded errors, database time per route, the audit log. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import { unwrap } from "./errors";
import type { components, paths } from "./schema";

type Schemas = components["schemas"];

export type OperationsStatus = Schemas["OperationsStatusOut"];
export type Dependency = Schemas["DependencyOut"];
export type Backlog = Schemas["BacklogOut"];
export type Worker = Schemas["WorkerOut"];
export type FailedJob = Schemas["FailedJobOut"];
export type RecordedError = Schemas["RecordedErrorOut"];
export type RouteTiming = Schemas["RouteTimingOut"];
export type AuditEntry = Schemas["AuditEntryOut"];
export type ErrorQuery = NonNullable<paths["/api/v1/admin/operations/errors"]["get"]["parameters"]["query"]>;
export type AuditQuery = NonNullable<paths["/api/v1/admin/operations/audit"]["get"]["parameters"]["query"]>;

/** How often the status is asked again: a dependency that stops shows within this and the server's probe timeout. */
export const STATUS_REFRESH_MS = 5000;

export const operationsKeys = {
  all: ["admin", "operations"] as const,
  status: ["admin", "operations", "status"] as const,
  failedJobs: (page: number) => ["admin", "operations", "failed-jobs", page] as const,
  errors: (query: ErrorQuery) => ["admin", "operations", "errors", query] as const,
  slowRoutes: ["admin", "operations", "slow-routes"] as const,
  audit: (query: AuditQuery) => ["admin", "operations", "audit", query] as const,
};

export function useOperationsStatus() {
  return useQuery({
    queryKey: operationsKeys.status,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/admin/operations/status", { signal })),
    refetchInterval: STATUS_REFRESH_MS,
    // Keep watching while the tab is in the background: the page is often left open on a wall.
    refetchIntervalInBackground: true,
    placeholderData: keepPreviousData,
  });
}

export function useFailedJobs(page: number) {
  return useQuery({
    queryKey: operationsKeys.failedJobs(page),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/admin/operations/failed-jobs", { params: { query: { page, page_size: 20 } }, signal })),
    placeholderData: keepPreviousData,
  });
}

/** Queues a failed job again; a repeat answers `queued: false` and queues nothing. */
export function useRetryFailedJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      unwrap(api.POST("/api/v1/admin/operations/failed-jobs/{failed_job_id}/retry", { params: { path: { failed_job_id: id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: operationsKeys.all }),
  });
}

export function useRecordedErrors(query: ErrorQuery) {
  return useQuery({
    queryKey: operationsKeys.errors(query),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/admin/operations/errors", { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useSlowRoutes() {
  return useQuery({
    queryKey: operationsKeys.slowRoutes,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/admin/operations/slow-routes", { signal })),
  });
}

export function useAuditSearch(query: AuditQuery) {
  return useQuery({
    queryKey: operationsKeys.audit(query),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/admin/operations/audit", { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}
