import { useRef } from "react";
import { Link, useParams } from "react-router";
import { certificatePdfUrl, useClaimCertificate, useCourse, useEnrol, useLeaveCourse, type LearnerCourse, type LearnerCourseItem } from "../../api/courses";
import { ApiError } from "../../api/errors";
import { useCatalog } from "../../api/marketplace";
import { Alert } from "../../components/ui/Alert";
import { Badge } from "../../components/ui/Badge";
import { Breadcrumbs } from "../../components/ui/Breadcrumbs";
import { Button, ButtonLink } from "../../components/ui/Button";
import { Card, CardHeader } from "../../components/ui/Card";
import { ArrowRightIcon, AwardIcon, CheckCircleIcon, CheckIcon, ClockIcon, DownloadIcon, LibraryIcon } from "../../components/ui/icons";
import { Skeleton, SkeletonText } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { useDocumentTitle } from "../../lib/document-title";
import { errorMessage } from "../../lib/error-messages";
import { formatDate } from "../../lib/format";
import { kindLabel } from "../content/kinds";
import { KindTile } from "../content/KindTile";
import { ProgressBar } from "./CourseBits";
import { courseItemPath } from "./paths";
import { duration } from "./time";
import { plural } from "./status";

/**
 * Enrols or leaves. Both are idempotent on the server; here a second click while the first is
 * on its way does nothing, so a double click sends one request.
 */
export function EnrolButton({ course }: { course: LearnerCourse }) {
  const toast = useToast();
  const enrol = useEnrol(course.id);
  const leave = useLeaveCourse(course.id);
  const busy = useRef(false);
  const pending = enrol.isPending || leave.isPending;

  /** Runs one of the two at a time; a click while one is on its way is ignored. */
  function once(start: (settled: () => void) => void) {
    if (busy.current || pending) return;
    busy.current = true;
    start(() => {
      busy.current = false;
    });
  }

  function onEnrol() {
    once((settled) =>
      enrol.mutate(undefined, {
        onSuccess: () => toast.success("You're enrolled", "The course is on your home page, with your progress."),
        onError: (error) => toast.error("We couldn't enrol you", errorMessage(error)),
        onSettled: settled,
      }),
    );
  }

  function onLeave() {
    once((settled) =>
      leave.mutate(undefined, {
        onSuccess: () => toast.info("You left the course", "What you've completed stays done. You can enrol again at any time."),
        onError: (error) => toast.error("We couldn't take you out of the course", errorMessage(error)),
        onSettled: settled,
      }),
    );
  }

  if (course.enrolled) {
    return (
      <Button
        variant="secondary"
        loading={leave.isPending}
        disabled={pending}
        onClick={onLeave}
      >
        Leave course
      </Button>
    );
  }
  return (
    <Button
      loading={enrol.isPending}
      disabled={pending}
      icon={<CheckIcon size={16} />}
      onClick={onEnrol}
    >
      Enrol
    </Button>
  );
}

function nextUp(course: LearnerCourse): LearnerCourseItem | undefined {
  return course.items.find((item) => item.item_id === course.next_item_id) ?? course.items.find((item) => !item.completed) ?? course.items[0];
}

/** Once every item is done: the certificate, issued on completion (or claimed for an older one). */
function CertificatePanel({ course }: { course: LearnerCourse }) {
  const claim = useClaimCertificate(course.id);
  const toast = useToast();
  const code = course.certificate_code ?? claim.data?.code ?? null;
  if (code) {
    return (
      <div className="space-y-3 rounded-xl bg-amber-50/70 p-4 ring-1 ring-amber-200 ring-inset">
        <p className="flex items-center gap-2 text-sm font-semibold text-amber-950">
          <AwardIcon size={18} aria-hidden="true" /> Your certificate is ready
        </p>
        <div className="flex flex-wrap gap-2">
          <ButtonLink to={`/certificates/${code}`} size="sm" variant="secondary">
            View and share
          </ButtonLink>
          <a
            href={certificatePdfUrl(code)}
            download
            className="inline-flex items-center gap-1.5 rounded-lg px-3 py-1.5 text-sm font-medium text-brand-700 ring-1 ring-brand-200 ring-inset transition hover:bg-brand-50 focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none"
          >
            <DownloadIcon size={16} aria-hidden="true" /> Download PDF
          </a>
        </div>
      </div>
    );
  }
  if (!course.enrolled) return null;
  return (
    <Button
      variant="secondary"
      className="w-full"
      icon={<AwardIcon size={16} />}
      loading={claim.isPending}
      onClick={() => claim.mutate(undefined, { onError: (error) => toast.error("We couldn't issue your certificate", errorMessage(error)) })}
    >
      Get your certificate
    </Button>
  );
}

