import { useLayoutEffect, useRef, type RefObject } from "react";
import { Link } from "react-router";
import type { MentorCourseItem } from "../../api/courses";
import { Button } from "../../components/ui/Button";
import { ArrowDownIcon, ArrowUpIcon, EyeIcon, EyeOffIcon, PlusIcon, TrashIcon } from "../../components/ui/icons";
import { EmptyState } from "../../components/ui/States";
import { cn } from "../../lib/cn";
import { isKind, KIND_LABELS } from "../content/kinds";
import { KindTile } from "../content/KindTile";
import { ItemBadges } from "./CourseBits";
import { itemBadges } from "./status";

type Control = "up" | "down" | "remove";

interface CourseItemsProps {
  items: MentorCourseItem[];
  onMove: (id: string, delta: -1 | 1) => void;
  onRemove: (id: string) => void;
  onAdd: () => void;
  /** The "Add items" button: focus goes there when the last item is removed. */
  addRef: RefObject<HTMLButtonElement | null>;
  /** Changes are refused meanwhile (the course is being published, deleted…). */
  disabled: boolean;
}

/**
 * The course's items in order, each with its review state and whether learners see it, moved
 * with "up" and "down" buttons. Focus stays on the control used, wherever the item goes.
 */
export function CourseItems({ items, onMove, onRemove, onAdd, addRef, disabled }: CourseItemsProps) {
  const controls = useRef(new Map<string, HTMLButtonElement>());
  const pendingFocus = useRef<{ id: string; control: Control } | null>(null);

  useLayoutEffect(() => {
    const focus = pendingFocus.current;
    if (!focus) return;
    pendingFocus.current = null;
    const wanted = controls.current.get(`${focus.id}:${focus.control}`);
    // At the top or bottom the button used is disabled: its neighbour takes the focus.
    const other = controls.current.get(`${focus.id}:${focus.control === "up" ? "down" : "up"}`);
    const target = wanted && !wanted.disabled ? wanted : other && !other.disabled ? other : controls.current.get(`${focus.id}:remove`);
    target?.focus();
  }, [items]);

  function setFocus(focus: { id: string; control: Control }) {
    pendingFocus.current = focus;
  }

  function register(id: string, control: Control) {
    return (element: HTMLButtonElement | null) => {
      const key = `${id}:${control}`;
      if (element) controls.current.set(key, element);
      else controls.current.delete(key);
    };
  }

  function remove(index: number) {
    const item = items[index];
    if (!item) return;
    const neighbour = items[index + 1] ?? items[index - 1];
    onRemove(item.item_id);
    if (neighbour) setFocus({ id: neighbour.item_id, control: "remove" });
    else addRef.current?.focus();
  }

  if (items.length === 0) {
    return (
      <EmptyState
        title="No items yet"
        description="Add notes, questions and simulations from your content, in the order learners should take them."
        action={
          <Button variant="secondary" icon={<PlusIcon size={16} />} onClick={onAdd} disabled={disabled}>
            Add items
          </Button>
        }
      />
    );
  }

  return (
    <ol aria-label="Course items" className="divide-y divide-slate-100">
      {items.map((item, index) => {
        const kind = isKind(item.kind) ? item.kind : "note";
        const position = index + 1;
        return (
          <li key={item.item_id} className="flex items-start gap-3 px-5 py-4 sm:gap-4 sm:px-6">
            <span aria-hidden="true" className="mt-2 w-6 shrink-0 text-right text-sm font-semibold text-slate-400 tabular-nums">
              {position}
            </span>
            <KindTile kind={kind} className="mt-0.5 hidden sm:inline-flex" />
            <div className="min-w-0 flex-1">
              <Link to={`/mentor/content/${item.item_id}`} className="block truncate font-medium text-slate-900 hover:text-brand-700 focus-visible:rounded">
                <span className="sr-only">{position}.</span>{" "}
                {item.title}
              </Link>
              <p className="truncate text-xs text-slate-500">
                {KIND_LABELS[kind]}
                {item.topic ? ` · ${item.topic.name}` : ""}
                {item.live && item.live_title && item.live_title !== item.title ? ` · learners see “${item.live_title}”` : ""}
              </p>
              <div className="mt-1.5 flex flex-wrap items-center gap-x-3 gap-y-1">
                <ItemBadges badges={itemBadges(item)} />
                {item.live ? (
                  <span className="inline-flex items-center gap-1 text-xs text-emerald-700">
                    <EyeIcon size={13} /> Visible to learners
                  </span>
                ) : (
                  <span className="inline-flex items-center gap-1 text-xs font-medium text-amber-700">
                    <EyeOffIcon size={13} /> Hidden from learners until approved
                  </span>
                )}
              </div>
            </div>
            <div className="flex shrink-0 items-center gap-0.5">
              <Button
                ref={register(item.item_id, "up")}
                variant="ghost"
                size="sm"
                className="w-8 px-0"
                aria-label={`Move “${item.title}” up`}
                title="Move up"
                disabled={disabled || index === 0}
                onClick={() => {
                  onMove(item.item_id, -1);
                  setFocus({ id: item.item_id, control: "up" });
                }}
                icon={<ArrowUpIcon size={16} />}
              />
              <Button
                ref={register(item.item_id, "down")}
                variant="ghost"
                size="sm"
                className="w-8 px-0"
                aria-label={`Move “${item.title}” down`}
                title="Move down"
                disabled={disabled || index === items.length - 1}
                onClick={() => {
                  onMove(item.item_id, 1);
                  setFocus({ id: item.item_id, control: "down" });
                }}
                icon={<ArrowDownIcon size={16} />}
              />
              <Button
                ref={register(item.item_id, "remove")}
                variant="ghost"
                size="sm"
                className={cn("w-8 px-0 text-slate-500 hover:bg-rose-50 hover:text-rose-600")}
                aria-label={`Remove “${item.title}” from the course`}
                title="Remove from the course"
                disabled={disabled}
                onClick={() => remove(index)}
                icon={<TrashIcon size={16} />}
              />
            </div>
          </li>
        );
      })}
    </ol>
  );
}
