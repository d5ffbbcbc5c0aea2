import type { FormEvent, Ref } from "react";
import type { MentorCourse } from "../../api/courses";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { Card, CardBody, CardHeader } from "../../components/ui/Card";
import { cn } from "../../lib/cn";
import { CourseFields } from "./CourseFields";
import type { CourseDetails, CourseField } from "./details";

/** What learners read before they enrol, saved on its own. */
export function CourseDetailsForm({
  formRef,
  value,
  onChange,
  errors,
  onEdited,
  formError,
  currentSubject,
  dirty,
  saving,
  disabled,
  onSave,
}: {
  formRef: Ref<HTMLFormElement>;
  value: CourseDetails;
  onChange: (value: CourseDetails) => void;
  errors: Partial<Record<CourseField, string>>;
  onEdited: (field: CourseField) => void;
  formError: string | null;
  currentSubject: MentorCourse["subject"];
  dirty: boolean;
  saving: boolean;
  /** Another change to the course is on its way. */
  disabled: boolean;
  onSave: (event: FormEvent) => void;
}) {
  return (
    <Card>
      <form ref={formRef} onSubmit={onSave} noValidate aria-labelledby="course-details-title">
        <CardHeader title="Details" titleId="course-details-title" description="What learners read before they enrol." />
        <CardBody className="space-y-5">
          {formError ? (
            <Alert tone="danger" role="alert" title="The details weren't saved">
              {formError}
            </Alert>
          ) : null}
          <CourseFields value={value} onChange={onChange} errors={errors} onEdited={onEdited} currentSubject={currentSubject} />
        </CardBody>
        <div className="flex items-center justify-end gap-3 rounded-b-2xl border-t border-slate-100 bg-slate-50/60 px-5 py-3 sm:px-6">
          <p className={cn("mr-auto text-sm", dirty ? "font-medium text-amber-700" : "text-slate-500")} aria-live="polite">
            {dirty ? "Unsaved changes" : "Saved"}
          </p>
          <Button type="submit" loading={saving} disabled={!dirty || disabled}>
            Save details
          </Button>
        </div>
      </form>
    </Card>
  );
}
