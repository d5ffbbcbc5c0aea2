import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { meQueryKey } from "../auth/session-context";
import { api } from "./client";
import { unwrap } from "./errors";
import type { components } from "./schema";

export type AccountDevice = components["schemas"]["DeviceOut"];

export const devicesQueryKey = ["me", "devices"] as const;

/** The devices signed in to the account (one per sign-in), most recently used first. */
export function useMyDevices() {
  return useQuery({
    queryKey: devicesQueryKey,
    queryFn: () => unwrap(api.GET("/api/v1/me/devices")),
  });
}

export function useSignOutDevice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deviceId: string) =>
      unwrap(api.DELETE("/api/v1/me/devices/{device_id}", { params: { path: { device_id: deviceId } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: devicesQueryKey }),
  });
}

export function useSignOutOtherDevices() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/me/devices/sign-out-others")),
    onSettled: () => queryClient.invalidateQueries({ queryKey: devicesQueryKey }),
  });
}

// ---- two-step verification ---------------------------------------------------------------------

export type SecondFactorSetup = components["schemas"]["SecondFactorSetup"];
export type SecondFactorLoginIn = components["schemas"]["SecondFactorLoginIn"];

export function useStartSecondFactor() {
  return useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/auth/second-factor/setup")) });
}

export function useConfirmSecondFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => unwrap(api.POST("/api/v1/auth/second-factor/confirm", { body: { code } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryKey }),
  });
}

export function useRegenerateRecoveryCodes() {
  return useMutation({
    mutationFn: (code: string) => unwrap(api.POST("/api/v1/auth/second-factor/recovery-codes", { body: { code } })),
  });
}

export function useDisableSecondFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => unwrap(api.POST("/api/v1/auth/second-factor/disable", { body: { password } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryKey }),
  });
}

/** The second step of signing in: the challenge from the password step plus a code. */
export function useLoginSecondFactor() {
  return useMutation({
    mutationFn: (body: Omit<SecondFactorLoginIn, "mode">) =>
      unwrap(api.POST("/api/v1/auth/login/second-factor", { body: { ...body, mode: "cookie" } })),
  });
}

// ---- e-mail address change ---------------------------------------------------------------------

export type ChangeEmailIn = components["schemas"]["ChangeEmailIn"];

/** Mails a confirmation link to the new address; the account keeps its address until then. */
export function useRequestEmailChange() {
  return useMutation({
    mutationFn: (body: ChangeEmailIn) => unwrap(api.POST("/api/v1/auth/email/change", { body })),
  });
}

/** Follows the link mailed to the new address: the account moves there. */
export function useConfirmEmailChange() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => unwrap(api.POST("/api/v1/auth/email/confirm", { body: { token } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryKey }),
  });
}
