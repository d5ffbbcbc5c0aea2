import { lazy, Suspense } from "react";
import { Link, useParams } from "react-router";
import { useContentPreview } from "../../api/discovery";
import { ApiError } from "../../api/errors";
import { Breadcrumbs, type Crumb } from "../../components/ui/Breadcrumbs";
import { ButtonLink } from "../../components/ui/Button";
import { Card } from "../../components/ui/Card";
import { BookOpenIcon } from "../../components/ui/icons";
import { Skeleton, SkeletonText } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useDocumentTitle } from "../../lib/document-title";
import { ContentHeader } from "../content/ContentHeader";
import { SignUpPrompt } from "./SignUpPrompt";

const PreviewBody = lazy(() => import("./PreviewBody"));

/** A lesson opened by a visitor: its opening, then an invitation to sign up and read on. */
export default function LessonPreviewPage() {
  const { subjectSlug = "", topicSlug = "", itemId = "" } = useParams();
  const preview = useContentPreview(itemId);
  useDocumentTitle(preview.data?.title ?? "Lesson");

  if (preview.isPending) {
    return (
      <div className="mx-auto max-w-3xl space-y-6" aria-busy="true">
        <span className="sr-only">Loading the lesson…</span>
        <Skeleton className="h-10 w-2/3" />
        <SkeletonText lines={6} />
      </div>
    );
  }
  if (preview.isError) {
    if (preview.error instanceof ApiError && preview.error.status === 404) {
      return (
        <Card className="mx-auto max-w-3xl">
          <EmptyState
            icon={<BookOpenIcon size={22} />}
            title="This lesson isn't available"
            description="It may have been withdrawn by its mentor, or the link is incomplete."
            action={<ButtonLink to="/learn">Browse subjects</ButtonLink>}
          />
        </Card>
      );
    }
    return <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />;
  }

  const lesson = preview.data;
  const crumbs: Crumb[] = [{ label: "Learn", to: "/learn" }];
  if (lesson.topic) crumbs.push({ label: lesson.topic.name, to: `/learn/${subjectSlug}/${topicSlug}` });
  const verb = lesson.kind === "question" ? "answer it" : lesson.kind === "simulation" ? "track your progress" : "read on";
  return (
    <div className="mx-auto max-w-3xl">
      <Breadcrumbs items={crumbs} className="mb-6" />
      <article>
        <ContentHeader
          kind={lesson.kind}
          title={lesson.title}
          mentorName={lesson.mentor_name}
          updatedAt={lesson.updated_at}
          meta={
            <Link to={`/mentors/${lesson.mentor_id}`} className="font-medium text-brand-600 hover:text-brand-700">
              View mentor
            </Link>
          }
        />
        <div className="relative">
          <Suspense fallback={<SkeletonText lines={6} />}>
            <PreviewBody body={lesson.body} />
          </Suspense>
          {lesson.truncated ? (
            <div aria-hidden="true" className="pointer-events-none absolute inset-x-0 bottom-0 h-24 bg-gradient-to-t from-white to-transparent" />
          ) : null}
        </div>
      </article>
      <SignUpPrompt
        className="mt-10"
        title={lesson.truncated ? "Sign up to read the whole lesson" : `Sign up to ${verb}`}
        text="Mentora is free for learners: every lesson is written by a verified mentor and checked before it is published."
      />
    </div>
  );
}
