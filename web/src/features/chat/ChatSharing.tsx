import { useId, useState, type FormEvent } from "react";
import { Link } from "react-router";
import type { BookedSession } from "../../api/bookings";
import { useChatSharing, useChooseSharingName, useShareChatInForum } from "../../api/chat";
import { useForumCategories } from "../../api/forum";
import { Button } from "../../components/ui/Button";
import { SelectField, TextField } from "../../components/ui/Field";
import { errorMessage } from "../../lib/error-messages";
import { useFormErrors } from "../../lib/use-form-errors";

/**
 * After a session: the student chooses whether a forum thread made from the chat names them,
 * and the mentor turns the conversation into a thread other learners can read.
 */
export function ChatSharing({ session, role, hasMessages }: { session: BookedSession; role: "student" | "mentor"; hasMessages: boolean }) {
  const sharing = useChatSharing(session.id);
  const choose = useChooseSharingName(session.id);
  const [sharingOpen, setSharingOpen] = useState(false);
  const ids = { shown: useId() };

  if (!sharing.data) return null;
  const state = sharing.data;
  if (state.shared && state.thread_id) {
    return (
      <p className="text-sm text-slate-600">
        {role === "mentor" ? "You shared this conversation in the forum." : "Your mentor shared this conversation in the forum."}{" "}
        <Link className="font-medium text-brand-700 hover:underline" to={`/forum/t/${state.thread_id}`}>
          Open the thread
        </Link>
      </p>
    );
  }
  if (role === "student") {
    return (
      <div className="flex items-start gap-2 text-sm text-slate-700">
        <input
          id={ids.shown}
          type="checkbox"
          className="mt-0.5 size-4 rounded border-slate-300 text-brand-600 focus:ring-brand-600"
          checked={choose.isPending ? !!choose.variables : state.student_name_shown}
          disabled={choose.isPending}
          onChange={(event) => choose.mutate(event.target.checked)}
        />
        <label htmlFor={ids.shown}>
          If {session.mentor_name} shares this conversation in the forum, show my name
          <span className="block text-xs text-slate-500">Otherwise you appear as “The student”. Names typed inside messages are shared as written.</span>
          {choose.isError ? (
            <span role="alert" className="block text-xs text-rose-600">
              {errorMessage(choose.error)}
            </span>
          ) : null}
        </label>
      </div>
    );
  }
  if (!hasMessages) return null;
  return sharingOpen ? (
    <ShareForm session={session} studentNamed={state.student_name_shown} onCancel={() => setSharingOpen(false)} />
  ) : (
    <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600">
      <span>Helpful for others? Share the conversation as a forum thread.</span>
      <Button variant="secondary" size="sm" onClick={() => setSharingOpen(true)}>
        Share in the forum
      </Button>
    </div>
  );
}

const SHARE_FIELDS = ["title", "category"] as const;

function ShareForm({ session, studentNamed, onCancel }: { session: BookedSession; studentNamed: boolean; onCancel: () => void }) {
  const categories = useForumCategories();
  const share = useShareChatInForum(session.id);
  const [title, setTitle] = useState("");
  const [category, setCategory] = useState("");
  const errors = useFormErrors(SHARE_FIELDS);
  const { formRef } = errors;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const valid = errors.check({
      title: title.trim().length < 5 ? "Use 5 to 150 characters." : null,
      category: category ? null : "Choose where the thread goes.",
    });
    if (valid) share.mutate({ title: title.trim(), category }, { onError: errors.fromApi });
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-3" aria-label="Share in the forum">
      <TextField
        label="Thread title"
        value={title}
        onChange={(event) => {
          setTitle(event.target.value);
          errors.clearField("title");
        }}
        maxLength={150}
        error={errors.fieldErrors.title}
      />
      <SelectField
        label="Category"
        value={category}
        onChange={(event) => {
          setCategory(event.target.value);
          errors.clearField("category");
        }}
        error={errors.fieldErrors.category}
        disabled={categories.isPending}
      >
        <option value="">Choose a category</option>
        {(categories.data ?? []).map((c) => (
          <option key={c.id} value={c.slug}>
            {c.name}
          </option>
        ))}
      </SelectField>
      <p className="text-xs text-slate-500">
        The thread shows every message as written, with formulas; attachments are listed by name only. The student appears{" "}
        {studentNamed ? `as ${session.student_name}, as they chose` : "as “The student”"}.
      </p>
      {errors.formError ? (
        <p role="alert" className="text-sm text-rose-600">
          {errors.formError}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" size="sm" loading={share.isPending}>
          Share
        </Button>
        <Button variant="secondary" size="sm" onClick={onCancel} disabled={share.isPending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
