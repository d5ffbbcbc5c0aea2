import type { MentorCourse } from "../../api/courses";
import { Button } from "../../components/ui/Button";
import { Card } from "../../components/ui/Card";
import { TrashIcon } from "../../components/ui/icons";
import { Modal } from "../../components/ui/Modal";
import { plural } from "./status";

export function UnpublishDialog({ course, open, pending, onUnpublish, onClose }: { course: MentorCourse; open: boolean; pending: boolean; onUnpublish: () => void; onClose: () => void }) {
  return (
    <Modal
      open={open}
      onClose={onClose}
      title={`Unpublish “${course.title}”?`}
      description={
        course.enrolments
          ? `Learners can't find or open it any more. The ${plural(course.enrolments, "enrolled learner")} keep their progress, and get the course back if you publish it again.`
          : "Learners can't find or open it any more. You can publish it again at any time."
      }
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Keep it published
          </Button>
          <Button loading={pending} onClick={onUnpublish}>
            Unpublish
          </Button>
        </>
      }
    />
  );
}

export function DeleteDialog({ course, open, pending, onDelete, onClose }: { course: MentorCourse; open: boolean; pending: boolean; onDelete: () => void; onClose: () => void }) {
  return (
    <Modal
      open={open}
      onClose={onClose}
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
          <Button variant="secondary" onClick={onClose}>
            Keep the course
          </Button>
          <Button variant="danger" loading={pending} onClick={onDelete}>
            Delete course
          </Button>
        </>
      }
    />
  );
}

/** The card that deletes the course, kept apart from the everyday controls. */
export function DeleteCourseCard({ onDelete, disabled }: { onDelete: () => void; disabled: boolean }) {
  return (
    <Card>
      <div className="flex flex-col gap-3 p-5 sm:p-6">
        <div>
          <h2 className="text-base font-semibold text-slate-900">Delete this course</h2>
          <p className="mt-1 text-sm text-slate-500">Its items stay in your content. Enrolled learners lose the course.</p>
        </div>
        <Button variant="danger-soft" className="self-start" icon={<TrashIcon size={16} />} onClick={onDelete} disabled={disabled}>
          Delete course
        </Button>
      </div>
    </Card>
  );
}
