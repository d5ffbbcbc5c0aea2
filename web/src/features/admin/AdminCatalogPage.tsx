import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { useCatalogChange, useCatalogReorder, type CatalogChange, type CatalogNodeKind, type CatalogOrder } from "../../api/admin-marketplace";
import { ApiError } from "../../api/errors";
import { useCatalog } from "../../api/marketplace";
import type { Chapter, Subject, Topic } from "../../api/types";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { Card } from "../../components/ui/Card";
import { TextAreaField, TextField } from "../../components/ui/Field";
import { ArrowDownIcon, ArrowUpIcon, ChevronDownIcon, LayersIcon, PencilIcon, PlusIcon, TrashIcon } from "../../components/ui/icons";
import { IconButton } from "../../components/ui/IconButton";
import { Modal } from "../../components/ui/Modal";
import { PageHeader } from "../../components/ui/PageHeader";
import { Skeleton } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { cn } from "../../lib/cn";
import { useDocumentTitle } from "../../lib/document-title";
import { errorMessage } from "../../lib/error-messages";
import { useFormErrors } from "../../lib/use-form-errors";
import { reorderRequest, slugProblem, type Positioned } from "./catalog-order";
import { SlugField } from "./SlugField";

const KIND_LABELS: Record<CatalogNodeKind, string> = { subject: "subject", chapter: "chapter", topic: "topic" };

type Node = Subject | Chapter | Topic;

type Dialog =
  | { type: "create"; kind: CatalogNodeKind; parentId?: string; parentName?: string }
  | { type: "edit"; kind: CatalogNodeKind; node: Node }
  | { type: "delete"; kind: CatalogNodeKind; node: Node };

function inUseMessage(kind: CatalogNodeKind): string {
  switch (kind) {
    case "subject":
      return "This subject still has chapters. Delete or move them first.";
    case "chapter":
      return "This chapter still has topics. Delete them first.";
    case "topic":
      return "Mentors teach this topic, or content uses it, so it can't be deleted. Rename it instead.";
  }
}

function hasDescription(kind: CatalogNodeKind): boolean {
  return kind !== "chapter";
}

