/** What a lesson page shows when it was opened from a course (`?course=<id>`): where the item
 * sits in the course, the way to the previous and next item, and marking it done. */
import { useState, type ReactNode } from "react";
import { Link } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { courseKeys, useCompletion, useCourse, type LearnerCourse, type LearnerCourseItem } from "../../api/courses";
import { useCatalog } from "../../api/marketplace";
import { Button, ButtonLink } from "../../components/ui/Button";
import { ArrowLeftIcon, ArrowRightIcon, CheckCircleIcon, CheckIcon, LibraryIcon } from "../../components/ui/icons";
import { Skeleton } from "../../components/ui/Skeleton";
import { useToast } from "../../components/ui/toast-context";
import { cn } from "../../lib/cn";
import { errorMessage } from "../../lib/error-messages";
import { kindLabel } from "../content/kinds";
import { progressText } from "./status";
import { courseItemPath } from "./paths";

interface Place {
  course: LearnerCourse;
  index: number;
  previous: LearnerCourseItem | undefined;
  next: LearnerCourseItem | undefined;
  path: (item: LearnerCourseItem) => string;
}

/** The item's place in the course, once the course is loaded and holds the item. */
function useCoursePlace(courseId: string, itemId: string) {
  const course = useCourse(courseId);
  const catalog = useCatalog();
  const data = course.data;
  const index = data ? data.items.findIndex((item) => item.item_id === itemId) : -1;
  const place: Place | null =
    data && index >= 0
      ? {
          course: data,
          index,
          previous: data.items[index - 1],
          next: data.items[index + 1],
          path: (item) => courseItemPath(catalog.data, data.id, item, data.subject?.slug),
        }
      : null;
  return { query: course, place };
}

/** A compact bar above the lesson: the course, "Item 3 of 8", previous and next. */
export function CourseBar({ courseId, itemId }: { courseId: string; itemId: string }) {
  const { query, place } = useCoursePlace(courseId, itemId);
  const frame = "mb-6 flex items-center gap-3 rounded-2xl bg-white px-4 py-3 shadow-xs ring-1 ring-slate-200/80 sm:px-5";
  if (query.isPending) {
    return (
      <div className={frame} role="status" aria-label="Loading the course">
        <Skeleton className="size-9 rounded-lg" />
        <div className="flex-1 space-y-2">
          <Skeleton className="h-4 w-48" />
          <Skeleton className="h-3 w-24" />
        </div>
      </div>
    );
  }
  if (query.isError) return null;
  if (!place) {
    return (
      <div className={cn(frame, "text-sm text-slate-600")} role="note">
        <LibraryIcon size={18} className="shrink-0 text-slate-400" />
        <p className="min-w-0 flex-1">
          This item isn't part of{" "}
          <Link to={`/courses/${query.data.id}`} className="font-medium text-slate-800 hover:text-brand-700">
            {query.data.title}
          </Link>{" "}
          any more.
        </p>
      </div>
    );
  }
  const { course, index, previous, next, path } = place;
  return (
    <nav aria-label="Course" className={frame}>
      <span className="hidden size-9 shrink-0 items-center justify-center rounded-lg bg-brand-50 text-brand-600 ring-1 ring-brand-100 sm:flex">
        <LibraryIcon size={18} />
      </span>
      <div className="min-w-0 flex-1">
        <Link to={`/courses/${course.id}`} className="block truncate text-sm font-semibold text-slate-900 hover:text-brand-700">
          {course.title}
        </Link>
        <p className="text-xs text-slate-500">
          Item {index + 1} of {course.items.length}
          <span aria-hidden="true"> · </span>
          <span className="sr-only">, </span>
          {progressText(course.progress)}
        </p>
      </div>
      <div className="flex shrink-0 items-center gap-1">
        {previous ? (
          <ButtonLink to={path(previous)} variant="ghost" size="sm" className="w-9 px-0" aria-label={`Previous in the course: ${previous.title}`} title="Previous" icon={<ArrowLeftIcon size={16} />} />
        ) : (
          <span aria-hidden="true" className="inline-flex size-8 w-9 items-center justify-center text-slate-300">
            <ArrowLeftIcon size={16} />
          </span>
        )}
        {next ? (
          <ButtonLink to={path(next)} variant="ghost" size="sm" className="w-9 px-0" aria-label={`Next in the course: ${next.title}`} title="Next" icon={<ArrowRightIcon size={16} />} />
        ) : (
          <span aria-hidden="true" className="inline-flex size-8 w-9 items-center justify-center text-slate-300">
            <ArrowRightIcon size={16} />
          </span>
        )}
      </div>
    </nav>
  );
}

