import { Link } from "react-router";
import type { ContentItem, ContentKind } from "../../api/content";
import { Button } from "../../components/ui/Button";
import { ArrowLeftIcon, ClockIcon, SendIcon } from "../../components/ui/icons";
import type { TopicPlace } from "../../lib/catalog";
import { formatRelative } from "../../lib/format";
import { KIND_LABELS } from "../content/kinds";
import { KindTile } from "../content/KindTile";
import { RotateCcwIcon } from "../editor/icons";
import { ContentStatusBadges } from "./ContentStatusBadges";
import { canSubmit } from "./status";

export function BackToContent() {
  return (
    <Link to="/mentor/content" className="mb-4 inline-flex items-center gap-1.5 text-sm font-medium text-slate-500 hover:text-slate-800">
      <ArrowLeftIcon size={16} /> My content
    </Link>
  );
}

/** The item's title and where it stands, with the review action that applies now. */
export function EditContentHeader({
  item,
  kind,
  place,
  onSubmit,
  onWithdraw,
}: {
  item: ContentItem;
  kind: ContentKind;
  place: TopicPlace | undefined;
  onSubmit: () => void;
  onWithdraw: () => void;
}) {
  return (
    <>
      <BackToContent />
      <header className="mb-6 flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="flex min-w-0 items-start gap-4">
          <KindTile kind={kind} size="lg" className="hidden sm:inline-flex" />
          <div className="min-w-0 space-y-2">
            <h1 className="text-2xl font-semibold tracking-tight break-words text-slate-900 sm:text-[1.75rem]">{item.title}</h1>
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5 text-sm text-slate-500">
              <span className="font-medium text-slate-700">{KIND_LABELS[kind]}</span>
              {place ? (
                <span>
                  {place.subject.name} › {place.topic.name}
                </span>
              ) : null}
              <ContentStatusBadges item={item} />
              <span className="inline-flex items-center gap-1">
                <ClockIcon size={14} /> Version {item.latest_version} · {formatRelative(item.updated_at)}
              </span>
            </div>
          </div>
        </div>
        {canSubmit(item.status) ? (
          <Button className="shrink-0" icon={<SendIcon size={16} />} onClick={onSubmit}>
            {item.status === "rejected" ? "Submit again" : "Submit for review"}
          </Button>
        ) : item.status === "pending" ? (
          <Button className="shrink-0" variant="secondary" icon={<RotateCcwIcon size={16} />} onClick={onWithdraw}>
            Withdraw from review
          </Button>
        ) : null}
      </header>
    </>
  );
}
