import { useState, type FormEvent } from "react";
import { useSetSessionDetails, type BookedSession } from "../../api/bookings";
import { ApiError } from "../../api/errors";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { Card, CardBody, CardHeader } from "../../components/ui/Card";
import { TextAreaField, TextField } from "../../components/ui/Field";
import { useToast } from "../../components/ui/toast-context";
import { errorMessage } from "../../lib/error-messages";

function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fields[field] : undefined;
}

/** The mentor's video room link and notes for the student, editable until the session starts. */
export function MeetingDetails({ session }: { session: BookedSession }) {
  const save = useSetSessionDetails(session.id);
  const toast = useToast();
  const [link, setLink] = useState(session.meeting_url);
  const [notes, setNotes] = useState(session.notes);
  const [invalid, setInvalid] = useState<string | undefined>();
  const changed = link.trim() !== session.meeting_url || notes.trim() !== session.notes;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const url = link.trim();
    if (url && !url.startsWith("https://")) {
      setInvalid("Give an https:// link to your video room.");
      return;
    }
    setInvalid(undefined);
    save.mutate({ meeting_url: url, notes: notes.trim() }, { onSuccess: () => toast.success("Meeting details saved") });
  };

  return (
    <Card className="mt-6">
      <CardHeader title="Meeting details" description="Your student sees these on this page and can join from here." />
      <CardBody>
        <form onSubmit={submit} noValidate className="space-y-4">
          <TextField
            label="Video room link"
            type="url"
            inputMode="url"
            placeholder="https://meet.example.org/your-room"
            value={link}
            maxLength={500}
            onChange={(event) => {
              setLink(event.target.value);
              setInvalid(undefined);
            }}
            error={invalid ?? fieldError(save.error, "meeting_url")}
            optional
          />
          <TextAreaField
            label="Notes for your student"
            hint="What to prepare or bring."
            value={notes}
            maxLength={4000}
            onChange={(event) => setNotes(event.target.value)}
            error={fieldError(save.error, "notes")}
            optional
          />
          {save.isError && !fieldError(save.error, "meeting_url") && !fieldError(save.error, "notes") ? (
            <Alert tone="danger" role="alert" title="We couldn't save them">
              {errorMessage(save.error)}
            </Alert>
          ) : null}
          <Button type="submit" size="sm" loading={save.isPending} disabled={!changed}>
            Save meeting details
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