function ItemRow({ item, position, to }: { item: LearnerCourseItem; position: number; to: string }) {
  return (
    <li className="group relative flex items-center gap-3 px-5 py-4 transition hover:bg-slate-50/70 sm:gap-4 sm:px-6">
      <span aria-hidden="true" className="w-6 shrink-0 text-right text-sm font-semibold text-slate-400 tabular-nums">
        {position}
      </span>
      <KindTile kind={item.kind} size="sm" />
      <div className="min-w-0 flex-1">
        <Link to={to} className="block truncate font-medium text-slate-900 after:absolute after:inset-0 focus-visible:outline-none group-focus-within:text-brand-700 hover:text-brand-700">
          <span className="sr-only">{position}.</span>{" "}
          {item.title}
        </Link>
        <p className="truncate text-xs text-slate-500">
          {kindLabel(item.kind)}
          {item.topic ? ` · ${item.topic.name}` : ""}
          {` · ${duration(item.minutes)}`}
        </p>
      </div>
      {item.completed ? (
        <span className="inline-flex shrink-0 items-center gap-1.5 text-sm font-medium text-emerald-700">
          <CheckCircleIcon size={20} />
          Done
        </span>
      ) : (
        <span className="inline-flex shrink-0 items-center">
          <span aria-hidden="true" className="size-5 rounded-full ring-2 ring-slate-200 ring-inset" />
          <span className="sr-only">Not done yet</span>
        </span>
      )}
    </li>
  );
}

function PageSkeleton() {
  return (
    <div role="status" aria-label="Loading the course">
      <Skeleton className="mb-6 h-4 w-40" />
      <Skeleton className="h-8 w-2/3 max-w-md" />
      <Skeleton className="mt-3 h-4 w-64" />
      <div className="mt-8 grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <Card className="p-6">
          <SkeletonText lines={7} />
        </Card>
        <Card className="p-5">
          <SkeletonText lines={3} />
        </Card>
      </div>
    </div>
  );
}

