import type { RefObject } from "react";
import type { MentorCourseItem } from "../../api/courses";
import { Button } from "../../components/ui/Button";
import { Card, CardHeader } from "../../components/ui/Card";
import { EyeIcon, PlusIcon } from "../../components/ui/icons";
import { cn } from "../../lib/cn";
import { CourseItems } from "./CourseItems";
import { plural } from "./status";

/** The course's ordered items, how many learners see, and whether the order is saved. */
export function CourseItemsCard({
  items,
  liveCount,
  published,
  saving,
  announcement,
  disabled,
  addRef,
  onMove,
  onRemove,
  onAdd,
}: {
  items: MentorCourseItem[];
  liveCount: number;
  published: boolean;
  saving: boolean;
  /** Read by screen readers after each change to the items. */
  announcement: string;
  disabled: boolean;
  addRef: RefObject<HTMLButtonElement>;
  onMove: (id: string, delta: -1 | 1) => void;
  onRemove: (id: string) => void;
  onAdd: () => void;
}) {
  const hidden = items.length - liveCount;
  return (
    <Card>
      <CardHeader
        title="Items"
        titleId="course-items-title"
        description={
          items.length ? `In the order learners take them. ${liveCount} of ${items.length} visible to learners.` : "In the order learners take them."
        }
        action={
          <Button ref={addRef} variant="secondary" size="sm" icon={<PlusIcon size={16} />} onClick={onAdd} disabled={disabled}>
            Add items
          </Button>
        }
      />
      {items.length ? (
        <div className="border-b border-slate-100 px-5 py-3 sm:px-6">
          <p className="flex items-start gap-2 text-sm text-slate-600">
            <EyeIcon size={16} className="mt-0.5 shrink-0 text-slate-400" />
            <span>
              Learners only see approved items.{" "}
              {hidden ? `${plural(hidden, "item is", "items are")} hidden until a reviewer approves them.` : "All of these are approved."}
              {!published && liveCount === 0 ? " Publish the course once at least one item is approved." : ""}
            </span>
          </p>
        </div>
      ) : null}
      <CourseItems items={items} onMove={onMove} onRemove={onRemove} onAdd={onAdd} addRef={addRef} disabled={disabled} />
      <p className={cn("px-5 py-3 text-right text-xs sm:px-6", items.length ? "border-t border-slate-100" : "")}>
        <span aria-live="polite" className="text-slate-500">
          {saving ? "Saving the order…" : `Saved · ${plural(items.length, "item")}`}
        </span>
      </p>
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
    </Card>
  );
}
