import { Badge } from "../../components/ui/Badge";
import { SparklesIcon } from "../../components/ui/icons";

/** Drafted by the content assistant (then perhaps edited): shown to its mentor and reviewers. */
export function MachineSuggestedBadge({ item }: { item: { machine_suggested?: boolean } }) {
  if (!item.machine_suggested) return null;
  return (
    <span title="Drafted by the content assistant. Check every fact and answer before it goes live." className="inline-flex">
      <Badge tone="violet" className="whitespace-nowrap">
        <SparklesIcon size={12} aria-hidden="true" />
        Machine-suggested
      </Badge>
    </span>
  );
}
