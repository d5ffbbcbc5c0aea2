/**
 * Names for the API's shapes. Every type here is derived from the generated OpenAPI schema, so a
 * backend change shows up as a type error instead of a runtime surprise.
 */
import type { components, paths } from "./schema";

type Schemas = components["schemas"];

export type Me = Schemas["Me"];
export type AdminUser = Schemas["AdminUser"];
export type UserPage = Schemas["UserPage"];
export type ErrorBody = Schemas["ErrorBody"];
export type RegisterIn = Schemas["RegisterIn"];
export type LoginIn = Schemas["LoginIn"];
export type LoginOut = Schemas["LoginOut"];
export type UpdateMe = Schemas["UpdateMe"];
export type UpdateUser = Schemas["UpdateUser"];
export type SuspendIn = Schemas["SuspendIn"];
export type ChangePasswordIn = Schemas["ChangePasswordIn"];
export type ForgotPasswordIn = Schemas["ForgotPasswordIn"];
export type ResetPasswordIn = Schemas["ResetPasswordIn"];
export type VerifyEmailIn = Schemas["VerifyEmailIn"];

export type Role = Me["role"];
export type UserStatus = Me["status"];
export type SelfServiceRole = NonNullable<RegisterIn["role"]>;

export type ListUsersQuery = NonNullable<
  paths["/api/v1/admin/users"]["get"]["parameters"]["query"]
>;
