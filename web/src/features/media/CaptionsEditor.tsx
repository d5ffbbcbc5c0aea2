/**
 * Caption tracks of a video: the list with a remove button each, and a form that uploads a
 * WebVTT file with its language and label.
 *
 * Props:
 * - `captions`: the video's captions (`Video.captions`).
 * - `addCaption({file, language, label})`: `POST /api/v1/videos/{id}/captions` (multipart form),
 *   resolves with the new Caption; `removeCaption(id)`: `DELETE .../captions/{caption_id}`.
 * - `onChanged()`: after either, e.g. to refetch the video.
 */
import { useState } from "react";
import { Button } from "../../components/ui/Button";
import { SelectField, TextField } from "../../components/ui/Field";
import { FileDrop } from "../../components/ui/FileDrop";
import { IconButton } from "../../components/ui/IconButton";
import { FileTextIcon, TrashIcon } from "../../components/ui/icons";
import { Alert } from "../../components/ui/Alert";
import { errorMessage } from "../../lib/error-messages";
import { LANGUAGE_CODES, languageName } from "../../lib/languages";
import type { Caption } from "./contract";
import { captionFileProblem } from "./media-files";

export interface CaptionInput {
  file: File;
  language: string;
  label: string;
}

export interface CaptionsEditorProps {
  captions: Caption[];
  addCaption: (input: CaptionInput) => Promise<Caption>;
  removeCaption: (captionId: string) => Promise<void>;
  onChanged?: () => void;
  disabled?: boolean;
}

export function CaptionsEditor({ captions, addCaption, removeCaption, onChanged, disabled = false }: CaptionsEditorProps) {
  const [file, setFile] = useState<File | null>(null);
  const [language, setLanguage] = useState("en");
  const [label, setLabel] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    if (!file) {
      setProblem("Choose a .vtt file first.");
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await addCaption({ file, language, label: label.trim() || languageName(language) });
      setFile(null);
      setLabel("");
      onChanged?.();
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  async function remove(caption: Caption) {
    setProblem(null);
    try {
      await removeCaption(caption.id);
      onChanged?.();
    } catch (error) {
      setProblem(errorMessage(error));
    }
  }

  return (
    <section className="space-y-3" aria-label="Captions">
      <h3 className="text-sm font-medium text-slate-800">Captions</h3>
      {captions.length ? (
        <ul className="divide-y divide-slate-100 rounded-xl ring-1 ring-slate-200">
          {captions.map((caption) => (
            <li key={caption.id} className="flex items-center gap-3 px-3 py-2 text-sm">
              <FileTextIcon size={16} className="text-slate-400" />
              <span className="flex-1 text-slate-800">
                {caption.label} <span className="text-slate-500">({caption.language})</span>
              </span>
              <IconButton label={`Remove captions ${caption.label}`} danger disabled={disabled} onClick={() => void remove(caption)}>
                <TrashIcon size={16} />
              </IconButton>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-500">No captions yet. Captions help everyone follow, and their words become searchable.</p>
      )}
      {/* Not a <form>: the field sits inside the item editor's form, and a nested form's submit
          event would reach the editor's handler too. Enter in a field adds the captions. */}
      <div
        role="group"
        aria-label="New captions"
        className="grid gap-3 sm:grid-cols-[1fr_10rem_12rem_auto] sm:items-end"
        onKeyDown={(event) => {
          if (event.key === "Enter" && event.target instanceof HTMLInputElement && event.target.type !== "file") {
            event.preventDefault();
            void submit();
          }
        }}
      >
        <FileDrop
          compact
          label="Captions file"
          accept=".vtt,text/vtt"
          disabled={disabled || busy}
          prompt={file ? file.name : undefined}
          hint="WebVTT (.vtt), up to 1 MB"
          onFiles={([picked]) => {
            if (!picked) return;
            const why = captionFileProblem(picked);
            setProblem(why);
            setFile(why ? null : picked);
          }}
        />
        <SelectField label="Language" value={language} onChange={(event) => setLanguage(event.target.value)} disabled={disabled || busy}>
          {LANGUAGE_CODES.map((code) => (
            <option key={code} value={code}>
              {languageName(code)}
            </option>
          ))}
        </SelectField>
        <TextField label="Label" placeholder={languageName(language)} value={label} maxLength={80} onChange={(event) => setLabel(event.target.value)} disabled={disabled || busy} />
        <Button type="button" variant="secondary" loading={busy} disabled={disabled} onClick={() => void submit()}>
          Add captions
        </Button>
      </div>
      {problem ? (
        <Alert tone="danger" role="alert">
          {problem}
        </Alert>
      ) : null}
    </section>
  );
}
