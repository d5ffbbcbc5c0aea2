import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { useCreateCourse } from "../../api/courses";
import { Alert } from "../../components/ui/Alert";
import { Button, ButtonLink } from "../../components/ui/Button";
import { Card, CardBody, CardFooter } from "../../components/ui/Card";
import { ArrowLeftIcon } from "../../components/ui/icons";
import { PageHeader } from "../../components/ui/PageHeader";
import { useToast } from "../../components/ui/toast-context";
import { useDocumentTitle } from "../../lib/document-title";
import { useFormErrors } from "../../lib/use-form-errors";
import { CourseFields } from "./CourseFields";
import { cleanTitle, COURSE_FIELDS, detailsProblems, type CourseDetails } from "./details";
import { courseFormErrors } from "./errors";

/** Starts a course as a draft; items are added in the builder it opens next. */
export default function NewCoursePage() {
  useDocumentTitle("New course");
  const navigate = useNavigate();
  const toast = useToast();
  const create = useCreateCourse();
  const [details, setDetails] = useState<CourseDetails>({ title: "", description: "", subjectId: "" });
  const [formError, setFormError] = useState<string | null>(null);
  const { formRef, fieldErrors, check, clearField } = useFormErrors(COURSE_FIELDS);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (create.isPending) return;
    setFormError(null);
    if (!check(detailsProblems(details))) return;
    create.mutate(
      { title: cleanTitle(details.title), description: details.description.trim(), subject_id: details.subjectId || null, item_ids: [] },
      {
        onSuccess: (course) => {
          toast.success("Course created", "Now add the items learners will work through, in order.");
          void navigate(`/mentor/courses/${course.id}`, { replace: true });
        },
        onError: (error) => {
          const mapped = courseFormErrors(error, COURSE_FIELDS, "create");
          if (Object.keys(mapped.fields).length) check(mapped.fields);
          setFormError(mapped.form);
        },
      },
    );
  }

  return (
    <>
      <Link to="/mentor/courses" className="mb-4 inline-flex items-center gap-1.5 text-sm font-medium text-slate-500 hover:text-slate-800">
        <ArrowLeftIcon size={16} /> My courses
      </Link>
      <PageHeader title="New course" description="Give it a title learners will recognise. It stays a private draft until you publish it." />
      <Card className="max-w-2xl">
        <form ref={formRef} onSubmit={onSubmit} noValidate aria-label="New course">
          <CardBody className="space-y-5">
            {formError ? (
              <Alert tone="danger" role="alert" title="The course wasn't created">
                {formError}
              </Alert>
            ) : null}
            <CourseFields value={details} onChange={setDetails} errors={fieldErrors} onEdited={clearField} />
          </CardBody>
          <CardFooter>
            <ButtonLink to="/mentor/courses" variant="ghost">
              Cancel
            </ButtonLink>
            <Button type="submit" loading={create.isPending}>
              Create course
            </Button>
          </CardFooter>
        </form>
      </Card>
    </>
  );
}
