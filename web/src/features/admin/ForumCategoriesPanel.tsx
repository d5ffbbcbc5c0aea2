import { useRef, useState, type FormEvent } from "react";
import { ApiError } from "../../api/errors";
import { useCategoryChange, useForumCategoriesForAdmin, type AdminForumCategory, type ForumCategoryUpdate } from "../../api/forum-admin";
import { useCatalog } from "../../api/marketplace";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { Card, CardHeader } from "../../components/ui/Card";
import { SelectField, TextAreaField, TextField } from "../../components/ui/Field";
import { IconButton } from "../../components/ui/IconButton";
import { ArrowDownIcon, ArrowUpIcon, LayersIcon, PencilIcon, PlusIcon, TrashIcon } from "../../components/ui/icons";
import { Modal } from "../../components/ui/Modal";
import { SkeletonText } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { sortedSubjects } from "../../lib/catalog";
import { errorMessage } from "../../lib/error-messages";
import { useFormErrors } from "../../lib/use-form-errors";
import { slugProblem } from "./catalog-order";
import { categoryMoves } from "./forum-category-order";
import { SlugField } from "./SlugField";

/** The server's limits (adapters.http.forum.schemas). */
const MAX_NAME = 80;
const MAX_DESCRIPTION = 500;

type Dialog = { type: "create" } | { type: "edit"; category: AdminForumCategory } | { type: "delete"; category: AdminForumCategory };

function CategoryFormModal({ editing, nextPosition, onClose }: { editing: AdminForumCategory | null; nextPosition: number; onClose: () => void }) {
  const toast = useToast();
  const change = useCategoryChange();
  const catalog = useCatalog();
  const [name, setName] = useState(editing?.name ?? "");
  const [slug, setSlug] = useState(editing?.slug ?? "");
  const [description, setDescription] = useState(editing?.description ?? "");
  const [subject, setSubject] = useState(editing?.subject_id ?? "");
  const { formRef, fieldErrors, formError, fromApi, check, clearField } = useFormErrors(["name", "slug", "description", "subject"] as const);
  const nameField = useRef<HTMLInputElement>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const ok = check({
      name: name.trim() ? null : "Give the category a name.",
      slug: editing && !slug.trim() ? "A slug is required." : slugProblem(slug.trim()),
    });
    if (!ok) return;
    const trimmed = { name: name.trim(), slug: slug.trim(), description: description.trim(), subject: subject || null };
    let request: Parameters<typeof change.mutate>[0];
    if (!editing) {
      request = { action: "create", body: { ...trimmed, slug: trimmed.slug || null, position: nextPosition } };
    } else {
      const body: ForumCategoryUpdate = {};
      if (trimmed.name !== editing.name) body.name = trimmed.name;
      if (trimmed.slug !== editing.slug) body.slug = trimmed.slug;
      if (trimmed.description !== editing.description) body.description = trimmed.description;
      if (trimmed.subject !== editing.subject_id) body.subject = trimmed.subject;
      if (Object.keys(body).length === 0) {
        onClose();
        return;
      }
      request = { action: "update", id: editing.id, body };
    }
    change.mutate(request, {
      onSuccess: () => {
        toast.success(editing ? "Changes saved" : "Category added", trimmed.name);
        onClose();
      },
      onError: fromApi,
    });
  }

  return (
    <Modal
      open
      onClose={onClose}
      initialFocus={nameField}
      title={editing ? `Edit ${editing.name}` : "Add a category"}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="forum-category-form" loading={change.isPending}>
            {editing ? "Save changes" : "Add category"}
          </Button>
        </>
      }
    >
      <form id="forum-category-form" ref={formRef} onSubmit={submit} noValidate className="space-y-4">
        {formError ? (
          <Alert tone="danger" role="alert">
            {formError}
          </Alert>
        ) : null}
        <TextField
          ref={nameField}
          label="Name"
          maxLength={MAX_NAME}
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            clearField("name");
          }}
          error={fieldErrors.name}
        />
        <SlugField
          value={slug}
          name={name}
          editing={editing !== null}
          onChange={(next) => {
            setSlug(next);
            clearField("slug");
          }}
          error={fieldErrors.slug}
          hint={editing ? "Changing it breaks saved links to the category." : "Used in the forum's addresses. Leave empty to derive it from the name."}
        />
        <TextAreaField
          label="Description"
          optional
          rows={2}
          maxLength={MAX_DESCRIPTION}
          value={description}
          onChange={(event) => {
            setDescription(event.target.value);
            clearField("description");
          }}
          error={fieldErrors.description}
        />
        <SelectField
          label="Catalog subject"
          optional
          value={subject}
          onChange={(event) => {
            setSubject(event.target.value);
            clearField("subject");
          }}
          error={fieldErrors.subject}
          hint="Questions asked from this subject's lessons land here."
        >
          <option value="">None</option>
          {sortedSubjects(catalog.data).map((option) => (
            <option key={option.id} value={option.id}>
              {option.name}
            </option>
          ))}
        </SelectField>
      </form>
    </Modal>
  );
}

