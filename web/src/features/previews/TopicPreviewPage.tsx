import { Link, useParams } from "react-router";
import { useTopicPreview } from "../../api/discovery";
import { ApiError } from "../../api/errors";
import { useCatalog } from "../../api/marketplace";
import { Breadcrumbs, type Crumb } from "../../components/ui/Breadcrumbs";
import { ButtonLink } from "../../components/ui/Button";
import { Card, CardHeader } from "../../components/ui/Card";
import { BookOpenIcon } from "../../components/ui/icons";
import { Skeleton, SkeletonText } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useDocumentTitle } from "../../lib/document-title";
import { kindLabel } from "../content/kinds";
import { KindTile } from "../content/KindTile";
import { findSubject, findTopic } from "../../lib/catalog";
import { SignUpPrompt } from "./SignUpPrompt";

/** A topic opened by a visitor: its approved lessons by title; each opens as a preview. */
export default function TopicPreviewPage() {
  const { subjectSlug = "", topicSlug = "" } = useParams();
  const catalog = useCatalog();
  const preview = useTopicPreview(topicSlug);
  const place = findTopic(catalog.data, topicSlug);
  const subject = place?.subject ?? findSubject(catalog.data, subjectSlug);
  const topic = preview.data?.topic;
  useDocumentTitle(topic?.name ?? "Topic");

  const crumbs: Crumb[] = [{ label: "Learn", to: "/learn" }];
  if (subject) crumbs.push({ label: subject.name, to: `/learn/${subject.slug}` });
  crumbs.push({ label: topic?.name ?? "Topic" });

  if (preview.isError) {
    if (preview.error instanceof ApiError && preview.error.status === 404) {
      return (
        <Card>
          <EmptyState
            title="We couldn't find this topic"
            description="It may have been renamed or removed from the catalog."
            action={<ButtonLink to="/learn">All subjects</ButtonLink>}
          />
        </Card>
      );
    }
    return <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />;
  }

  const lessons = preview.data?.lessons;
  return (
    <>
      <Breadcrumbs className="mb-6" items={crumbs} />
      <div className="mb-8 space-y-1.5">
        {place ? (
          <p className="text-sm font-medium text-brand-600">
            {place.subject.name} · {place.chapter.name}
          </p>
        ) : null}
        {topic ? <h1 className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-[1.75rem]">{topic.name}</h1> : <Skeleton className="h-8 w-72" />}
      </div>
      <SignUpPrompt
        className="mb-8"
        title="Sign up to study this topic"
        text="Read every note, answer the questions with hints and worked solutions, and keep track of what you've done."
      />
      <Card>
        <CardHeader
          title="Lessons in this topic"
          description={lessons ? `${lessons.total} approved ${lessons.total === 1 ? "lesson" : "lessons"}` : undefined}
        />
        {preview.isPending ? (
          <div className="p-6" aria-busy="true">
            <SkeletonText lines={4} />
          </div>
        ) : lessons && lessons.items.length > 0 ? (
          <ul className="divide-y divide-slate-100">
            {lessons.items.map((lesson) => (
              <li key={lesson.id}>
                <Link
                  to={`/learn/${subject?.slug ?? subjectSlug}/${topic?.slug ?? topicSlug}/${lesson.id}`}
                  className="flex items-center gap-4 px-6 py-4 hover:bg-slate-50"
                >
                  <KindTile kind={lesson.kind} />
                  <span className="min-w-0 flex-1">
                    <span className="block truncate font-medium text-slate-900">{lesson.title}</span>
                    <span className="text-sm text-slate-500">{kindLabel(lesson.kind)}</span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState icon={<BookOpenIcon size={22} />} title="No material here yet" description="Mentors are writing notes and questions for this topic." />
        )}
      </Card>
    </>
  );
}
