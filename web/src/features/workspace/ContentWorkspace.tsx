import { useState, type FormEvent, type KeyboardEvent } from "react";
import {
  useContentVersions,
  useReloadContent,
  useRevertContent,
  useSaveContent,
  useSubmitContent,
  useWithdrawContent,
  type ContentItem,
  type ContentKind,
} from "../../api/content";
import { ApiError } from "../../api/errors";
import { useCatalog } from "../../api/marketplace";
import { useUser } from "../../auth/session-context";
import { AlertTriangleIcon } from "../../components/ui/icons";
import { useToast } from "../../components/ui/toast-context";
import { topicIndex } from "../../lib/catalog";
import { useFormErrors } from "../../lib/use-form-errors";
import { LeaveDialog } from "../editor/LeaveDialog";
import { useVersionedDraft } from "../editor/use-versioned-draft";
import { AssistantCard } from "./AssistantCard";
import { StaleNotice, StatusNotice } from "./ContentNotices";
import { bodyFrom, CONTENT_FIELDS, draftFrom, fingerprint, MAX_SUMMARY, titleProblem } from "./drafts";
import { EditContentForm, type Editable } from "./EditContentForm";
import { RestoreDialog, SubmitDialog, WithdrawDialog } from "./EditContentDialogs";
import { EditContentHeader } from "./EditContentHeader";
import { contentErrorMessage, contentFormErrors } from "./errors";
import { isLocked } from "./status";
import { StudentPreviewButton } from "./StudentPreview";
import { CompareDialog, VersionDialog, VersionHistory } from "./VersionHistory";

type Dialog =
  | { type: "view"; number: number }
  | { type: "compare"; from: number; to: number }
  | { type: "restore"; number: number }
  | { type: "submit" }
  | { type: "withdraw" };

function editableOf(kind: ContentKind, item: ContentItem): Editable {
  return { title: item.latest.title, draft: draftFrom(kind, item.latest.body) };
}

function sameEditable(a: Editable, b: Editable): boolean {
  return fingerprint(a.title, a.draft) === fingerprint(b.title, b.draft);
}

