import { Link } from "react-router";
import { useCatalog } from "../../api/marketplace";
import type { Subject } from "../../api/types";
import { useSession } from "../../auth/session-context";
import { Card } from "../../components/ui/Card";
import { ArrowRightIcon, BookOpenIcon, LayersIcon } from "../../components/ui/icons";
import { PageHeader } from "../../components/ui/PageHeader";
import { Skeleton } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useDocumentTitle } from "../../lib/document-title";
import { sortedChapters, sortedSubjects, topicCount } from "../../lib/catalog";
import { SignInPrompt } from "./LearnBits";

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function SubjectCard({ subject }: { subject: Subject }) {
  const chapters = sortedChapters(subject);
  const topics = topicCount(subject);
  return (
    <article className="group relative flex h-full flex-col rounded-2xl bg-white p-5 shadow-xs ring-1 ring-slate-200/80 transition hover:shadow-md hover:ring-slate-300 sm:p-6">
      <div className="flex items-start justify-between gap-4">
        <span className="flex size-11 items-center justify-center rounded-xl bg-brand-50 text-brand-600 ring-1 ring-brand-100">
          <BookOpenIcon size={22} />
        </span>
        <ArrowRightIcon size={18} className="mt-1 text-slate-300 transition group-hover:translate-x-0.5 group-hover:text-brand-600" />
      </div>
      <h2 className="mt-4 text-lg font-semibold tracking-tight text-slate-900">
        <Link to={`/learn/${subject.slug}`} className="after:absolute after:inset-0 after:rounded-2xl focus-visible:outline-none group-focus-within:text-brand-700">
          {subject.name}
        </Link>
      </h2>
      {subject.description ? <p className="mt-1.5 line-clamp-3 text-sm leading-6 text-slate-600">{subject.description}</p> : null}
      <div className="mt-auto pt-5">
        {chapters.length ? (
          <p className="truncate text-xs text-slate-500">
            {chapters
              .slice(0, 3)
              .map((chapter) => chapter.name)
              .join(" · ")}
            {chapters.length > 3 ? " · …" : ""}
          </p>
        ) : null}
        <p className="mt-2 inline-flex items-center gap-1.5 text-sm font-medium text-slate-700">
          <LayersIcon size={15} className="text-slate-400" />
          {topics ? `${plural(chapters.length, "chapter")}, ${plural(topics, "topic")}` : "Topics coming soon"}
        </p>
      </div>
    </article>
  );
}

function SubjectSkeleton() {
  return (
    <div aria-hidden="true" className="rounded-2xl bg-white p-6 shadow-xs ring-1 ring-slate-200/80">
      <Skeleton className="size-11 rounded-xl" />
      <Skeleton className="mt-4 h-5 w-40" />
      <Skeleton className="mt-3 h-4 w-full" />
      <Skeleton className="mt-2 h-4 w-2/3" />
      <Skeleton className="mt-6 h-4 w-32" />
    </div>
  );
}

/** Every subject in the catalog, the way into lessons. Open to visitors: the catalog is public. */
export default function LearnPage() {
  useDocumentTitle("Learn");
  const catalog = useCatalog();
  const { user } = useSession();
  const subjects = sortedSubjects(catalog.data);

  return (
    <>
      <PageHeader
        eyebrow="Learn"
        title="What would you like to learn?"
        description="Notes, practice questions and interactive simulations written by verified mentors and checked by our team. Pick a subject to see its chapters."
      />
      {!user ? <SignInPrompt className="mb-8" /> : null}
      {catalog.isPending ? (
        <div className="grid gap-5 sm:grid-cols-2 lg:grid-cols-3" role="status" aria-label="Loading subjects">
          {Array.from({ length: 6 }, (_, index) => (
            <SubjectSkeleton key={index} />
          ))}
        </div>
      ) : catalog.isError ? (
        <Card>
          <ErrorState error={catalog.error} title="We couldn't load the subjects" onRetry={() => void catalog.refetch()} />
        </Card>
      ) : subjects.length ? (
        <ul className="grid gap-5 sm:grid-cols-2 lg:grid-cols-3" aria-label="Subjects">
          {subjects.map((subject) => (
            <li key={subject.id}>
              <SubjectCard subject={subject} />
            </li>
          ))}
        </ul>
      ) : (
        <Card>
          <EmptyState icon={<BookOpenIcon size={22} />} title="No subjects yet" description="Our team is setting up the first subjects. Check back soon." />
        </Card>
      )}
    </>
  );
}
