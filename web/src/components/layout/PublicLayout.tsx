import { Suspense, useState } from "react";
import { Link, NavLink, Outlet, useLocation } from "react-router";
import { cn } from "../../lib/cn";
import { withNext } from "../../auth/next";
import { useSession } from "../../auth/session-context";
import { ButtonLink } from "../ui/Button";
import { MenuIcon, XIcon } from "../ui/icons";
import { Logo } from "../ui/Logo";
import { SearchBox, SearchToggle } from "./GlobalSearch";
import { LoadingState } from "../ui/States";

const links = [
  { href: "/#how-it-works", label: "How it works" },
  { href: "/#students", label: "For students" },
  { href: "/#mentors", label: "For mentors" },
];

/** The page a visitor is on, to come back to after signing in or up (not the landing page). */
function useReturnPath(): string | null {
  const location = useLocation();
  return location.pathname === "/" ? null : `${location.pathname}${location.search}${location.hash}`;
}

function AuthActions({ stacked = false }: { stacked?: boolean }) {
  const { user, status } = useSession();
  const back = useReturnPath();
  if (status === "loading") return <div className="h-10 w-40" aria-hidden="true" />;
  if (user) {
    return (
      <ButtonLink to="/dashboard" className={stacked ? "w-full" : undefined}>
        Open dashboard
      </ButtonLink>
    );
  }
  return (
    <div className={stacked ? "grid gap-3" : "flex items-center gap-2"}>
      <ButtonLink to={withNext("/login", back)} variant={stacked ? "secondary" : "ghost"}>
        Sign in
      </ButtonLink>
      <ButtonLink to={withNext("/register", back)}>Get started</ButtonLink>
    </div>
  );
}

const navLinkClass = ({ isActive }: { isActive: boolean }) =>
  cn("text-sm font-medium lg:whitespace-nowrap", isActive ? "text-brand-700" : "text-slate-600 hover:text-slate-900");

/**
 * Marketing pages and the public marketplace: top navigation, content, footer. `contained`
 * pages (mentor search, profiles) get the app's page width and a tinted background.
 */
export function PublicLayout({ contained = false }: { contained?: boolean }) {
  const back = useReturnPath();
  const [open, setOpen] = useState(false);
  return (
    <div className="flex min-h-dvh flex-col bg-white">
      <a href="#main" className="sr-only z-50 rounded-lg bg-white px-4 py-2 font-medium text-brand-700 shadow focus:not-sr-only focus:fixed focus:top-3 focus:left-3">
        Skip to content
      </a>
      <header className="sticky top-0 z-30 border-b border-slate-200/70 bg-white/85 backdrop-blur">
        <div className="mx-auto flex h-16 max-w-6xl items-center justify-between px-4 sm:px-6">
          <Link to="/" aria-label="Mentora home" className="rounded-lg">
            <Logo />
          </Link>
          <nav aria-label="Sections" className="hidden items-center gap-5 md:flex lg:gap-6 xl:gap-8">
            <NavLink to="/mentors" className={navLinkClass}>
              Find a mentor
            </NavLink>
            <NavLink to="/learn" className={navLinkClass}>
              Learn
            </NavLink>
            <NavLink to="/forum" className={navLinkClass}>
              Forum
            </NavLink>
            {links.map((link) => (
              <a key={link.href} href={link.href} className="text-sm font-medium text-slate-600 hover:text-slate-900 lg:whitespace-nowrap">
                {link.label}
              </a>
            ))}
          </nav>
          <div className="hidden items-center gap-3 md:flex">
            {/* With the forum in the sections, the box fits beside them on the widest screens only. */}
            <SearchBox shortcut className="hidden w-56 2xl:block" />
            <SearchToggle className="2xl:hidden" />
            <AuthActions />
          </div>
          <SearchToggle className="ml-auto md:hidden" />
          <button
            type="button"
            className="rounded-lg p-2 text-slate-600 hover:bg-slate-100 md:hidden"
            aria-label={open ? "Close menu" : "Open menu"}
            aria-expanded={open}
            aria-controls="public-menu"
            onClick={() => setOpen((value) => !value)}
          >
            {open ? <XIcon size={22} /> : <MenuIcon size={22} />}
          </button>
        </div>
        {open ? (
          <div id="public-menu" className="border-t border-slate-200 bg-white px-4 pt-3 pb-5 md:hidden">
            <nav aria-label="Sections" className="grid gap-1">
              <Link to="/mentors" onClick={() => setOpen(false)} className="rounded-lg px-3 py-2 text-base font-medium text-slate-700 hover:bg-slate-50">
                Find a mentor
              </Link>
              <Link to="/learn" onClick={() => setOpen(false)} className="rounded-lg px-3 py-2 text-base font-medium text-slate-700 hover:bg-slate-50">
                Learn
              </Link>
              <Link to="/forum" onClick={() => setOpen(false)} className="rounded-lg px-3 py-2 text-base font-medium text-slate-700 hover:bg-slate-50">
                Forum
              </Link>
              {links.map((link) => (
                <a key={link.href} href={link.href} onClick={() => setOpen(false)} className="rounded-lg px-3 py-2 text-base font-medium text-slate-700 hover:bg-slate-50">
                  {link.label}
                </a>
              ))}
            </nav>
            <div className="mt-4">
              <AuthActions stacked />
            </div>
          </div>
        ) : null}
      </header>
      <main id="main" className={cn("flex-1", contained && "bg-slate-50")}>
        {/* The fallback fills the screen: the footer must not show while a page's code loads
            and then jump down (a layout shift). */}
        <Suspense fallback={<LoadingState className="min-h-dvh items-start" />}>
          {contained ? (
            <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6 sm:py-10">
              <Outlet />
            </div>
          ) : (
            <Outlet />
          )}
        </Suspense>
      </main>
      <footer className="border-t border-slate-200 bg-slate-50">
        <div className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-10 sm:flex-row sm:items-center sm:justify-between sm:px-6">
          <div className="space-y-2">
            <Logo />
            <p className="text-sm text-slate-500">One-to-one learning with verified mentors.</p>
          </div>
          <nav aria-label="Footer" className="flex flex-wrap gap-x-6 gap-y-2 text-sm text-slate-600">
            <Link to="/mentors" className="hover:text-slate-900">Find a mentor</Link>
            <Link to="/register?role=mentor" className="hover:text-slate-900">Become a mentor</Link>
            <Link to={withNext("/login", back)} className="hover:text-slate-900">Sign in</Link>
          </nav>
          <p className="text-sm text-slate-500">© {new Date().getFullYear()} Mentora</p>
        </div>
      </footer>
    </div>
  );
}