/** Editing one item: its draft, saved as versions, and its way through review. */
export function ContentWorkspace({ item, kind }: { item: ContentItem; kind: ContentKind }) {
  const user = useUser();
  const toast = useToast();
  const catalog = useCatalog();
  const versions = useContentVersions(item.id);
  const save = useSaveContent(item.id);
  const revert = useRevertContent(item.id);
  const submit = useSubmitContent(item.id);
  const withdraw = useWithdrawContent(item.id);
  const reload = useReloadContent();

  const editing = useVersionedDraft<Editable>({ initial: editableOf(kind, item), version: item.latest_version, same: sameEditable, saving: save.isPending });
  const { title, draft } = editing.value;
  // The version this draft started from: the save's precondition.
  const { base, dirty, conflict: stale } = editing;
  const [summary, setSummary] = useState("");
  const [reloading, setReloading] = useState(false);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [submitError, setSubmitError] = useState<unknown>(null);
  const { formRef, fieldErrors, check, clearField } = useFormErrors(CONTENT_FIELDS);

  const locked = isLocked(item.status);
  const place = topicIndex(catalog.data).get(item.topic_id);

  /** Shows the server's newest version, dropping local edits. */
  function adopt(next: ContentItem) {
    editing.adopt(editableOf(kind, next), next.latest_version);
    setFormError(null);
  }

  function failed(error: unknown) {
    if (editing.catchConflict(error)) return;
    if (error instanceof ApiError && error.code === "content_under_review") {
      toast.error("This item is now in review", contentErrorMessage(error));
      void reload(item.id);
      return;
    }
    const mapped = contentFormErrors(error);
    if (Object.keys(mapped.fields).length) check(mapped.fields);
    setFormError(mapped.form);
  }

  /** Saves the draft as a new version on top of `over` (default: the version it started from);
   * `then` runs once it is saved. Returns false when the form has problems to fix first. */
  function onSave(event?: FormEvent, over?: number, then?: () => void): boolean {
    event?.preventDefault();
    if (locked || save.isPending) return false;
    setFormError(null);
    const result = bodyFrom(draft, title);
    const summaryError = summary.trim().length > MAX_SUMMARY ? `Use at most ${MAX_SUMMARY} characters.` : null;
    if (!check({ title: titleProblem(title), change_summary: summaryError, ...(result.errors ?? {}) }) || !result.body) return false;
    const baseVersion = over ?? base;
    const sent = editing.value;
    save.mutate(
      { base_version: baseVersion, title: title.replace(/\s+/g, " ").trim(), body: result.body, change_summary: summary.trim() },
      {
        onSuccess: (next) => {
          editing.markSaved(sent, next.latest_version);
          if (next.latest_version === baseVersion) {
            if (!then) toast.info("Nothing new to save", `This is the same as version ${baseVersion}.`);
          } else {
            setSummary("");
            if (!then) {
              toast.success(
                `Saved as version ${next.latest_version}`,
                next.live_version !== null ? `Learners keep seeing version ${next.live_version} until this one is approved.` : "Submit it for review when it's ready.",
              );
            }
          }
          then?.();
        },
        onError: (error) => {
          if (then) setDialog(null);
          failed(error);
        },
      },
    );
    return true;
  }

  function onReload() {
    setReloading(true);
    reload(item.id)
      .then((next) => {
        adopt(next);
        toast.info(`Loaded version ${next.latest_version}`, "Your unsaved edits were discarded.");
      })
      .catch((error: unknown) => toast.error("Couldn't load the newest version", contentErrorMessage(error)))
      .finally(() => setReloading(false));
  }

  function onRestore(number: number) {
    revert.mutate(
      { to_version: number, base_version: base },
      {
        onSuccess: (next) => {
          adopt(next);
          setDialog(null);
          toast.success(`Version ${number} restored`, `Saved as version ${next.latest_version}.`);
        },
        onError: (error) => {
          setDialog(null);
          if (!editing.catchConflict(error)) toast.error("Couldn't restore the version", contentErrorMessage(error));
        },
      },
    );
  }

  function onSubmit() {
    setSubmitError(null);
    if (dirty) {
      // Save first, so what is reviewed is what the author sees; problems close the dialog.
      if (!onSave(undefined, undefined, sendForReview)) setDialog(null);
      return;
    }
    sendForReview();
  }

  function sendForReview() {
    submit.mutate(undefined, {
      onSuccess: (next) => {
        setDialog(null);
        toast.success("Sent for review", `Version ${next.latest_version} is with the reviewers. We'll notify you of the decision.`);
      },
      onError: setSubmitError,
    });
  }

  function onWithdraw() {
    withdraw.mutate(undefined, {
      onSuccess: () => {
        setDialog(null);
        toast.success("Withdrawn from review", "It's a draft again: edit it, then submit it when it's ready.");
      },
      onError: (error) => {
        setDialog(null);
        if (error instanceof ApiError && error.code === "invalid_content_transition") {
          toast.info("It's no longer waiting for review", "A reviewer decided meanwhile. Here is where it stands now.");
          void reload(item.id);
          return;
        }
        toast.error("It wasn't withdrawn", contentErrorMessage(error));
      },
    });
  }

  function shortcut(event: KeyboardEvent<HTMLFormElement>) {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      if (dirty) void onSave();
    }
  }

  const versionNumbers = (versions.data?.items ?? []).map((version) => version.number);

  return (
    <>
      <EditContentHeader
        item={item}
        kind={kind}
        place={place}
        onSubmit={() => {
          setSubmitError(null);
          setDialog({ type: "submit" });
        }}
        onWithdraw={() => setDialog({ type: "withdraw" })}
      />

      <div className="space-y-4">
        <StatusNotice item={item} />
        {stale ? (
          <StaleNotice
            base={base}
            latest={stale.latest}
            reloading={reloading}
            saving={save.isPending}
            onCompare={() => stale.latest !== null && setDialog({ type: "compare", from: base, to: stale.latest })}
            onReload={onReload}
            onOverwrite={() => {
              if (stale.latest !== null) onSave(undefined, stale.latest);
            }}
          />
        ) : null}
      </div>

      <div className="mt-6 grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_19rem]">
        <EditContentForm
          formRef={formRef}
          label={`Edit ${item.title}`}
          value={editing.value}
          onChange={editing.setValue}
          summary={summary}
          onSummary={setSummary}
          errors={fieldErrors}
          onEdited={clearField}
          formError={formError}
          locked={locked}
          dirty={dirty}
          base={base}
          saving={save.isPending}
          onSave={onSave}
          onShortcut={shortcut}
        />
        <aside aria-label="Version history" className="lg:sticky lg:top-6">
          <StudentPreviewButton className="mb-4 w-full" itemId={item.id} title={title} draft={draft} mentorName={user.display_name} />
          <VersionHistory
            itemId={item.id}
            userId={user.id}
            locked={locked}
            onView={(number) => setDialog({ type: "view", number })}
            onCompare={(from, to) => setDialog({ type: "compare", from, to })}
            onRestore={(number) => setDialog({ type: "restore", number })}
          />
          {user.role === "mentor" ? <AssistantCard className="mt-4" item={item} kind={kind} /> : null}
        </aside>
      </div>

      {dialog?.type === "view" ? (
        <VersionDialog
          itemId={item.id}
          kind={kind}
          number={dialog.number}
          canRestore={!locked && dialog.number !== item.latest_version}
          onRestore={() => setDialog({ type: "restore", number: dialog.number })}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog?.type === "compare" ? (
        <CompareDialog
          itemId={item.id}
          from={dialog.from}
          to={dialog.to}
          numbers={versionNumbers}
          onChange={(range) => setDialog({ type: "compare", ...range })}
          onClose={() => setDialog(null)}
        />
      ) : null}
      <LeaveDialog
        leaving={editing.leaving}
        description="Your changes haven't been saved. If you leave now, they're lost."
        stayLabel="Stay and keep editing"
        icon={
          <span className="flex size-10 items-center justify-center rounded-full bg-amber-50 text-amber-600">
            <AlertTriangleIcon size={20} />
          </span>
        }
      />
      <RestoreDialog
        item={item}
        number={dialog?.type === "restore" ? dialog.number : null}
        dirty={dirty}
        restoring={revert.isPending}
        onRestore={onRestore}
        onClose={() => setDialog(null)}
      />
      <WithdrawDialog item={item} open={dialog?.type === "withdraw"} withdrawing={withdraw.isPending} onWithdraw={onWithdraw} onClose={() => setDialog(null)} />
      <SubmitDialog
        item={item}
        open={dialog?.type === "submit"}
        dirty={dirty}
        sending={submit.isPending || save.isPending}
        error={submitError}
        onSubmit={onSubmit}
        onClose={() => setDialog(null)}
      />
    </>
  );
}
