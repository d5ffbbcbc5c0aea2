import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent as ReactKeyboardEvent, type RefObject } from "react";
import { createSearchParams, useLocation, useNavigate } from "react-router";
import { MIN_SUGGEST_LENGTH, useSuggestions } from "../../api/discovery";
import { useDebounced } from "../../features/workspace/use-debounced";
import { cn } from "../../lib/cn";
import { SearchIcon, XIcon } from "../ui/icons";
import { suggestionOptions, type SuggestionOption } from "./search-suggestions";
import { SuggestionList } from "./SearchSuggestions";

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

/**
 * The site-wide search field, an ARIA combobox: while typing it suggests lessons, courses and
 * mentors (arrow keys move through them, Enter opens one); Enter without a choice opens
 * /search?q=….
 */
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
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const typed = useDebounced(draft.trim(), 150);
  const suggestions = useSuggestions(open ? typed : "");
  const options = typed.length >= MIN_SUGGEST_LENGTH ? suggestionOptions(suggestions.data) : [];
  const settled = suggestions.isSuccess && !suggestions.isPlaceholderData;
  const expanded = open && typed.length >= MIN_SUGGEST_LENGTH && (options.length > 0 || settled);
  const optionId = (index: number) => `${listId}-option-${index}`;
  useSlashShortcut(
    form,
    () => {
      input.current?.focus();
      input.current?.select();
    },
    shortcut,
  );

  const close = () => {
    setOpen(false);
    setActive(-1);
  };

  const pick = (option: SuggestionOption) => {
    close();
    void navigate(option.to);
    input.current?.blur();
    onSubmitted?.();
  };

  const onKeyDown = (event: ReactKeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!expanded) {
        setOpen(true);
        return;
      }
      if (options.length === 0) return;
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      // -1 is the field itself: moving past either end comes back to what was typed.
      setActive((current) => {
        const next = current + step;
        if (next >= options.length) return -1;
        return next < -1 ? options.length - 1 : next;
      });
      return;
    }
    if (event.key === "Enter" && expanded && active >= 0 && options[active]) {
      event.preventDefault();
      pick(options[active]);
      return;
    }
    if (event.key === "Escape") {
      if (expanded) {
        event.preventDefault();
        close();
        return;
      }
      if (onEscape) {
        event.preventDefault();
        onEscape();
      }
    }
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const q = draft.trim();
    if (!q) {
      input.current?.focus();
      return;
    }
    close();
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
        placeholder="Search lessons, courses, mentors"
        role="combobox"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        value={draft}
        onChange={(event) => {
          setDraft(event.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={close}
        onKeyDown={onKeyDown}
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
      {expanded ? (
        <SuggestionList
          id={listId}
          options={options}
          active={active}
          optionId={optionId}
          onPick={pick}
          onHover={setActive}
          empty={`Nothing matches "${typed}" yet. Press Enter to search everything.`}
        />
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
