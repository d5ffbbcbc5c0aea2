import { useState, type FormEvent, type KeyboardEvent } from "react";
import { Link, useParams } from "react-router";
import {
  useContentVersions,
  useMyContent,
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
import { Alert } from "../../components/ui/Alert";
import { Button, ButtonLink } from "../../components/ui/Button";
import { Card, CardBody } from "../../components/ui/Card";
import { TextField } from "../../components/ui/Field";
import { AlertTriangleIcon, ArrowLeftIcon, ClockIcon, SendIcon } from "../../components/ui/icons";
import { Modal } from "../../components/ui/Modal";
import { FormPageSkeleton } from "../../components/ui/Skeleton";
import { ErrorState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { cn } from "../../lib/cn";
import { useDocumentTitle } from "../../lib/document-title";
import { formatDateTime, formatRelative } from "../../lib/format";
import { useFormErrors } from "../../lib/use-form-errors";
import { DiffIcon, RotateCcwIcon } from "../editor/icons";
import { ContentFields } from "./ContentFields";
import { ContentStatusBadges } from "./ContentStatusBadges";
import { bodyFrom, CONTENT_FIELDS, draftFrom, fingerprint, MAX_SUMMARY, titleProblem, type Draft } from "./drafts";
import { contentErrorMessage, contentFormErrors, isStale, latestFromConflict } from "./errors";
import { isKind, KIND_LABELS } from "../content/kinds";
import { KindTile } from "../content/KindTile";
import { canSubmit, isLocked } from "./status";
import { topicIndex } from "./topics";
import { useLeaveGuard } from "./use-leave-guard";
import { useUnsavedChangesWarning } from "./use-unsaved-changes";
import { CompareDialog, VersionDialog, VersionHistory } from "./VersionHistory";

type Dialog =
  | { type: "view"; number: number }
  | { type: "compare"; from: number; to: number }
  | { type: "restore"; number: number }
  | { type: "submit" }
  | { type: "withdraw" };

/** Where the item stands with review, and what the author can do about it. */
function StatusNotice({ item }: { item: ContentItem }) {
  if (item.status === "rejected") {
    return (
      <Alert tone="danger" role="status" title="The reviewer asked for changes">
        {item.feedback ? (
          <blockquote className="my-1 border-l-2 border-rose-300 pl-3 whitespace-pre-line text-rose-950">{item.feedback}</blockquote>
        ) : null}
        <p>
          Make the changes, save, and submit again.
          {item.reviewed_at ? <span className="text-rose-800/80"> Reviewed {formatRelative(item.reviewed_at)}.</span> : null}
        </p>
      </Alert>
    );
  }
  if (item.status === "pending") {
    return (
      <Alert tone="warning" role="status" title="Waiting for review">
        Version {item.latest_version} was submitted {formatRelative(item.submitted_at)}. It can't be edited until a reviewer has decided (we'll notify you), unless you withdraw it from review.
        {item.live_version !== null ? ` Learners keep seeing version ${item.live_version} meanwhile.` : ""}
      </Alert>
    );
  }
  if (item.status === "approved" && !item.has_unpublished_changes) {
    return (
      <Alert tone="success" role="status" title={`Live: learners see version ${item.live_version ?? item.latest_version}`}>
        Saving a change creates a new draft. This version stays live until the new one is approved.
      </Alert>
    );
  }
  if (item.live_version !== null) {
    return (
      <Alert tone="info" role="status" title={`Learners see version ${item.live_version}`}>
        Your newer version stays private until you submit it and a reviewer approves it.
        {item.feedback ? (
          <span className="mt-1 block">
            <span className="font-medium">Last feedback:</span> {item.feedback}
          </span>
        ) : null}
      </Alert>
    );
  }
  if (item.feedback) {
    return (
      <Alert tone="info" role="status" title="Feedback from the last review">
        <span className="whitespace-pre-line">{item.feedback}</span>
      </Alert>
    );
  }
  return null;
}

function StaleNotice({ base, latest, onCompare, onReload, onOverwrite, reloading, saving }: { base: number; latest: number | null; onCompare: () => void; onReload: () => void; onOverwrite: () => void; reloading: boolean; saving: boolean }) {
  return (
    <div role="alert" className="rounded-xl bg-amber-50 p-4 text-sm text-amber-950 ring-1 ring-amber-300 ring-inset">
      <div className="flex gap-3">
        <AlertTriangleIcon size={18} className="mt-0.5 shrink-0 text-amber-600" />
        <div className="min-w-0 flex-1 space-y-1">
          <p className="font-semibold">Your changes weren't saved: this item changed meanwhile</p>
          <p className="leading-6">
            {latest !== null ? `Version ${latest} was saved after version ${base}, which you started from.` : `A newer version was saved after version ${base}, which you started from.`} Nothing
            was overwritten, and your edits are still here. Look at what changed, then reload the newest version or save yours on top of it.
          </p>
          <div className="flex flex-wrap gap-2 pt-2">
            {latest !== null ? (
              <Button size="sm" variant="secondary" icon={<DiffIcon size={15} />} onClick={onCompare}>
                See what changed
              </Button>
            ) : null}
            <Button size="sm" variant="secondary" icon={<RotateCcwIcon size={15} />} onClick={onReload} loading={reloading}>
              Discard mine and load the newest
            </Button>
            {latest !== null ? (
              <Button size="sm" variant="ghost" onClick={onOverwrite} loading={saving} className="text-amber-900 hover:bg-amber-100">
                Save mine as version {latest + 1}
              </Button>
            ) : null}
          </div>
        </div>
      </div>
    </div>
  );
}

function Workspace({ item, kind }: { item: ContentItem; kind: ContentKind }) {
  const user = useUser();
  const toast = useToast();
  const catalog = useCatalog();
  const versions = useContentVersions(item.id);
  const save = useSaveContent(item.id);
  const revert = useRevertContent(item.id);
  const submit = useSubmitContent(item.id);
  const withdraw = useWithdrawContent(item.id);
  const reload = useReloadContent();

  const [title, setTitle] = useState(item.latest.title);
  const [draft, setDraft] = useState<Draft>(() => draftFrom(kind, item.latest.body));
  const [summary, setSummary] = useState("");
  // The version this draft started from: the save's precondition.
  const [base, setBase] = useState(item.latest_version);
  const [saved, setSaved] = useState(() => fingerprint(item.latest.title, draftFrom(kind, item.latest.body)));
  const [stale, setStale] = useState<{ latest: number | null } | null>(null);
  const [reloading, setReloading] = useState(false);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [submitError, setSubmitError] = useState<unknown>(null);
  const { formRef, fieldErrors, check, clearField } = useFormErrors(CONTENT_FIELDS);

  const dirty = fingerprint(title, draft) !== saved;
  const locked = isLocked(item.status);
  const place = topicIndex(catalog.data).get(item.topic_id);
  useUnsavedChangesWarning(dirty);
  const leaving = useLeaveGuard(dirty && !save.isPending);

  /** Shows the server's newest version, dropping local edits. */
  function adopt(next: ContentItem) {
    const nextDraft = draftFrom(kind, next.latest.body);
    setTitle(next.latest.title);
    setDraft(nextDraft);
    setBase(next.latest_version);
    setSaved(fingerprint(next.latest.title, nextDraft));
    setStale(null);
    setFormError(null);
  }

  function failed(error: unknown) {
    if (isStale(error)) {
      setStale({ latest: latestFromConflict(error) });
      return;
    }
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
    const sent = fingerprint(title, draft);
    save.mutate(
      { base_version: baseVersion, title: title.replace(/\s+/g, " ").trim(), body: result.body, change_summary: summary.trim() },
      {
        onSuccess: (next) => {
          setBase(next.latest_version);
          setSaved(sent);
          setStale(null);
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
          if (isStale(error)) setStale({ latest: latestFromConflict(error) });
          else toast.error("Couldn't restore the version", contentErrorMessage(error));
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

  const submittable = canSubmit(item.status);
  const versionNumbers = (versions.data?.items ?? []).map((version) => version.number);

  return (
    <>
      <Link to="/mentor/content" className="mb-4 inline-flex items-center gap-1.5 text-sm font-medium text-slate-500 hover:text-slate-800">
        <ArrowLeftIcon size={16} /> My content
      </Link>
      <header className="mb-6 flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="flex min-w-0 items-start gap-4">
          <KindTile kind={kind} size="lg" className="hidden sm:inline-flex" />
          <div className="min-w-0 space-y-2">
            <h1 className="text-2xl font-semibold tracking-tight break-words text-slate-900 sm:text-[1.75rem]">{item.title}</h1>
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5 text-sm text-slate-500">
              <span className="font-medium text-slate-700">{KIND_LABELS[kind]}</span>
              {place ? (
                <span>
                  {place.subject.name} › {place.topic.name}
                </span>
              ) : null}
              <ContentStatusBadges item={item} />
              <span className="inline-flex items-center gap-1">
                <ClockIcon size={14} /> Version {item.latest_version} · {formatRelative(item.updated_at)}
              </span>
            </div>
          </div>
        </div>
        {submittable ? (
          <Button
            className="shrink-0"
            icon={<SendIcon size={16} />}
            onClick={() => {
              setSubmitError(null);
              setDialog({ type: "submit" });
            }}
          >
            {item.status === "rejected" ? "Submit again" : "Submit for review"}
          </Button>
        ) : item.status === "pending" ? (
          <Button className="shrink-0" variant="secondary" icon={<RotateCcwIcon size={16} />} onClick={() => setDialog({ type: "withdraw" })}>
            Withdraw from review
          </Button>
        ) : null}
      </header>

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
        <Card>
          <form ref={formRef} onSubmit={onSave} onKeyDown={shortcut} noValidate aria-label={`Edit ${item.title}`}>
            <CardBody className="space-y-6">
              {formError ? (
                <Alert tone="danger" role="alert" title="The changes weren't saved">
                  {formError}
                </Alert>
              ) : null}
              <ContentFields title={title} onTitle={setTitle} draft={draft} onDraft={setDraft} errors={fieldErrors} onEdited={clearField} disabled={locked} />
            </CardBody>
            <div className="sticky bottom-0 z-10 flex flex-col gap-3 rounded-b-2xl border-t border-slate-100 bg-white/95 px-5 py-3 backdrop-blur sm:flex-row sm:items-end sm:px-6">
              <TextField
                label="What changed?"
                optional
                containerClassName="flex-1"
                maxLength={MAX_SUMMARY}
                placeholder="e.g. Fixed the sign in step 2"
                value={summary}
                disabled={locked}
                error={fieldErrors.change_summary}
                onChange={(event) => {
                  setSummary(event.target.value);
                  clearField("change_summary");
                }}
              />
              <div className="flex items-center justify-end gap-3">
                <p className={cn("text-sm whitespace-nowrap", dirty ? "font-medium text-amber-700" : "text-slate-500")} aria-live="polite">
                  {locked ? "Locked while in review" : dirty ? "Unsaved changes" : `Saved · version ${base}`}
                </p>
                <Button type="submit" loading={save.isPending} disabled={locked || !dirty} aria-keyshortcuts="Control+S Meta+S">
                  Save version
                </Button>
              </div>
            </div>
          </form>
        </Card>
        <aside aria-label="Version history" className="lg:sticky lg:top-6">
          <VersionHistory
            itemId={item.id}
            userId={user.id}
            locked={locked}
            onView={(number) => setDialog({ type: "view", number })}
            onCompare={(from, to) => setDialog({ type: "compare", from, to })}
            onRestore={(number) => setDialog({ type: "restore", number })}
          />
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
      <Modal
        open={leaving.pending !== null}
        onClose={leaving.stay}
        size="sm"
        icon={
          <span className="flex size-10 items-center justify-center rounded-full bg-amber-50 text-amber-600">
            <AlertTriangleIcon size={20} />
          </span>
        }
        title="Leave without saving?"
        description="Your changes haven't been saved. If you leave now, they're lost."
        footer={
          <>
            <Button variant="secondary" onClick={leaving.stay}>
              Stay and keep editing
            </Button>
            <Button variant="danger" onClick={leaving.leave}>
              Leave without saving
            </Button>
          </>
        }
      />
      <Modal
        open={dialog?.type === "restore"}
        onClose={() => setDialog(null)}
        icon={
          <span className="flex size-10 items-center justify-center rounded-full bg-brand-50 text-brand-600">
            <RotateCcwIcon size={20} />
          </span>
        }
        title={dialog?.type === "restore" ? `Restore version ${dialog.number}?` : ""}
        description={
          dialog?.type === "restore"
            ? `Its title and content are saved again as version ${item.latest_version + 1}. Nothing is deleted: every version stays in the history.`
            : undefined
        }
        footer={
          <>
            <Button variant="secondary" onClick={() => setDialog(null)}>
              Cancel
            </Button>
            <Button loading={revert.isPending} onClick={() => dialog?.type === "restore" && onRestore(dialog.number)}>
              Restore version
            </Button>
          </>
        }
      >
        {dirty ? (
          <Alert tone="warning" title="You have unsaved changes">
            Restoring replaces them. Save them first if you want to keep them in the history.
          </Alert>
        ) : null}
      </Modal>
      <Modal
        open={dialog?.type === "withdraw"}
        onClose={() => setDialog(null)}
        size="sm"
        icon={
          <span className="flex size-10 items-center justify-center rounded-full bg-amber-50 text-amber-600">
            <RotateCcwIcon size={20} />
          </span>
        }
        title="Withdraw from review?"
        description={`Version ${item.latest_version} goes back to being a draft you can edit. Submit it again when it's ready.${
          item.live_version !== null ? ` Learners keep seeing version ${item.live_version}.` : ""
        }`}
        footer={
          <>
            <Button variant="secondary" onClick={() => setDialog(null)}>
              Keep it in review
            </Button>
            <Button loading={withdraw.isPending} icon={<RotateCcwIcon size={16} />} onClick={onWithdraw}>
              Withdraw
            </Button>
          </>
        }
      />
      <Modal
        open={dialog?.type === "submit"}
        onClose={() => setDialog(null)}
        icon={
          <span className="flex size-10 items-center justify-center rounded-full bg-brand-50 text-brand-600">
            <SendIcon size={20} />
          </span>
        }
        title={dirty ? "Save and send for review?" : `Send version ${item.latest_version} for review?`}
        description={
          <>
            {dirty ? `Your changes are saved as version ${item.latest_version + 1} first. ` : ""}A reviewer checks it for accuracy and clarity, usually within 2
            working days. You can't edit it while it's in review.
            {item.live_version !== null ? ` Learners keep seeing version ${item.live_version} until this one is approved.` : ""}
          </>
        }
        footer={
          <>
            <Button variant="secondary" onClick={() => setDialog(null)}>
              Not yet
            </Button>
            <Button loading={submit.isPending || save.isPending} icon={<SendIcon size={16} />} onClick={onSubmit}>
              {dirty ? "Save and submit" : "Submit for review"}
            </Button>
          </>
        }
      >
        {submitError ? (
          <Alert
            tone="danger"
            role="alert"
            title="It wasn't sent"
            action={
              submitError instanceof ApiError && submitError.code === "mentor_not_verified" ? (
                <ButtonLink to="/mentor/onboarding" size="sm" variant="secondary">
                  Your application
                </ButtonLink>
              ) : undefined
            }
          >
            {contentErrorMessage(submitError)}
          </Alert>
        ) : null}
      </Modal>
    </>
  );
}

export default function EditContentPage() {
  const { itemId = "" } = useParams();
  const item = useMyContent(itemId);
  useDocumentTitle(item.data ? item.data.title : "My content");
  if (item.isPending) return <FormPageSkeleton label="Loading the item" columns="lg:grid-cols-[minmax(0,1fr)_19rem]" />;
  if (item.isError) {
    const missing = item.error instanceof ApiError && (item.error.status === 404 || item.error.status === 400);
    return (
      <>
        <Link to="/mentor/content" className="mb-4 inline-flex items-center gap-1.5 text-sm font-medium text-slate-500 hover:text-slate-800">
          <ArrowLeftIcon size={16} /> My content
        </Link>
        <Card>
          <ErrorState
            error={item.error}
            title={missing ? "This item doesn't exist, or it isn't yours" : "We couldn't load this item"}
            onRetry={missing ? undefined : () => void item.refetch()}
          />
        </Card>
      </>
    );
  }
  const kind = isKind(item.data.kind) ? item.data.kind : null;
  if (!kind) {
    return (
      <Alert tone="warning" title="This kind of content can't be edited here yet">
        “{item.data.title}” is a {item.data.kind}. Last changed {formatDateTime(item.data.updated_at)}.
      </Alert>
    );
  }
  // A different item (or kind) starts a fresh editing session.
  return <Workspace key={item.data.id} item={item.data} kind={kind} />;
}
