import type { ReactNode } from "react";
import { formatDate } from "../../lib/format";
import { kindLabel } from "./kinds";
import { KindIcon } from "./KindTile";

export interface ContentHeaderProps {
  kind: string;
  title: string;
  mentorName?: string | null;
  /** When the version shown was written. */
  updatedAt?: string | null;
  /** Extra facts after the byline, e.g. "4 min read". */
  meta?: ReactNode;
  /** 1 on the learner's page; 2 inside another page (a reviewer's preview). */
  level?: 1 | 2;
}

/** The top of a content item, the same for learners and for reviewers previewing it. */
export function ContentHeader({ kind, title, mentorName, updatedAt, meta, level = 1 }: ContentHeaderProps) {
  const Heading = level === 1 ? "h1" : "h2";
  return (
    <header className="mb-8 space-y-3 border-b border-slate-100 pb-6">
      <p className="inline-flex items-center gap-1.5 text-sm font-medium text-brand-600">
        <KindIcon kind={kind} size={16} />
        {kindLabel(kind)}
      </p>
      <Heading className="text-[1.75rem] leading-tight font-semibold tracking-tight text-balance text-slate-900 sm:text-[2rem]">{title}</Heading>
      <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-slate-500">
        {mentorName ? (
          <span>
            By <span className="font-medium text-slate-700">{mentorName}</span>
          </span>
        ) : null}
        {updatedAt ? (
          <>
            {mentorName ? <span aria-hidden="true">·</span> : null}
            <span>Updated {formatDate(updatedAt)}</span>
          </>
        ) : null}
        {meta ? (
          <>
            <span aria-hidden="true">·</span>
            {meta}
          </>
        ) : null}
      </p>
    </header>
  );
}
