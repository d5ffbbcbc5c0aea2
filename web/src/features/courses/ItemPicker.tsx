import { useState } from "react";
import { useMyContentList, type ContentKind, type ContentStatus, type ContentSummary, type MyContentQuery } from "../../api/content";
import { useCatalog } from "../../api/marketplace";
import { Alert } from "../../components/ui/Alert";
import { Button, ButtonLink } from "../../components/ui/Button";
import { Select } from "../../components/ui/Field";
import { CheckIcon, EyeIcon, EyeOffIcon, PlusIcon } from "../../components/ui/icons";
import { Modal } from "../../components/ui/Modal";
import { Pagination } from "../../components/ui/Pagination";
import { Skeleton } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { cn } from "../../lib/cn";
import { ContentStatusBadges } from "../workspace/ContentStatusBadges";
import { isKind, KIND_LABELS, KIND_OPTIONS } from "../content/kinds";
import { KindTile } from "../content/KindTile";
import { STATUS_LABELS, STATUS_OPTIONS } from "../workspace/status";
import { topicIndex } from "../../lib/catalog";
import { plural } from "./status";

const PAGE_SIZE = 50;

interface ItemPickerProps {
  open: boolean;
  onClose: () => void;
  /** Ids already in the course: shown as chosen, and not offered again. */
  inCourse: ReadonlySet<string>;
  /** How many more items the course can take. */
  room: number;
  onAdd: (items: ContentSummary[]) => void;
}

/** Chooses items from all of the mentor's content, whatever their review state. */
export function ItemPicker(props: ItemPickerProps) {
  // Mounted only while open: every opening starts with nothing chosen, on the first page.
  return props.open ? <PickerDialog {...props} /> : null;
}

