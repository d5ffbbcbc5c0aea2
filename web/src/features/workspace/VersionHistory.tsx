import { useContentDiff, useContentVersion, useContentVersions, type ContentKind, type ContentVersionSummary } from "../../api/content";
import { Badge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { Card, CardHeader } from "../../components/ui/Card";
import { Select } from "../../components/ui/Field";
import { EyeIcon } from "../../components/ui/icons";
import { Modal } from "../../components/ui/Modal";
import { SkeletonText } from "../../components/ui/Skeleton";
import { ErrorState } from "../../components/ui/States";
import { formatDateTime, formatRelative } from "../../lib/format";
import { DiffIcon, HistoryIcon, RotateCcwIcon } from "../editor/icons";
import { DiffView } from "../content/DiffView";
import { contentErrorMessage } from "./errors";
import { VersionPreview } from "./VersionPreview";

function authorName(authorId: string | null, userId: string): string {
  if (authorId === userId) return "You";
  return authorId ? "Another author" : "Unknown author";
}

export interface VersionHistoryProps {
  itemId: string;
  userId: string;
  /** Restoring is impossible while the item is reviewed. */
  locked: boolean;
  onView: (number: number) => void;
  onCompare: (from: number, to: number) => void;
  onRestore: (number: number) => void;
}

function VersionRow({ version, previous, userId, locked, onView, onCompare, onRestore }: { version: ContentVersionSummary; previous: number | null } & Omit<VersionHistoryProps, "itemId">) {
  return (
    <li className="px-5 py-4">
      <div className="flex flex-wrap items-center gap-1.5">
        <h3 className="text-sm font-semibold text-slate-900">Version {version.number}</h3>
        {version.is_latest ? <Badge tone="brand">Latest</Badge> : null}
        {version.is_live ? (
          <Badge tone="success" dot>
            Live
          </Badge>
        ) : null}
      </div>
      <p className="mt-1 text-sm text-slate-700">{version.change_summary || <span className="text-slate-400 italic">No summary</span>}</p>
      {version.reverted_from !== null ? <p className="mt-0.5 text-xs text-slate-500">Restored from version {version.reverted_from}</p> : null}
      <p className="mt-1 text-xs text-slate-500">
        {authorName(version.author_id, userId)} ·{" "}
        <time dateTime={version.created_at} title={formatDateTime(version.created_at)}>
          {formatRelative(version.created_at)}
        </time>
      </p>
      <div className="mt-2 flex flex-wrap gap-1">
        <Button variant="ghost" size="sm" className="h-7 px-2 text-xs" icon={<EyeIcon size={14} />} onClick={() => onView(version.number)} aria-label={`View version ${version.number}`}>
          View
        </Button>
        {previous !== null ? (
          <Button
            variant="ghost"
            size="sm"
            className="h-7 px-2 text-xs"
            icon={<DiffIcon size={14} />}
            onClick={() => onCompare(previous, version.number)}
            aria-label={`Compare version ${version.number} with version ${previous}`}
          >
            Changes
          </Button>
        ) : null}
        {!version.is_latest ? (
          <Button
            variant="ghost"
            size="sm"
            className="h-7 px-2 text-xs"
            icon={<RotateCcwIcon size={14} />}
            disabled={locked}
            title={locked ? "Waiting for review: restore after the decision" : undefined}
            onClick={() => onRestore(version.number)}
            aria-label={`Restore version ${version.number}`}
          >
            Restore
          </Button>
        ) : null}
      </div>
    </li>
  );
}

/** Every saved version, newest first, with view, compare and restore. */
export function VersionHistory(props: VersionHistoryProps) {
  const versions = useContentVersions(props.itemId);
  const items = versions.data?.items ?? [];
  return (
    <Card>
      <CardHeader
        title={
          <span className="flex items-center gap-2">
            <HistoryIcon size={18} className="text-slate-400" /> Version history
          </span>
        }
        description="Every save is kept. Nothing is ever overwritten."
      />
      {versions.isPending ? (
        <SkeletonText lines={6} className="p-5" />
      ) : versions.isError ? (
        <ErrorState error={versions.error} title="We couldn't load the history" onRetry={() => void versions.refetch()} className="py-8" />
      ) : (
        <ol aria-label="Versions, newest first" className="max-h-[32rem] divide-y divide-slate-100 overflow-y-auto lg:max-h-[calc(100dvh-14rem)]">
          {items.map((version, index) => (
            <VersionRow key={version.number} version={version} previous={items[index + 1]?.number ?? null} {...props} />
          ))}
        </ol>
      )}
      {items.length > 1 ? (
        <div className="border-t border-slate-100 px-5 py-3">
          <Button variant="secondary" size="sm" className="w-full" icon={<DiffIcon size={15} />} onClick={() => props.onCompare(items[items.length - 1]?.number ?? 1, items[0]?.number ?? 1)}>
            Compare versions
          </Button>
        </div>
      ) : null}
    </Card>
  );
}

export function VersionDialog({ itemId, kind, number, canRestore, onRestore, onClose }: { itemId: string; kind: ContentKind; number: number; canRestore: boolean; onRestore: () => void; onClose: () => void }) {
  const version = useContentVersion(itemId, number);
  return (
    <Modal
      open
      size="lg"
      onClose={onClose}
      title={version.data ? `Version ${number}: ${version.data.title}` : `Version ${number}`}
      description={
        version.data ? (
          <>
            {version.data.change_summary || "No summary"} · saved {formatDateTime(version.data.created_at)}
          </>
        ) : undefined
      }
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Close
          </Button>
          {canRestore ? (
            <Button icon={<RotateCcwIcon size={16} />} onClick={onRestore}>
              Restore this version
            </Button>
          ) : null}
        </>
      }
    >
      <div className="max-h-[60vh] overflow-y-auto rounded-xl bg-slate-50/60 p-4 ring-1 ring-slate-200">
        {version.isPending ? (
          <SkeletonText lines={5} />
        ) : version.isError ? (
          <p role="alert" className="text-sm text-rose-700">
            {contentErrorMessage(version.error)}
          </p>
        ) : (
          <VersionPreview kind={kind} version={version.data} />
        )}
      </div>
    </Modal>
  );
}

