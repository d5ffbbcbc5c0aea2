import type { ContentItem } from "../../api/content";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { AlertTriangleIcon } from "../../components/ui/icons";
import { formatRelative } from "../../lib/format";
import { DiffIcon, RotateCcwIcon } from "../editor/icons";

/** Where the item stands with review, and what the author can do about it. */
export function StatusNotice({ item }: { item: ContentItem }) {
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

export function StaleNotice({ base, latest, onCompare, onReload, onOverwrite, reloading, saving }: { base: number; latest: number | null; onCompare: () => void; onReload: () => void; onOverwrite: () => void; reloading: boolean; saving: boolean }) {
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
