import { useRef, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import type { ContentSummary } from "../../api/content";
import {
  courseKeys,
  useDeleteCourse,
  useMentorCourse,
  usePublishCourse,
  useReloadMentorCourse,
  useSetCourseItems,
  useUnpublishCourse,
  useUpdateCourse,
  type MentorCourse,
  type MentorCourseItem,
} from "../../api/courses";
import { ApiError } from "../../api/errors";
import { useCatalog } from "../../api/marketplace";
import { Alert } from "../../components/ui/Alert";
import { Button, ButtonLink } from "../../components/ui/Button";
import { Card, CardBody, CardHeader } from "../../components/ui/Card";
import { AlertTriangleIcon, ArrowLeftIcon, ClockIcon, EyeIcon, PlusIcon, SendIcon, TrashIcon, UsersIcon } from "../../components/ui/icons";
import { Modal } from "../../components/ui/Modal";
import { FormPageSkeleton } from "../../components/ui/Skeleton";
import { ErrorState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { cn } from "../../lib/cn";
import { useDocumentTitle } from "../../lib/document-title";
import { formatRelative } from "../../lib/format";
import { useFormErrors } from "../../lib/use-form-errors";
import { topicIndex, type TopicPlace } from "../workspace/topics";
import { useLeaveGuard } from "../workspace/use-leave-guard";
import { useUnsavedChangesWarning } from "../workspace/use-unsaved-changes";
import { CourseStatusBadge } from "./CourseBits";
import { CourseFields } from "./CourseFields";
import { cleanTitle, COURSE_FIELDS, detailsProblems, sameDetails, type CourseDetails } from "./details";
import { CourseItems } from "./CourseItems";
import { courseErrorMessage, courseFormErrors, isStale, type CourseAction } from "./errors";
import { ItemPicker } from "./ItemPicker";
import { plural } from "./status";

const MAX_ITEMS = 200;

const ACTION_TITLES: Record<CourseAction, string> = {
  publish: "The course wasn't published",
  unpublish: "The course wasn't unpublished",
  items: "The change to the items wasn't saved",
  details: "The details weren't saved",
  delete: "The course wasn't deleted",
  create: "The course wasn't created",
};

function detailsOf(course: MentorCourse): CourseDetails {
  return { title: course.title, description: course.description, subjectId: course.subject?.id ?? "" };
}

/** A content item chosen in the picker, shown as the server will show it once saved. */
function fromSummary(item: ContentSummary, topics: Map<string, TopicPlace>): MentorCourseItem {
  const place = topics.get(item.topic_id);
  return {
    item_id: item.id,
    kind: item.kind,
    title: item.title,
    status: item.status,
    live: item.live_version !== null,
    live_version: item.live_version,
    live_title: null,
    topic: place ? { id: place.topic.id, slug: place.topic.slug, name: place.topic.name } : null,
  };
}

function moved(ids: readonly string[], id: string, delta: -1 | 1): string[] {
  const from = ids.indexOf(id);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= ids.length) return [...ids];
  const next = [...ids];
  next.splice(from, 1);
  next.splice(to, 0, id);
  return next;
}

function ActionError({ action, error }: { action: CourseAction; error: unknown }) {
  const code = error instanceof ApiError ? error.code : null;
  return (
    <Alert
      tone="danger"
      role="alert"
      title={ACTION_TITLES[action]}
      action={
        code === "mentor_not_verified" ? (
          <ButtonLink to="/mentor/onboarding" size="sm" variant="secondary">
            Your application
          </ButtonLink>
        ) : code === "course_has_no_live_items" && action === "publish" ? (
          <ButtonLink to="/mentor/content?status=draft" size="sm" variant="secondary">
            Submit drafts
          </ButtonLink>
        ) : undefined
      }
    >
      {courseErrorMessage(error, action)}
    </Alert>
  );
}

function Builder({ course }: { course: MentorCourse }) {
  const toast = useToast();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const catalog = useCatalog();
  const reload = useReloadMentorCourse();
  const update = useUpdateCourse(course.id);
  const setItems = useSetCourseItems(course.id);
  const publish = usePublishCourse(course.id);
  const unpublish = useUnpublishCourse(course.id);
  const remove = useDeleteCourse(course.id);

  const [details, setDetails] = useState<CourseDetails>(() => detailsOf(course));
  const [order, setOrder] = useState<string[] | null>(null);
  const [picked, setPicked] = useState<Map<string, MentorCourseItem>>(new Map());
  const [announcement, setAnnouncement] = useState("");
  const [failure, setFailure] = useState<{ action: CourseAction; error: unknown } | null>(null);
  const [stale, setStale] = useState<{ action: CourseAction; error: ApiError; reloaded: number | null } | null>(null);
  const [dialog, setDialog] = useState<"add" | "unpublish" | "delete" | null>(null);
  const { formRef, fieldErrors, check, clearField } = useFormErrors(COURSE_FIELDS);
  const [detailsError, setDetailsError] = useState<string | null>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  // Item changes go out one at a time, each on the version the previous one produced.
  const wanted = useRef<string[] | null>(null);
  const sending = useRef(false);

  const dirty = !sameDetails(details, detailsOf(course));
  useUnsavedChangesWarning(dirty);
  const leaving = useLeaveGuard(dirty && !update.isPending);

  const known = new Map(course.items.map((item) => [item.item_id, item]));
  const items = order ? order.flatMap((id) => known.get(id) ?? picked.get(id) ?? []) : course.items;
  const ids = items.map((item) => item.item_id);
  const busy = publish.isPending || unpublish.isPending || remove.isPending || update.isPending;
  const saving = setItems.isPending;
  const liveCount = order ? items.filter((item) => item.live).length : course.live_item_count;

  /** The newest version this page knows of: what the next change is based on. */
  function currentVersion(): number {
    return queryClient.getQueryData<MentorCourse>(courseKeys.mentorDetail(course.id))?.version ?? course.version;
  }

  function failed(action: CourseAction, error: unknown) {
    if (isStale(error)) {
      setFailure(null);
      setStale({ action, error, reloaded: null });
      // Fetch what the server has now; the author's unsaved details stay in the form.
      reload(course.id)
        .then((next) => {
          setOrder(null);
          setStale({ action, error, reloaded: next.version });
          if (!dirty) setDetails(detailsOf(next));
        })
        .catch(() => undefined);
      return;
    }
    setFailure({ action, error });
  }

  function send() {
    if (sending.current || !wanted.current) return;
    const itemIds = wanted.current;
    wanted.current = null;
    sending.current = true;
    setItems
      .mutateAsync({ item_ids: itemIds, version: currentVersion() })
      .then(() => {
        sending.current = false;
        if (wanted.current) send();
        else setOrder(null);
      })
      .catch((error: unknown) => {
        sending.current = false;
        wanted.current = null;
        setOrder(null);
        failed("items", error);
      });
  }

  function changeItems(next: string[], message: string) {
    setFailure(null);
    setStale(null);
    setOrder(next);
    setAnnouncement(message);
    wanted.current = next;
    send();
  }

  function onMove(id: string, delta: -1 | 1) {
    const next = moved(ids, id, delta);
    const item = items.find((entry) => entry.item_id === id);
    changeItems(next, `“${item?.title ?? "Item"}” moved to position ${next.indexOf(id) + 1} of ${next.length}.`);
  }

  function onRemove(id: string) {
    const item = items.find((entry) => entry.item_id === id);
    changeItems(
      ids.filter((entry) => entry !== id),
      `“${item?.title ?? "Item"}” removed from the course. It stays in your content.`,
    );
  }

  function onAdd(chosen: ContentSummary[]) {
    const topics = topicIndex(catalog.data);
    setPicked((current) => {
      const next = new Map(current);
      for (const item of chosen) next.set(item.id, fromSummary(item, topics));
      return next;
    });
    setDialog(null);
    const fresh = chosen.map((item) => item.id).filter((id) => !ids.includes(id));
    changeItems([...ids, ...fresh], `${plural(fresh.length, "item")} added at the end of the course.`);
    addRef.current?.focus();
  }

  function onSaveDetails(event: FormEvent) {
    event.preventDefault();
    if (update.isPending || saving) return;
    setDetailsError(null);
    if (!check(detailsProblems(details))) return;
    const base = detailsOf(course);
    const title = cleanTitle(details.title);
    const description = details.description.trim();
    update.mutate(
      {
        version: currentVersion(),
        ...(title !== base.title ? { title } : {}),
        ...(description !== base.description ? { description } : {}),
        ...(details.subjectId !== base.subjectId ? { subject_id: details.subjectId || null } : {}),
      },
      {
        onSuccess: (next) => {
          setDetails(detailsOf(next));
          setStale(null);
          toast.success("Details saved");
        },
        onError: (error) => {
          if (isStale(error)) {
            failed("details", error);
            return;
          }
          const mapped = courseFormErrors(error, COURSE_FIELDS, "details");
          if (Object.keys(mapped.fields).length) check(mapped.fields);
          setDetailsError(mapped.form);
        },
      },
    );
  }

  function onPublish() {
    setFailure(null);
    publish.mutate(currentVersion(), {
      onSuccess: () => {
        setStale(null);
        toast.success("Course published", "Learners can find it and enrol now.");
      },
      onError: (error) => failed("publish", error),
    });
  }

  function onUnpublish() {
    setFailure(null);
    unpublish.mutate(currentVersion(), {
      onSuccess: () => {
        setDialog(null);
        setStale(null);
        toast.success("Course unpublished", "Learners can't open it any more. Their progress is kept.");
      },
      onError: (error) => {
        setDialog(null);
        failed("unpublish", error);
      },
    });
  }

  function onDelete() {
    remove.mutate(currentVersion(), {
      onSuccess: () => {
        toast.success("Course deleted", "Its items are still in your content.");
        void navigate("/mentor/courses", { replace: true });
      },
      onError: (error) => {
        setDialog(null);
        failed("delete", error);
      },
    });
  }

  const published = course.status === "published";
  const hidden = items.length - liveCount;

  return (
    <>
      <Link to="/mentor/courses" className="mb-4 inline-flex items-center gap-1.5 text-sm font-medium text-slate-500 hover:text-slate-800">
        <ArrowLeftIcon size={16} /> My courses
      </Link>
      <header className="mb-6 flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0 space-y-2">
          <h1 className="text-2xl font-semibold tracking-tight break-words text-slate-900 sm:text-[1.75rem]">{course.title}</h1>
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5 text-sm text-slate-500">
            <CourseStatusBadge status={course.status} />
            {course.subject ? <span className="font-medium text-slate-700">{course.subject.name}</span> : null}
            <span className="inline-flex items-center gap-1">
              <UsersIcon size={14} /> {plural(course.enrolments, "learner")} enrolled
            </span>
            <span className="inline-flex items-center gap-1">
              <ClockIcon size={14} /> Changed {formatRelative(course.updated_at)}
            </span>
          </div>
        </div>
        <div className="flex shrink-0 flex-wrap gap-3">
          {published ? (
            <>
              <ButtonLink to={`/courses/${course.id}`} variant="secondary" icon={<EyeIcon size={16} />}>
                View as learner
              </ButtonLink>
              <Button variant="secondary" onClick={() => setDialog("unpublish")} disabled={busy || saving}>
                Unpublish
              </Button>
            </>
          ) : (
            <Button icon={<SendIcon size={16} />} onClick={onPublish} loading={publish.isPending} disabled={busy || saving}>
              Publish course
            </Button>
          )}
        </div>
      </header>

      <div className="mb-6 space-y-4 empty:hidden">
        {stale ? (
          <div role="alert" className="rounded-xl bg-amber-50 p-4 text-sm text-amber-950 ring-1 ring-amber-300 ring-inset">
            <div className="flex gap-3">
              <AlertTriangleIcon size={18} className="mt-0.5 shrink-0 text-amber-600" />
              <div className="min-w-0 flex-1 space-y-1">
                <p className="font-semibold">{ACTION_TITLES[stale.action]}: this course changed meanwhile</p>
                <p className="leading-6">
                  It was changed in another tab or window after you opened it, so nothing was overwritten.{" "}
                  {stale.reloaded !== null
                    ? `We've loaded the newest version: check it, then make your change again.${dirty ? " Your unsaved details are still in the form." : ""}`
                    : "Loading the newest version…"}
                </p>
              </div>
            </div>
          </div>
        ) : null}
        {failure ? <ActionError action={failure.action} error={failure.error} /> : null}
      </div>

      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <Card>
          <CardHeader
            title="Items"
            titleId="course-items-title"
            description={
              items.length
                ? `In the order learners take them. ${liveCount} of ${items.length} visible to learners.`
                : "In the order learners take them."
            }
            action={
              <Button ref={addRef} variant="secondary" size="sm" icon={<PlusIcon size={16} />} onClick={() => setDialog("add")} disabled={busy}>
                Add items
              </Button>
            }
          />
          {items.length ? (
            <div className="border-b border-slate-100 px-5 py-3 sm:px-6">
              <p className="flex items-start gap-2 text-sm text-slate-600">
                <EyeIcon size={16} className="mt-0.5 shrink-0 text-slate-400" />
                <span>
                  Learners only see approved items.{" "}
                  {hidden ? `${plural(hidden, "item is", "items are")} hidden until a reviewer approves them.` : "All of these are approved."}
                  {!published && liveCount === 0 ? " Publish the course once at least one item is approved." : ""}
                </span>
              </p>
            </div>
          ) : null}
          <CourseItems items={items} onMove={onMove} onRemove={onRemove} onAdd={() => setDialog("add")} addRef={addRef} disabled={busy} />
          <p className={cn("px-5 py-3 text-right text-xs sm:px-6", items.length ? "border-t border-slate-100" : "")}>
            <span aria-live="polite" className="text-slate-500">
              {saving ? "Saving the order…" : `Saved · ${plural(items.length, "item")}`}
            </span>
          </p>
          <p aria-live="polite" className="sr-only">
            {announcement}
          </p>
        </Card>

        <div className="space-y-6 lg:sticky lg:top-6">
          <Card>
            <form ref={formRef} onSubmit={onSaveDetails} noValidate aria-labelledby="course-details-title">
              <CardHeader title="Details" titleId="course-details-title" description="What learners read before they enrol." />
              <CardBody className="space-y-5">
                {detailsError ? (
                  <Alert tone="danger" role="alert" title="The details weren't saved">
                    {detailsError}
                  </Alert>
                ) : null}
                <CourseFields value={details} onChange={setDetails} errors={fieldErrors} onEdited={clearField} currentSubject={course.subject} />
              </CardBody>
              <div className="flex items-center justify-end gap-3 rounded-b-2xl border-t border-slate-100 bg-slate-50/60 px-5 py-3 sm:px-6">
                <p className={cn("mr-auto text-sm", dirty ? "font-medium text-amber-700" : "text-slate-500")} aria-live="polite">
                  {dirty ? "Unsaved changes" : "Saved"}
                </p>
                <Button type="submit" loading={update.isPending} disabled={!dirty || saving}>
                  Save details
                </Button>
              </div>
            </form>
          </Card>
          <Card>
            <div className="flex flex-col gap-3 p-5 sm:p-6">
              <div>
                <h2 className="text-base font-semibold text-slate-900">Delete this course</h2>
                <p className="mt-1 text-sm text-slate-500">Its items stay in your content. Enrolled learners lose the course.</p>
              </div>
              <Button variant="danger-soft" className="self-start" icon={<TrashIcon size={16} />} onClick={() => setDialog("delete")} disabled={busy || saving}>
                Delete course
              </Button>
            </div>
          </Card>
        </div>
      </div>

      <ItemPicker open={dialog === "add"} onClose={() => setDialog(null)} inCourse={new Set(ids)} room={MAX_ITEMS - ids.length} onAdd={onAdd} />
      <Modal
        open={dialog === "unpublish"}
        onClose={() => setDialog(null)}
        title={`Unpublish “${course.title}”?`}
        description={
          course.enrolments
            ? `Learners can't find or open it any more. The ${plural(course.enrolments, "enrolled learner")} keep their progress, and get the course back if you publish it again.`
            : "Learners can't find or open it any more. You can publish it again at any time."
        }
        footer={
          <>
            <Button variant="secondary" onClick={() => setDialog(null)}>
              Keep it published
            </Button>
            <Button loading={unpublish.isPending} onClick={onUnpublish}>
              Unpublish
            </Button>
          </>
        }
      />
      <Modal
        open={dialog === "delete"}
        onClose={() => setDialog(null)}
        size="sm"
        icon={
          <span className="flex size-10 items-center justify-center rounded-full bg-rose-50 text-rose-600">
            <TrashIcon size={20} />
          </span>
        }
        title={`Delete “${course.title}”?`}
        description={`This can't be undone. Its items stay in your content.${course.enrolments ? ` The ${plural(course.enrolments, "enrolled learner")} lose the course; what they completed stays done.` : ""}`}
        footer={
          <>
            <Button variant="secondary" onClick={() => setDialog(null)}>
              Keep the course
            </Button>
            <Button variant="danger" loading={remove.isPending} onClick={onDelete}>
              Delete course
            </Button>
          </>
        }
      />
      <Modal
        open={leaving.pending !== null}
        onClose={leaving.stay}
        size="sm"
        title="Leave without saving?"
        description="The course details you changed haven't been saved. If you leave now, the changes are lost."
        footer={
          <>
            <Button variant="secondary" onClick={leaving.stay}>
              Stay
            </Button>
            <Button variant="danger" onClick={leaving.leave}>
              Leave without saving
            </Button>
          </>
        }
      />
    </>
  );
}

/** The course builder: details, the ordered items, publishing. */
export default function EditCoursePage() {
  const { courseId = "" } = useParams();
  const course = useMentorCourse(courseId);
  useDocumentTitle(course.data ? course.data.title : "My courses");
  if (course.isPending) return <FormPageSkeleton label="Loading the course" columns="lg:grid-cols-[minmax(0,1fr)_22rem]" />;
  if (course.isError) {
    const missing = course.error instanceof ApiError && (course.error.status === 404 || course.error.status === 400 || course.error.status === 403);
    return (
      <>
        <Link to="/mentor/courses" className="mb-4 inline-flex items-center gap-1.5 text-sm font-medium text-slate-500 hover:text-slate-800">
          <ArrowLeftIcon size={16} /> My courses
        </Link>
        <Card>
          <ErrorState
            error={course.error}
            title={missing ? "This course doesn't exist, or it isn't yours" : "We couldn't load this course"}
            onRetry={missing ? undefined : () => void course.refetch()}
          />
        </Card>
      </>
    );
  }
  return <Builder key={course.data.id} course={course.data} />;
}
