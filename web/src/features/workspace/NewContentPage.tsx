import { useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useCreateContent, type ContentKind } from "../../api/content";
import { useCatalog } from "../../api/marketplace";
import { useMyMentorProfile } from "../../api/mentoring";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { Card, CardBody, CardFooter, CardHeader } from "../../components/ui/Card";
import { ArrowLeftIcon, ArrowRightIcon } from "../../components/ui/icons";
import { Modal } from "../../components/ui/Modal";
import { PageHeader } from "../../components/ui/PageHeader";
import { SkeletonText } from "../../components/ui/Skeleton";
import { ErrorState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { cn } from "../../lib/cn";
import { useDocumentTitle } from "../../lib/document-title";
import { useFormErrors } from "../../lib/use-form-errors";
import { ContentFields } from "./ContentFields";
import { bodyFrom, CONTENT_FIELDS, emptyDraft, titleProblem, type Draft } from "./drafts";
import { contentFormErrors } from "./errors";
import { isKind, KIND_DESCRIPTIONS, KIND_LABELS, KIND_OPTIONS } from "../content/kinds";
import { KindTile } from "../content/KindTile";
import { TopicChooser } from "./TopicChooser";
import { topicIndex } from "../../lib/catalog";
import { useLeaveGuard } from "../../lib/use-leave-guard";
import { LeaveDialog } from "../editor/LeaveDialog";
import { useUnsavedChangesWarning } from "../../lib/use-unsaved-changes";

/** Step 1: what kind of item, under which topic. Kept in the address so Back works. */
function ChooseStep({ kind, topic, onContinue }: { kind: ContentKind | null; topic: string | null; onContinue: (kind: ContentKind, topic: string) => void }) {
  const catalog = useCatalog();
  const profile = useMyMentorProfile();
  const [chosenKind, setChosenKind] = useState<ContentKind | null>(kind);
  const [chosenTopic, setChosenTopic] = useState<string | null>(topic);
  const [errors, setErrors] = useState<{ kind?: string; topic?: string }>({});
  const mine = new Set((profile.data?.topics ?? []).map((entry) => entry.id));

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = { kind: chosenKind ? undefined : "Choose what you want to write.", topic: chosenTopic ? undefined : "Choose the topic it belongs to." };
    setErrors(found);
    if (chosenKind && chosenTopic) onContinue(chosenKind, chosenTopic);
  }

  return (
    <Card>
      <form onSubmit={submit} noValidate aria-labelledby="choose-title">
        <CardHeader titleId="choose-title" title="What are you creating?" description="You can write the content next. Nothing is saved until you do." />
        <CardBody className="space-y-8">
          <fieldset aria-describedby={errors.kind ? "kind-error" : undefined}>
            <legend className="text-sm font-medium text-slate-800">Kind</legend>
            <div className="mt-2 grid gap-3 md:grid-cols-3">
              {KIND_OPTIONS.map((option) => (
                <label
                  key={option}
                  className={cn(
                    "relative flex cursor-pointer flex-col gap-3 rounded-2xl p-4 ring-1 ring-inset transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600",
                    chosenKind === option ? "bg-brand-50/60 ring-2 ring-brand-500" : "bg-white ring-slate-200 hover:bg-slate-50",
                  )}
                >
                  <span className="flex items-center justify-between">
                    <KindTile kind={option} size="lg" />
                    <input
                      type="radio"
                      name="kind"
                      value={option}
                      checked={chosenKind === option}
                      onChange={() => {
                        setChosenKind(option);
                        setErrors((current) => ({ ...current, kind: undefined }));
                      }}
                      className="size-4 accent-brand-600"
                    />
                  </span>
                  <span>
                    <span className="block font-semibold text-slate-900">{KIND_LABELS[option]}</span>
                    <span className="mt-1 block text-sm leading-6 text-slate-500">{KIND_DESCRIPTIONS[option]}</span>
                  </span>
                </label>
              ))}
            </div>
            {errors.kind ? (
              <p id="kind-error" className="mt-2 text-sm text-rose-600">
                {errors.kind}
              </p>
            ) : null}
          </fieldset>
          {catalog.isPending ? (
            <SkeletonText lines={6} />
          ) : catalog.isError ? (
            <ErrorState error={catalog.error} title="We couldn't load the topics" onRetry={() => void catalog.refetch()} />
          ) : (
            <TopicChooser
              catalog={catalog.data}
              value={chosenTopic}
              mine={mine}
              error={errors.topic}
              onChange={(next) => {
                setChosenTopic(next);
                setErrors((current) => ({ ...current, topic: undefined }));
              }}
            />
          )}
        </CardBody>
        <CardFooter>
          <Button type="submit">
            Continue <ArrowRightIcon size={16} />
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

/** Step 2: the first version. The API needs a complete body, so the item is created on save. */
function WriteStep({ kind, topic, onBack }: { kind: ContentKind; topic: string; onBack: () => void }) {
  const navigate = useNavigate();
  const toast = useToast();
  const catalog = useCatalog();
  const create = useCreateContent();
  const [title, setTitle] = useState("");
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(kind));
  const [formError, setFormError] = useState<string | null>(null);
  const [confirmBack, setConfirmBack] = useState(false);
  const { formRef, fieldErrors, check, clearField } = useFormErrors(CONTENT_FIELDS);
  const place = topicIndex(catalog.data).get(topic);
  const pristine = JSON.stringify([title, draft]) === JSON.stringify(["", emptyDraft(kind)]);
  useUnsavedChangesWarning(!pristine && !create.isSuccess);
  const leaving = useLeaveGuard(!pristine && !create.isPending && !create.isSuccess);

  function save(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    const result = bodyFrom(draft, title);
    if (!check({ title: titleProblem(title), ...(result.errors ?? {}) }) || !result.body) return;
    create.mutate(
      { kind, topic_id: topic, title: title.trim(), body: result.body, change_summary: "First draft" },
      {
        onSuccess: (item) => {
          toast.success("Draft saved", "Submit it for review when it's ready.");
          void navigate(`/mentor/content/${item.id}`, { replace: true });
        },
        onError: (error) => {
          const mapped = contentFormErrors(error);
          if (Object.keys(mapped.fields).length) check(mapped.fields);
          setFormError(mapped.form);
        },
      },
    );
  }

  return (
    <Card>
      <form ref={formRef} onSubmit={save} noValidate aria-labelledby="write-title">
        <div className="flex flex-wrap items-center justify-between gap-4 border-b border-slate-100 px-5 py-4 sm:px-6">
          <div className="flex min-w-0 items-center gap-3">
            <KindTile kind={kind} />
            <div className="min-w-0">
              <h2 id="write-title" className="text-base font-semibold text-slate-900">
                New {KIND_LABELS[kind].toLowerCase()}
              </h2>
              <p className={cn("truncate text-sm", place || !catalog.data ? "text-slate-500" : "font-medium text-rose-600")}>
                {place
                  ? `${place.subject.name} › ${place.chapter.name} › ${place.topic.name}`
                  : catalog.data
                    ? "This topic is no longer in the catalog. Choose another one."
                    : "Loading the topic…"}
              </p>
            </div>
          </div>
          <Button variant="ghost" size="sm" onClick={() => (pristine ? onBack() : setConfirmBack(true))}>
            Change kind or topic
          </Button>
        </div>
        <CardBody className="space-y-6">
          {formError ? (
            <Alert tone="danger" role="alert" title="The draft wasn't saved">
              {formError}
            </Alert>
          ) : null}
          <ContentFields title={title} onTitle={setTitle} draft={draft} onDraft={setDraft} errors={fieldErrors} onEdited={clearField} />
        </CardBody>
        <CardFooter className="sticky bottom-0 z-10 backdrop-blur">
          <p className="mr-auto text-sm text-slate-500">Saved drafts are private until you submit them for review.</p>
          <Button type="submit" loading={create.isPending}>
            Save draft
          </Button>
        </CardFooter>
      </form>
      <LeaveDialog leaving={leaving} description="This draft hasn't been saved yet. If you leave now, it's lost." stayLabel="Stay and keep writing" />
      <Modal
        open={confirmBack}
        onClose={() => setConfirmBack(false)}
        size="sm"
        title="Discard what you've written?"
        description="Changing the kind or topic starts the draft again. Nothing has been saved yet."
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirmBack(false)}>
              Keep writing
            </Button>
            <Button variant="danger" onClick={onBack}>
              Discard and go back
            </Button>
          </>
        }
      />
    </Card>
  );
}

export default function NewContentPage() {
  useDocumentTitle("New content");
  const [params, setParams] = useSearchParams();
  const kindParam = params.get("kind");
  const kind = isKind(kindParam) ? kindParam : null;
  const topic = params.get("topic");
  const writing = kind !== null && topic !== null && params.get("step") === "write";

  return (
    <>
      <Link to="/mentor/content" className="mb-4 inline-flex items-center gap-1.5 text-sm font-medium text-slate-500 hover:text-slate-800">
        <ArrowLeftIcon size={16} /> My content
      </Link>
      <PageHeader
        title="New content"
        description="Choose the kind and the topic, then write the first version. Every save is kept, so you can always go back."
      />
      {writing ? (
        <WriteStep
          key={`${kind}-${topic}`}
          kind={kind}
          topic={topic}
          onBack={() => setParams({ kind, topic })}
        />
      ) : (
        <ChooseStep
          kind={kind}
          topic={topic}
          onContinue={(nextKind, nextTopic) => setParams({ kind: nextKind, topic: nextTopic, step: "write" })}
        />
      )}
    </>
  );
}
