import { Link, useParams } from "react-router";
import { useCatalog } from "../../api/marketplace";
import type { Subject } from "../../api/types";
import { useSession } from "../../auth/session-context";
import { Breadcrumbs } from "../../components/ui/Breadcrumbs";
import { ButtonLink } from "../../components/ui/Button";
import { Card } from "../../components/ui/Card";
import { CheckCircleIcon, ChevronRightIcon, CompassIcon, LayersIcon } from "../../components/ui/icons";
import { Skeleton, SkeletonText } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useDocumentTitle } from "../../lib/document-title";
import { findSubject, sortedChapters, sortedTopics } from "../../lib/catalog";
import { SignInPrompt } from "./LearnBits";
import { useSubjectProgress, type TopicProgress } from "../../api/courses";
import { ProgressBar } from "../courses/CourseBits";

function TopicMark({ progress }: { progress: TopicProgress | undefined }) {
  if (!progress || progress.progress.total === 0) return null;
  const { completed, total } = progress.progress;
  if (completed >= total) {
    return (
      <span className="inline-flex shrink-0 items-center gap-1 text-sm font-medium text-emerald-700">
        <CheckCircleIcon size={16} aria-hidden="true" /> Done
      </span>
    );
  }
  return (
    <span className="shrink-0 text-sm text-slate-500 tabular-nums">
      {completed} of {total} done
    </span>
  );
}

function Chapters({ subject, progress }: { subject: Subject; progress?: Map<string, TopicProgress> }) {
  const chapters = sortedChapters(subject).filter((chapter) => chapter.topics.length > 0);
  if (!chapters.length) {
    return (
      <Card>
        <EmptyState icon={<LayersIcon size={22} />} title="No topics yet" description={`Our team is still laying out ${subject.name}. Check back soon.`} />
      </Card>
    );
  }
  return (
    <ol className="space-y-6">
      {chapters.map((chapter, index) => {
        const headingId = `chapter-${chapter.id}`;
        return (
          <li key={chapter.id}>
            <Card className="overflow-hidden">
              <section aria-labelledby={headingId}>
                <div className="flex items-baseline gap-3 border-b border-slate-100 px-5 py-4 sm:px-6">
                  <span className="text-xs font-semibold tracking-wider text-brand-600 uppercase" aria-hidden="true">
                    Chapter {index + 1}
                  </span>
                  <h2 id={headingId} className="text-base font-semibold text-slate-900">
                    <span className="sr-only">Chapter {index + 1}: </span>
                    {chapter.name}
                  </h2>
                </div>
                <ul className="divide-y divide-slate-100">
                  {sortedTopics(chapter).map((topic) => (
                    <li key={topic.id}>
                      <Link
                        to={`/learn/${subject.slug}/${topic.slug}`}
                        className="group flex items-center gap-4 px-5 py-4 transition-colors hover:bg-slate-50 focus-visible:-outline-offset-2 sm:px-6"
                      >
                        <div className="min-w-0 flex-1">
                          <p className="font-medium text-slate-900 group-hover:text-brand-700">{topic.name}</p>
                          {topic.description ? <p className="mt-0.5 line-clamp-2 text-sm leading-6 text-slate-500">{topic.description}</p> : null}
                        </div>
                        <TopicMark progress={progress?.get(topic.id)} />
                        <ChevronRightIcon size={18} className="shrink-0 text-slate-300 transition group-hover:translate-x-0.5 group-hover:text-brand-600" />
                      </Link>
                    </li>
                  ))}
                </ul>
              </section>
            </Card>
          </li>
        );
      })}
    </ol>
  );
}

/** A subject's chapters and topics. Open to visitors; the topics themselves need an account. */
export default function SubjectPage() {
  const { subjectSlug = "" } = useParams();
  const catalog = useCatalog();
  const { user } = useSession();
  const subject = findSubject(catalog.data, subjectSlug);
  useDocumentTitle(subject ? subject.name : "Learn");
  const mine = useSubjectProgress(subject?.slug ?? subjectSlug, user !== null && subject !== undefined);
  const byTopic = new Map((mine.data?.topics ?? []).map((topic) => [topic.topic.id, topic]));

  if (catalog.isPending) {
    return (
      <div aria-hidden="true">
        <Skeleton className="mb-6 h-4 w-40" />
        <Skeleton className="h-8 w-64" />
        <Skeleton className="mt-3 mb-8 h-4 w-full max-w-xl" />
        <Card className="p-6">
          <SkeletonText lines={6} />
        </Card>
        <span className="sr-only" role="status">
          Loading subject…
        </span>
      </div>
    );
  }
  if (catalog.isError) {
    return (
      <Card>
        <ErrorState error={catalog.error} title="We couldn't load this subject" onRetry={() => void catalog.refetch()} />
      </Card>
    );
  }
  if (!subject) {
    return (
      <>
        <Breadcrumbs className="mb-6" items={[{ label: "Learn", to: "/learn" }, { label: "Not found" }]} />
        <Card>
          <EmptyState title="We couldn't find this subject" description="It may have been renamed or removed." action={<ButtonLink to="/learn">All subjects</ButtonLink>} />
        </Card>
      </>
    );
  }

  return (
    <>
      <Breadcrumbs className="mb-6" items={[{ label: "Learn", to: "/learn" }, { label: subject.name }]} />
      <div className="mb-8 flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div className="min-w-0 space-y-1.5">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-[1.75rem]">{subject.name}</h1>
          {subject.description ? <p className="max-w-2xl text-[0.95rem] leading-7 text-slate-600">{subject.description}</p> : null}
        </div>
        <ButtonLink to={`/mentors?subject=${encodeURIComponent(subject.slug)}`} variant="secondary" icon={<CompassIcon size={16} />} className="shrink-0">
          Find a {subject.name} mentor
        </ButtonLink>
      </div>
      {!user ? <SignInPrompt className="mb-6" /> : null}
      {mine.data && mine.data.progress.total > 0 ? (
        <Card className="mb-6 p-5 sm:p-6">
          <ProgressBar progress={mine.data.progress} label={`Your progress in ${subject.name}`} />
        </Card>
      ) : null}
      <Chapters subject={subject} progress={byTopic} />
    </>
  );
}
