import { useId, useState } from "react";
import { Link } from "react-router";
import { useSuggestQuestions, useSummariseVideo, type ContentItem, type ContentKind } from "../../api/content";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { Card, CardBody, CardHeader } from "../../components/ui/Card";
import { Select } from "../../components/ui/Field";
import { SparklesIcon } from "../../components/ui/icons";
import { useToast } from "../../components/ui/toast-context";
import { errorMessage } from "../../lib/error-messages";

const COUNTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

function Drafts({ items }: { items: ContentItem[] }) {
  return (
    <ul aria-label="New drafts" className="mt-3 space-y-1.5 text-sm">
      {items.map((draft) => (
        <li key={draft.id}>
          <Link to={`/mentor/content/${draft.id}`} className="font-medium text-brand-700 hover:underline">
            {draft.title}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function SuggestQuestions({ item }: { item: ContentItem }) {
  const toast = useToast();
  const countId = useId();
  const [count, setCount] = useState(3);
  const suggest = useSuggestQuestions(item.id);
  return (
    <>
      <div className="flex items-end gap-2">
        <div className="w-24 shrink-0">
          <label htmlFor={countId} className="mb-1 block text-sm font-medium text-slate-700">
            Questions
          </label>
          <Select id={countId} value={count} onChange={(event) => setCount(Number(event.target.value))} disabled={suggest.isPending}>
            {COUNTS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </Select>
        </div>
        <Button
          className="flex-1"
          variant="secondary"
          icon={<SparklesIcon size={16} />}
          loading={suggest.isPending}
          onClick={() =>
            suggest.mutate(count, {
              onSuccess: (made) =>
                toast.success(
                  made.items.length === 1 ? "1 question drafted" : `${made.items.length} questions drafted`,
                  "Check each one, then submit it for review.",
                ),
            })
          }
        >
          Suggest questions
        </Button>
      </div>
      {suggest.isError ? (
        <Alert tone="danger" role="alert" title="No questions this time" className="mt-3">
          {errorMessage(suggest.error)}
        </Alert>
      ) : null}
      {suggest.data ? <Drafts items={suggest.data.items} /> : null}
    </>
  );
}

function Summarise({ item }: { item: ContentItem }) {
  const toast = useToast();
  const summarise = useSummariseVideo(item.id);
  return (
    <>
      <Button
        className="w-full"
        variant="secondary"
        icon={<SparklesIcon size={16} />}
        loading={summarise.isPending}
        onClick={() =>
          summarise.mutate(undefined, {
            onSuccess: () => toast.success("Summary drafted", "Check it, then submit it for review."),
          })
        }
      >
        Draft a summary note
      </Button>
      {summarise.isError ? (
        <Alert tone="danger" role="alert" title="No summary this time" className="mt-3">
          {errorMessage(summarise.error)}
        </Alert>
      ) : null}
      {summarise.data ? <Drafts items={[summarise.data]} /> : null}
    </>
  );
}

/** Drafts made by the content assistant from this item's saved version: new items of the
 * mentor, marked machine-suggested, that go through review like any other. */
export function AssistantCard({ item, kind, className }: { item: ContentItem; kind: ContentKind; className?: string }) {
  if (kind !== "note" && kind !== "video") return null;
  return (
    <Card className={className}>
      <CardHeader
        titleId="assistant-title"
        title="Content assistant"
        description={
          kind === "note"
            ? "Drafts practice questions from the saved version of this note."
            : "Drafts a note that sums up this video's captions."
        }
      />
      <CardBody>
        {kind === "note" ? <SuggestQuestions item={item} /> : <Summarise item={item} />}
        <p className="mt-3 text-xs text-slate-500">Drafts are marked machine-suggested and nobody sees them until a reviewer approves.</p>
      </CardBody>
    </Card>
  );
}
