import { forwardRef, useImperativeHandle, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from "react";
import { cn } from "../../lib/cn";
import { ariaShortcut, shortcutLabel } from "./keys";

export interface ToolbarHandle {
  /** Moves focus to the toolbar's current item (Alt+F10 from the text). */
  focus: () => void;
}

function itemsOf(root: HTMLElement | null): HTMLElement[] {
  if (!root) return [];
  return Array.from(root.querySelectorAll<HTMLElement>("[data-toolbar-item]")).filter(
    (element) => !(element as HTMLButtonElement).disabled,
  );
}

/**
 * A WAI-ARIA toolbar: one Tab stop, arrow keys (and Home/End) move between its buttons, so the
 * text is one Tab away from the formatting instead of twenty.
 */
export const Toolbar = forwardRef<ToolbarHandle, { label: string; controls?: string; children: ReactNode; className?: string }>(function Toolbar(
  { label, controls, children, className },
  handle,
) {
  const root = useRef<HTMLDivElement>(null);
  const current = useRef(0);

  // Buttons come and go (table tools) and get disabled (undo): re-point the Tab stop each render.
  useLayoutEffect(() => {
    const items = itemsOf(root.current);
    if (!items.length) return;
    const active = items.indexOf(document.activeElement as HTMLElement);
    if (active >= 0) current.current = active;
    const index = Math.min(current.current, items.length - 1);
    items.forEach((item, position) => {
      item.tabIndex = position === index ? 0 : -1;
    });
  });

  useImperativeHandle(handle, () => ({
    focus: () => {
      const items = itemsOf(root.current);
      items[Math.min(current.current, items.length - 1)]?.focus();
    },
  }));

  function move(event: KeyboardEvent<HTMLDivElement>) {
    const items = itemsOf(root.current);
    const index = items.indexOf(event.target as HTMLElement);
    if (index < 0) return;
    let next: number;
    switch (event.key) {
      case "ArrowRight":
        next = (index + 1) % items.length;
        break;
      case "ArrowLeft":
        next = (index - 1 + items.length) % items.length;
        break;
      case "Home":
        next = 0;
        break;
      case "End":
        next = items.length - 1;
        break;
      default:
        return;
    }
    event.preventDefault();
    items.forEach((item, position) => {
      item.tabIndex = position === next ? 0 : -1;
    });
    current.current = next;
    items[next]?.focus();
  }

  return (
    <div
      ref={root}
      role="toolbar"
      aria-label={label}
      aria-controls={controls}
      onKeyDown={move}
      onFocus={(event) => {
        const index = itemsOf(root.current).indexOf(event.target);
        if (index >= 0) current.current = index;
      }}
      className={cn("flex flex-wrap items-center gap-0.5", className)}
    >
      {children}
    </div>
  );
});

export function ToolbarSeparator() {
  return <span role="separator" aria-orientation="vertical" className="mx-1 h-5 w-px bg-slate-200" />;
}

export interface ToolButtonProps {
  label: string;
  /** e.g. "Mod+B": announced as a key shortcut and shown in the tooltip. */
  shortcut?: string;
  /** Toggle buttons report their state; plain actions leave it undefined. */
  active?: boolean;
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
  /** Show the label next to the icon. */
  text?: boolean;
  haspopup?: "dialog";
}

export function ToolButton({ label, shortcut, active, disabled, onClick, children, text = false, haspopup }: ToolButtonProps) {
  return (
    <button
      type="button"
      data-toolbar-item=""
      aria-label={text ? undefined : label}
      aria-pressed={active}
      aria-haspopup={haspopup}
      aria-keyshortcuts={shortcut ? ariaShortcut(shortcut) : undefined}
      title={shortcut ? `${label} (${shortcutLabel(shortcut)})` : label}
      disabled={disabled}
      // Keep the text's selection: the command applies to what the author selected.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onClick}
      className={cn(
        "inline-flex h-8 items-center justify-center gap-1.5 rounded-md text-sm font-medium transition-colors",
        "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-600 disabled:cursor-not-allowed disabled:opacity-40",
        text ? "px-2.5" : "min-w-8 px-1.5",
        active ? "bg-brand-50 text-brand-700 ring-1 ring-brand-200 ring-inset" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
      )}
    >
      {children}
      {text ? <span>{label}</span> : null}
    </button>
  );
}