function NodeFormModal({ dialog, onClose }: { dialog: Extract<Dialog, { type: "create" | "edit" }>; onClose: () => void }) {
  const toast = useToast();
  const change = useCatalogChange();
  const editing = dialog.type === "edit" ? dialog.node : null;
  const [name, setName] = useState(editing?.name ?? "");
  const [slug, setSlug] = useState(editing?.slug ?? "");
  const [description, setDescription] = useState(editing && "description" in editing ? editing.description : "");
  const form = useFormErrors(["name", "slug", "description"] as const);
  const { formRef } = form;
  const nameField = useRef<HTMLInputElement>(null);
  const kind = dialog.kind;
  const label = KIND_LABELS[kind];

  function submit(event: FormEvent) {
    event.preventDefault();
    const ok = form.check({
      name: name.trim() ? null : `Give the ${label} a name.`,
      slug: editing && !slug.trim() ? "A slug is required." : slugProblem(slug.trim()),
    });
    if (!ok) return;
    const trimmed = { name: name.trim(), slug: slug.trim() || null, description: description.trim() };
    let request: CatalogChange;
    if (dialog.type === "create") {
      if (kind === "subject") request = { action: "create-subject", body: { name: trimmed.name, slug: trimmed.slug, description: trimmed.description, position: 10_000 } };
      else if (kind === "chapter") request = { action: "create-chapter", subjectId: dialog.parentId ?? "", body: { name: trimmed.name, slug: trimmed.slug, position: 10_000 } };
      else request = { action: "create-topic", chapterId: dialog.parentId ?? "", body: { name: trimmed.name, slug: trimmed.slug, description: trimmed.description, position: 10_000 } };
    } else {
      const node = dialog.node;
      const body: { name?: string; slug?: string; description?: string } = {};
      if (trimmed.name !== node.name) body.name = trimmed.name;
      if (trimmed.slug && trimmed.slug !== node.slug) body.slug = trimmed.slug;
      if (hasDescription(kind) && "description" in node && trimmed.description !== node.description) body.description = trimmed.description;
      if (Object.keys(body).length === 0) {
        onClose();
        return;
      }
      request =
        kind === "chapter"
          ? { action: "update", kind, id: node.id, body: { name: body.name, slug: body.slug } }
          : { action: "update", kind, id: node.id, body };
    }
    change.mutate(request, {
      onSuccess: () => {
        toast.success(dialog.type === "create" ? `${label[0]?.toUpperCase()}${label.slice(1)} added` : "Changes saved", trimmed.name);
        onClose();
      },
      onError: form.fromApi,
    });
  }

  const title =
    dialog.type === "create"
      ? dialog.parentName
        ? `Add a ${label} to ${dialog.parentName}`
        : `Add a ${label}`
      : `Edit ${dialog.node.name}`;

  return (
    <Modal
      open
      onClose={onClose}
      initialFocus={nameField}
      title={title}
      description={kind === "topic" ? "Topic slugs are unique across the whole catalog: search links and filters use them." : undefined}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>Cancel</Button>
          <Button type="submit" form="catalog-node-form" loading={change.isPending}>
            {dialog.type === "create" ? `Add ${label}` : "Save changes"}
          </Button>
        </>
      }
    >
      <form id="catalog-node-form" ref={formRef} onSubmit={submit} noValidate className="space-y-4">
        {form.formError ? <Alert tone="danger" role="alert">{form.formError}</Alert> : null}
        <TextField
          ref={nameField}
          label="Name"
          name="name"
          maxLength={120}
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            form.clearField("name");
          }}
          error={form.fieldErrors.name}
        />
        <SlugField
          value={slug}
          name={name}
          editing={editing !== null}
          onChange={(next) => {
            setSlug(next);
            form.clearField("slug");
          }}
          error={form.fieldErrors.slug}
          hint={editing ? "Changing it breaks saved links that use the old one." : "Used in addresses and filters. Leave empty to derive it from the name."}
        />
        {hasDescription(kind) ? (
          <TextAreaField
            label="Description"
            name="description"
            optional
            rows={3}
            maxLength={2000}
            value={description}
            onChange={(event) => {
              setDescription(event.target.value);
              form.clearField("description");
            }}
            error={form.fieldErrors.description}
          />
        ) : null}
      </form>
    </Modal>
  );
}

function DeleteModal({ dialog, onClose }: { dialog: Extract<Dialog, { type: "delete" }>; onClose: () => void }) {
  const toast = useToast();
  const change = useCatalogChange();
  const cancel = useRef<HTMLButtonElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const { kind, node } = dialog;
  return (
    <Modal
      open
      onClose={onClose}
      initialFocus={cancel}
      icon={
        <span className="flex size-10 items-center justify-center rounded-full bg-rose-100 text-rose-600">
          <TrashIcon size={20} />
        </span>
      }
      title={`Delete ${node.name}?`}
      description={`Only an empty ${KIND_LABELS[kind]} that nobody uses can be deleted. This can't be undone.`}
      footer={
        <>
          <Button ref={cancel} variant="secondary" onClick={onClose}>Cancel</Button>
          <Button
            variant="danger"
            loading={change.isPending}
            disabled={problem !== null}
            onClick={() =>
              change.mutate(
                { action: "delete", kind, id: node.id },
                {
                  onSuccess: () => {
                    toast.success("Deleted", node.name);
                    onClose();
                  },
                  onError: (error) =>
                    setProblem(error instanceof ApiError && error.code === "catalog_node_in_use" ? inUseMessage(kind) : errorMessage(error)),
                },
              )
            }
          >
            Delete {KIND_LABELS[kind]}
          </Button>
        </>
      }
    >
      {problem ? (
        <Alert tone="danger" role="alert" title={`Can't delete ${node.name}`}>
          {problem}
        </Alert>
      ) : null}
    </Modal>
  );
}

interface RowProps {
  kind: CatalogNodeKind;
  node: Node;
  /** The subject of a chapter, the chapter of a topic ("" for subjects). */
  parentId: string;
  index: number;
  siblings: Positioned[];
  onDialog: (dialog: Dialog) => void;
  onMove: (order: CatalogOrder | null) => void;
  moving: boolean;
  addLabel?: string;
  meta?: ReactNode;
  leading?: ReactNode;
  className?: string;
}

