import { useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { useCreateThread, useForumCategories } from "../../api/forum";
import { useSession } from "../../auth/session-context";
import { Breadcrumbs } from "../../components/ui/Breadcrumbs";
import { BookOpenIcon, LayersIcon, XIcon } from "../../components/ui/icons";
import { PageHeader } from "../../components/ui/PageHeader";
import { SkeletonText } from "../../components/ui/Skeleton";
import { ErrorState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { useDocumentTitle } from "../../lib/document-title";
import { Composer } from "./Composer";
import { SignInPrompt } from "./ForumBits";
import { threadPath } from "./forum-filters";
import { useLinkedContent, type ContentLink } from "./use-linked-content";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_TITLE = 150;

/**
 * What a link to the composer may carry. Lesson pages send people here with the topic, the
 * item and a first title and text (a wrong answer to a question brings the question and the
 * answer given); the forum's own pages send the category being browsed.
 */
function prefillFrom(params: URLSearchParams) {
  const item = params.get("item") ?? "";
  return {
    topic: params.get("topic") ?? "",
    item: UUID.test(item) ? item : "",
    title: (params.get("title") ?? "").slice(0, MAX_TITLE),
    body: params.get("body") ?? "",
    category: params.get("category") ?? "",
    quote: params.get("quote") ?? "",
  };
}

function AboutCard({ link, onRemove }: { link: ContentLink; onRemove: () => void }) {
  const found = useLinkedContent(link);
  const lessonTitle = found.lesson?.title ?? (found.lessonPending ? "…" : null);
  if (!lessonTitle && !found.topic) return null;
  return (
    <div className="flex items-start gap-3 rounded-xl bg-slate-50 px-3.5 py-3 ring-1 ring-slate-200">
      <span aria-hidden="true" className="mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-lg bg-white text-brand-600 ring-1 ring-slate-200">
        {lessonTitle ? <BookOpenIcon size={16} /> : <LayersIcon size={16} />}
      </span>
      <div className="min-w-0 flex-1 text-sm">
        <p className="font-medium text-slate-900">{lessonTitle ? `About: ${lessonTitle}` : `About: ${found.topic?.name ?? ""}`}</p>
        {lessonTitle && found.topic ? <p className="text-slate-500">In {found.topic.name}</p> : null}
        <p className="mt-0.5 text-xs text-slate-500">The thread is listed with this lesson, and its category is the lesson's subject unless you choose one.</p>
      </div>
      <button type="button" onClick={onRemove} className="rounded-md p-1 text-slate-400 hover:bg-white hover:text-slate-700" aria-label="Don't link the thread to this">
        <XIcon size={16} />
      </button>
    </div>
  );
}

/** Starting a thread, optionally about a topic or a lesson ("Ask about this"). */
export default function NewThreadPage() {
  const [params] = useSearchParams();
  const { user } = useSession();
  const navigate = useNavigate();
  const toast = useToast();
  const [prefill] = useState(() => prefillFrom(params));
  const [link, setLink] = useState<ContentLink>({ topic: prefill.topic || null, item: prefill.item || null });
  const categories = useForumCategories();
  const create = useCreateThread();
  useDocumentTitle("New thread");

  const header = (
    <>
      <Breadcrumbs className="mb-4" items={[{ label: "Forum", to: "/forum" }, { label: "New thread" }]} />
      <PageHeader title="Start a thread" description="Ask about a lesson, a problem you're stuck on, or share something that helped you." />
    </>
  );

  if (!user) {
    return (
      <div className="mx-auto max-w-3xl">
        {header}
        <SignInPrompt title="Sign in to post" description="Anyone can read the forum. To start a thread, sign in or create a free account; what you came to ask stays ready for you." />
      </div>
    );
  }

  const linked = Boolean(link.topic || link.item);
  const chosen = categories.data?.find((category) => category.slug === prefill.category || category.id === prefill.category);
  const draftKey = `new:${prefill.item || prefill.topic || "general"}`;

  return (
    <div className="mx-auto max-w-5xl">
      {header}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_16rem]">
        <div className="rounded-2xl bg-white p-4 shadow-xs ring-1 ring-slate-200/80 sm:p-6">
          {categories.isPending ? (
            <SkeletonText lines={6} />
          ) : categories.isError ? (
            <ErrorState error={categories.error} title="We couldn't load the categories" onRetry={() => void categories.refetch()} />
          ) : (
            <Composer
              draftKey={draftKey}
              initial={{ title: prefill.title, body: prefill.body, category: chosen?.slug ?? "" }}
              showTitle
              categories={{ items: categories.data, automatic: linked ? "Automatic: the lesson's subject" : null }}
              bodyLabel="Your question or idea"
              placeholder="Say what you tried and where you got stuck. Formulas work: $v = u + at$."
              before={
                <>
                  {linked ? <AboutCard link={link} onRemove={() => setLink({ topic: null, item: null })} /> : null}
                  {prefill.quote ? (
                    <blockquote className="border-l-4 border-slate-200 pl-3 text-sm whitespace-pre-line text-slate-600">{prefill.quote}</blockquote>
                  ) : null}
                </>
              }
              submitLabel="Post thread"
              onSubmit={async ({ title, body, category }) => {
                const detail = await create.mutateAsync({
                  title,
                  body,
                  category: category || null,
                  topic: link.topic,
                  item_id: link.item,
                  quote: prefill.quote,
                });
                toast.success("Thread posted", "You'll hear of replies in the app and by e-mail.");
                void navigate(threadPath(detail.thread.id), { replace: true });
              }}
            />
          )}
        </div>
        <aside className="h-fit rounded-2xl bg-slate-100/70 p-5 text-sm leading-6 text-slate-600">
          <h2 className="mb-2 font-semibold text-slate-900">Get a good answer</h2>
          <ul className="list-disc space-y-1.5 pl-4">
            <li>Put the question in the title.</li>
            <li>Show your working: what you tried and where it went wrong.</li>
            <li>Write formulas between dollar signs: $x^2$.</li>
            <li>Add a photo of your notes with the image button.</li>
          </ul>
        </aside>
      </div>
    </div>
  );
}