/** Below the lesson: the previous and next items of the course, or `fallback` without one. */
export function CourseNeighbours({ courseId, itemId, fallback }: { courseId: string; itemId: string; fallback: ReactNode }) {
  const { query, place } = useCoursePlace(courseId, itemId);
  if (query.isPending) return null;
  if (!place) return <>{fallback}</>;
  const { course, previous, next, path } = place;
  const link = "group flex min-w-0 flex-1 flex-col gap-1 rounded-2xl bg-white p-4 shadow-xs ring-1 ring-slate-200/80 transition hover:shadow-md hover:ring-slate-300 sm:p-5";
  return (
    <nav aria-label="More in this course" className="mt-8 flex flex-col gap-3 sm:flex-row">
      {previous ? (
        <Link to={path(previous)} className={link}>
          <span className="inline-flex items-center gap-1.5 text-xs font-medium text-slate-500">
            <ArrowLeftIcon size={14} /> Previous · {kindLabel(previous.kind)}
          </span>
          <span className="truncate font-medium text-slate-900 group-hover:text-brand-700">{previous.title}</span>
        </Link>
      ) : (
        <span className="hidden flex-1 sm:block" />
      )}
      {next ? (
        <Link to={path(next)} className={`${link} sm:items-end sm:text-right`}>
          <span className="inline-flex items-center gap-1.5 text-xs font-medium text-slate-500">
            Next · {kindLabel(next.kind)} <ArrowRightIcon size={14} />
          </span>
          <span className="max-w-full truncate font-medium text-slate-900 group-hover:text-brand-700">{next.title}</span>
        </Link>
      ) : (
        <Link to={`/courses/${course.id}`} className={`${link} sm:items-end sm:text-right`}>
          <span className="inline-flex items-center gap-1.5 text-xs font-medium text-slate-500">
            End of the course <ArrowRightIcon size={14} />
          </span>
          <span className="max-w-full truncate font-medium text-slate-900 group-hover:text-brand-700">Back to {course.title}</span>
        </Link>
      )}
    </nav>
  );
}

/** Whether I have done the item, as far as any course loaded in this session says. */
function knownCompletion(courses: Array<[unknown, LearnerCourse | undefined]>, itemId: string): boolean | undefined {
  for (const [, course] of courses) {
    const item = course?.items.find((entry) => entry.item_id === itemId);
    if (item) return item.completed;
  }
  return undefined;
}

/**
 * "Mark as done" for notes and simulations (questions are done once answered correctly). The
 * state comes from the course the page was opened from, or any course loaded before.
 */
export function CompletionToggle({ itemId, kind, courseId }: { itemId: string; kind: string; courseId: string }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const course = useCourse(courseId, courseId !== "");
  const completion = useCompletion(itemId);
  const [local, setLocal] = useState<boolean | null>(null);
  const [message, setMessage] = useState("");
  const fromCourse = course.data?.items.find((item) => item.item_id === itemId)?.completed;
  const done = local ?? fromCourse ?? knownCompletion(queryClient.getQueriesData<LearnerCourse>({ queryKey: courseKeys.details }), itemId) ?? false;

  if (kind === "question") {
    if (!courseId) return null;
    return (
      <p className="mt-8 flex items-center gap-2 border-t border-slate-100 pt-6 text-sm text-slate-600">
        {fromCourse ? (
          <>
            <CheckCircleIcon size={18} className="shrink-0 text-emerald-600" />
            <span>
              <span className="font-medium text-emerald-800">Done.</span> You answered this question correctly.
            </span>
          </>
        ) : (
          <>
            <CheckIcon size={18} className="shrink-0 text-slate-400" />
            <span>A question counts as done once you answer it correctly.</span>
          </>
        )}
      </p>
    );
  }
  if (kind !== "note" && kind !== "simulation") return null;

  function toggle() {
    if (completion.isPending) return;
    const wanted = !done;
    completion.mutate(wanted, {
      onSuccess: () => {
        setLocal(wanted);
        setMessage(wanted ? "Marked as done." : "No longer marked as done.");
      },
      onError: (error) => toast.error(wanted ? "We couldn't mark it as done" : "We couldn't undo it", errorMessage(error)),
    });
  }

  return (
    <div className="mt-8 flex flex-col gap-3 border-t border-slate-100 pt-6 sm:flex-row sm:items-center sm:justify-between">
      <p className="text-sm text-slate-600">
        {done ? (kind === "note" ? "You've read this note." : "You've explored this simulation.") : kind === "note" ? "Finished reading?" : "Finished exploring?"}
        {courseId ? " It counts towards your course progress." : ""}
      </p>
      {done ? (
        <Button variant="subtle" onClick={toggle} loading={completion.isPending} icon={<CheckCircleIcon size={16} />} title="Click to undo">
          Done <span className="text-xs font-normal text-brand-600/80">(undo)</span>
        </Button>
      ) : (
        <Button variant="secondary" onClick={toggle} loading={completion.isPending} icon={<CheckIcon size={16} />}>
          Mark as done
        </Button>
      )}
      <p aria-live="polite" className="sr-only">
        {message}
      </p>
    </div>
  );
}