/** A published course as a learner sees it: what it is, my progress and its items in order. */
export default function CoursePage() {
  const { courseId = "" } = useParams();
  const course = useCourse(courseId);
  const catalog = useCatalog();
  useDocumentTitle(course.data?.title ?? "Course");

  if (course.isPending) return <PageSkeleton />;
  if (course.isError) {
    const missing = course.error instanceof ApiError && (course.error.status === 404 || course.error.status === 400);
    return (
      <>
        <Breadcrumbs className="mb-6" items={[{ label: "Courses", to: "/courses" }, { label: missing ? "Not available" : "Error" }]} />
        <Card>
          {missing ? (
            <EmptyState
              icon={<LibraryIcon size={22} />}
              title="This course isn't available"
              description="Its mentor may have unpublished or deleted it. What you completed stays done."
              action={<ButtonLink to="/courses">Browse courses</ButtonLink>}
            />
          ) : (
            <ErrorState error={course.error} title="We couldn't load this course" onRetry={() => void course.refetch()} />
          )}
        </Card>
      </>
    );
  }

  const data = course.data;
  const path = (item: LearnerCourseItem) => courseItemPath(catalog.data, data.id, item, data.subject?.slug);
  const next = nextUp(data);
  const finished = data.progress.total > 0 && data.progress.completed >= data.progress.total;
  const started = data.progress.completed > 0;

  return (
    <>
      <Breadcrumbs className="mb-6" items={[{ label: "Courses", to: "/courses" }, { label: data.title }]} />
      <header className="mb-8 flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div className="min-w-0 space-y-1.5">
          <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-brand-600">
            {data.subject ? data.subject.name : "Course"}
            {data.enrolled ? (
              <Badge tone="success" dot>
                Enrolled
              </Badge>
            ) : null}
          </p>
          <h1 className="text-2xl font-semibold tracking-tight break-words text-slate-900 sm:text-[1.75rem]">{data.title}</h1>
          <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-slate-500">
            <span>
              By{" "}
              <Link to={`/mentors/${data.mentor_id}`} className="font-medium text-slate-700 hover:text-brand-700">
                {data.mentor_name}
              </Link>
            </span>
            <span aria-hidden="true">·</span>
            <span>{plural(data.item_count, "item")}</span>
            {data.estimated_minutes > 0 ? (
              <>
                <span aria-hidden="true">·</span>
                <span className="inline-flex items-center gap-1">
                  <ClockIcon size={14} aria-hidden="true" /> About {duration(data.estimated_minutes)}
                </span>
              </>
            ) : null}
            {data.enrolments > 0 ? (
              <>
                <span aria-hidden="true">·</span>
                <span>{plural(data.enrolments, "learner")}</span>
              </>
            ) : null}
            {data.published_at ? (
              <>
                <span aria-hidden="true">·</span>
                <span>Published {formatDate(data.published_at)}</span>
              </>
            ) : null}
          </p>
        </div>
        <div className="flex shrink-0 flex-wrap gap-3">
          <EnrolButton course={data} />
        </div>
      </header>

      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-6">
          {data.description ? (
            <Card className="px-5 py-5 sm:px-6">
              <h2 className="sr-only">About this course</h2>
              <p className="text-[0.95rem] leading-7 whitespace-pre-line text-slate-700">{data.description}</p>
            </Card>
          ) : null}
          <Card>
            <CardHeader
              title="What you'll work through"
              titleId="course-items"
              description={data.items.length ? `In the order the mentor teaches it, about ${duration(data.estimated_minutes)} in all.` : "In the order the mentor teaches it."}
            />
            {data.items.length ? (
              <ol aria-labelledby="course-items" className="divide-y divide-slate-100">
                {data.items.map((item, index) => (
                  <ItemRow key={item.item_id} item={item} position={index + 1} to={path(item)} />
                ))}
              </ol>
            ) : (
              <EmptyState title="Nothing to work through yet" description="The mentor's items are waiting for our team to check them. Check back soon." />
            )}
          </Card>
        </div>
        <aside aria-label="Your progress" className="lg:sticky lg:top-6">
          <Card className="space-y-4 p-5 sm:p-6">
            <h2 className="text-base font-semibold text-slate-900">Your progress</h2>
            <ProgressBar progress={data.progress} label="Course progress" />
            {!finished && data.items.length ? (
              <p className="flex items-center gap-1.5 text-sm text-slate-600">
                <ClockIcon size={15} aria-hidden="true" /> About {duration(data.remaining_minutes)} to go
              </p>
            ) : null}
            {next ? (
              <ButtonLink to={path(next)} variant={data.enrolled && !finished ? "primary" : "secondary"} className="w-full" icon={finished ? undefined : <ArrowRightIcon size={16} />}>
                {finished ? "Review the course" : started ? `Resume: ${next.title}` : "Start the course"}
              </ButtonLink>
            ) : null}
            {finished ? (
              <>
                <Alert tone="success">You've done every item. Well done!</Alert>
                <CertificatePanel course={data} />
              </>
            ) : (
              <p className="text-sm text-slate-500">
                {data.enrolled
                  ? "Notes and simulations count once you mark them done; questions once you answer them correctly."
                  : "Enrol to keep this course on your home page. Notes and simulations count once you mark them done; questions once you answer them correctly."}
              </p>
            )}
          </Card>
        </aside>
      </div>
    </>
  );
}
