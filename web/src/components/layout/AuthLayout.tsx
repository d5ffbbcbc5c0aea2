import { Suspense } from "react";
import { Link, Outlet } from "react-router";
import { CheckCircleIcon, StarIcon } from "../ui/icons";
import { Logo } from "../ui/Logo";
import { LoadingState } from "../ui/States";

const points = [
  "Every mentor is verified before their first session",
  "Book one-to-one sessions in your own time zone",
  "Learn at your pace, with people who have done it",
];

/** Sign-in, sign-up and account-recovery screens: the form beside a brand panel. */
export function AuthLayout() {
  return (
    <div className="flex min-h-dvh bg-white">
      <div className="flex flex-1 flex-col px-4 py-8 sm:px-6 lg:flex-none lg:px-16 xl:px-24">
        <div className="mx-auto w-full max-w-sm lg:w-96">
          <Link to="/" className="inline-block rounded-lg" aria-label="Mentora home">
            <Logo />
          </Link>
        </div>
        <main id="main" className="mx-auto flex w-full max-w-sm flex-1 flex-col justify-center py-10 lg:w-96">
          <Suspense fallback={<LoadingState />}>
            <Outlet />
          </Suspense>
        </main>
        <p className="mx-auto w-full max-w-sm text-xs text-slate-400 lg:w-96">© {new Date().getFullYear()} Mentora</p>
      </div>
      <aside className="relative hidden flex-1 overflow-hidden bg-gradient-to-br from-brand-600 via-brand-700 to-indigo-900 lg:block" aria-label="About Mentora">
        <div className="absolute -top-24 -right-24 size-96 rounded-full bg-white/10 blur-3xl" aria-hidden="true" />
        <div className="absolute -bottom-32 -left-16 size-[28rem] rounded-full bg-violet-400/20 blur-3xl" aria-hidden="true" />
        <div className="relative flex h-full flex-col justify-center px-16 xl:px-24">
          <h2 className="max-w-md text-3xl font-semibold tracking-tight text-white xl:text-4xl">
            Learn from people who have been where you want to go.
          </h2>
          <ul className="mt-8 space-y-4">
            {points.map((point) => (
              <li key={point} className="flex items-start gap-3 text-brand-50">
                <CheckCircleIcon size={22} className="mt-0.5 shrink-0 text-brand-200" />
                <span className="text-[0.95rem] leading-6">{point}</span>
              </li>
            ))}
          </ul>
          <figure className="mt-12 max-w-md rounded-2xl bg-white/10 p-6 ring-1 ring-white/15 backdrop-blur">
            <div className="flex gap-1 text-amber-300" aria-label="Rated 5 out of 5">
              {Array.from({ length: 5 }, (_, index) => (
                <StarIcon key={index} size={16} fill="currentColor" stroke="none" />
              ))}
            </div>
            <blockquote className="mt-3 text-[0.95rem] leading-7 text-white">
              “Three sessions with my mentor did more for my portfolio than a semester of videos. She knew
              exactly what reviewers look for.”
            </blockquote>
            <figcaption className="mt-4 text-sm text-brand-100">Priya S., product design student</figcaption>
          </figure>
        </div>
      </aside>
    </div>
  );
}