function DeleteCategoryModal({ category, onClose }: { category: AdminForumCategory; onClose: () => void }) {
  const toast = useToast();
  const change = useCategoryChange();
  const cancel = useRef<HTMLButtonElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const remove = () =>
    change.mutate(
      { action: "delete", id: category.id },
      {
        onSuccess: () => {
          toast.success("Category removed", category.name);
          onClose();
        },
        onError: (error) =>
          setProblem(error instanceof ApiError && error.code === "forum_category_not_empty" ? "It holds threads now. Move or delete them first." : errorMessage(error)),
      },
    );
  return (
    <Modal
      open
      onClose={onClose}
      initialFocus={cancel}
      title={`Remove ${category.name}?`}
      description="Only a category without threads can be removed."
      footer={
        <>
          <Button ref={cancel} variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="danger" loading={change.isPending} disabled={problem !== null} onClick={remove}>
            Remove category
          </Button>
        </>
      }
    >
      {problem ? (
        <Alert tone="danger" role="alert" title={`Can't remove ${category.name}`}>
          {problem}
        </Alert>
      ) : null}
    </Modal>
  );
}

/** The forum's categories: add, rename, describe, link to a catalog subject, reorder, remove. */
export function ForumCategoriesPanel() {
  const toast = useToast();
  const categories = useForumCategoriesForAdmin();
  const catalog = useCatalog();
  const move = useCategoryChange();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const list = categories.data ?? [];
  const subjects = new Map(sortedSubjects(catalog.data).map((subject) => [subject.id, subject.name]));

  function reorder(index: number, direction: -1 | 1) {
    const moves = categoryMoves(list, index, direction);
    if (!moves.length) return;
    move.mutate(
      moves.map(({ id, position }) => ({ action: "update" as const, id, body: { position } })),
      { onError: (error) => toast.error("Couldn't reorder", errorMessage(error)) },
    );
  }

  const add = (
    <Button size="sm" icon={<PlusIcon size={16} />} onClick={() => setDialog({ type: "create" })}>
      Add category
    </Button>
  );
  const busy = move.isPending || categories.isFetching;

  return (
    <Card className="overflow-hidden">
      <CardHeader title="Categories" description="Where threads are filed, in the forum's order. A category linked to a catalog subject receives the questions asked from its lessons." action={add} />
      {categories.isPending ? (
        <div className="p-6">
          <SkeletonText lines={4} />
          <span className="sr-only" role="status">
            Loading categories…
          </span>
        </div>
      ) : categories.isError ? (
        <ErrorState error={categories.error} title="We couldn't load the categories" onRetry={() => void categories.refetch()} />
      ) : list.length === 0 ? (
        <EmptyState icon={<LayersIcon size={22} />} title="No categories yet" description="Add one for each subject, and one for everything else." />
      ) : (
        <ul aria-label="Categories" className="divide-y divide-slate-100">
          {list.map((category, index) => {
            const subject = category.subject_id ? subjects.get(category.subject_id) : undefined;
            return (
              <li key={category.id} className="flex items-start gap-3 px-4 py-3.5 sm:px-6">
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap items-baseline gap-x-2.5 gap-y-0.5">
                    <span className="font-medium text-slate-900">{category.name}</span>
                    <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[0.7rem] text-slate-500">{category.slug}</code>
                    <span className="text-xs text-slate-500">
                      {category.thread_count === 1 ? "1 thread" : `${category.thread_count} threads`}
                      {subject ? ` · ${subject}` : ""}
                    </span>
                  </div>
                  {category.description ? <p className="mt-0.5 text-sm text-slate-500">{category.description}</p> : null}
                </div>
                <div className="flex shrink-0 items-center gap-0.5">
                  <IconButton label={`Move ${category.name} up`} disabled={index === 0 || busy} onClick={() => reorder(index, -1)}>
                    <ArrowUpIcon size={16} />
                  </IconButton>
                  <IconButton label={`Move ${category.name} down`} disabled={index === list.length - 1 || busy} onClick={() => reorder(index, 1)}>
                    <ArrowDownIcon size={16} />
                  </IconButton>
                  <IconButton label={`Edit ${category.name}`} onClick={() => setDialog({ type: "edit", category })}>
                    <PencilIcon size={15} />
                  </IconButton>
                  <IconButton
                    label={category.thread_count ? `${category.name} holds threads and can't be removed` : `Remove ${category.name}`}
                    danger
                    disabled={category.thread_count > 0}
                    onClick={() => setDialog({ type: "delete", category })}
                  >
                    <TrashIcon size={15} />
                  </IconButton>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {dialog?.type === "create" || dialog?.type === "edit" ? (
        <CategoryFormModal
          key={dialog.type === "edit" ? dialog.category.id : "new"}
          editing={dialog.type === "edit" ? dialog.category : null}
          nextPosition={list.reduce((last, category) => Math.max(last, category.position + 1), 0)}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog?.type === "delete" ? <DeleteCategoryModal category={dialog.category} onClose={() => setDialog(null)} /> : null}
    </Card>
  );
}
