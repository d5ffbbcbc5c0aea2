import { useState } from "react";
import { Button } from "../../components/ui/Button";
import { TextField } from "../../components/ui/Field";
import { RichTextField } from "../editor/RichTextField";
import type { ContentErrors, ContentField, Draft } from "./drafts";
import { MAX_TITLE } from "./drafts";
import { QuestionFields } from "./QuestionFields";
import { checkSimulationUrl, SIMULATION_HOSTS } from "../content/simulation";
import { SimulationPreview } from "./SimulationPreview";
import { useDebounced } from "./use-debounced";
import { Alert } from "../../components/ui/Alert";
import { notesFieldApi, videoFieldApi } from "../media/bindings";
import { NotesUploadField } from "../media/NotesUploadField";
import { VideoUploadField } from "../media/VideoUploadField";

export interface ContentFieldsProps {
  title: string;
  onTitle: (title: string) => void;
  draft: Draft;
  onDraft: (draft: Draft) => void;
  errors: ContentErrors;
  /** Clears a field's error once the author changes it. */
  onEdited: (field: ContentField) => void;
  disabled?: boolean;
}

function SimulationFields({ draft, onDraft, errors, onEdited, disabled, itemTitle }: Omit<ContentFieldsProps, "title" | "onTitle" | "draft"> & { draft: Extract<Draft, { kind: "simulation" }>; itemTitle: string }) {
  const [touched, setTouched] = useState(false);
  const check = checkSimulationUrl(draft.url);
  const localError = touched && draft.url.trim() && !check.ok ? check.message : undefined;
  const urlError = errors["body.url"] ?? localError;
  const suggestion = !check.ok ? check.suggestion : undefined;
  const previewUrl = useDebounced(draft.url, 600);
  return (
    <div className="space-y-6">
      <div className="grid gap-5 md:grid-cols-2">
        <div className="space-y-2">
          <TextField
            label="Simulation address"
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder="https://phet.colorado.edu/sims/html/…"
            value={draft.url}
            disabled={disabled}
            error={urlError}
            hint={`From ${SIMULATION_HOSTS.join(", ")}. Use the simulation's embed or full-screen address.`}
            onBlur={() => setTouched(true)}
            onChange={(event) => {
              onDraft({ ...draft, url: event.target.value });
              onEdited("body.url");
            }}
          />
          {suggestion && urlError ? (
            <Button
              variant="subtle"
              size="sm"
              onClick={() => {
                onDraft({ ...draft, url: suggestion });
                onEdited("body.url");
              }}
            >
              Use {suggestion.length > 60 ? `${suggestion.slice(0, 57)}…` : suggestion}
            </Button>
          ) : null}
        </div>
        <TextField
          label="Name for screen readers"
          optional
          maxLength={MAX_TITLE}
          placeholder={itemTitle ? `e.g. ${itemTitle} (simulation)` : "e.g. PhET: Projectile motion"}
          value={draft.title}
          disabled={disabled}
          error={errors["body.title"]}
          hint="Announced when a screen-reader user reaches the simulation. Leave empty to use the title."
          onChange={(event) => {
            onDraft({ ...draft, title: event.target.value });
            onEdited("body.title");
          }}
        />
      </div>
      <section aria-label="Preview" className="space-y-2">
        <h3 className="text-sm font-medium text-slate-800">Preview</h3>
        <SimulationPreview url={previewUrl} title={draft.title || itemTitle} />
      </section>
    </div>
  );
}

/** The server's reason a media field's value was refused (e.g. a video that isn't the author's). */
function FieldProblem({ message }: { message: string | undefined }) {
  return message ? (
    <Alert tone="danger" role="alert">
      {message}
    </Alert>
  ) : null;
}

function VideoFields({ draft, onDraft, errors, onEdited, disabled }: Omit<ContentFieldsProps, "title" | "onTitle" | "draft"> & { draft: Extract<Draft, { kind: "video" }> }) {
  return (
    <section aria-label="Video" className="space-y-3">
      <FieldProblem message={errors["body.video_id"] ?? errors["body.chapters"]} />
      <VideoUploadField
        value={{ video_id: draft.video_id, chapters: draft.chapters }}
        api={videoFieldApi}
        disabled={disabled}
        onChange={(value) => {
          onDraft({ kind: "video", video_id: value.video_id, chapters: value.chapters });
          onEdited("body.video_id");
          onEdited("body.chapters");
        }}
      />
    </section>
  );
}

function NotesFields({ draft, onDraft, errors, onEdited, disabled }: Omit<ContentFieldsProps, "title" | "onTitle" | "draft"> & { draft: Extract<Draft, { kind: "handwritten" }> }) {
  return (
    <section aria-label="Handwritten notes" className="space-y-3">
      <FieldProblem message={errors["body.document_id"]} />
      <NotesUploadField
        documentId={draft.document_id}
        api={notesFieldApi}
        disabled={disabled}
        onChange={(documentId) => {
          onDraft({ kind: "handwritten", document_id: documentId });
          onEdited("body.document_id");
        }}
      />
    </section>
  );
}

/** Title plus the fields of the item's kind. */
export function ContentFields({ title, onTitle, draft, onDraft, errors, onEdited, disabled = false }: ContentFieldsProps) {
  return (
    <div className="space-y-6">
      <TextField
        label="Title"
        maxLength={MAX_TITLE}
        value={title}
        disabled={disabled}
        error={errors.title}
        placeholder={draft.kind === "question" ? "e.g. Acceleration due to gravity" : draft.kind === "simulation" ? "e.g. Explore projectile motion" : draft.kind === "video" ? "e.g. Solving quadratic equations, step by step" : "e.g. Newton's second law"}
        hint={draft.kind === "question" ? "For your own lists and for reviewers; learners see the question itself." : "Learners see it above the content."}
        onChange={(event) => {
          onTitle(event.target.value);
          onEdited("title");
        }}
      />
      {draft.kind === "note" ? (
        <RichTextField
          label="Lesson text"
          value={draft.html}
          disabled={disabled}
          documentName={title}
          placeholder="Start writing, or import a Markdown file…"
          error={errors["body.html"]}
          onChange={(html) => {
            onDraft({ kind: "note", html });
            onEdited("body.html");
          }}
        />
      ) : null}
      {draft.kind === "question" ? (
        <QuestionFields value={draft.question} onChange={(question) => onDraft({ kind: "question", question })} errors={errors} onEdited={onEdited} disabled={disabled} />
      ) : null}
      {draft.kind === "video" ? <VideoFields draft={draft} onDraft={onDraft} errors={errors} onEdited={onEdited} disabled={disabled} /> : null}
      {draft.kind === "handwritten" ? <NotesFields draft={draft} onDraft={onDraft} errors={errors} onEdited={onEdited} disabled={disabled} /> : null}
      {draft.kind === "simulation" ? <SimulationFields draft={draft} onDraft={onDraft} errors={errors} onEdited={onEdited} disabled={disabled} itemTitle={title} /> : null}
    </div>
  );
}
