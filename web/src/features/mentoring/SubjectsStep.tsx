import { useState } from "react";
import { useCatalog } from "../../api/marketplace";
import { useSetMyTopics } from "../../api/mentoring";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { ArrowRightIcon } from "../../components/ui/icons";
import { SkeletonText } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { errorMessage } from "../../lib/error-messages";
import type { StepProps } from "./ProfileStep";
import { StepFrame } from "./StepFrame";
import { TopicPicker } from "./TopicPicker";

const MAX_TOPICS = 40;

export function SubjectsStep({ profile, locked, onNext, onBack }: StepProps) {
  const catalog = useCatalog();
  const save = useSetMyTopics();
  const saved = profile.topics.map((topic) => topic.id);
  const [selected, setSelected] = useState<Set<string>>(() => new Set(saved));
  const [problem, setProblem] = useState<string | null>(null);
  const dirty = selected.size !== saved.length || saved.some((id) => !selected.has(id));

  function submit() {
    if (locked) {
      onNext();
      return;
    }
    if (selected.size === 0) {
      setProblem("Choose at least one topic you can teach.");
      return;
    }
    if (selected.size > MAX_TOPICS) {
      setProblem(`Choose at most ${MAX_TOPICS} topics.`);
      return;
    }
    if (!dirty) {
      onNext();
      return;
    }
    setProblem(null);
    save.mutate([...selected], {
      onSuccess: onNext,
      onError: (error) => setProblem(errorMessage(error)),
    });
  }

  return (
    <StepFrame
      title="What you teach"
      description="Tick every topic you're confident teaching. Students find you through these, and our team checks them against your documents."
      onBack={onBack}
      note={dirty && !locked ? "Unsaved changes" : undefined}
      actions={
        <Button onClick={submit} loading={save.isPending}>
          {locked || !dirty ? "Continue" : "Save and continue"} <ArrowRightIcon size={16} />
        </Button>
      }
    >
      {problem ? (
        <Alert tone="danger" role="alert">
          {problem}
        </Alert>
      ) : null}
      {catalog.isPending ? (
        <SkeletonText lines={8} />
      ) : catalog.isError ? (
        <ErrorState error={catalog.error} title="We couldn't load the catalog" onRetry={() => void catalog.refetch()} />
      ) : catalog.data.subjects.length === 0 ? (
        <EmptyState title="The catalog is empty" description="Our team hasn't published any subjects yet. Come back to this step a little later." />
      ) : (
        <TopicPicker
          catalog={catalog.data}
          selected={selected}
          disabled={locked}
          max={MAX_TOPICS}
          onChange={(next) => {
            setSelected(next);
            setProblem(null);
          }}
        />
      )}
    </StepFrame>
  );
}
