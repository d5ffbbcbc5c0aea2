import { Link } from "react-router";
import type { MentorCourse } from "../../api/courses";
import { Button, ButtonLink } from "../../components/ui/Button";
import { ArrowLeftIcon, ClockIcon, EyeIcon, SendIcon, UsersIcon } from "../../components/ui/icons";
import { formatRelative } from "../../lib/format";
import { CourseStatusBadge } from "./CourseBits";
import { plural } from "./status";

export function BackToCourses() {
  return (
    <Link to="/mentor/courses" className="mb-4 inline-flex items-center gap-1.5 text-sm font-medium text-slate-500 hover:text-slate-800">
      <ArrowLeftIcon size={16} /> My courses
    </Link>
  );
}

/** The course's title and state, with publishing controls. */
export function EditCourseHeader({
  course,
  publishing,
  disabled,
  onPublish,
  onUnpublish,
}: {
  course: MentorCourse;
  publishing: boolean;
  disabled: boolean;
  onPublish: () => void;
  onUnpublish: () => void;
}) {
  return (
    <>
      <BackToCourses />
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
          {course.status === "published" ? (
            <>
              <ButtonLink to={`/courses/${course.id}`} variant="secondary" icon={<EyeIcon size={16} />}>
                View as learner
              </ButtonLink>
              <Button variant="secondary" onClick={onUnpublish} disabled={disabled}>
                Unpublish
              </Button>
            </>
          ) : (
            <Button icon={<SendIcon size={16} />} onClick={onPublish} loading={publishing} disabled={disabled}>
              Publish course
            </Button>
          )}
        </div>
      </header>
    </>
  );
}
