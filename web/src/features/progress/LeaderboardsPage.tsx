import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import {
  boardChannel,
  DAILY_GOALS,
  gamificationKeys,
  useBoard,
  useMyAchievements,
  useMyBoards,
  useMyLeague,
  useMyProgress,
  useUpdateProgressSettings,
  type BoardRef,
  type DailyGoal,
  type League,
} from "../../api/gamification";
import { Badge } from "../../components/ui/Badge";
import { Card, CardHeader } from "../../components/ui/Card";
import { TrophyIcon } from "../../components/ui/icons";
import { PageHeader } from "../../components/ui/PageHeader";
import { CardPagination } from "../../components/ui/Pagination";
import { EmptyState, ErrorState, LoadingState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { cn } from "../../lib/cn";
import { useDocumentTitle } from "../../lib/document-title";
import { useLiveChannel } from "../../live/use-live-channel";
import { AchievementIcon } from "./Badges";
import { BoardTable, type Zone } from "./BoardTable";
import { ProgressWidget } from "./ProgressWidget";

const TIER_LABELS: Record<string, string> = { bronze: "Bronze", silver: "Silver", gold: "Gold", sapphire: "Sapphire", diamond: "Diamond" };
const GOAL_LABELS: Record<DailyGoal, string> = { 10: "Casual", 20: "Regular", 30: "Serious", 50: "Intense" };

/** Re-fetches what `keys` name whenever `channel` says it changed. */
function useRefreshOn(channel: string | null, key: readonly unknown[]) {
  const queryClient = useQueryClient();
  useLiveChannel(channel, {
    onMessage: () => {
      void queryClient.invalidateQueries({ queryKey: key });
      void queryClient.invalidateQueries({ queryKey: gamificationKeys.progress });
    },
  });
}

function closesIn(league: League): string {
  const hours = Math.max(0, Math.round((Date.parse(league.closes_at) - Date.now()) / 3_600_000));
  return hours >= 48 ? `${Math.round(hours / 24)} days` : `${hours} hours`;
}

function LeagueCard() {
  const mine = useMyLeague();
  useRefreshOn(mine.data?.channel ?? null, gamificationKeys.league);
  const league = mine.data?.league ?? null;
  const zoneOf = (rank: number): Zone => (league && rank <= league.promoted ? "up" : league && rank > league.size - league.demoted ? "down" : null);
  return (
    <Card>
      <CardHeader
        title={league ? `${TIER_LABELS[league.tier_name] ?? league.tier_name} league` : "My league"}
        description={league ? `The top ${league.promoted} move up and the last ${league.demoted} move down when the week closes, in ${closesIn(league)}.` : "Leagues are weekly: about 30 learners of similar pace."}
        action={league?.me ? <Badge tone="brand">#{league.me.rank} of {league.size}</Badge> : null}
      />
      {mine.isPending ? (
        <LoadingState label="Loading your league…" />
      ) : mine.isError ? (
        <ErrorState error={mine.error} title="We couldn't load your league" onRetry={() => void mine.refetch()} />
      ) : league ? (
        <BoardTable rows={league.items} me={league.me} label="League standings" zoneOf={zoneOf} />
      ) : (
        <EmptyState icon={<TrophyIcon size={22} />} title="Earn XP to join this week's league" description="Answer a question or finish a lesson: you'll be placed with learners of similar pace." />
      )}
    </Card>
  );
}

function BoardCard() {
  const boards = useMyBoards();
  const [chosen, setChosen] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const selectId = useId();
  const list = boards.data ?? [];
  const current: BoardRef | null = list.find((b) => `${b.kind}:${b.id}` === chosen) ?? list[0] ?? null;
  const board = useBoard(current?.kind ?? "mentor", current?.id ?? null, page);
  useRefreshOn(current ? boardChannel(current.kind, current.id) : null, current ? gamificationKeys.boardAll(current.kind, current.id) : gamificationKeys.boards);
  return (
    <Card>
      <CardHeader
        title="Boards"
        description={current?.kind === "subject" ? "Everyone's XP in this subject, all time." : "A mentor's students, by the XP earned from their lessons and sessions this week."}
        action={
          list.length > 1 ? (
            <div>
              <label htmlFor={selectId} className="sr-only">
                Board
              </label>
              <select
                id={selectId}
                value={current ? `${current.kind}:${current.id}` : ""}
                onChange={(event) => {
                  setChosen(event.target.value);
                  setPage(1);
                }}
                className="rounded-lg border-0 py-1.5 pr-8 pl-3 text-sm ring-1 ring-slate-300 focus:ring-2 focus:ring-brand-500"
              >
                {list.map((b) => (
                  <option key={`${b.kind}:${b.id}`} value={`${b.kind}:${b.id}`}>
                    {b.kind === "mentor" ? `${b.name}'s students` : b.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null
        }
      />
      {boards.isPending || (current && board.isPending) ? (
        <LoadingState label="Loading the board…" />
      ) : boards.isError || board.isError ? (
        <ErrorState error={boards.error ?? board.error} title="We couldn't load the board" onRetry={() => void (boards.isError ? boards.refetch() : board.refetch())} />
      ) : current && board.data ? (
        <>
          <BoardTable rows={board.data.items} me={board.data.me} label={current.kind === "mentor" ? `${current.name}'s students this week` : `${current.name}, all time`} />
          <CardPagination data={board.data} noun="learners" onPageChange={setPage} />
        </>
      ) : (
        <EmptyState title="You're not on a board yet" description="Learn from a mentor's lessons or book a session: you'll show up on their weekly board and on the subject's." />
      )}
    </Card>
  );
}

function AchievementsCard() {
  const achievements = useMyAchievements();
  const unlocked = achievements.data?.filter((a) => a.unlocked_at).length ?? 0;
  return (
    <Card>
      <CardHeader title="Achievements" description={achievements.data ? `${unlocked} of ${achievements.data.length} unlocked` : undefined} />
      {achievements.isPending ? (
        <LoadingState label="Loading achievements…" />
      ) : achievements.isError ? (
        <ErrorState error={achievements.error} title="We couldn't load your achievements" onRetry={() => void achievements.refetch()} />
      ) : (
        <ul aria-label="Achievements" className="grid gap-3 p-5 sm:grid-cols-2 sm:p-6">
          {achievements.data.map((a) => (
            <li key={a.code} className={cn("flex items-start gap-3 rounded-xl p-3 ring-1", a.unlocked_at ? "bg-amber-50/60 ring-amber-200" : "bg-slate-50 ring-slate-200 opacity-70")}>
              <span className={cn("flex size-9 shrink-0 items-center justify-center rounded-lg", a.unlocked_at ? "bg-amber-100 text-amber-700" : "bg-slate-200 text-slate-500")}>
                <AchievementIcon name={a.icon} />
              </span>
              <div className="min-w-0">
                <p className="text-sm font-semibold text-slate-900">{a.title}</p>
                <p className="text-xs text-slate-600">{a.description}</p>
                <p className="mt-1 text-xs font-medium text-slate-500">{a.unlocked_at ? `Unlocked ${new Date(a.unlocked_at).toLocaleDateString()}` : "Locked"}</p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function SettingsCard() {
  const progress = useMyProgress();
  const update = useUpdateProgressSettings();
  const toast = useToast();
  const save = (body: { daily_goal?: DailyGoal; hidden?: boolean }) =>
    update.mutate(body, {
      onSuccess: () => toast.success("Saved"),
      onError: (error) => toast.error("We couldn't save that", error instanceof Error ? error.message : undefined),
    });
  const data = progress.data;
  return (
    <Card>
      <CardHeader title="Goal and privacy" />
      {!data ? (
        <LoadingState label="Loading your settings…" />
      ) : (
        <div className="space-y-6 p-5 sm:p-6">
          <fieldset>
            <legend className="text-sm font-medium text-slate-900">Daily goal</legend>
            <p className="mt-0.5 text-xs text-slate-500">Meeting it earns 10 XP extra. Any XP keeps your streak.</p>
            <div className="mt-3 grid grid-cols-2 gap-2">
              {DAILY_GOALS.map((goal) => (
                <label key={goal} className={cn("flex cursor-pointer items-center gap-2 rounded-lg p-2.5 text-sm ring-1", data.daily_goal === goal ? "bg-brand-50 ring-brand-400" : "ring-slate-200 hover:ring-slate-300")}>
                  <input type="radio" name="daily-goal" value={goal} checked={data.daily_goal === goal} disabled={update.isPending} onChange={() => save({ daily_goal: goal })} className="accent-brand-600" />
                  <span>
                    <span className="font-medium text-slate-900">{GOAL_LABELS[goal]}</span> <span className="text-slate-500">{goal} XP</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <label className="flex items-start gap-3 text-sm">
            <input type="checkbox" checked={data.hidden} disabled={update.isPending} onChange={(event) => save({ hidden: event.target.checked })} className="mt-0.5 size-4 rounded accent-brand-600" />
            <span>
              <span className="font-medium text-slate-900">Hide me from public leaderboards</span>
              <span className="block text-xs text-slate-500">Others won't see you; you still see your own rank.</span>
            </span>
          </label>
        </div>
      )}
    </Card>
  );
}

/** Leagues and boards, achievements, the daily goal and the hide-me setting; boards update live. */
export default function LeaderboardsPage() {
  useDocumentTitle("Leaderboards");
  return (
    <>
      <PageHeader eyebrow="Learn" title="Leaderboards" description="Every lesson, answer and session earns XP. Climb your weekly league, your mentors' boards and your subjects." />
      <ProgressWidget className="mb-6" />
      <div className="grid gap-6 lg:grid-cols-5">
        <div className="space-y-6 lg:col-span-3">
          <LeagueCard />
          <BoardCard />
        </div>
        <div className="space-y-6 lg:col-span-2">
          <SettingsCard />
          <AchievementsCard />
        </div>
      </div>
    </>
  );
}
