import { Link } from "react-router";
import { BookOpenIcon, LayersIcon } from "../../components/ui/icons";
import { cn } from "../../lib/cn";
import { useLinkedContent, type ContentLink } from "./use-linked-content";

const chip =
  "inline-flex max-w-full min-w-0 items-center gap-1.5 rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-200/70 ring-inset hover:bg-slate-200/70 hover:text-slate-900";

/** "About: <lesson>" and "<topic>" chips linking to the learning pages. */
export function LinkedContent({ link, className }: { link: ContentLink; className?: string }) {
  const found = useLinkedContent(link);
  if (!found.lesson && !found.topic) return null;
  return (
    <span className={cn("inline-flex min-w-0 flex-wrap items-center gap-1.5", className)}>
      {found.lesson ? (
        found.lessonHref ? (
          <Link to={found.lessonHref} className={cn(chip, "relative z-10")}>
            <BookOpenIcon size={12} className="shrink-0 text-slate-500" />
            <span className="truncate">About: {found.lesson.title}</span>
          </Link>
        ) : (
          <span className={chip}>
            <BookOpenIcon size={12} className="shrink-0 text-slate-500" />
            <span className="truncate">About: {found.lesson.title}</span>
          </span>
        )
      ) : null}
      {found.topic && found.topicHref ? (
        <Link to={found.topicHref} className={cn(chip, "relative z-10")}>
          <LayersIcon size={12} className="shrink-0 text-slate-500" />
          <span className="truncate">{found.topic.name}</span>
        </Link>
      ) : null}
    </span>
  );
}