function NodeRow({ kind, node, parentId, index, siblings, onDialog, onMove, moving, addLabel, meta, leading, className }: RowProps) {
  return (
    <div className={cn("group flex items-center gap-3", className)}>
      {leading}
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-baseline gap-x-2.5 gap-y-0.5">
          <span className={cn("truncate", kind === "subject" ? "font-semibold text-slate-900" : kind === "chapter" ? "text-sm font-medium text-slate-900" : "text-sm text-slate-700")}>{node.name}</span>
          <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[0.7rem] text-slate-500">{node.slug}</code>
          {meta}
        </div>
      </div>
      <div className="flex shrink-0 items-center gap-0.5">
        <IconButton label={`Move ${node.name} up`} disabled={index === 0 || moving} onClick={() => onMove(reorderRequest(kind, parentId, siblings, index, -1))}>
          <ArrowUpIcon size={16} />
        </IconButton>
        <IconButton label={`Move ${node.name} down`} disabled={index === siblings.length - 1 || moving} onClick={() => onMove(reorderRequest(kind, parentId, siblings, index, 1))}>
          <ArrowDownIcon size={16} />
        </IconButton>
        <IconButton label={`Edit ${node.name}`} onClick={() => onDialog({ type: "edit", kind, node })}>
          <PencilIcon size={15} />
        </IconButton>
        {addLabel ? (
          <IconButton label={`${addLabel} to ${node.name}`} onClick={() => onDialog({ type: "create", kind: kind === "subject" ? "chapter" : "topic", parentId: node.id, parentName: node.name })}>
            <PlusIcon size={16} />
          </IconButton>
        ) : null}
        <IconButton label={`Delete ${node.name}`} danger onClick={() => onDialog({ type: "delete", kind, node })}>
          <TrashIcon size={15} />
        </IconButton>
      </div>
    </div>
  );
}

