import { Link, useLocation } from "react-router";
import type { LearnerContent } from "../../api/learning";
import { ButtonLink } from "../../components/ui/Button";
import { ChevronRightIcon, LockIcon, MessageIcon } from "../../components/ui/icons";
import { loginPath } from "../../auth/next";
import { cn } from "../../lib/cn";
import { KindTile } from "../content/KindTile";
import { summarise } from "./summaries";

/** For visitors: lessons need an account (the catalog itself is public). */
export function SignInPrompt({ className }: { className?: string }) {
  const location = useLocation();
  return (
    <div className={cn("flex flex-col gap-4 rounded-2xl bg-brand-50/70 p-5 ring-1 ring-brand-100 ring-inset sm:flex-row sm:items-center sm:justify-between sm:p-6", className)}>
      <div className="flex items-start gap-3">
        <span className="flex size-9 shrink-0 items-center justify-center rounded-full bg-white text-brand-600 ring-1 ring-brand-100">
          <LockIcon size={17} />
        </span>
        <div>
          <p className="font-semibold text-slate-900">Sign in to open the lessons</p>
          <p className="mt-0.5 text-sm leading-6 text-slate-600">Browse every subject freely. A free account lets you read the notes, answer practice questions and keep track of your attempts.</p>
        </div>
      </div>
      <div className="flex shrink-0 gap-2">
        <ButtonLink to={loginPath(`${location.pathname}${location.search}`)} variant="secondary">
          Sign in
        </ButtonLink>
        <ButtonLink to="/register">Create an account</ButtonLink>
      </div>
    </div>
  );
}

/** One item in a topic's list: kind, title, mentor, a line of what it holds and its forum threads. */
export function ContentCard({ item, to, threads = 0 }: { item: LearnerContent; to: string; threads?: number }) {
  const summary = summarise(item);
  return (
    <article className="group relative flex gap-4 rounded-2xl bg-white p-4 shadow-xs ring-1 ring-slate-200/80 transition hover:shadow-md hover:ring-slate-300 sm:p-5">
      <KindTile kind={item.kind} />
      <div className="min-w-0 flex-1">
        <h3 className="text-[0.975rem] font-semibold text-slate-900">
          <Link to={to} className="after:absolute after:inset-0 after:rounded-2xl focus-visible:outline-none group-focus-within:text-brand-700 hover:text-brand-700">
            {item.title}
          </Link>
        </h3>
        {summary.excerpt ? <p className="mt-1 line-clamp-2 text-sm leading-6 text-slate-600">{summary.excerpt}</p> : null}
        <p className="mt-2 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500">
          <span>By {item.mentor_name}</span>
          {summary.meta ? (
            <>
              <span aria-hidden="true">·</span>
              <span>{summary.meta}</span>
            </>
          ) : null}
          {threads > 0 ? (
            <span className="inline-flex items-center gap-1 rounded-full bg-brand-50 px-2 py-0.5 font-medium text-brand-700 ring-1 ring-brand-600/15 ring-inset">
              <MessageIcon size={12} />
              {threads === 1 ? "1 thread" : `${threads} threads`}
            </span>
          ) : null}
        </p>
      </div>
      <ChevronRightIcon size={18} className="mt-2.5 shrink-0 text-slate-300 transition group-hover:translate-x-0.5 group-hover:text-brand-600" />
    </article>
  );
}
