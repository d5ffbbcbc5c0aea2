import type { ReactNode } from "react";
import { ButtonLink } from "../../components/ui/Button";
import { Card, CardHeader } from "../../components/ui/Card";
import { AwardIcon } from "../../components/ui/icons";
import { EmptyState } from "../../components/ui/States";

/**
 * What the profile shows of XP, level, streak, achievements and rank: until the learner has
 * earned any, it says how they are earned.
 */
export interface Rewards {
  xp: number;
  level: number;
  /** Streak, league and achievements. */
  content: ReactNode;
}

export function RewardsSlot({ rewards }: { rewards?: Rewards | undefined }) {
  return (
    <Card>
      <CardHeader
        title="XP & badges"
        description={rewards ? `Level ${rewards.level} · ${rewards.xp.toLocaleString("en-GB")} XP` : "Earned by learning regularly."}
      />
      {rewards ? (
        rewards.content
      ) : (
        <EmptyState
          icon={<AwardIcon size={22} />}
          title="No XP or badges yet"
          description="You'll earn them by learning regularly, starting with your first session."
          action={<ButtonLink to="/mentors" variant="ghost" className="text-brand-700">Browse mentors</ButtonLink>}
        />
      )}
    </Card>
  );
}