function SubjectCard({ subject, index, siblings, onDialog, onMove, moving }: { subject: Subject; index: number; siblings: Positioned[]; onDialog: (dialog: Dialog) => void; onMove: (order: CatalogOrder | null) => void; moving: boolean }) {
  const [open, setOpen] = useState(true);
  const topics = subject.chapters.reduce((sum, chapter) => sum + chapter.topics.length, 0);
  const chapterSiblings = subject.chapters.map(({ id, position }) => ({ id, position }));
  return (
    <Card className="overflow-hidden">
      <div className="px-4 py-3.5 sm:px-5">
        <NodeRow
          kind="subject"
          node={subject}
          parentId=""
          index={index}
          siblings={siblings}
          onDialog={onDialog}
          onMove={onMove}
          moving={moving}
          addLabel="Add chapter"
          leading={
            <button
              type="button"
              onClick={() => setOpen((value) => !value)}
              aria-expanded={open}
              aria-label={`${open ? "Collapse" : "Expand"} ${subject.name}`}
              className="rounded-lg p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700"
            >
              <ChevronDownIcon size={18} className={cn("transition-transform", !open && "-rotate-90")} />
            </button>
          }
          meta={
            <span className="text-xs text-slate-500">
              {subject.chapters.length} chapter{subject.chapters.length === 1 ? "" : "s"} · {topics} topic{topics === 1 ? "" : "s"}
            </span>
          }
        />
        {open && subject.description ? <p className="mt-1 pl-9 text-sm text-slate-500">{subject.description}</p> : null}
      </div>
      {open ? (
        subject.chapters.length ? (
          <ul className="divide-y divide-slate-100 border-t border-slate-100 bg-slate-50/40" aria-label={`Chapters of ${subject.name}`}>
            {subject.chapters.map((chapter, chapterIndex) => {
              const topicSiblings = chapter.topics.map(({ id, position }) => ({ id, position }));
              return (
                <li key={chapter.id} className="py-2.5 pr-4 pl-10 sm:pr-5 sm:pl-12">
                  <NodeRow kind="chapter" node={chapter} parentId={subject.id} index={chapterIndex} siblings={chapterSiblings} onDialog={onDialog} onMove={onMove} moving={moving} addLabel="Add topic" />
                  {chapter.topics.length ? (
                    <ul className="mt-1.5 space-y-0.5 border-l border-slate-200 pl-4" aria-label={`Topics of ${chapter.name}`}>
                      {chapter.topics.map((topic, topicIndex) => (
                        <li key={topic.id}>
                          <NodeRow kind="topic" node={topic} parentId={chapter.id} index={topicIndex} siblings={topicSiblings} onDialog={onDialog} onMove={onMove} moving={moving} className="py-0.5" />
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p className="mt-1 border-l border-slate-200 pl-4 text-sm text-slate-400">No topics yet.</p>
                  )}
                </li>
              );
            })}
          </ul>
        ) : (
          <div className="border-t border-slate-100 bg-slate-50/40 px-5 py-4 pl-12 text-sm text-slate-500">
            No chapters yet.{" "}
            <button type="button" className="font-medium text-brand-700 hover:text-brand-800" onClick={() => onDialog({ type: "create", kind: "chapter", parentId: subject.id, parentName: subject.name })}>
              Add the first one
            </button>
          </div>
        )
      ) : null}
    </Card>
  );
}

export default function AdminCatalogPage() {
  useDocumentTitle("Catalog");
  const toast = useToast();
  const catalog = useCatalog();
  const move = useCatalogReorder();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = () => setDialog(null);
  const subjects = catalog.data?.subjects ?? [];
  const subjectSiblings = subjects.map(({ id, position }) => ({ id, position }));
  const counts = subjects.reduce(
    (sum, subject) => ({ chapters: sum.chapters + subject.chapters.length, topics: sum.topics + subject.chapters.reduce((total, chapter) => total + chapter.topics.length, 0) }),
    { chapters: 0, topics: 0 },
  );

  function reorder(order: CatalogOrder | null) {
    if (!order) return;
    // One request with the level's complete new order: it applies fully or not at all, and the
    // tree is reloaded either way, so a failure leaves the list as the server has it.
    move.mutate(order, { onError: (error) => toast.error("Couldn't reorder", errorMessage(error)) });
  }

  return (
    <>
      <PageHeader
        eyebrow="Administration"
        title="Catalog"
        description="The subjects, chapters and topics mentors choose from and students search by. Changes are live immediately."
        actions={
          <Button icon={<PlusIcon size={18} />} onClick={() => setDialog({ type: "create", kind: "subject" })}>
            Add subject
          </Button>
        }
      />
      {catalog.isPending ? (
        <div className="space-y-4" aria-hidden="true">
          {[0, 1, 2].map((index) => (
            <Card key={index} className="space-y-3 p-5">
              <Skeleton className="h-5 w-48" />
              <Skeleton className="h-4 w-72" />
              <Skeleton className="h-4 w-64" />
            </Card>
          ))}
        </div>
      ) : catalog.isError ? (
        <Card>
          <ErrorState error={catalog.error} title="We couldn't load the catalog" onRetry={() => void catalog.refetch()} />
        </Card>
      ) : subjects.length === 0 ? (
        <Card>
          <EmptyState
            icon={<LayersIcon size={22} />}
            title="The catalog is empty"
            description="Add a first subject, then its chapters and topics. Mentors can only apply once there are topics to choose."
            action={<Button onClick={() => setDialog({ type: "create", kind: "subject" })}>Add subject</Button>}
          />
        </Card>
      ) : (
        <>
          <p className="mb-4 text-sm text-slate-500" aria-live="polite">
            {subjects.length} subject{subjects.length === 1 ? "" : "s"} · {counts.chapters} chapters · {counts.topics} topics
            {move.isPending ? " · Saving order…" : ""}
          </p>
          <ul className="space-y-4" aria-label="Subjects">
            {subjects.map((subject, index) => (
              <li key={subject.id}>
                <SubjectCard subject={subject} index={index} siblings={subjectSiblings} onDialog={setDialog} onMove={reorder} moving={move.isPending || catalog.isFetching} />
              </li>
            ))}
          </ul>
        </>
      )}
      {dialog?.type === "create" || dialog?.type === "edit" ? <NodeFormModal key={JSON.stringify(dialog)} dialog={dialog} onClose={close} /> : null}
      {dialog?.type === "delete" ? <DeleteModal dialog={dialog} onClose={close} /> : null}
    </>
  );
}
