import type { ComponentType } from "react";
import type { Achievement } from "../../api/gamification";
import {
  AwardIcon,
  BookOpenIcon,
  CameraIcon,
  CheckCircleIcon,
  FlameIcon,
  MessageIcon,
  StarIcon,
  TargetIcon,
  TrophyIcon,
  type IconProps,
} from "../../components/ui/icons";

// The catalogue names its icons; one it names later shows as the award.
const ICONS: Record<string, ComponentType<IconProps>> = {
  book: BookOpenIcon,
  check: CheckCircleIcon,
  target: TargetIcon,
  flame: FlameIcon,
  video: CameraIcon,
  award: AwardIcon,
  message: MessageIcon,
  star: StarIcon,
  trophy: TrophyIcon,
};

export function AchievementIcon({ name, size = 18 }: { name: string; size?: number }) {
  const Icon = ICONS[name] ?? AwardIcon;
  return <Icon size={size} />;
}

/** Unlocked achievements as a row of badges, first unlocked first. */
export function BadgeShelf({ achievements, label }: { achievements: Achievement[]; label: string }) {
  const unlocked = achievements.filter((a) => a.unlocked_at);
  if (!unlocked.length) return <p className="text-xs text-slate-500">No badges yet.</p>;
  return (
    <ul aria-label={label} className="flex flex-wrap gap-2">
      {unlocked.map((a) => (
        <li key={a.code} title={a.description} className="flex items-center gap-1.5 rounded-full bg-amber-50 py-1 pr-2.5 pl-1.5 text-xs font-medium text-amber-900 ring-1 ring-amber-200">
          <span className="flex size-5 items-center justify-center rounded-full bg-amber-100 text-amber-700">
            <AchievementIcon name={a.icon} size={12} />
          </span>
          {a.title}
        </li>
      ))}
    </ul>
  );
}
