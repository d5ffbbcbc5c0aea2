import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { meQueryKey } from "../auth/session-context";
import { api } from "./client";
import { ApiError, unwrap } from "./errors";
import type {
  AdminUser,
  ChangePasswordIn,
  ListUsersQuery,
  LoginIn,
  Me,
  RegisterIn,
  ResetPasswordIn,
  UpdateMe,
  UpdateUser,
} from "./types";

/** GET /me: the account, or null for a visitor (401). Other failures throw. */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await unwrap(api.GET("/api/v1/me"));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

// ---- authentication ---------------------------------------------------------------------------

export function useLogin() {
  return useMutation({
    mutationFn: (body: Omit<LoginIn, "mode">) =>
      unwrap(api.POST("/api/v1/auth/login", { body: { ...body, mode: "cookie" } })),
  });
}

export function useRegister() {
  return useMutation({
    mutationFn: (body: RegisterIn) => unwrap(api.POST("/api/v1/auth/register", { body })),
  });
}

export function useLogout() {
  return useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/auth/logout")) });
}

export function useVerifyEmail() {
  return useMutation({
    mutationFn: (token: string) => unwrap(api.POST("/api/v1/auth/verify-email", { body: { token } })),
  });
}

export function useResendVerification() {
  return useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/auth/verify-email/resend")) });
}

export function useForgotPassword() {
  return useMutation({
    mutationFn: (email: string) => unwrap(api.POST("/api/v1/auth/password/forgot", { body: { email } })),
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: (body: ResetPasswordIn) => unwrap(api.POST("/api/v1/auth/password/reset", { body })),
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: ChangePasswordIn) => unwrap(api.POST("/api/v1/auth/password/change", { body })),
  });
}

// ---- own account ------------------------------------------------------------------------------

export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateMe) => unwrap(api.PATCH("/api/v1/me", { body })),
    onSuccess: (me) => queryClient.setQueryData(meQueryKey, me),
  });
}

// ---- admin: users -----------------------------------------------------------------------------

export const adminUserKeys = {
  all: ["admin", "users"] as const,
  list: (query: ListUsersQuery) => ["admin", "users", "list", query] as const,
  detail: (id: string) => ["admin", "users", "detail", id] as const,
};

export function useAdminUsers(query: ListUsersQuery) {
  return useQuery({
    queryKey: adminUserKeys.list(query),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/admin/users", { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

/** The number of users matching a filter (one-row page), for overview figures. */
export function useAdminUserCount(query: Omit<ListUsersQuery, "page" | "page_size">) {
  return useQuery({
    queryKey: adminUserKeys.list({ ...query, page: 1, page_size: 1 }),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/admin/users", { params: { query: { ...query, page: 1, page_size: 1 } }, signal })),
    select: (page) => page.total,
  });
}

export function useAdminUser(id: string) {
  return useQuery({
    queryKey: adminUserKeys.detail(id),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/admin/users/{user_id}", { params: { path: { user_id: id } }, signal })),
  });
}

function useAdminUserMutation<Variables>(mutate: (id: string, variables: Variables) => Promise<AdminUser>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, variables }: { id: string; variables: Variables }) => mutate(id, variables),
    onSuccess: async (user) => {
      queryClient.setQueryData(adminUserKeys.detail(user.id), user);
      await queryClient.invalidateQueries({ queryKey: [...adminUserKeys.all, "list"] });
    },
  });
}

export function useUpdateUser() {
  return useAdminUserMutation((id, body: UpdateUser) =>
    unwrap(api.PATCH("/api/v1/admin/users/{user_id}", { params: { path: { user_id: id } }, body })),
  );
}

export function useSuspendUser() {
  return useAdminUserMutation((id, reason: string) =>
    unwrap(api.POST("/api/v1/admin/users/{user_id}/suspend", { params: { path: { user_id: id } }, body: { reason } })),
  );
}

export function useUnsuspendUser() {
  return useAdminUserMutation((id, _: undefined) =>
    unwrap(api.POST("/api/v1/admin/users/{user_id}/unsuspend", { params: { path: { user_id: id } } })),
  );
}

export function useDeleteUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE("/api/v1/admin/users/{user_id}", { params: { path: { user_id: id } } })),
    onSuccess: async (_, id) => {
      queryClient.removeQueries({ queryKey: adminUserKeys.detail(id) });
      await queryClient.invalidateQueries({ queryKey: [...adminUserKeys.all, "list"] });
    },
  });
}
