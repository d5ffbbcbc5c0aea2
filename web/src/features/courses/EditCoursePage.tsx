import { useRef, useState, type FormEvent } from "react";
import { useNavigate, useParams } from "react-router";
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
import { Card } from "../../components/ui/Card";
import { FormPageSkeleton } from "../../components/ui/Skeleton";
import { ErrorState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { topicIndex } from "../../lib/catalog";
import { useDocumentTitle } from "../../lib/document-title";
import { useFormErrors } from "../../lib/use-form-errors";
import { LeaveDialog } from "../editor/LeaveDialog";
import { isConcurrentModification, useVersionedDraft } from "../editor/use-versioned-draft";
import { CourseDetailsForm } from "./CourseDetailsForm";
import { DeleteCourseCard, DeleteDialog, UnpublishDialog } from "./CourseDialogs";
import { CourseItemsCard } from "./CourseItemsCard";
import { ActionError, StaleNotice } from "./CourseNotices";
import { cleanTitle, COURSE_FIELDS, detailsOf, detailsProblems, sameDetails, type CourseDetails } from "./details";
import { fromSummary, moved } from "./item-order";
import { BackToCourses, EditCourseHeader } from "./EditCourseHeader";
import { courseFormErrors, type CourseAction } from "./errors";
import { ItemPicker } from "./ItemPicker";
import { plural } from "./status";

const MAX_ITEMS = 200;

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

  const editing = useVersionedDraft<CourseDetails, { action: CourseAction; reloaded: number | null }>({
    initial: detailsOf(course),
    version: course.version,
    same: sameDetails,
    saving: update.isPending,
  });
  const { value: details, dirty, conflict: stale } = editing;
  const [order, setOrder] = useState<string[] | null>(null);
  const [picked, setPicked] = useState<Map<string, MentorCourseItem>>(new Map());
  const [announcement, setAnnouncement] = useState("");
  const [failure, setFailure] = useState<{ action: CourseAction; error: unknown } | null>(null);
  const [dialog, setDialog] = useState<"add" | "unpublish" | "delete" | null>(null);
  const { formRef, fieldErrors, check, clearField } = useFormErrors(COURSE_FIELDS);
  const [detailsError, setDetailsError] = useState<string | null>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  // Item changes go out one at a time, each on the version the previous one produced.
  const wanted = useRef<string[] | null>(null);
  const sending = useRef(false);

  const known = new Map(course.items.map((item) => [item.item_id, item]));
  const items = order ? order.flatMap((id) => known.get(id) ?? picked.get(id) ?? []) : course.items;
  const ids = items.map((item) => item.item_id);
  const busy = publish.isPending || unpublish.isPending || remove.isPending || update.isPending;
  const saving = setItems.isPending;
  const liveCount = order ? items.filter((item) => item.live).length : course.live_item_count;

  /**
   * The newest version this page knows of: what the next change is based on. Item changes move
   * it on too, so it comes from the cached course rather than from the details draft.
   */
  function currentVersion(): number {
    return queryClient.getQueryData<MentorCourse>(courseKeys.mentorDetail(course.id))?.version ?? course.version;
  }

  function failed(action: CourseAction, error: unknown) {
    if (editing.catchConflict(error, { action, reloaded: null })) {
      setFailure(null);
      // Fetch what the server has now; the author's unsaved details stay in the form.
      reload(course.id)
        .then((next) => {
          setOrder(null);
          editing.updateConflict({ action, reloaded: next.version });
          editing.rebase(detailsOf(next), next.version);
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
    editing.clearConflict();
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
          editing.adopt(detailsOf(next), next.version);
          toast.success("Details saved");
        },
        onError: (error) => {
          if (isConcurrentModification(error)) {
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
        editing.clearConflict();
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
        editing.clearConflict();
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

  return (
    <>
      <EditCourseHeader course={course} publishing={publish.isPending} disabled={busy || saving} onPublish={onPublish} onUnpublish={() => setDialog("unpublish")} />

      <div className="mb-6 space-y-4 empty:hidden">
        {stale ? <StaleNotice action={stale.meta.action} reloaded={stale.meta.reloaded} dirty={dirty} /> : null}
        {failure ? <ActionError action={failure.action} error={failure.error} /> : null}
      </div>

      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <CourseItemsCard
          items={items}
          liveCount={liveCount}
          published={course.status === "published"}
          saving={saving}
          announcement={announcement}
          disabled={busy}
          addRef={addRef}
          onMove={onMove}
          onRemove={onRemove}
          onAdd={() => setDialog("add")}
        />

        <div className="space-y-6 lg:sticky lg:top-6">
          <CourseDetailsForm
            formRef={formRef}
            value={details}
            onChange={editing.setValue}
            errors={fieldErrors}
            onEdited={clearField}
            formError={detailsError}
            currentSubject={course.subject}
            dirty={dirty}
            saving={update.isPending}
            disabled={saving}
            onSave={onSaveDetails}
          />
          <DeleteCourseCard onDelete={() => setDialog("delete")} disabled={busy || saving} />
        </div>
      </div>

      <ItemPicker open={dialog === "add"} onClose={() => setDialog(null)} inCourse={new Set(ids)} room={MAX_ITEMS - ids.length} onAdd={onAdd} />
      <UnpublishDialog course={course} open={dialog === "unpublish"} pending={unpublish.isPending} onUnpublish={onUnpublish} onClose={() => setDialog(null)} />
      <DeleteDialog course={course} open={dialog === "delete"} pending={remove.isPending} onDelete={onDelete} onClose={() => setDialog(null)} />
      <LeaveDialog leaving={editing.leaving} description="The course details you changed haven't been saved. If you leave now, the changes are lost." />
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
        <BackToCourses />
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
