import { Link, useParams } from "react-router";
import { useCoursePreview } from "../../api/discovery";
import { ApiError } from "../../api/errors";
import { Badge } from "../../components/ui/Badge";
import { Breadcrumbs } from "../../components/ui/Breadcrumbs";
import { ButtonLink } from "../../components/ui/Button";
import { Card, CardHeader } from "../../components/ui/Card";
import { LibraryIcon, LockIcon } from "../../components/ui/icons";
import { Skeleton, SkeletonText } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useDocumentTitle } from "../../lib/document-title";
import { formatDate } from "../../lib/format";
import { kindLabel } from "../content/kinds";
import { KindTile } from "../content/KindTile";
import { SignUpPrompt } from "./SignUpPrompt";

/** A course opened by a visitor: what it covers and who teaches it, then "sign up to continue". */
export default function CoursePreviewPage() {
  const { courseId = "" } = useParams();
  const preview = useCoursePreview(courseId);
  useDocumentTitle(preview.data?.title ?? "Course");

  if (preview.isPending) {
    return (
      <div className="mx-auto max-w-4xl space-y-6" aria-busy="true">
        <span className="sr-only">Loading the course…</span>
        <Skeleton className="h-10 w-2/3" />
        <SkeletonText lines={4} />
      </div>
    );
  }
  if (preview.isError) {
    if (preview.error instanceof ApiError && preview.error.status === 404) {
      return (
        <Card className="mx-auto max-w-4xl">
          <EmptyState
            icon={<LibraryIcon size={22} />}
            title="This course isn't available"
            description="It may have been unpublished by its mentor, or the link is incomplete."
            action={<ButtonLink to="/learn">Browse subjects</ButtonLink>}
          />
        </Card>
      );
    }
    return <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />;
  }

  const course = preview.data;
  const count = course.outline.length;
  return (
    <div className="mx-auto max-w-4xl">
      <Breadcrumbs items={[{ label: "Learn", to: "/learn" }, { label: "Course" }]} className="mb-6" />
      <header className="space-y-3">
        <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-brand-600">
          <LibraryIcon size={16} /> Course
          {course.subject ? <Badge tone="neutral">{course.subject.name}</Badge> : null}
        </p>
        <h1 className="text-3xl font-semibold tracking-tight text-balance text-slate-900">{course.title}</h1>
        <p className="text-sm text-slate-500">
          By{" "}
          <Link to={`/mentors/${course.mentor_id}`} className="font-medium text-slate-700 hover:text-brand-700">
            {course.mentor_name}
          </Link>
          {course.published_at ? <> · Published {formatDate(course.published_at)}</> : null}
        </p>
        {course.description ? <p className="max-w-prose text-[0.95rem] leading-7 whitespace-pre-line text-slate-700">{course.description}</p> : null}
      </header>

      <SignUpPrompt
        className="mt-8"
        title="Sign up to start this course"
        text="Enrol for free, work through the lessons in order and keep track of your progress."
      />

      <Card className="mt-8">
        <CardHeader title="What's inside" description={`${count} ${count === 1 ? "lesson" : "lessons"}, in order`} />
        <ol className="divide-y divide-slate-100">
          {course.outline.map((item, index) => (
            <li key={item.id} className="flex items-center gap-4 px-6 py-4">
              <span className="w-6 text-right text-sm text-slate-400 tabular-nums">{index + 1}</span>
              <KindTile kind={item.kind} />
              <div className="min-w-0 flex-1">
                <p className="truncate font-medium text-slate-900">{item.title}</p>
                <p className="text-sm text-slate-500">
                  {kindLabel(item.kind)}
                  {item.topic ? ` · ${item.topic.name}` : ""}
                </p>
              </div>
              <LockIcon size={16} className="shrink-0 text-slate-400" />
              <span className="sr-only">(for members)</span>
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
