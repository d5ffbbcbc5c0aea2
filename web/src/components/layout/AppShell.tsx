import { useQueryClient } from "@tanstack/react-query";
import { Suspense, useEffect, useRef, useState } from "react";
import { Link, NavLink, Outlet, useLocation } from "react-router";
import { useFeatures } from "../../api/platform";
import { useResendVerification } from "../../api/queries";
import { meQueryKey, useUser } from "../../auth/session-context";
import { cn } from "../../lib/cn";
import { errorMessage } from "../../lib/error-messages";
import { useFocusTrap } from "../../lib/focus-trap";
import { ROLE_LABELS } from "../../lib/format";
import { Avatar } from "../ui/Avatar";
import { Button } from "../ui/Button";
import { LogOutIcon, MailIcon, MenuIcon, XIcon } from "../ui/icons";
import { Logo } from "../ui/Logo";
import { LoadingState } from "../ui/States";
import { useToast } from "../ui/toast-context";
import { NotificationBell } from "../../features/notifications/NotificationBell";
import { SearchBox, SearchToggle } from "./GlobalSearch";
import { navigationFor } from "./navigation";

function Navigation({ onNavigate }: { onNavigate?: () => void }) {
  const user = useUser();
  const features = useFeatures();
  return (
    <nav aria-label="Main" className="flex-1 space-y-7 overflow-y-auto px-3 py-5">
      {navigationFor(user.role, features).map((section, index) => (
        <div key={section.title ?? index}>
          {section.title ? (
            <p className="mb-2 px-3 text-xs font-semibold tracking-wider text-slate-400 uppercase">{section.title}</p>
          ) : null}
          <ul className="space-y-1">
            {section.items.map(({ label, to, icon: Icon, end }) => (
              <li key={label}>
                {to ? (
                  <NavLink
                    to={to}
                    end={end}
                    onClick={onNavigate}
                    className={({ isActive }) =>
                      cn(
                        "group flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium transition-colors",
                        isActive ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
                      )
                    }
                  >
                    {({ isActive }) => (
                      <>
                        <Icon size={18} className={isActive ? "text-brand-600" : "text-slate-400 group-hover:text-slate-500"} />
                        {label}
                      </>
                    )}
                  </NavLink>
                ) : (
                  <span className="flex cursor-default items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium text-slate-400" aria-disabled="true">
                    <Icon size={18} className="text-slate-300" />
                    {label}
                    <span className="ml-auto rounded-full bg-slate-100 px-2 py-0.5 text-[0.68rem] font-semibold tracking-wide text-slate-500 uppercase">
                      Soon
                    </span>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}

function UserCard() {
  const user = useUser();
  return (
    <div className="border-t border-slate-200 p-3">
      <div className="flex items-center gap-3 rounded-xl px-2 py-2">
        <Avatar name={user.display_name} seed={user.id} src={user.avatar_url} size="sm" />
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium text-slate-900">{user.display_name}</p>
          <p className="truncate text-xs text-slate-500">{ROLE_LABELS[user.role]} · {user.email}</p>
        </div>
        <Link
          to="/logout"
          className="rounded-lg p-2 text-slate-400 hover:bg-slate-100 hover:text-slate-700"
          aria-label="Sign out"
          title="Sign out"
        >
          <LogOutIcon size={18} />
        </Link>
      </div>
    </div>
  );
}

function MobileDrawer({ onClose }: { onClose: () => void }) {
  const panel = useRef<HTMLDivElement>(null);
  useFocusTrap(panel, { onEscape: onClose });
  return (
    <div className="fixed inset-0 z-40 lg:hidden">
      <div className="absolute inset-0 animate-fade-in bg-slate-900/40" aria-hidden="true" onClick={onClose} />
      <div
        ref={panel}
        id="mobile-navigation"
        role="dialog"
        aria-modal="true"
        aria-label="Navigation"
        className="relative flex h-full w-72 max-w-[85vw] animate-drawer-in flex-col bg-white shadow-xl"
      >
        <div className="flex h-16 items-center justify-between px-5">
          <Logo />
          <button type="button" onClick={onClose} className="rounded-lg p-2 text-slate-500 hover:bg-slate-100" aria-label="Close navigation">
            <XIcon size={20} />
          </button>
        </div>
        <Navigation onNavigate={onClose} />
        <UserCard />
      </div>
    </div>
  );
}

function VerifyEmailBanner() {
  const user = useUser();
  const toast = useToast();
  const resend = useResendVerification();
  if (user.email_verified) return null;
  return (
    <div className="border-b border-amber-200 bg-amber-50">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2.5 text-sm text-amber-900 sm:px-6 lg:px-10">
        <MailIcon size={18} className="shrink-0 text-amber-600" />
        <p className="min-w-0 flex-1">
          Confirm your e-mail address: we sent a link to <span className="font-medium">{user.email}</span>.
        </p>
        <button
          type="button"
          className="font-semibold text-amber-900 underline decoration-amber-400 underline-offset-4 hover:decoration-amber-700 disabled:opacity-60"
          disabled={resend.isPending || resend.isSuccess}
          onClick={() =>
            resend.mutate(undefined, {
              onSuccess: () => toast.success("Verification e-mail sent", `Check ${user.email} for the link.`),
              onError: (error) => toast.error("Couldn't send the e-mail", errorMessage(error)),
            })
          }
        >
          {resend.isSuccess ? "E-mail sent" : "Resend e-mail"}
        </button>
      </div>
    </div>
  );
}

/** The signed-in application frame: sidebar (drawer on phones), banner, routed page. */
export function AppShell() {
  const [drawerOpen, setDrawerOpen] = useState(false);
  const location = useLocation();
  const queryClient = useQueryClient();
  const firstRender = useRef(true);

  // Re-check the session on every navigation, so a suspension or a sign-out elsewhere takes
  // effect on the next click instead of on the next failed request.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    void queryClient.invalidateQueries({ queryKey: meQueryKey });
  }, [location.pathname, queryClient]);

  return (
    <div className="min-h-dvh bg-slate-50 lg:flex">
      <a href="#main" className="sr-only z-50 rounded-lg bg-white px-4 py-2 font-medium text-brand-700 shadow focus:not-sr-only focus:fixed focus:top-3 focus:left-3">
        Skip to content
      </a>
      <aside className="hidden w-64 shrink-0 border-r border-slate-200 bg-white lg:block">
        <div className="sticky top-0 flex h-dvh flex-col">
          <div className="flex h-16 shrink-0 items-center px-6">
            <Link to="/dashboard" aria-label="Mentora home" className="rounded-lg">
              <Logo />
            </Link>
          </div>
          <Navigation />
          <UserCard />
        </div>
      </aside>

      <header className="sticky top-0 z-20 flex h-14 items-center justify-between border-b border-slate-200 bg-white/90 px-4 backdrop-blur lg:hidden">
        <Button
          variant="ghost"
          size="sm"
          className="-ml-1 px-2"
          onClick={() => setDrawerOpen(true)}
          aria-label="Open navigation"
          aria-expanded={drawerOpen}
          aria-controls="mobile-navigation"
        >
          <MenuIcon size={22} />
        </Button>
        <Link to="/dashboard" aria-label="Mentora home">
          <Logo />
        </Link>
        <div className="-mr-1 flex items-center">
          <NotificationBell placement="header" />
          <SearchToggle />
        </div>
      </header>
      {drawerOpen ? <MobileDrawer onClose={() => setDrawerOpen(false)} /> : null}

      <div className="min-w-0 flex-1">
        <div className="hidden h-16 items-center gap-4 border-b border-slate-200 bg-white px-10 lg:flex">
          <SearchBox shortcut className="w-full max-w-md" />
          <NotificationBell className="ml-auto" />
        </div>
        <VerifyEmailBanner />
        <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 focus:outline-none sm:px-6 sm:py-10 lg:px-10">
          <Suspense fallback={<LoadingState />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
