import { Link } from "react-router";
import { useTopicProgress, type TopicPlace } from "../../api/courses";
import { ButtonLink } from "../../components/ui/Button";
import { Card } from "../../components/ui/Card";
import { ArrowRightIcon, CheckCircleIcon, ClockIcon } from "../../components/ui/icons";
import { ProgressBar } from "../courses/CourseBits";
import { timeLeft } from "../courses/time";

const STILL_SHOWN = 4;

function counts(place: TopicPlace): string {
  const parts: string[] = [];
  if (place.read.total) parts.push(`Read ${place.read.completed} of ${place.read.total}`);
  if (place.solved.total) parts.push(`Solved ${place.solved.completed} of ${place.solved.total}`);
  return parts.join(" · ");
}

/**
 * The learner's place in a topic: what they have read and solved, what is left, and once
 * everything is done, the topic that comes next.
 */
export function TopicProgress({ topic, itemPath, subjectSlug }: { topic: string; itemPath: (id: string) => string; subjectSlug: string }) {
  const progress = useTopicProgress(topic);
  const place = progress.data;
  if (!place || place.progress.total === 0) return null;
  const complete = place.progress.completed >= place.progress.total;
  const nextSubject = place.subject?.slug ?? subjectSlug;

  if (complete) {
    return (
      <Card className="mb-8 overflow-hidden">
        <section aria-labelledby="topic-complete-title" className="flex flex-col gap-4 bg-emerald-50/60 p-5 sm:flex-row sm:items-center sm:p-6">
          <span className="flex size-11 shrink-0 items-center justify-center rounded-full bg-emerald-100 text-emerald-700">
            <CheckCircleIcon size={22} aria-hidden="true" />
          </span>
          <div className="min-w-0 flex-1">
            <h2 id="topic-complete-title" className="text-base font-semibold text-emerald-900">
              Topic complete
            </h2>
            <p className="text-sm text-emerald-800">
              {counts(place)}. {place.next_topic ? `Next up: ${place.next_topic.name}.` : "That's everything in this subject for now."}
            </p>
          </div>
          {place.next_topic ? (
            <ButtonLink to={`/learn/${nextSubject}/${place.next_topic.slug}`} icon={<ArrowRightIcon size={16} />} className="shrink-0">
              Next topic
            </ButtonLink>
          ) : (
            <ButtonLink to={`/learn/${nextSubject}`} variant="secondary" className="shrink-0">
              Back to {place.subject?.name ?? "the subject"}
            </ButtonLink>
          )}
        </section>
      </Card>
    );
  }

  const still = place.items.filter((item) => !item.completed);
  return (
    <Card className="mb-8">
      <section aria-labelledby="topic-progress-title" className="space-y-4 p-5 sm:p-6">
        <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
          <div>
            <h2 id="topic-progress-title" className="text-base font-semibold text-slate-900">
              Your progress
            </h2>
            <p className="mt-0.5 flex flex-wrap items-center gap-x-2 text-sm text-slate-600">
              <span>{counts(place)}</span>
              <span className="inline-flex items-center gap-1 text-slate-500">
                <ClockIcon size={14} aria-hidden="true" /> {timeLeft(place.remaining_minutes)}
              </span>
            </p>
          </div>
          {place.next_item_id ? (
            <ButtonLink to={itemPath(place.next_item_id)} size="sm" icon={<ArrowRightIcon size={16} />} className="shrink-0">
              {place.progress.completed ? "Continue" : "Start"}
            </ButtonLink>
          ) : null}
        </div>
        <ProgressBar progress={place.progress} label="Topic progress" />
        <div>
          <h3 className="text-sm font-medium text-slate-700">Still to do</h3>
          <ul className="mt-1.5 space-y-1 text-sm">
            {still.slice(0, STILL_SHOWN).map((item) => (
              <li key={item.item_id} className="flex items-baseline justify-between gap-3">
                <Link to={itemPath(item.item_id)} className="truncate text-brand-700 hover:underline">
                  {item.title}
                </Link>
                <span className="shrink-0 text-xs text-slate-500">{item.kind === "question" ? "question" : `${item.minutes} min`}</span>
              </li>
            ))}
          </ul>
          {still.length > STILL_SHOWN ? <p className="mt-1 text-xs text-slate-500">and {still.length - STILL_SHOWN} more below</p> : null}
        </div>
      </section>
    </Card>
  );
}
