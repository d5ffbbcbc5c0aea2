import { lazy } from "react";
import { Route, Routes } from "react-router";
import { GuestOnly, RequireAuth, RequireRole } from "../auth/guards";
import { AppShell } from "../components/layout/AppShell";
import { AuthLayout } from "../components/layout/AuthLayout";
import { PublicLayout } from "../components/layout/PublicLayout";

const LandingPage = lazy(() => import("../features/landing/LandingPage"));
const LoginPage = lazy(() => import("../features/auth/LoginPage"));
const RegisterPage = lazy(() => import("../features/auth/RegisterPage"));
const LogoutPage = lazy(() => import("../features/auth/LogoutPage"));
const VerifyEmailPage = lazy(() => import("../features/auth/VerifyEmailPage"));
const ForgotPasswordPage = lazy(() => import("../features/auth/ForgotPasswordPage"));
const ResetPasswordPage = lazy(() => import("../features/auth/ResetPasswordPage"));
const DashboardPage = lazy(() => import("../features/dashboard/DashboardPage"));
const SettingsPage = lazy(() => import("../features/account/SettingsPage"));
const AdminUsersPage = lazy(() => import("../features/admin/AdminUsersPage"));
const AdminUserDetailPage = lazy(() => import("../features/admin/AdminUserDetailPage"));
const NotFoundPage = lazy(() => import("../features/errors/NotFoundPage"));

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<PublicLayout />}>
        <Route index element={<LandingPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>

      <Route element={<AuthLayout />}>
        <Route path="login" element={<GuestOnly><LoginPage /></GuestOnly>} />
        <Route path="register" element={<GuestOnly><RegisterPage /></GuestOnly>} />
        <Route path="forgot-password" element={<ForgotPasswordPage />} />
        <Route path="reset-password" element={<ResetPasswordPage />} />
        <Route path="verify-email" element={<VerifyEmailPage />} />
        <Route path="logout" element={<LogoutPage />} />
      </Route>

      <Route element={<RequireAuth><AppShell /></RequireAuth>}>
        <Route path="dashboard" element={<DashboardPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="admin">
          <Route path="users" element={<RequireRole roles={["admin"]}><AdminUsersPage /></RequireRole>} />
          <Route path="users/:userId" element={<RequireRole roles={["admin"]}><AdminUserDetailPage /></RequireRole>} />
          <Route path="*" element={<RequireRole roles={["admin"]}><NotFoundPage /></RequireRole>} />
        </Route>
      </Route>
    </Routes>
  );
}
