import { useCatalog } from "../../api/marketplace";
import { SelectField, TextAreaField, TextField } from "../../components/ui/Field";
import { sortedSubjects } from "../../lib/catalog";
import { MAX_DESCRIPTION, MAX_TITLE, type CourseDetails, type CourseField } from "./details";

interface CourseFieldsProps {
  value: CourseDetails;
  onChange: (value: CourseDetails) => void;
  errors: Partial<Record<CourseField, string>>;
  onEdited: (field: CourseField) => void;
  disabled?: boolean;
  /** The subject the course has now, named even before the catalog loads. */
  currentSubject?: { id: string; name: string } | null;
}

/** Title, description and subject of a course: the same on "New course" and in the builder. */
export function CourseFields({ value, onChange, errors, onEdited, disabled = false, currentSubject }: CourseFieldsProps) {
  const catalog = useCatalog();
  const subjects = sortedSubjects(catalog.data);
  // The chosen subject stays selectable while the catalog loads, or once it left the catalog.
  const missing = value.subjectId !== "" && !subjects.some((subject) => subject.id === value.subjectId);
  const missingName = currentSubject?.id === value.subjectId ? currentSubject.name : "A subject no longer in the catalog";
  return (
    <div className="space-y-5">
      <TextField
        label="Title"
        required
        maxLength={MAX_TITLE}
        value={value.title}
        disabled={disabled}
        error={errors.title}
        placeholder="e.g. Newton's laws, step by step"
        onChange={(event) => {
          onChange({ ...value, title: event.target.value });
          onEdited("title");
        }}
      />
      <TextAreaField
        label="Description"
        optional
        rows={4}
        maxLength={MAX_DESCRIPTION}
        value={value.description}
        disabled={disabled}
        error={errors.description}
        hint="What learners will be able to do at the end, and who the course is for."
        onChange={(event) => {
          onChange({ ...value, description: event.target.value });
          onEdited("description");
        }}
      />
      <SelectField
        label="Subject"
        optional
        value={value.subjectId}
        disabled={disabled}
        error={errors.subject_id}
        hint="Learners can filter courses by subject."
        onChange={(event) => {
          onChange({ ...value, subjectId: event.target.value });
          onEdited("subject_id");
        }}
      >
        <option value="">No subject</option>
        {missing ? <option value={value.subjectId}>{missingName}</option> : null}
        {subjects.map((subject) => (
          <option key={subject.id} value={subject.id}>
            {subject.name}
          </option>
        ))}
      </SelectField>
    </div>
  );
}
