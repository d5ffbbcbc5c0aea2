import { useEffect, useId, useRef, useState, type FormEvent, type RefObject } from "react";
import { createSearchParams, useLocation, useNavigate } from "react-router";
import { cn } from "../../lib/cn";
import { SearchIcon, XIcon } from "../ui/icons";

const MAX_QUERY_LENGTH = 200;

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return target.closest("input, textarea, select, [contenteditable]:not([contenteditable='false']), [role='textbox']") !== null;
}

/** Whether the element is rendered (the header has one box per breakpoint; CSS hides the others). */
function isShown(element: HTMLElement): boolean {
  return typeof element.checkVisibility === "function" ? element.checkVisibility() : true;
}

/** `/` anywhere outside a text field (and outside dialogs) activates the visible search box. */
function useSlashShortcut(root: RefObject<HTMLElement | null>, activate: () => void, enabled = true) {
  const latest = useRef(activate);
  useEffect(() => {
    latest.current = activate;
  });
  useEffect(() => {
    if (!enabled) return undefined;
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== "/" || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      if (isTyping(event.target) || document.querySelector("[aria-modal='true']")) return;
      const element = root.current;
      if (!element || !isShown(element)) return;
      event.preventDefault();
      latest.current();
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [root, enabled]);
}

/** The words searched for, when the page is the results page. */
function useCurrentQuery(): string {
  const location = useLocation();
  if (location.pathname !== "/search") return "";
  return new URLSearchParams(location.search).get("q") ?? "";
}

interface SearchBoxProps {
  className?: string;
  /** Listen for the `/` shortcut (the inline boxes do; the one in the mobile panel is already focused). */
  shortcut?: boolean;
  autoFocus?: boolean;
  onSubmitted?: () => void;
  onEscape?: () => void;
}

/** The site-wide search field: Enter opens /search?q=…. */
export function SearchBox({ className, shortcut = false, autoFocus = false, onSubmitted, onEscape }: SearchBoxProps) {
  const navigate = useNavigate();
  const current = useCurrentQuery();
  const [draft, setDraft] = useState(current);
  const [seen, setSeen] = useState(current);
  if (current !== seen) {
    setSeen(current);
    setDraft(current);
  }
  const form = useRef<HTMLFormElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  useSlashShortcut(
    form,
    () => {
      input.current?.focus();
      input.current?.select();
    },
    shortcut,
  );

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const q = draft.trim();
    if (!q) {
      input.current?.focus();
      return;
    }
    void navigate({ pathname: "/search", search: `?${createSearchParams({ q }).toString()}` });
    input.current?.blur();
    onSubmitted?.();
  };

  return (
    <form ref={form} role="search" aria-label="Site" className={cn("relative", className)} onSubmit={submit}>
      <label htmlFor={inputId} className="sr-only">
        Search Mentora
      </label>
      <span className="pointer-events-none absolute inset-y-0 left-0 flex items-center pl-3 text-slate-400">
        <SearchIcon size={17} />
      </span>
      <input
        ref={input}
        id={inputId}
        type="search"
        name="q"
        autoComplete="off"
        enterKeyHint="search"
        autoFocus={autoFocus}
        maxLength={MAX_QUERY_LENGTH}
        placeholder="Search lessons and questions"
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape" && onEscape) {
            event.preventDefault();
            onEscape();
          }
        }}
        aria-keyshortcuts={shortcut ? "/" : undefined}
        className="peer block h-9 w-full rounded-lg border-0 bg-slate-100/80 pr-9 pl-9 text-sm text-slate-900 ring-1 ring-transparent ring-inset placeholder:text-slate-500 focus:bg-white focus:ring-2 focus:ring-brand-600 focus:outline-none [&::-webkit-search-cancel-button]:hidden"
      />
      {shortcut ? (
        <kbd
          aria-hidden="true"
          className="pointer-events-none absolute inset-y-0 right-2 my-auto flex h-5 items-center rounded border border-slate-300 bg-white px-1.5 font-sans text-[0.7rem] font-medium text-slate-500 peer-focus:hidden"
        >
          /
        </kbd>
      ) : null}
    </form>
  );
}

/**
 * Small screens: a search button that opens the field in a panel under the header (the header
 * must be positioned, e.g. sticky).
 */
export function SearchToggle({ className }: { className?: string }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const location = useLocation();
  const [seenKey, setSeenKey] = useState(location.key);
  if (location.key !== seenKey) {
    setSeenKey(location.key);
    setOpen(false);
  }
  useSlashShortcut(button, () => {
    if (open) document.getElementById(panelId)?.querySelector("input")?.focus();
    else setOpen(true);
  });
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <>
      <button
        ref={button}
        type="button"
        className={cn("rounded-lg p-2 text-slate-600 hover:bg-slate-100 hover:text-slate-900", className)}
        aria-label={open ? "Close search" : "Search"}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        {open ? <XIcon size={20} /> : <SearchIcon size={20} />}
      </button>
      {open ? (
        <div id={panelId} className="absolute inset-x-0 top-full border-b border-slate-200 bg-white px-4 py-3 shadow-sm">
          <SearchBox autoFocus onSubmitted={() => setOpen(false)} onEscape={close} />
        </div>
      ) : null}
    </>
  );
}