function PickerDialog({ onClose, inCourse, room, onAdd }: ItemPickerProps) {
  const [kind, setKind] = useState<ContentKind | "">("");
  const [status, setStatus] = useState<ContentStatus | "">("");
  const [page, setPage] = useState(1);
  const [chosen, setChosen] = useState<Map<string, ContentSummary>>(new Map());
  const query: MyContentQuery = { page, page_size: PAGE_SIZE, ...(kind ? { kind } : {}), ...(status ? { status } : {}) };
  const list = useMyContentList(query);
  const catalog = useCatalog();
  const topics = topicIndex(catalog.data);
  const tooMany = chosen.size > room;

  function toggle(item: ContentSummary) {
    setChosen((current) => {
      const next = new Map(current);
      if (next.has(item.id)) next.delete(item.id);
      else next.set(item.id, item);
      return next;
    });
  }

  const items = list.data?.items;
  return (
    <Modal
      open
      onClose={onClose}
      size="lg"
      title="Add items to the course"
      description="Choose from all your content. Learners only see approved items: the others join the course now and appear to learners once a reviewer approves them."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button icon={<PlusIcon size={16} />} disabled={chosen.size === 0 || tooMany} onClick={() => onAdd([...chosen.values()])}>
            {chosen.size ? `Add ${plural(chosen.size, "item")}` : "Add items"}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <label className="sr-only" htmlFor="picker-kind">
              Kind
            </label>
            <Select
              id="picker-kind"
              value={kind}
              onChange={(event) => {
                setKind(isKind(event.target.value) ? event.target.value : "");
                setPage(1);
              }}
            >
              <option value="">All kinds</option>
              {KIND_OPTIONS.map((option) => (
                <option key={option} value={option}>
                  {KIND_LABELS[option]}s
                </option>
              ))}
            </Select>
          </div>
          <div>
            <label className="sr-only" htmlFor="picker-status">
              Review state
            </label>
            <Select
              id="picker-status"
              value={status}
              onChange={(event) => {
                setStatus(STATUS_OPTIONS.find((option) => option === event.target.value) ?? "");
                setPage(1);
              }}
            >
              <option value="">Any review state</option>
              {STATUS_OPTIONS.map((option) => (
                <option key={option} value={option}>
                  {STATUS_LABELS[option]}
                </option>
              ))}
            </Select>
          </div>
        </div>
        {tooMany ? (
          <Alert tone="warning" role="alert">
            A course holds at most 200 items: there is room for {plural(room, "more item")}.
          </Alert>
        ) : null}
        <div className="max-h-[min(26rem,55vh)] overflow-y-auto rounded-xl ring-1 ring-slate-200 ring-inset" aria-busy={list.isFetching || undefined}>
          {list.isError ? (
            <ErrorState error={list.error} title="We couldn't load your content" onRetry={() => void list.refetch()} />
          ) : !items ? (
            <div role="status" aria-label="Loading your content" className="divide-y divide-slate-100">
              {Array.from({ length: 4 }, (_, index) => (
                <div key={index} aria-hidden="true" className="flex items-center gap-3 px-4 py-3">
                  <Skeleton className="size-4" />
                  <Skeleton className="size-7 rounded-md" />
                  <Skeleton className="h-4 flex-1" />
                </div>
              ))}
            </div>
          ) : items.length === 0 ? (
            kind || status ? (
              <EmptyState title="Nothing matches" description="Try another kind or review state." />
            ) : (
              <EmptyState
                title="You haven't written any content yet"
                description="Write a note, a question or a simulation first; then add it here."
                action={
                  <ButtonLink to="/mentor/content/new" variant="secondary" icon={<PlusIcon size={16} />}>
                    New content
                  </ButtonLink>
                }
              />
            )
          ) : (
            <ul className={cn("divide-y divide-slate-100 transition-opacity", list.isPlaceholderData && "opacity-60")} aria-label="Your content">
              {items.map((item) => {
                const already = inCourse.has(item.id);
                const checked = already || chosen.has(item.id);
                const place = topics.get(item.topic_id);
                const itemKind = isKind(item.kind) ? item.kind : "note";
                const visible = item.live_version !== null;
                return (
                  <li key={item.id}>
                    <label
                      className={cn(
                        "flex items-start gap-3 px-4 py-3 has-[input:focus-visible]:bg-brand-50/60",
                        already ? "cursor-default bg-slate-50/70" : "cursor-pointer hover:bg-slate-50",
                      )}
                    >
                      <input
                        type="checkbox"
                        className="mt-2 size-4 shrink-0 accent-brand-600"
                        checked={checked}
                        disabled={already}
                        onChange={() => toggle(item)}
                      />
                      <KindTile kind={itemKind} size="sm" className="mt-0.5" />
                      <span className="min-w-0 flex-1">
                        <span className="block truncate text-sm font-medium text-slate-900">{item.title}</span>
                        <span className="block truncate text-xs text-slate-500">
                          {KIND_LABELS[itemKind]}
                          {place ? ` · ${place.subject.name} › ${place.topic.name}` : ""}
                        </span>
                        <span className="mt-1.5 flex flex-wrap items-center gap-x-3 gap-y-1">
                          <ContentStatusBadges item={item} />
                          {already ? (
                            <span className="inline-flex items-center gap-1 text-xs font-medium text-slate-600">
                              <CheckIcon size={13} /> Already in the course
                            </span>
                          ) : visible ? (
                            <span className="inline-flex items-center gap-1 text-xs text-emerald-700">
                              <EyeIcon size={13} /> Visible to learners
                            </span>
                          ) : (
                            <span className="inline-flex items-center gap-1 text-xs text-slate-500">
                              <EyeOffIcon size={13} /> Hidden until approved
                            </span>
                          )}
                        </span>
                      </span>
                    </label>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
        {list.data && list.data.total > list.data.page_size ? (
          <Pagination page={list.data.page} pageSize={list.data.page_size} total={list.data.total} noun="items" onPageChange={setPage} />
        ) : null}
        <p className="text-sm text-slate-500" aria-live="polite">
          {chosen.size ? `${plural(chosen.size, "item")} chosen` : "Nothing chosen yet"}
        </p>
      </div>
    </Modal>
  );
}