export function CompareDialog({
  itemId,
  from,
  to,
  numbers,
  onChange,
  onClose,
}: {
  itemId: string;
  from: number;
  to: number;
  /** Every version number, newest first. */
  numbers: number[];
  onChange: (range: { from: number; to: number }) => void;
  onClose: () => void;
}) {
  const diff = useContentDiff(itemId, from, to);
  const options = numbers.length ? numbers : [...new Set([to, from])];
  return (
    <Modal
      open
      size="lg"
      onClose={onClose}
      icon={
        <span className="flex size-10 items-center justify-center rounded-full bg-brand-50 text-brand-600">
          <DiffIcon size={20} />
        </span>
      }
      title="Compare versions"
      description="Lines only in the older version are red, lines only in the newer one green. Formulas appear as LaTeX."
      footer={
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
      }
    >
      <div className="space-y-4">
        <div className="grid grid-cols-2 gap-3">
          <label className="space-y-1.5 text-sm font-medium text-slate-800">
            <span className="block">From</span>
            <Select value={from} onChange={(event) => onChange({ from: Number(event.target.value), to })}>
              {options.map((number) => (
                <option key={number} value={number}>
                  Version {number}
                </option>
              ))}
            </Select>
          </label>
          <label className="space-y-1.5 text-sm font-medium text-slate-800">
            <span className="block">To</span>
            <Select value={to} onChange={(event) => onChange({ from, to: Number(event.target.value) })}>
              {options.map((number) => (
                <option key={number} value={number}>
                  Version {number}
                </option>
              ))}
            </Select>
          </label>
        </div>
        {diff.isPending ? (
          <SkeletonText lines={6} />
        ) : diff.isError ? (
          <p role="alert" className="text-sm text-rose-700">
            {contentErrorMessage(diff.error)}
          </p>
        ) : (
          <div className={diff.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}>
            <DiffView diff={diff.data} fromLabel={`Version ${from}`} toLabel={`Version ${to}`} />
          </div>
        )}
      </div>
    </Modal>
  );
}
