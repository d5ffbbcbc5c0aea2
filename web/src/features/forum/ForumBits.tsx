import { useId, type ReactNode } from "react";
import { Link, useLocation } from "react-router";
import type { ForumAuthor } from "../../api/forum";
import { withNext } from "../../auth/next";
import { Badge } from "../../components/ui/Badge";
import { ButtonLink } from "../../components/ui/Button";
import { BadgeCheckIcon, CheckCircleIcon, LockIcon, ShieldIcon } from "../../components/ui/icons";
import { cn } from "../../lib/cn";
import { formatDateTime, formatRelative } from "../../lib/format";

/** Badges come from the API's fields (role, verification, authorship), never from what anyone typed. */
export function AuthorBadges({ author, className }: { author: ForumAuthor; className?: string }) {
  const mentor = author.badges.includes("verified_mentor");
  const admin = author.badges.includes("admin");
  if (!mentor && !admin && !author.is_content_author) return null;
  return (
    <span className={cn("inline-flex flex-wrap items-center gap-1", className)}>
      {mentor ? (
        <Badge tone="violet" className="gap-1 px-1.5 py-0 text-[0.7rem]">
          <BadgeCheckIcon size={12} />
          Verified Mentor
        </Badge>
      ) : null}
      {admin ? (
        <Badge tone="brand" className="gap-1 px-1.5 py-0 text-[0.7rem]">
          <ShieldIcon size={12} />
          Admin
        </Badge>
      ) : null}
      {author.is_content_author ? (
        <Badge tone="sky" className="px-1.5 py-0 text-[0.7rem]">
          Author of this lesson
        </Badge>
      ) : null}
    </span>
  );
}

/** "3 hours ago", the exact time on hover; `midSentence` for "Active just now" rather than "Active Just now". */
export function RelativeTime({ iso, className, midSentence = false }: { iso: string; className?: string; midSentence?: boolean }) {
  const text = formatRelative(iso);
  return (
    <time dateTime={iso} title={formatDateTime(iso)} className={className}>
      {midSentence ? text.charAt(0).toLowerCase() + text.slice(1) : text}
    </time>
  );
}

export function SolvedMark({ className }: { className?: string }) {
  return (
    <Badge tone="success" className={cn("gap-1", className)}>
      <CheckCircleIcon size={13} />
      Solved
    </Badge>
  );
}

/** The page a visitor is on, to come back to after signing in. */
function useHere(): string {
  const location = useLocation();
  return `${location.pathname}${location.search}${location.hash}`;
}

/** What a visitor sees where a signed-in member writes. */
export function SignInPrompt({ title, description, className }: { title: string; description: string; className?: string }) {
  const here = useHere();
  const id = useId();
  return (
    <section aria-labelledby={id} className={cn("flex flex-col gap-4 rounded-2xl bg-white p-5 shadow-xs ring-1 ring-slate-200/80 sm:flex-row sm:items-center sm:p-6", className)}>
      <span aria-hidden="true" className="flex size-11 shrink-0 items-center justify-center rounded-2xl bg-brand-50 text-brand-600 ring-1 ring-brand-100">
        <LockIcon size={20} />
      </span>
      <div className="min-w-0 flex-1">
        <h2 id={id} className="text-base font-semibold text-slate-900">
          {title}
        </h2>
        <p className="mt-1 text-sm leading-6 text-slate-600">{description}</p>
      </div>
      <div className="flex shrink-0 flex-wrap gap-2">
        <ButtonLink to={withNext("/login", here)}>Sign in</ButtonLink>
        <ButtonLink to={withNext("/register", here)} variant="secondary">
          Create an account
        </ButtonLink>
      </div>
    </section>
  );
}

/** A link that keeps the visitor's place: sign in, then back here. */
export function SignInLink({ children, className, label }: { children: ReactNode; className?: string; label: string }) {
  const here = useHere();
  return (
    <Link to={withNext("/login", here)} className={className} aria-label={label} title={label}>
      {children}
    </Link>
  );
}
